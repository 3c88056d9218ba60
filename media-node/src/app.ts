// Wires the media node's parts together: workers and rooms, the RPC server, Redis
// registration, the forwarding sampler and drain. main.ts feeds it the parsed config.
import { Redis } from 'ioredis';
import type { Config } from './config.js';
import { Drain } from './drain.js';
import { ForwardingSampler } from './forwarding-sampler.js';
import { IdleRoomReaper } from './idle-room-reaper.js';
import type { MediaNodeRecord } from './keys.js';
import type { Logger } from './log.js';
import { MediaNode } from './media-node.js';
import { Metrics } from './metrics.js';
import { Registrar } from './registration.js';
import { EventHub } from './rpc-server/event-hub.js';
import { createHandlers } from './rpc-server/handlers.js';
import { RpcServer } from './rpc-server/server.js';
import type { Uws } from './uws.js';

export class MediaNodeApp {
  readonly rpcUrl: string;
  readonly #log: Logger;
  readonly #node: MediaNode;
  readonly #server: RpcServer;
  readonly #redis: Redis;
  readonly #registrar: Registrar;
  readonly #sampler: ForwardingSampler;
  readonly #reaper: IdleRoomReaper;
  readonly #drain: Drain;
  readonly #exit: () => void;
  #stopping: Promise<void> | undefined;

  static async start(config: Config, log: Logger, uws: Uws, exit: () => void): Promise<MediaNodeApp> {
    const metrics = new Metrics();
    const hub = new EventHub((err) => {
      metrics.backgroundError('event-publish');
      log.error({ err }, 'event publish failed');
    });
    const node = await MediaNode.create(config, log, metrics, hub.emit);
    const late: { app?: MediaNodeApp } = {};
    let server: RpcServer;
    try {
      server = await RpcServer.listen({
        uws,
        host: config.MEDIA_LISTEN_IP,
        port: config.MEDIA_RPC_PORT,
        secret: config.MEDIA_RPC_SECRET,
        handlers: createHandlers({ node, announcedIp: config.announcedIp, drain: (ms) => late.app!.#drain.start(ms) }),
        hub,
        metrics,
        log,
        ready: () => (late.app ? late.app.#readiness() : { ok: false, detail: { starting: true } }),
      });
    } catch (err) {
      node.close();
      throw err;
    }
    const app = new MediaNodeApp({ config, log, metrics, hub, node, server, exit });
    late.app = app;
    return app;
  }

  private constructor(p: {
    config: Config;
    log: Logger;
    metrics: Metrics;
    hub: EventHub;
    node: MediaNode;
    server: RpcServer;
    exit: () => void;
  }) {
    const { config, log, metrics, node } = p;
    this.#log = log;
    this.#node = node;
    this.#server = p.server;
    this.#exit = p.exit;
    this.rpcUrl = config.MEDIA_RPC_URL ?? `ws://${config.announcedIp}:${p.server.port}/rpc`;
    this.#redis = connectRedis(config, log);
    metrics.setRedisSource(() => this.#redis.status === 'ready');
    this.#registrar = new Registrar({
      redis: this.#redis,
      nodeId: node.nodeId,
      prefix: config.REDIS_KEY_PREFIX,
      ttlMs: config.MEDIA_RECORD_TTL_MS,
      intervalMs: config.MEDIA_REGISTER_INTERVAL_MS,
      record: () => this.#record(config, metrics),
      metrics,
      log,
    });
    this.#registrar.start();
    this.#sampler = new ForwardingSampler(node, metrics, log);
    this.#sampler.start(config.MEDIA_STATS_INTERVAL_MS);
    this.#reaper = new IdleRoomReaper(node, metrics, log);
    this.#reaper.start(config.MEDIA_ROOM_IDLE_MS);
    this.#drain = new Drain({
      node,
      sink: p.hub.emit,
      deadlineMs: config.MEDIA_DRAIN_DEADLINE_MS,
      graceMs: config.MEDIA_DRAIN_GRACE_MS,
      onStateChange: () => void this.#registrar.refreshNow(),
      exit: (reason) => void this.shutdown(reason),
      log,
    });
    process.on('unhandledRejection', (err) => {
      metrics.backgroundError('unhandled-rejection');
      log.error({ err }, 'unhandled rejection');
    });
    log.info({ rpcUrl: this.rpcUrl, port: p.server.port, workers: node.pool.alive.length }, 'media node started');
  }

  /** SIGTERM: drain with the configured deadline; a second one shuts down at once. */
  handleSigterm(): void {
    if (this.#drain.deadline === undefined) this.#drain.start();
    else void this.shutdown('second SIGTERM');
  }

  shutdown(reason: string): Promise<void> {
    this.#stopping ??= (async () => {
      this.#log.info({ reason }, 'media node shutting down');
      this.#drain.cancelTimers();
      this.#sampler.stop();
      this.#reaper.stop();
      await Promise.race([this.#registrar.stop(), new Promise((r) => setTimeout(r, 1_000))]);
      this.#server.close();
      this.#node.close();
      this.#redis.disconnect();
      this.#exit();
    })();
    return this.#stopping;
  }

  #readiness() {
    const workers = this.#node.pool.alive.length;
    const redis = this.#registrar.fresh;
    return { ok: workers > 0 && redis, detail: { state: this.#node.state, workers, redis } };
  }

  async #record(config: Config, metrics: Metrics): Promise<MediaNodeRecord> {
    const node = this.#node;
    await node.sampleCpu().catch(() => metrics.backgroundError('cpu-sample'));
    return {
      id: node.nodeId,
      bootId: node.bootId,
      rpcUrl: this.rpcUrl,
      announcedIp: config.announcedIp,
      workers: node.pool.alive.length,
      state: node.state,
      load: node.load(),
      updatedAt: Date.now(),
      ttlMs: config.MEDIA_RECORD_TTL_MS,
    };
  }
}

function connectRedis(config: Config, log: Logger): Redis {
  const redis = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let down = false;
  redis.on('error', (err) => {
    if (!down) log.error({ err: err.message, url: config.REDIS_URL }, 'redis unreachable; retrying');
    down = true;
  });
  redis.on('ready', () => {
    if (down) log.info('redis reachable again');
    down = false;
  });
  return redis;
}
