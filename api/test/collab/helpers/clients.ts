// Yjs clients for the tests: the stock y-websocket provider, and a raw y-protocols client that can send
// arbitrary frames and follows Coope's ack messages.
import { randomUUID } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { WebSocket } from 'ws';
import { MessageType } from '../../../src/collab/index.js';
import { tokenFor } from './fake-auth.js';

export function newDocumentId(prefix = 'd'): string {
  return prefix + randomUUID().slice(1);
}

// y-websocket adds a process 'exit' listener per provider in Node; the tests open dozens at once.
process.setMaxListeners(100);

/** A stock provider: ws://.../collab + "/" + documentId, token in the query string. */
export function stockClient(url: string, documentId: string, userId: string, doc = new Y.Doc()): WebsocketProvider {
  return new WebsocketProvider(url, documentId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token: tokenFor(userId) },
    disableBc: true,
    maxBackoffTime: 200,
  });
}

export function whenSynced(provider: WebsocketProvider): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve) => provider.once('sync', (synced: boolean) => synced && resolve()));
}

export interface Closed {
  code: number;
  reason: string;
}

/** A raw client on one socket: applies sync and awareness, answers step 1, counts acks. */
export class RawClient {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<Closed>;
  /** Write messages (step 2 / update) sent, and how many the server acknowledged. */
  writesSent = 0;
  acked = 0;
  permissionDenied: string | null = null;
  /** True once the server's answer to our sync step 1 (its full state) arrived. */
  synced = false;
  #markSynced!: () => void;
  readonly #syncedPromise = new Promise<void>((resolve) => {
    this.#markSynced = resolve;
  });

  constructor(url: string, documentId: string, query: string, protocols?: string[]) {
    this.ws = new WebSocket(`${url}/${documentId}?${query}`, protocols);
    this.ws.binaryType = 'nodebuffer';
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => {
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, MessageType.sync);
        syncProtocol.writeSyncStep1(e, this.doc);
        this.ws.send(encoding.toUint8Array(e));
        resolve();
      });
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => {
      this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    this.ws.on('error', () => {});
    this.ws.on('message', (data: Buffer) => this.#handle(new Uint8Array(data)));
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.sendUpdate(update);
    });
  }

  /** Opens and waits until the server's state arrived. */
  static async open(url: string, documentId: string, userId: string, ack = true): Promise<RawClient> {
    const client = new RawClient(url, documentId, `token=${tokenFor(userId)}${ack ? '&ack=1' : ''}`);
    await client.opened;
    await client.whenSynced();
    return client;
  }

  whenSynced(): Promise<void> {
    return Promise.race([
      this.#syncedPromise,
      this.closed.then((c) => {
        throw new Error(`closed before sync: ${c.code} ${c.reason}`);
      }),
    ]);
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  sendRaw(data: Uint8Array | string): void {
    if (this.isOpen) this.ws.send(data);
  }

  sendUpdate(update: Uint8Array): void {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.sync);
    syncProtocol.writeUpdate(e, update);
    this.writesSent++;
    this.sendRaw(encoding.toUint8Array(e));
  }

  sendAwareness(): void {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]));
    this.sendRaw(encoding.toUint8Array(e));
  }

  close(): void {
    this.ws.close();
  }

  #handle(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.sync) {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MessageType.sync);
      const kind = syncProtocol.readSyncMessage(decoder, e, this.doc, this);
      if (kind === syncProtocol.messageYjsSyncStep2) {
        this.synced = true;
        this.#markSynced();
      }
      if (kind === syncProtocol.messageYjsSyncStep1) {
        this.writesSent++;
        this.sendRaw(encoding.toUint8Array(e));
      }
    } else if (type === MessageType.awareness) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
    } else if (type === MessageType.ack) {
      this.acked = decoding.readVarUint(decoder);
    } else if (type === MessageType.auth) {
      decoding.readVarUint(decoder);
      this.permissionDenied = decoding.readVarString(decoder);
    }
  }
}
