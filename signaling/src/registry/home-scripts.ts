// Lua scripts of multi-node rooms (see room-homes.ts). A room's media spread lives in its roomMedia hash:
// `n:<node>` fields are extension nodes, `p:<peer>` fields say where each peer lives (node '' = its node
// was lost, a new home is due). A member of roomPeers without a `p:` field lives on the primary (the
// common single-node case writes nothing here). A `p:` entry counts while its peer is in roomPeers, or
// while it is younger than the pending window (a join between assignment and membership); older strays
// are pruned as they are met.

/** Shared helper: scans roomMedia. Returns extension nodes (list) and counted homes (peerId → node). */
const scan = `
local function scan(mediaKey, peersKey, now, pendingMs)
  local all = redis.call('HGETALL', mediaKey)
  local exts, homes = {}, {}
  for i = 1, #all, 2 do
    local f, v = all[i], all[i + 1]
    local tag = string.sub(f, 1, 2)
    if tag == 'n:' then
      exts[#exts + 1] = string.sub(f, 3)
    elseif tag == 'p:' then
      local pid = string.sub(f, 3)
      local sep = string.find(v, '|', 1, true)
      local node, at = string.sub(v, 1, sep - 1), tonumber(string.sub(v, sep + 1))
      if redis.call('HEXISTS', peersKey, pid) == 1 or at > now - pendingMs then
        homes[pid] = node
      else
        redis.call('HDEL', mediaKey, f)
      end
    end
  end
  return exts, homes
end
local function countOn(homes, node, except)
  local n = 0
  for pid, h in pairs(homes) do
    if h == node and pid ~= except then n = n + 1 end
  end
  return n
end
`;

/**
 * Picks the media node of a peer: its current home if still usable, else the least-loaded room node
 * under the per-node cap, else a new extension node (the first fresh candidate), else the least-loaded.
 * KEYS: room, roomPeers, roomMedia, nodesInUse, emptyExtensions
 * ARGV: roomId, peerId, expectedEpoch, now, maxPerNode, pendingMs, nodeRoomsPrefix, json {dead, full, candidates}
 * → {'home', node, extended('1'|'0')} | {'retry'} (room moved or gone) | {'none'}
 */
export const assignHomeLua = `${scan}
local cur = redis.call('HMGET', KEYS[1], 'node', 'epoch')
if not cur[1] or cur[2] ~= ARGV[3] then return {'retry'} end
local now, max, peerId = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[2]
local o = cjson.decode(ARGV[8])
local dead, full = {}, {}
for _, n in ipairs(o.dead) do dead[n] = true end
for _, n in ipairs(o.full) do full[n] = true end
local exts, homes = scan(KEYS[3], KEYS[2], now, tonumber(ARGV[6]))
local mine = homes[peerId]
for _, pid in ipairs(redis.call('HKEYS', KEYS[2])) do
  if not homes[pid] then homes[pid] = cur[1] end
end
local roomNodes = {cur[1]}
for _, n in ipairs(exts) do roomNodes[#roomNodes + 1] = n end
local inRoom = {}
for _, n in ipairs(roomNodes) do inRoom[n] = true end
if mine and inRoom[mine] and not dead[mine] then return {'home', mine, '0'} end
local best, bestCount, extended = nil, nil, '0'
for _, n in ipairs(roomNodes) do
  local c = countOn(homes, n, peerId)
  if not dead[n] and not full[n] and c < max and (not best or c < bestCount) then best, bestCount = n, c end
end
if not best then
  for _, n in ipairs(o.candidates) do
    if not inRoom[n] and not dead[n] and not full[n] then
      best, extended = n, '1'
      redis.call('HSET', KEYS[3], 'n:' .. n, ARGV[4])
      redis.call('SADD', ARGV[7] .. n, ARGV[1])
      redis.call('SADD', KEYS[4], n)
      break
    end
  end
end
if not best then
  for _, n in ipairs(roomNodes) do
    local c = countOn(homes, n, peerId)
    if not dead[n] and (not best or c < bestCount) then best, bestCount = n, c end
  end
end
if not best then return {'none'} end
redis.call('HSET', KEYS[3], 'p:' .. peerId, best .. '|' .. ARGV[4])
redis.call('ZREM', KEYS[5], ARGV[1] .. ' ' .. best)
return {'home', best, extended}
`;

/**
 * A peer left: forget its home; an extension node left without peers starts its grace period.
 * KEYS: roomPeers, roomMedia, emptyExtensions. ARGV: roomId, peerId, now, graceMs, pendingMs
 * → 1 when an extension became empty, else 0
 */
