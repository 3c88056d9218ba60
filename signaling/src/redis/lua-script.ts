// A Lua script run with EVALSHA, falling back to EVAL once when Redis does not know it (restart, flush).
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export class LuaScript {
  readonly #lua: string;
  readonly #sha: string;

  constructor(lua: string) {
    this.#lua = lua;
    this.#sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.#sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return await redis.eval(this.#lua, keys.length, ...keys, ...args);
    }
  }
}

/**
 * Takes up to `limit` members of a deadline zset whose time has come, and leases them for `leaseMs`
 * (re-scored into the future) so exactly one node works on each; the worker removes them when done.
 */
const claimDueLua = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, m in ipairs(due) do redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), m) end
return due
`;
const claimDue = new LuaScript(claimDueLua);

export async function claimDueMembers(redis: Redis, key: string, now: number, leaseMs: number, limit = 100): Promise<string[]> {
  return (await claimDue.run(redis, [key], [now, leaseMs, limit])) as string[];
}
