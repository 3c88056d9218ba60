// uWebSockets.js server: /healthz, /readyz, /metrics and the RPC WebSocket at /rpc.
import { timingSafeEqual } from 'node:crypto';
import type { HttpRequest, HttpResponse, TemplatedApp, us_listen_socket, WebSocket } from 'uWebSockets.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { RPC_SECRET_HEADER } from '../rpc/client.js';
import type { Uws } from '../uws.js';
import { type EventHub, NODE_TOPIC } from './event-hub.js';
import type { Handlers } from './handlers.js';
import { RpcConnection, type RpcSocketData } from './rpc-connection.js';

/** uWS drops (closes with 1009) anything above this; below it, oversize frames get an error reply. */
const HARD_PAYLOAD_LIMIT = 4 * 1024 * 1024;

export interface RpcServerOptions {
  uws: Uws;
  host: string;
  port: number;
  secret: string;
  handlers: Handlers;
  hub: EventHub;
  metrics: Metrics;
  log: Logger;
  /** Dependencies reachable (workers alive, Redis registration fresh). */
  ready(): { ok: boolean; detail: Record<string, unknown> };
}

export class RpcServer {
  readonly #opts: RpcServerOptions;
  readonly #app: TemplatedApp;
  readonly #conn: RpcConnection;
  #listenSocket: us_listen_socket | undefined;
  #port = 0;

  static async listen(opts: RpcServerOptions): Promise<RpcServer> {
    const server = new RpcServer(opts);
    await server.#listen();
    return server;
  }

  private constructor(opts: RpcServerOptions) {
    this.#opts = opts;
    this.#app = opts.uws.App();
    this.#conn = new RpcConnection(opts.handlers, opts.metrics, opts.log);
    this.#routes();
    opts.hub.attach((topic, frame, event) => {
      this.#app.publish(topic, frame, false);
      this.#conn.afterPublish(topic, event);
    });
  }

  get port(): number {
    return this.#port;
  }

  /** Stops listening and closes every RPC connection. */
  close(): void {
    if (this.#listenSocket) this.#opts.uws.us_listen_socket_close(this.#listenSocket);
    this.#listenSocket = undefined;
    this.#conn.closeAll();
  }

  #routes(): void {
    const { metrics } = this.#opts;
    this.#app
      .get('/healthz', (res) => {
        res.writeHeader('content-type', 'text/plain').end('ok');
      })
      .get('/readyz', (res) => {
        const r = this.#opts.ready();
        res.writeStatus(r.ok ? '200 OK' : '503 Service Unavailable');
        res.writeHeader('content-type', 'application/json').end(JSON.stringify({ ok: r.ok, ...r.detail }));
      })
      .get('/metrics', (res) => {
        let aborted = false;
        res.onAborted(() => {
          aborted = true;
        });
        void metrics.registry.metrics().then((text) => {
          if (aborted) return;
          res.cork(() => res.writeHeader('content-type', metrics.registry.contentType).end(text));
        });
      })
      .ws<RpcSocketData>('/rpc', {
        maxPayloadLength: HARD_PAYLOAD_LIMIT,
        idleTimeout: 30,
        sendPingsAutomatically: true,
        maxBackpressure: 16 * 1024 * 1024,
        upgrade: (res, req, context) => this.#handleUpgrade(res, req, context),
        open: (ws) => {
          ws.subscribe(NODE_TOPIC);
          this.#conn.handleOpen(ws);
        },
        message: (ws, message, isBinary) => this.#conn.handleMessage(ws, message, isBinary),
        close: (ws: WebSocket<RpcSocketData>) => this.#conn.handleClose(ws),
      })
      .any('/*', (res) => {
        res.writeStatus('404 Not Found').end('not found');
      });
  }

  #handleUpgrade(res: HttpResponse, req: HttpRequest, context: unknown): void {
    const given = req.getHeader(RPC_SECRET_HEADER) || req.getQuery('secret') || '';
    if (!secretMatches(given, this.#opts.secret)) {
      this.#opts.metrics.frameRejected('unauthorized');
      res.writeStatus('401 Unauthorized').end('unauthorized');
      return;
    }
    res.upgrade<RpcSocketData>(
      RpcConnection.newSocketData(),
      req.getHeader('sec-websocket-key'),
      req.getHeader('sec-websocket-protocol'),
      req.getHeader('sec-websocket-extensions'),
      context as never,
    );
  }

  #listen(): Promise<void> {
    const { host, port, uws, log } = this.#opts;
    return new Promise((resolve, reject) => {
      this.#app.listen(host, port, (token) => {
        if (!token) {
          reject(new Error(`cannot listen on ${host}:${port} (MEDIA_RPC_PORT in use?)`));
          return;
        }
        this.#listenSocket = token;
        this.#port = uws.us_socket_local_port(token as never);
        log.info({ host, port: this.#port }, 'rpc server listening');
        resolve();
      });
    });
  }
}

function secretMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
