// Lua scripts of presence. `presence:user:<id>` holds the user's live sockets (and a `grace` member
// after the last one closed); Redis deletes the zset when it empties, so EXISTS = online.
// `presence-check` holds, per user, the earliest time a member may expire (kept with LT; the check
// resets it to the real earliest expiry).

/** KEYS: presenceUser, presenceCheck. ARGV: member, expiry, userId. → 1 when the user just came online. */
export const socketOnlineLua = `
local existed = redis.call('EXISTS', KEYS[1])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[2], 'LT', ARGV[2], ARGV[3])
return 1 - existed
`;

/** KEYS: presenceUser, presenceCheck. ARGV: member, graceDeadline, userId. */
export const socketOfflineLua = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[1], 'GT', ARGV[2], 'grace')
redis.call('ZADD', KEYS[2], 'LT', ARGV[2], ARGV[3])
return 1
`;

/**
 * Drops expired members; → 1 when the user has just gone offline (exactly one caller sees it).
 * KEYS: presenceUser, presenceCheck. ARGV: now, userId.
 */
export const checkUserLua = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #first == 0 then
  return redis.call('ZREM', KEYS[2], ARGV[2])
end
redis.call('ZADD', KEYS[2], first[2], ARGV[2])
return 0
`;
