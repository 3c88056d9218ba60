// The Redis store behind @fastify/rate-limit. The global limit counts locally and adds its counts to Redis
// in one pipeline every `flushMs`, instead of one round trip per request (the costliest part of a cheap
// request here); a decision uses the last global count plus this node's unsent ones, so other nodes'
// requests of the last flush interval are all it can miss. Routes with their own limit (sign-in,
// AI) get an exact store: one Redis round trip per request, as brute-force limits must not overshoot.
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

// Adds ARGV[1] to the window's counter, starting the window (ARGV[2] ms) on its first count.
const ADD_LUA = `
local current = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {current, ttl}`;

interface RateLimitRedis extends Redis {
  rateLimitAdd(key: string, count: number, windowMs: number): Promise<[number, number]>;
}

interface Counter {
  /** The global count at the last flush, this node's flushed counts included. */
  global: number;
  /** Counted here and not yet (or being) added in Redis. */
  unsent: number;
  resetAt: number;
  windowMs: number;
}

export interface BatchedStoreOptions {
  redis: Redis;
  /** Key prefix; the client key (and the route, for route limits) is appended. */
  namespace: string;
  flushMs: number;
}

export class BatchedRedisStore {
  readonly #o: BatchedStoreOptions;
  readonly #redis: RateLimitRedis;
  readonly #counters = new Map<string, Counter>();
  #timer: NodeJS.Timeout | null = null;
  #flushing = false;

  constructor(o: BatchedStoreOptions) {
    this.#o = o;
    this.#redis = o.redis as RateLimitRedis;
    if (!this.#redis.rateLimitAdd) this.#redis.defineCommand('rateLimitAdd', { numberOfKeys: 1, lua: ADD_LUA });
  }

  incr(key: string, callback: Callback, timeWindow: number): void {
    const now = Date.now();
    let c = this.#counters.get(key);
    if (!c || c.resetAt <= now) {
      c = { global: 0, unsent: 0, resetAt: now + timeWindow, windowMs: timeWindow };
      this.#counters.set(key, c);
    }
    c.unsent++;
    this.#schedule();
    callback(null, { current: c.global + c.unsent, ttl: c.resetAt - now });
  }

  /** Given the merged options of a route with its own limit; keys as @fastify/rate-limit's RedisStore does. */
  child(params: { routeInfo: { method?: string | string[]; url?: string } }): ExactRedisStore {
    const { method, url } = params.routeInfo;
    return new ExactRedisStore(this.#redis, `${this.#o.namespace}${String(method)}${url}-`);
  }

  #schedule(): void {
    if (this.#timer || this.#flushing) return;
    this.#timer = setTimeout(() => void this.#flush(), this.#o.flushMs);
    this.#timer.unref();
  }

  /** One pipeline for every counter with unsent counts; one flush at a time. */
  async #flush(): Promise<void> {
    this.#timer = null;
    this.#flushing = true;
    const batch: Array<[string, Counter, number]> = [];
    const now = Date.now();
    for (const [key, c] of this.#counters) {
      if (c.unsent > 0) batch.push([key, c, c.unsent]);
      else if (c.resetAt <= now) this.#counters.delete(key);
    }
    try {
      const pipeline = this.#redis.pipeline() as ReturnType<Redis['pipeline']> & { rateLimitAdd(...args: unknown[]): unknown };
      for (const [key, c, n] of batch) pipeline.rateLimitAdd(`${this.#o.namespace}${key}`, n, c.windowMs);
      const results = batch.length > 0 ? ((await pipeline.exec()) ?? []) : [];
      const at = Date.now();
      batch.forEach(([, c, n], i) => {
        c.unsent -= n;
        const [err, reply] = results[i] ?? [new Error('no reply'), null];
        // Redis away: keep counting here (the limit still holds per node), as skipOnError lets requests pass.
        if (err || !Array.isArray(reply)) c.global += n;
        else [c.global, c.resetAt] = [Number(reply[0]), at + Number(reply[1])];
      });
    } catch {
      for (const [, c, n] of batch) {
        c.unsent -= n;
        c.global += n;
      }
    } finally {
      this.#flushing = false;
      if ([...this.#counters.values()].some((c) => c.unsent > 0)) this.#schedule();
    }
  }
}

/** One Redis round trip per request: for the strict limits of single routes. */
export class ExactRedisStore {
  constructor(
    private readonly redis: RateLimitRedis,
    private readonly namespace: string,
  ) {}

  incr(key: string, callback: Callback, timeWindow: number): void {
    this.redis.rateLimitAdd(`${this.namespace}${key}`, 1, timeWindow).then(
      ([current, ttl]) => callback(null, { current: Number(current), ttl: Number(ttl) }),
      (err: Error) => callback(err),
    );
  }

  child(): ExactRedisStore {
    return this;
  }
}

/** The class @fastify/rate-limit's `store` option wants (it instantiates it itself). */
export function batchedRedisStore(o: BatchedStoreOptions): FastifyRateLimitStoreCtor {
  return class extends BatchedRedisStore {
    constructor() {
      super(o);
    }
  } as unknown as FastifyRateLimitStoreCtor;
}
