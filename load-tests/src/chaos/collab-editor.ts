// A co-editor on the real api's /collab WebSocket: appends numbered items to a shared Y.Array, follows
// Coope's ack frames (?ack=1: "your first n writes are in the stream") to know which items are durable,
// and reconnects to the next api node whenever its socket drops; unacknowledged items then travel in its
// sync step 2. With `write: false` it is a reader that checks what the cluster holds.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import WebSocket from 'ws';
import * as Y from 'yjs';

const MESSAGE_SYNC = 0;
const MESSAGE_ACK = 100;
const RECONNECT_MS = 100;

export interface EditorOptions {
  /** Api base URLs (http://…); the editor starts on `urls[start]` and rotates on every reconnect. */
  urls: readonly string[];
  start: number;
  documentId: string;
  token: string;
  name: string;
  /** One item every this many ms; 0 = read only. */
  intervalMs: number;
}

export interface EditorSession {
  url: string;
  openedAt: number;
  syncedAt: number | null;
  closedAt: number | null;
}

export class CollabEditor {
  readonly doc = new Y.Doc();
  readonly log = this.doc.getArray<string>('log');
  readonly sessions: EditorSession[] = [];
  /** Items the cluster acknowledged (durable), and items pushed but not acknowledged yet. */
  readonly acked = new Set<string>();
  readonly pending = new Set<string>();
  #ws: WebSocket | undefined;
  #urlIndex: number;
  #writes: string[][] = [];
  #ackCount = 0;
  #carrying: string[] = [];
  #next = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(readonly o: EditorOptions) {
    this.#urlIndex = o.start;
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.#send(syncMessage((e) => syncProtocol.writeUpdate(e, update)), this.#carrying);
    });
  }

  start(): this {
    this.#connect();
    if (this.o.intervalMs > 0) this.#timer = setInterval(() => this.#push(), this.o.intervalMs);
    return this;
  }

  get synced(): boolean {
    return this.sessions.at(-1)?.syncedAt != null && this.#ws?.readyState === WebSocket.OPEN;
  }

  /** Stops writing; the socket stays open so outstanding acks can still arrive. */
  pause(): void {
    clearInterval(this.#timer);
  }

  close(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#ws?.close();
  }

  #push(): void {
    const item = `${this.o.name}:${this.#next++}`;
    this.pending.add(item);
    this.#carrying = [item];
    this.log.push([item]);
    this.#carrying = [];
  }

  #send(frame: Uint8Array, items: string[]): void {
    if (this.#ws?.readyState !== WebSocket.OPEN) return;
    this.#writes.push(items);
    this.#ws.send(frame);
  }

  #connect(): void {
    if (this.#stopped) return;
    const url = this.o.urls[this.#urlIndex % this.o.urls.length]!;
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/collab/${this.o.documentId}?ack=1&token=${encodeURIComponent(this.o.token)}`);
    ws.binaryType = 'nodebuffer';
    const session: EditorSession = { url, openedAt: Date.now(), syncedAt: null, closedAt: null };
    this.sessions.push(session);
    this.#ws = ws;
    this.#writes = [];
    this.#ackCount = 0;
    ws.on('open', () => ws.send(syncMessage((e) => syncProtocol.writeSyncStep1(e, this.doc))));
    ws.on('message', (data: Buffer) => this.#handle(new Uint8Array(data), session));
    ws.on('error', () => {});
    ws.on('close', () => {
      session.closedAt = Date.now();
      this.#urlIndex++;
      setTimeout(() => this.#connect(), RECONNECT_MS);
    });
  }

  #handle(data: Uint8Array, session: EditorSession): void {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_ACK) {
      const count = decoding.readVarUint(decoder);
      for (let k = this.#ackCount; k < count; k++) for (const item of this.#writes[k] ?? []) this.#markAcked(item);
      this.#ackCount = Math.max(this.#ackCount, count);
      return;
    }
    if (type !== MESSAGE_SYNC) return;
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, MESSAGE_SYNC);
    const kind = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
    // The server's step 1: our step 2 carries everything it lacks, so every unacknowledged item.
    if (kind === syncProtocol.messageYjsSyncStep1) this.#send(encoding.toUint8Array(reply), [...this.pending]);
    if (kind === syncProtocol.messageYjsSyncStep2) session.syncedAt ??= Date.now();
  }

  #markAcked(item: string): void {
    if (this.pending.delete(item)) this.acked.add(item);
  }
}

function syncMessage(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  write(e);
  return encoding.toUint8Array(e);
}
