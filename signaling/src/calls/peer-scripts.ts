// Lua scripts of peer sessions. A session's `owner` is `<signalingNode>/<socketId>` while attached,
// '' while waiting for a resume; only the owner may refresh or detach it.

/**
 * The whole of a join's Redis work in one round trip: ticket denylist, epoch check, conflict check, add.
 * KEYS: room, roomPeers, emptyRooms, peer, peerDeadlines, userCall, revokedTicket
 * ARGV: roomId, peerId, expectedEpoch, peerInfoJson, force, deadline, peerKeyPrefix, announceChannel,
 *       announceMessage, field, value, ...   (announceChannel '' = nothing to publish)
 * → {'ok', flatPeers} | {'revoked'} | {'retry'} (room moved or gone) | {'conflict', oldPeerId, oldOwner}
 * On 'ok' it publishes the peerJoined broadcast for the other nodes, in the same round trip.
 */
export const addPeerLua = `
if redis.call('EXISTS', KEYS[7]) == 1 then return {'revoked'} end
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[3] then return {'retry'} end
if ARGV[5] ~= '1' then
  local old = redis.call('GET', KEYS[6])
  if old and old ~= ARGV[2] then
    local owner = redis.call('HGET', ARGV[7] .. old, 'owner')
    if owner then return {'conflict', old, owner} end
  end
end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[4])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('HSET', KEYS[4], unpack(ARGV, 10))
redis.call('ZADD', KEYS[5], ARGV[6], ARGV[2])
redis.call('SET', KEYS[6], ARGV[2])
if ARGV[8] ~= '' then redis.call('PUBLISH', ARGV[8], ARGV[9]) end
return {'ok', redis.call('HGETALL', KEYS[2])}
`;

/**
 * Removes a peer from its call; only the first caller gets removed = 1 (so peerLeft is sent once).
 * KEYS: peer, roomPeers, roomProducers, peerDeadlines, userCall, emptyRooms
 * ARGV: peerId, roomId, emptyDeadline, announceChannel, announceMessage
 * → {removed, roomEmpty, announced, producerId...}
 * A peer without producers is announced (peerLeft published for the other nodes) here; with producers the
 * caller sends producerClosed first and peerLeft after, so announced is 0.
 */
export const removePeerLua = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {0, 0, 0} end
redis.call('DEL', KEYS[1])
redis.call('HDEL', KEYS[2], ARGV[1])
local out = {1, 0, 0}
local all = redis.call('HGETALL', KEYS[3])
for i = 1, #all, 2 do
  local ok, info = pcall(cjson.decode, all[i + 1])
  if ok and info.peerId == ARGV[1] then
    redis.call('HDEL', KEYS[3], all[i])
    table.insert(out, all[i])
  end
end
redis.call('ZREM', KEYS[4], ARGV[1])
if redis.call('GET', KEYS[5]) == ARGV[1] then redis.call('DEL', KEYS[5]) end
if redis.call('HLEN', KEYS[2]) == 0 then
  redis.call('ZADD', KEYS[6], ARGV[3], ARGV[2])
  out[2] = 1
end
if #out == 3 and ARGV[4] ~= '' then
  redis.call('PUBLISH', ARGV[4], ARGV[5])
  out[3] = 1
end
return out
`;

/** KEYS: peer, peerDeadlines. ARGV: peerId, owner, deadline. → 1 attached, 0 session gone. */
export const attachLua = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'owner', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
`;

/** KEYS: peer, peerDeadlines. ARGV: peerId, owner, deadline. Only the owner detaches. */
export const detachLua = `
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'owner', '')
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
`;

/** KEYS: peerDeadlines. ARGV: deadline, peerKeyPrefix, peerId, owner, peerId, owner, ... → refreshed count. */
export const touchLua = `
local n = 0
for i = 3, #ARGV, 2 do
  if redis.call('HGET', ARGV[2] .. ARGV[i], 'owner') == ARGV[i + 1] then
    redis.call('ZADD', KEYS[1], ARGV[1], ARGV[i])
    n = n + 1
  end
end
return n
`;

/** KEYS: peer. ARGV: field, value, ... Writes only into a live session (never resurrects one). */
export const hsetIfExistsLua = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
`;

/** KEYS: room, roomProducers. ARGV: expectedEpoch, producerId, json. Ignores writes of an older epoch. */
export const setProducerLua = `
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return 1
`;
