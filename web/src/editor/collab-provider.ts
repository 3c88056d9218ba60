// A y-websocket-compatible provider for the api's /collab/:id endpoint: sync + awareness,
// a fresh access token on every connect, backoff, and a status the page shows.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

const MSG_SYNC = 0;
const MSG_AWARENESS = 1;
const MSG_AUTH = 2;
const MSG_QUERY_AWARENESS = 3;

export type CollabStatus = 'connecting' | 'connected' | 'offline' | 'closed';

export interface CollabOptions {
  url(token: string | null): string;
  getToken(): string | null;
  refreshToken(): Promise<boolean>;
  onStatus?(status: CollabStatus, detail?: string): void;
  onSynced?(): void;
  onPermissionDenied?(reason: string): void;
}

/** Close codes (api/src/collab/close-codes.ts) after which reconnecting cannot help. */
const FINAL_CLOSES: Record<number, string> = {
  4400: 'The document could not be synced (bad message).',
  4403: 'You no longer have access to this page.',
  4410: 'This page was moved to the trash.',
  4413: 'That change was too large to sync.',
};

export class CollabProvider {
  readonly awareness: awarenessProtocol.Awareness;
  synced = false;
  #ws: WebSocket | null = null;
  #attempts = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #destroyed = false;

  constructor(
    readonly doc: Y.Doc,
    private readonly opts: CollabOptions,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    doc.on('update', this.#onDocUpdate);
    this.awareness.on('update', this.#onAwarenessUpdate);
    window.addEventListener('pagehide', this.#onUnload);
    this.#connect();
  }

  #onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this) return;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MSG_SYNC);
    syncProtocol.writeUpdate(e, update);
    this.#send(encoding.toUint8Array(e));
  };

  #onAwarenessUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin === this) return;
    this.#send(this.#awarenessMessage([...added, ...updated, ...removed]));
  };

  #onUnload = () => {
    awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], 'window unload');
  };

  #awarenessMessage(clients: number[]): Uint8Array {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MSG_AWARENESS);
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(e);
  }

  #send(message: Uint8Array): void {
    if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(message);
  }

  #connect(): void {
    if (this.#destroyed) return;
    this.opts.onStatus?.('connecting');
    const ws = new WebSocket(this.opts.url(this.opts.getToken()));
    ws.binaryType = 'arraybuffer';
    this.#ws = ws;
    ws.onopen = () => {
      this.#attempts = 0;
      this.opts.onStatus?.('connected');
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MSG_SYNC);
      syncProtocol.writeSyncStep1(e, this.doc);
      ws.send(encoding.toUint8Array(e));
      if (this.awareness.getLocalState() !== null) ws.send(this.#awarenessMessage([this.doc.clientID]));
    };
    ws.onmessage = (ev) => this.#onMessage(new Uint8Array(ev.data as ArrayBuffer));
    ws.onclose = (ev) => void this.#onClose(ev.code);
  }

  #onMessage(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const reply = encoding.createEncoder();
    const type = decoding.readVarUint(decoder);
    if (type === MSG_SYNC) {
      encoding.writeVarUint(reply, MSG_SYNC);
      const kind = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
      if (kind === syncProtocol.messageYjsSyncStep2 && !this.synced) {
        this.synced = true;
        this.opts.onSynced?.();
      }
      if (encoding.length(reply) > 1) this.#send(encoding.toUint8Array(reply));
    } else if (type === MSG_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
    } else if (type === MSG_AUTH) {
      authProtocol.readAuthMessage(decoder, this.doc, (_doc, reason) => this.opts.onPermissionDenied?.(reason));
    } else if (type === MSG_QUERY_AWARENESS) {
      this.#send(this.#awarenessMessage([...this.awareness.getStates().keys()]));
    }
  }

  async #onClose(code: number): Promise<void> {
    this.#ws = null;
    const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
    awarenessProtocol.removeAwarenessStates(this.awareness, others, this);
    if (this.#destroyed) return;
    const final = FINAL_CLOSES[code];
    if (final) {
      this.opts.onStatus?.('closed', final);
      return;
    }
    this.opts.onStatus?.('offline');
    if (code === 4401 && !(await this.opts.refreshToken())) {
      this.opts.onStatus?.('closed', 'Your session has ended. Please log in again.');
      return;
    }
    const delay = Math.min(10_000, 250 * 2 ** this.#attempts++) * (0.75 + Math.random() * 0.5);
    this.#timer = setTimeout(() => this.#connect(), code === 4401 ? 0 : delay);
  }

  destroy(): void {
    this.#destroyed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#onUnload();
    window.removeEventListener('pagehide', this.#onUnload);
    this.doc.off('update', this.#onDocUpdate);
    this.awareness.off('update', this.#onAwarenessUpdate);
    this.awareness.destroy();
    this.#ws?.close(1000);
    this.#ws = null;
  }
}
