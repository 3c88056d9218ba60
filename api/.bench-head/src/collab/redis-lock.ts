// A lock with a random token; only the holder's token can release it (compare-and-delete in Lua).
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

type LockRedis = Redis & { coopeCollabUnlock(key: string, token: string): Promise<number> };

export class RedisLock {
  readonly #redis: LockRedis;

  constructor(redis: Redis) {
    redis.defineCommand('coopeCollabUnlock', { numberOfKeys: 1, lua: RELEASE });
    this.#redis = redis as LockRedis;
  }

  /** The token when acquired, null when someone else holds the lock. */
  async tryAcquire(key: string, ttlMs: number): Promise<string | null> {
    const token = randomBytes(16).toString('hex');
    const ok = await this.#redis.set(key, token, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? token : null;
  }

  /** True when this token still held the lock. */
  async release(key: string, token: string): Promise<boolean> {
    return (await this.#redis.coopeCollabUnlock(key, token)) === 1;
  }
}
