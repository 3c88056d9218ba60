// Every Redis key signaling reads or writes, with the shape of its data.
// `prefix` (REDIS_KEY_PREFIX, default 'coope:') isolates a cluster or a test file. Keys shared with the api
// use `sharedPrefix` (SHARED_KEY_PREFIX, default '') so they match the api's unprefixed names.
export function signalingKeys(prefix: string, sharedPrefix = '') {
  const p = `${prefix}sig:`;
  return {
    /** string counter: the last fencing epoch handed out (global, so a room's epoch never goes back). */
    epochSeq: () => `${p}epoch-seq`,
    /** hash {node, epoch, placedAt}: where a room's media lives now. */
    room: (roomId: string) => `${p}room:${roomId}`,
    /** hash peerId => JSON {userId, name}: the call's peers (any signaling node). */
    roomPeers: (roomId: string) => `${p}room:${roomId}:peers`,
    /** hash producerId => JSON {peerId, kind, source, paused}: the call's producers at the current epoch. */
    roomProducers: (roomId: string) => `${p}room:${roomId}:producers`,
    /**
     * hash of a room's media spread: `n:<mediaNodeId>` => ms added (extension nodes beside the primary),
     * `p:<peerId>` => `<mediaNodeId>|<ms assigned>` (the media node each peer lives on).
     */
    roomMedia: (roomId: string) => `${p}room:${roomId}:media`,
    /** zset `<roomId> <mediaNodeId>` => ms deadline: extension nodes without peers, removed after the grace period. */
    emptyExtensions: () => `${p}empty-extensions`,
    /** set of roomIds placed on one media node, as primary or extension (what to move when it dies). */
    nodeRooms: (mediaNodeId: string) => `${p}node-rooms:${mediaNodeId}`,
    /** set of media node ids that hold at least one room (the slow-path sweeper walks it). */
    nodesInUse: () => `${p}nodes-in-use`,
    /** string, TTL = the drain window: the one signaling node that staggers a draining media node's room moves. */
    drainClaim: (mediaNodeId: string, deadline: number) => `${p}drain:${mediaNodeId}:${deadline}`,
    /** string counter, TTL 2 s: rooms placed on a media node during one second (burst cap). */
    placements: (mediaNodeId: string, second: number) => `${p}placements:${mediaNodeId}:${second}`,
    /** zset roomId => ms deadline: empty rooms whose registry entry goes after the grace period. */
    emptyRooms: () => `${p}empty-rooms`,
    /** hash: one peer's resumable session (room, user, owner socket, epoch, media entity ids; see peer-session.ts). */
    peer: (peerId: string) => `${p}peer:${peerId}`,
    /** zset peerId => ms deadline: sessions closed by any node's sweeper once their deadline passes. */
    peerDeadlines: () => `${p}peer-deadlines`,
    /** string peerId: the user's live peer in one call (multi-device conflict detection). */
    userCall: (userId: string, roomId: string) => `${p}user-call:${userId}:${roomId}`,
    /** hash {roomId, userId, oldPeerId, node}, TTL = conflict timeout: a pending session conflict. */
    conflict: (conflictId: string) => `${p}conflict:${conflictId}`,
    /** zset userId => ms: users whose presence must be re-checked at that time (grace end, lost node). */
    presenceCheck: () => `${p}presence-check`,
    /**
     * Shared with the api. zset member `<node>/<socketId>` (or `grace`) => ms expiry: a user's live sockets.
     * The user is online while the key exists (`EXISTS`; Redis deletes empty zsets).
     */
    presenceUser: (userId: string) => `${sharedPrefix}presence:user:${userId}`,
    /** Written by the api: set of the user's friend ids. Presence is only shown to friends. */
    friendSet: (userId: string) => `${sharedPrefix}friends:${userId}`,
    /** Shared with the api: pub/sub channel, message JSON {userId, online}, one per online/offline change. */
    presenceChanged: () => `${sharedPrefix}presence-changed`,
    /** Written by the api: string "1" with TTL = the token's remaining life, for a revoked jti. */
    revokedJti: (jti: string) => `${sharedPrefix}revoked:jti:${jti}`,
  };
}

export type SignalingKeys = ReturnType<typeof signalingKeys>;
