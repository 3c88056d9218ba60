// Lua scripts of the room registry: each check-then-write is atomic, so two signaling nodes can never
// place one room twice or both move it. The epoch counter starts at the current time in ms when it is
// missing, so epochs keep growing even if Redis lost its data.

/**
 * KEYS: room, epochSeq, emptyRooms, nodesInUse, nodeRooms(candidate), placements(candidate, second)
 * ARGV: roomId, candidate, cap, now, emptyGraceMs
 * → {'existing', node, epoch} | {'placed', node, epoch} | {'capped'}
 */
export const placeRoomLua = `
local cur = redis.call('HMGET', KEYS[1], 'node', 'epoch')
if cur[1] then return {'existing', cur[1], cur[2]} end
local n = tonumber(redis.call('GET', KEYS[6]) or '0')
if n >= tonumber(ARGV[3]) then return {'capped'} end
redis.call('INCR', KEYS[6])
redis.call('PEXPIRE', KEYS[6], 2000)
if redis.call('EXISTS', KEYS[2]) == 0 then redis.call('SET', KEYS[2], ARGV[4]) end
local epoch = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'node', ARGV[2], 'epoch', epoch, 'placedAt', ARGV[4])
redis.call('SADD', KEYS[5], ARGV[1])
redis.call('SADD', KEYS[4], ARGV[2])
redis.call('ZADD', KEYS[3], tonumber(ARGV[4]) + tonumber(ARGV[5]), ARGV[1])
return {'placed', ARGV[2], tostring(epoch)}
`;

/**
 * Moves a room off `expectedNode` only if it is still there at `expectedEpoch`: exactly one caller wins.
 * Only single-node rooms move whole (a multi-node room drops the lost node instead, see dropNodeLua);
 * every peer then lives on the new node.
 * KEYS: room, epochSeq, nodeRooms(old), nodeRooms(new), roomProducers, nodesInUse, roomMedia
 * ARGV: roomId, expectedNode, expectedEpoch, newNode, now
 * → {'moved', epoch} | {'changed', node, epoch} | {'gone'}
 */
export const moveRoomLua = `
local cur = redis.call('HMGET', KEYS[1], 'node', 'epoch')
if not cur[1] then return {'gone'} end
if cur[1] ~= ARGV[2] or cur[2] ~= ARGV[3] then return {'changed', cur[1], cur[2]} end
local media = redis.call('HGETALL', KEYS[7])
for i = 1, #media, 2 do
  if string.sub(media[i], 1, 2) == 'n:' then return {'changed', cur[1], cur[2]} end
end
for i = 1, #media, 2 do redis.call('HSET', KEYS[7], media[i], ARGV[4] .. '|' .. ARGV[5]) end
if redis.call('EXISTS', KEYS[2]) == 0 then redis.call('SET', KEYS[2], ARGV[5]) end
local epoch = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'node', ARGV[4], 'epoch', epoch, 'placedAt', ARGV[5])
redis.call('SREM', KEYS[3], ARGV[1])
if redis.call('SCARD', KEYS[3]) == 0 then redis.call('SREM', KEYS[6], ARGV[2]) end
redis.call('SADD', KEYS[4], ARGV[1])
redis.call('SADD', KEYS[6], ARGV[4])
redis.call('DEL', KEYS[5])
return {'moved', tostring(epoch)}
`;

/**
 * Deletes an empty room's entry (the grace period is over), extension nodes included. Not empty: just
 * forget the deadline.
 * KEYS: room, roomPeers, roomProducers, emptyRooms, nodeRooms(node), nodesInUse, roomMedia, emptyExtensions
 * ARGV: roomId, node, epoch, nodeRoomsPrefix
 * → {'removed', extensionNode...} | {'busy'} | {'changed'}
 */
export const removeEmptyRoomLua = `
if redis.call('HLEN', KEYS[2]) > 0 then
  redis.call('ZREM', KEYS[4], ARGV[1])
  return {'busy'}
end
local cur = redis.call('HMGET', KEYS[1], 'node', 'epoch')
if cur[1] and (cur[1] ~= ARGV[2] or cur[2] ~= ARGV[3]) then return {'changed'} end
local out = {'removed'}
for _, f in ipairs(redis.call('HKEYS', KEYS[7])) do
  if string.sub(f, 1, 2) == 'n:' then
    local ext = string.sub(f, 3)
    out[#out + 1] = ext
    redis.call('SREM', ARGV[4] .. ext, ARGV[1])
    if redis.call('SCARD', ARGV[4] .. ext) == 0 then redis.call('SREM', KEYS[6], ext) end
    redis.call('ZREM', KEYS[8], ARGV[1] .. ' ' .. ext)
  end
end
redis.call('DEL', KEYS[1], KEYS[3], KEYS[7])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('SREM', KEYS[5], ARGV[1])
if redis.call('SCARD', KEYS[5]) == 0 then redis.call('SREM', KEYS[6], ARGV[2]) end
return out
`;