export const releaseHomeLua = `${scan}
local v = redis.call('HGET', KEYS[2], 'p:' .. ARGV[2])
if not v then return 0 end
redis.call('HDEL', KEYS[2], 'p:' .. ARGV[2])
local node = string.sub(v, 1, string.find(v, '|', 1, true) - 1)
if redis.call('HEXISTS', KEYS[2], 'n:' .. node) == 0 then return 0 end
local _, homes = scan(KEYS[2], KEYS[1], tonumber(ARGV[3]), tonumber(ARGV[5]))
if countOn(homes, node, nil) > 0 then return 0 end
redis.call('ZADD', KEYS[3], tonumber(ARGV[3]) + tonumber(ARGV[4]), ARGV[1] .. ' ' .. node)
return 1
`;

/**
 * Removes an extension node whose grace period is over, if it still has no peers.
 * KEYS: room, roomPeers, roomMedia, emptyExtensions, nodeRooms(node), nodesInUse
 * ARGV: roomId, node, now, pendingMs
 * → {'removed', epoch} | {'busy'} | {'gone'}
 */
export const removeExtensionLua = `${scan}
redis.call('ZREM', KEYS[4], ARGV[1] .. ' ' .. ARGV[2])
local cur = redis.call('HMGET', KEYS[1], 'node', 'epoch')
if not cur[1] or redis.call('HEXISTS', KEYS[3], 'n:' .. ARGV[2]) == 0 then return {'gone'} end
local _, homes = scan(KEYS[3], KEYS[2], tonumber(ARGV[3]), tonumber(ARGV[4]))
if countOn(homes, ARGV[2], nil) > 0 then return {'busy'} end
redis.call('HDEL', KEYS[3], 'n:' .. ARGV[2])
redis.call('SREM', KEYS[5], ARGV[1])
if redis.call('SCARD', KEYS[5]) == 0 then redis.call('SREM', KEYS[6], ARGV[2]) end
return {'removed', cur[2]}
`;

/**
 * Takes a lost node out of a multi-node room at the same epoch: only the peers that lived there are
 * re-homed (their homes and producers are dropped). A lost primary hands over to the survivor with the
 * fewest peers. Exactly one caller gets 'dropped'.
 * KEYS: room, roomPeers, roomMedia, roomProducers, nodeRooms(lost), nodesInUse, emptyExtensions
 * ARGV: roomId, lostNode, now, pendingMs
 * → {'dropped', primary, epoch, peerCount, peerIds..., '<producerId> <peerId>'...} | {'single'} | {'absent'} | {'gone'}
 */
export const dropNodeLua = `${scan}
local cur = redis.call('HMGET', KEYS[1], 'node', 'epoch')
if not cur[1] then return {'gone'} end
local lost = ARGV[2]
local exts, homes = scan(KEYS[3], KEYS[2], tonumber(ARGV[3]), tonumber(ARGV[4]))
local isPrimary = cur[1] == lost
local isExt = redis.call('HEXISTS', KEYS[3], 'n:' .. lost) == 1
if not isPrimary and not isExt then return {'absent'} end
if isPrimary and #exts == 0 then return {'single'} end
-- Members without a home live on the primary.
for _, pid in ipairs(redis.call('HKEYS', KEYS[2])) do
  if not homes[pid] then homes[pid] = cur[1] end
end
local primary = cur[1]
if isPrimary then
  local best, bestCount = nil, nil
  for _, n in ipairs(exts) do
    local c = countOn(homes, n, nil)
    if not best or c < bestCount then best, bestCount = n, c end
  end
  primary = best
  redis.call('HSET', KEYS[1], 'node', best)
  redis.call('HDEL', KEYS[3], 'n:' .. best)
  redis.call('ZREM', KEYS[7], ARGV[1] .. ' ' .. best)
else
  redis.call('HDEL', KEYS[3], 'n:' .. lost)
  redis.call('ZREM', KEYS[7], ARGV[1] .. ' ' .. lost)
end
local peers, gone = {}, {}
for pid, h in pairs(homes) do
  if h == lost then
    peers[#peers + 1] = pid
    gone[pid] = true
    redis.call('HSET', KEYS[3], 'p:' .. pid, '|' .. ARGV[3])
  end
end
local producers = {}
local all = redis.call('HGETALL', KEYS[4])
for i = 1, #all, 2 do
  local ok, info = pcall(cjson.decode, all[i + 1])
  if ok and gone[info.peerId] then
    redis.call('HDEL', KEYS[4], all[i])
    producers[#producers + 1] = all[i] .. ' ' .. info.peerId
  end
end
redis.call('SREM', KEYS[5], ARGV[1])
if redis.call('SCARD', KEYS[5]) == 0 then redis.call('SREM', KEYS[6], lost) end
local out = {'dropped', primary, cur[2], tostring(#peers)}
for _, p in ipairs(peers) do out[#out + 1] = p end
for _, p in ipairs(producers) do out[#out + 1] = p end
return out
`;
