// One RPC WebSocket: frame checks, zod parsing, dispatch, replies, room subscriptions.
// Nothing a client sends can throw out of here: every failure becomes an error reply.
import type { WebSocket } from 'uWebSockets.js';
import { toReplyError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { parseRpcRequest, type RpcErrorCode, type RpcEvent, type RpcRequest } from '../rpc/envelope.js';
import { roomTopic } from './event-hub.js';
import type { Handlers } from './handlers.js';

/** Frames above this get a PAYLOAD_TOO_LARGE reply (RTP capabilities are ~10 KiB). */
export const MAX_FRAME_BYTES = 256 * 1024;

export interface RpcSocketData {
  id: number;
  closed: boolean;
  rooms: Set<string>;
}

let nextSocketId = 1;

export class RpcConnection {
  readonly #handlers: Handlers;
  readonly #metrics: Metrics;
  readonly #log: Logger;
  readonly #sockets = new Set<WebSocket<RpcSocketData>>();

  static newSocketData(): RpcSocketData {
    return { id: nextSocketId++, closed: false, rooms: new Set() };
  }

  constructor(handlers: Handlers, metrics: Metrics, log: Logger) {
    this.#handlers = handlers;
    this.#metrics = metrics;
    this.#log = log;
  }

  handleOpen(ws: WebSocket<RpcSocketData>): void {
    this.#sockets.add(ws);
    this.#metrics.connectionOpened();
    this.#log.info({ conn: ws.getUserData().id }, 'rpc connection opened');
  }

  handleClose(ws: WebSocket<RpcSocketData>): void {
    const data = ws.getUserData();
    data.closed = true;
    this.#sockets.delete(ws);
    this.#metrics.connectionClosed();
    this.#log.info({ conn: data.id }, 'rpc connection closed');
  }

  handleMessage(ws: WebSocket<RpcSocketData>, message: ArrayBuffer, isBinary: boolean): void {
    // A closed uWS socket throws on any access, so replies go through the user data's flag.
    const data = ws.getUserData();
    if (isBinary) {
      this.#reject(ws, data, null, 'BAD_REQUEST', 'binary frames are not accepted');
      return;
    }
    if (message.byteLength > MAX_FRAME_BYTES) {
      this.#reject(ws, data, null, 'PAYLOAD_TOO_LARGE', `frame over ${MAX_FRAME_BYTES} bytes`);
      return;
    }
    // The ArrayBuffer is only valid during this call: decode (copy) it now.
    const parsed = parseRpcRequest(Buffer.from(message).toString('utf8'));
    if (!parsed.ok) {
      this.#reject(ws, data, parsed.id, parsed.code, parsed.message);
      return;
    }
    this.#subscribe(ws, data, parsed.request);
    void this.#dispatch(ws, data, parsed.request);
  }

  /** A room closed for good: its topic has no more use on any connection. */
  afterPublish(topic: string, event: RpcEvent): void {
    if (event.event !== 'roomClosed' || event.data.reason === 'replaced') return;
    for (const ws of this.#sockets) {
      const data = ws.getUserData();
      if (data.rooms.delete(event.data.roomId)) ws.unsubscribe(topic);
    }
  }

  closeAll(): void {
    for (const ws of this.#sockets) ws.end(1001, 'media node shutting down');
  }

  async #dispatch(ws: WebSocket<RpcSocketData>, data: RpcSocketData, req: RpcRequest): Promise<void> {
    const started = performance.now();
    const handler = this.#handlers[req.method] as (p: unknown) => Promise<unknown>;
    try {
      const result = await handler(req.params);
      this.#metrics.rpcHandled(req.method, 'ok', (performance.now() - started) / 1000);
      this.#send(ws, data, JSON.stringify({ id: req.id, ok: true, result }));
    } catch (err) {
      const { code, message } = toReplyError(err);
      if (code === 'INTERNAL') this.#log.error({ err, method: req.method }, 'rpc handler failed');
      this.#metrics.rpcHandled(req.method, code, (performance.now() - started) / 1000);
      this.#send(ws, data, JSON.stringify({ id: req.id, ok: false, code, message }));
    }
  }

  #subscribe(ws: WebSocket<RpcSocketData>, data: RpcSocketData, req: RpcRequest): void {
    const roomId = (req.params as { roomId?: string }).roomId;
    if (roomId === undefined) return;
    if (data.rooms.has(roomId)) return;
    data.rooms.add(roomId);
    ws.subscribe(roomTopic(roomId));
  }

  #reject(ws: WebSocket<RpcSocketData>, data: RpcSocketData, id: number | null, code: RpcErrorCode, message: string) {
    this.#metrics.frameRejected(code);
    this.#send(ws, data, JSON.stringify({ id, ok: false, code, message }));
  }

  #send(ws: WebSocket<RpcSocketData>, data: RpcSocketData, frame: string): void {
    if (data.closed) return;
    ws.cork(() => ws.send(frame, false));
  }
}
