// Keeps this node's record in Redis: every interval, SET with a short TTL plus the index ZSET.
// A Redis outage only delays registration (logged, counted, retried); media keeps flowing.
import type { Redis } from 'ioredis';
import { type MediaNodeRecord, mediaKeys } from './keys.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';

export interface RegistrarOptions {
  redis: Redis;
  nodeId: string;
  prefix: string;
  ttlMs: number;
  intervalMs: number;
  /** Builds the current record (load figures are sampled just before). */
  record(): Promise<MediaNodeRecord>;
  metrics: Metrics;
  log: Logger;
}

const STARTUP_GRACE_MS = 5_000;

export class Registrar {
  readonly #opts: RegistrarOptions;
  readonly #keys: ReturnType<typeof mediaKeys>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #lastOkAt = 0;
  #failing = false;
  #stopped = false;
  #startedAt = 0;

  constructor(opts: RegistrarOptions) {
    this.#opts = opts;
    this.#keys = mediaKeys(opts.prefix);
  }

  /** True when the record was written within the TTL. */
  get fresh(): boolean {
    return Date.now() - this.#lastOkAt <= this.#opts.ttlMs;
  }

  start(): void {
    this.#startedAt = Date.now();
    this.#opts.redis.once('ready', () => void this.refreshNow());
    void this.refreshNow();
    this.#timer = setInterval(() => void this.refreshNow(), this.#opts.intervalMs);
  }

  /** Refreshes at once (state changes); overlapping calls share one write. */
  refreshNow(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    this.#running ??= this.#refresh().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Stops refreshing and removes the record, so signaling stops placing rooms here at once. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#running;
    const id = this.#opts.nodeId;
    await this.#opts.redis
      .multi()
      .del(this.#keys.nodeRecord(id))
      .zrem(this.#keys.nodeIndex(), id)
      .exec()
      .catch(() => undefined);
  }

  async #refresh(): Promise<void> {
    const { redis, ttlMs, log, metrics } = this.#opts;
    // Before the first connection completes, a write would fail with no offline queue:
    // that is start-up, not an outage, so wait for the next tick quietly.
    if (this.#lastOkAt === 0 && redis.status !== 'ready' && Date.now() - this.#startedAt < STARTUP_GRACE_MS) return;
    try {
      const record = await this.#opts.record();
      await redis
        .multi()
        .set(this.#keys.nodeRecord(record.id), JSON.stringify(record), 'PX', ttlMs)
        .zadd(this.#keys.nodeIndex(), record.updatedAt, record.id)
        .zremrangebyscore(this.#keys.nodeIndex(), '-inf', record.updatedAt - 60_000)
        .exec();
      this.#lastOkAt = Date.now();
      if (this.#failing) log.info('node registration restored');
      this.#failing = false;
    } catch (err) {
      metrics.registrationFailed();
      if (!this.#failing) log.error({ err: (err as Error).message }, 'node registration failed; retrying');
      this.#failing = true;
    }
  }
}
