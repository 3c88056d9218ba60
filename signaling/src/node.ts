// One signaling node, wired together: Redis, media nodes, registry, call flows, presence, socket.io on uWS.
// main.ts runs one per process; tests may run several in one process.
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import type * as UWS from 'uWebSockets.js';
import { TokenVerifier } from './auth/token-verifier.js';
import { buildCalls, type Calls } from './calls/build-calls.js';
import type { Config } from './config.js';
import { signalingKeys } from './keys.js';
import type { Logger } from './log.js';
import { MediaNodes } from './media/media-nodes.js';
import { Metrics } from './metrics.js';
import { createAdapterRedis, createDataRedis, type RedisBatching, type RedisHealth } from './redis/redis-clients.js';
import { createBaselineServer } from './transport/baseline-server.js';
import { type HttpProbes, mountHttpEndpoints } from './transport/http-endpoints.js';
import { createSocketServer, serveSockets } from './transport/socket-server.js';

export interface SignalingNodeOptions {
  config: Config;
  log: Logger;
  uws: typeof UWS;
  publicKeyPem: string;
  /** 'node': socket.io's defaults (Node http, ws, JSON parser), the benchmark's baseline. */
  transport?: 'uws' | 'node';
  /**
   * Benchmark baseline only: no placement or router-capability caches, denylist as its own round trip, ioredis'
   * auto-pipelining instead of corked connections.
   */
  naivePath?: boolean;
  /** Benchmark A/B only: turn single savings off ('cork': auto-pipelining; 'adapter': the stock adapter; 'ack': engine.io acks). */
  without?: ReadonlyArray<'cork' | 'adapter' | 'ack'>;
}

/** The benchmark's naive baseline keeps ioredis' own auto-pipelining. */
const batchingOf = (o: SignalingNodeOptions): RedisBatching => (o.naivePath || o.without?.includes('cork') ? 'auto-pipeline' : 'cork');

export class SignalingNode {
  readonly metrics = new Metrics();
  readonly #o: SignalingNodeOptions;
  readonly #redis: Redis & { health: RedisHealth };
  readonly #adapterRedis: { pub: Redis; sub: Redis };
  readonly #nodes: MediaNodes;
  readonly #app: UWS.TemplatedApp;
  readonly #http: HttpServer | undefined;
  readonly #io: Server;
  readonly #calls: Calls;
  readonly #pending = new Set<Promise<unknown>>();
  #listenSocket: UWS.us_listen_socket | undefined;
  #port = 0;

  static async create(o: SignalingNodeOptions): Promise<SignalingNode> {
    const redis = createDataRedis(o.config.REDIS_URL, o.log, () => {}, batchingOf(o));
    const denylist = async (jti: string) => (await redis.exists(signalingKeys(o.config.REDIS_KEY_PREFIX, o.config.SHARED_KEY_PREFIX).revokedJti(jti))) === 1;
    const verifier = await TokenVerifier.create(o.publicKeyPem, denylist);
    return new SignalingNode(o, redis, verifier);
  }

  private constructor(o: SignalingNodeOptions, redis: Redis & { health: RedisHealth }, verifier: TokenVerifier) {
    const c = o.config;
    this.#o = o;
    this.#redis = redis;
    redis.on('ready', () => this.#redisReady());
    redis.on('close', () => this.metrics.redisUp(false));
    this.#adapterRedis = createAdapterRedis(c.REDIS_URL, batchingOf(o));
    const keys = signalingKeys(c.REDIS_KEY_PREFIX, c.SHARED_KEY_PREFIX);
    this.#nodes = new MediaNodes({
      redis,
      keyPrefix: c.REDIS_KEY_PREFIX,
      secret: c.MEDIA_RPC_SECRET,
      timeoutMs: c.MEDIA_RPC_TIMEOUT_MS,
      confirmMs: c.SIGNALING_MEDIA_RECONNECT_CONFIRM_MS,
      log: o.log,
      metrics: this.metrics,
    });
    const probes = this.#probes(redis);
    this.#app = o.uws.App();
    if (o.transport === 'node') {
      const baseline = createBaselineServer({ ...this.#adapterRedis, key: c.SOCKET_IO_KEY }, probes);
      this.#http = baseline.http;
      this.#io = baseline.io;
    } else {
      this.#io = createSocketServer(this.#app, { ...this.#adapterRedis, key: c.SOCKET_IO_KEY, stock: o.without?.includes('adapter') === true });
      mountHttpEndpoints(this.#app, probes);
    }
    this.#calls = buildCalls({ config: c, log: o.log, metrics: this.metrics, redis, keys, nodes: this.#nodes, io: this.#io, verifier, naivePath: o.naivePath === true });
    serveSockets(this.#io, {
      verifier,
      presence: this.#calls.presence,
      closer: this.#calls.closer,
      metrics: this.metrics,
      log: o.log,
      handlers: this.#calls.handlers,
      rate: { perSec: c.SIGNALING_RATE_PER_SEC, burst: c.SIGNALING_RATE_BURST },
      fastAcks: o.transport !== 'node' && !o.without?.includes('ack'),
      track: (work) => {
        this.#pending.add(work);
        void work.finally(() => this.#pending.delete(work));
      },
    });
  }

  #probes(redis: { health: RedisHealth }): HttpProbes {
    return {
      ready: () => {
        const mediaNodes = this.#nodes.records().filter((r) => this.#nodes.isConnected(r.id)).length;
        return { ok: redis.health.up, detail: { redis: redis.health.up, mediaNodes } };
      },
      metrics: async () => ({ contentType: this.metrics.registry.contentType, body: await this.metrics.registry.metrics() }),
    };
  }

  get port(): number {
    return this.#port;
  }

  /** Starts the background loops and listens; resolves with the bound port. */
  listen(): Promise<number> {
    this.#nodes.start();
    this.#calls.start();
    const { SIGNALING_HOST: host, SIGNALING_PORT: port } = this.#o.config;
    const http = this.#http;
    if (http) {
      return new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          this.#port = (http.address() as AddressInfo).port;
          resolve(this.#port);
        });
      });
    }
    return new Promise((resolve, reject) => {
      this.#app.listen(host, port, (token) => {
        if (!token) return reject(new Error(`cannot listen on ${host}:${port}`));
        this.#listenSocket = token;
        this.#port = this.#o.uws.us_socket_local_port(token as unknown as UWS.us_socket);
        resolve(this.#port);
      });
    });
  }

  /** Graceful stop: no new sockets, sessions detached (resumable elsewhere), connections closed. */
  async stop(): Promise<void> {
    if (this.#listenSocket) this.#o.uws.us_listen_socket_close(this.#listenSocket);
    this.#listenSocket = undefined;
    this.#http?.close();
    this.#calls.stop();
    await new Promise<void>((resolve) => this.#io.close(() => resolve()));
    await Promise.race([Promise.allSettled([...this.#pending]), new Promise((r) => setTimeout(r, 3_000))]);
    await this.#nodes.stop();
    this.#redis.disconnect();
    this.#adapterRedis.pub.disconnect();
    this.#adapterRedis.sub.disconnect();
  }

  #redisReady(): void {
    this.metrics.redisUp(true);
    // Refresh our sessions and sockets at once, before any sweeper trusts the deadlines again.
    this.#calls.heartbeat().catch(() => this.metrics.backgroundError('peer-heartbeat'));
  }
}
