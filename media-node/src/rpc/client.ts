// The RPC client signaling uses: one persistent WebSocket per media node, request ids,
// a timeout on every call, typed events, reconnect with backoff and fast close detection.
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { type RpcErrorCode, rpcEventEnvelopeSchema, rpcReplySchema } from './envelope.js';
import { type RpcEventData, type RpcEventName, rpcEvents } from './events.js';
import { type RpcMethod, type RpcParams, type RpcResult, rpcMethods } from './methods.js';

export const RPC_SECRET_HEADER = 'x-media-rpc-secret';

export class RpcError extends Error {
  constructor(
    readonly code: RpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export interface MediaRpcClientOptions {
  /** ws://host:port/rpc of the media node (its record's `rpcUrl`). */
  url: string;
  /** MEDIA_RPC_SECRET, sent in the `x-media-rpc-secret` upgrade header. */
  secret: string;
  /** Default timeout of a call (ms). */
  timeoutMs?: number;
  /** Reconnect backoff bounds (ms); doubled per failed attempt, with jitter. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** A connection that has not answered a ping within this time is dropped (ms). */
  heartbeatMs?: number;
  /** Parse results and events with the contract's schemas (default true). */
  validate?: boolean;
}

export interface CloseInfo {
  code: number;
  reason: string;
}

interface Pending {
  method: RpcMethod;
  resolve: (v: unknown) => void;
  reject: (e: RpcError) => void;
  timer: NodeJS.Timeout;
}

export class MediaRpcClient {
  readonly #opts: Required<MediaRpcClientOptions>;
  readonly #pending = new Map<number, Pending>();
  readonly #emitter = new EventEmitter();
  #ws: WebSocket | undefined;
  #nextId = 1;
  #attempt = 0;
  #closed = false;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #alive = true;

  /** Starts connecting at once; calls fail with DISCONNECTED until the socket is open (see ready()). */
  static connect(opts: MediaRpcClientOptions): MediaRpcClient {
    const client = new MediaRpcClient(opts);
    client.#open();
    return client;
  }

  private constructor(opts: MediaRpcClientOptions) {
    this.#opts = {
      timeoutMs: 5_000,
      reconnectMinMs: 100,
      reconnectMaxMs: 5_000,
      heartbeatMs: 5_000,
      validate: true,
      ...opts,
    };
    this.#emitter.setMaxListeners(0);
  }

  get url(): string {
    return this.#opts.url;
  }

  get connected(): boolean {
    return this.#ws?.readyState === WebSocket.OPEN;
  }

  /** Resolves when the socket is open (now or after the next reconnect). */
  ready(timeoutMs = this.#opts.timeoutMs): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new RpcError('TIMEOUT', `media node ${this.#opts.url} not reachable`));
      }, timeoutMs);
      const off = this.onOpen(() => {
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  call<M extends RpcMethod>(method: M, params: RpcParams<M>, opts?: { timeoutMs?: number }): Promise<RpcResult<M>> {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(new RpcError('DISCONNECTED', `not connected to ${this.#opts.url}`));
    }
    const id = this.#nextId++;
    const timeoutMs = opts?.timeoutMs ?? this.#opts.timeoutMs;
    return new Promise<RpcResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new RpcError('TIMEOUT', `${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Subscribes to one event; returns the unsubscribe function. */
  on<E extends RpcEventName>(event: E, fn: (data: RpcEventData<E>) => void): () => void {
    this.#emitter.on(event, fn);
    return () => this.#emitter.off(event, fn);
  }

  /** Called every time the connection drops (pending calls have already failed with DISCONNECTED). */
  onClose(fn: (info: CloseInfo) => void): () => void {
    this.#emitter.on('$close', fn);
    return () => this.#emitter.off('$close', fn);
  }

  /** Called on every (re)connect; a reconnected node may have lost state, so re-check rooms here. */
  onOpen(fn: () => void): () => void {
    this.#emitter.on('$open', fn);
    return () => this.#emitter.off('$open', fn);
  }

  /** Closes for good: no reconnect, pending calls fail. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    const ws = this.#ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.close(1000, 'client closing');
      setTimeout(() => {
        ws.terminate();
        resolve();
      }, 1_000).unref();
    });
  }

  #open(): void {
    const ws = new WebSocket(this.#opts.url, { headers: { [RPC_SECRET_HEADER]: this.#opts.secret } });
    this.#ws = ws;
    ws.on('open', () => this.#handleOpen(ws));
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.#handleFrame(data.toString());
    });
    ws.on('pong', () => {
      this.#alive = true;
    });
    ws.on('close', (code, reason) => this.#handleClose(ws, code, reason.toString()));
    // 'error' is always followed by 'close'; the listener only keeps it from throwing.
    ws.on('error', () => {});
  }

  #handleOpen(ws: WebSocket): void {
    this.#attempt = 0;
    this.#alive = true;
    clearInterval(this.#heartbeat);
    this.#heartbeat = setInterval(() => {
      if (!this.#alive) {
        ws.terminate();
        return;
      }
      this.#alive = false;
      ws.ping();
    }, this.#opts.heartbeatMs);
    this.#heartbeat.unref();
    this.#emitter.emit('$open');
  }

  #handleClose(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.#ws) return;
    clearInterval(this.#heartbeat);
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(new RpcError('DISCONNECTED', `connection closed during ${p.method}`));
      this.#pending.delete(id);
    }
    this.#emitter.emit('$close', { code, reason } satisfies CloseInfo);
    if (this.#closed) return;
    const base = Math.min(this.#opts.reconnectMaxMs, this.#opts.reconnectMinMs * 2 ** this.#attempt);
    this.#attempt++;
    this.#reconnectTimer = setTimeout(() => this.#open(), base / 2 + Math.random() * (base / 2));
  }

  #handleFrame(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return;
    }
    if (raw && typeof raw === 'object' && 'event' in raw) {
      this.#handleEvent(raw);
      return;
    }
    const reply = rpcReplySchema.safeParse(raw);
    if (!reply.success || reply.data.id === null) return;
    const p = this.#pending.get(reply.data.id);
    if (!p) return;
    this.#pending.delete(reply.data.id);
    clearTimeout(p.timer);
    if (!reply.data.ok) {
      p.reject(new RpcError(reply.data.code, reply.data.message));
      return;
    }
    this.#settle(p, reply.data.result);
  }

  #settle(p: Pending, result: unknown): void {
    if (!this.#opts.validate) {
      p.resolve(result);
      return;
    }
    const parsed = rpcMethods[p.method].result.safeParse(result);
    if (parsed.success) p.resolve(parsed.data);
    else p.reject(new RpcError('INTERNAL', `${p.method}: reply does not match the contract`));
  }

  #handleEvent(raw: object): void {
    const env = rpcEventEnvelopeSchema.safeParse(raw);
    if (!env.success) return;
    const { event, data } = env.data;
    if (!this.#opts.validate) {
      this.#emitter.emit(event, data);
      return;
    }
    const parsed = rpcEvents[event].safeParse(data);
    if (parsed.success) this.#emitter.emit(event, parsed.data);
  }
}
