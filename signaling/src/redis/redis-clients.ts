// ioredis connections. The data client fails fast while Redis is down (no offline queue), so a join
// answers SERVICE_UNAVAILABLE at once instead of hanging; it reconnects by itself forever.
// Everything issued in one event-loop turn goes out in one socket write: on this kind of VM a write syscall
// costs tens of µs, more than Redis spends on the command. Our node corks the socket for the turn (measured
// here: half of ioredis' auto-pipelining CPU per command, which builds a Pipeline per turn); the benchmark's
// naive baseline keeps auto-pipelining.
import { Redis } from 'ioredis';
import type { Logger } from '../log.js';

export interface RedisHealth {
  /** True while the data connection is ready. */
  readonly up: boolean;
  /**
   * performance.now() when the connection came back after a loss (-Infinity before any loss). Sweepers wait
   * a while after it: deadlines may have passed only because nobody could refresh them.
   */
  readonly recoveredAt: number;
}

const retryStrategy = (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2_000);

/** How commands of one event-loop turn share a socket write. */
export type RedisBatching = 'cork' | 'auto-pipeline';

/**
 * Corks the connection at the first command of a loop turn and uncorks it in setImmediate, as ioredis'
 * auto-pipelining does: every socket event of the poll phase (each uWS message is its own callback) shares the write.
 */
function corkEachTurn(redis: Redis): Redis {
  const send = redis.sendCommand;
  let corked = false;
  redis.sendCommand = function sendCorked(this: Redis, ...args: Parameters<Redis['sendCommand']>) {
    const stream = this.stream;
    if (!corked && this.status === 'ready' && stream) {
      corked = true;
      stream.cork();
      setImmediate(() => {
        corked = false;
        stream.uncork();
      });
    }
    return send.apply(this, args);
  };
  return redis;
}

function withBatching(redis: Redis, batching: RedisBatching): Redis {
  return batching === 'cork' ? corkEachTurn(redis) : redis;
}

export function createDataRedis(url: string, log: Logger, onChange: (up: boolean) => void, batching: RedisBatching = 'cork'): Redis & { health: RedisHealth } {
  const redis = withBatching(
    new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy,
      lazyConnect: false,
      enableAutoPipelining: batching === 'auto-pipeline',
    }),
    batching,
  );
  const health = { up: false, recoveredAt: Number.NEGATIVE_INFINITY };
  let lost = false;
  redis.on('ready', () => {
    health.up = true;
    if (lost) health.recoveredAt = performance.now();
    log.info('redis ready');
    onChange(true);
  });
  redis.on('close', () => {
    if (!health.up) return;
    health.up = false;
    lost = true;
    log.warn('redis connection lost');
    onChange(false);
  });
  // One line per outage (also when Redis is down at start); ioredis keeps retrying by itself.
  let reported = false;
  redis.on('ready', () => {
    reported = false;
  });
  redis.on('error', (err: Error) => {
    if (reported) return;
    reported = true;
    log.warn({ err: err.message, url: redactUrl(url) }, 'redis unreachable; retrying');
  });
  return Object.assign(redis, { health });
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/** Pub/sub pair for the socket.io adapter (these keep ioredis' offline queue, so broadcasts resume). */
export function createAdapterRedis(url: string, batching: RedisBatching = 'cork'): { pub: Redis; sub: Redis } {
  const opts = { retryStrategy, maxRetriesPerRequest: null, connectTimeout: 2_000 };
  // Broadcasts of one turn share a write too; the subscriber cannot pipeline (SUBSCRIBE is excluded anyway).
  const pub = withBatching(new Redis(url, { ...opts, enableAutoPipelining: batching === 'auto-pipeline' }), batching);
  const sub = new Redis(url, opts);
  pub.on('error', () => {});
  sub.on('error', () => {});
  return { pub, sub };
}
