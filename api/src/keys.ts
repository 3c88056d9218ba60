// Every Redis key the api reads or writes, built in one place.
// Keys shared with signaling keep signaling's exact shapes (see signaling/src/keys.ts).
export const keys = {
  /** string "1", TTL = the access token's remaining life: a logged-out access token. Signaling reads it too. */
  revokedJti: (jti: string) => `revoked:jti:${jti}`,
  /** pub/sub channel, message "<jti> <ms until>": a revocation every api node adds to its in-memory list. */
  revocationChannel: 'revoked:jti',
  /**
   * Written by signaling (signaling/src/keys.ts): zset `<node>/<socketId>` => ms expiry of the user's
   * live sockets. The user is online while the key exists; Redis deletes empty zsets.
   */
  presenceUser: (userId: string) => `presence:user:${userId}`,
  /** set of friend ids; signaling reads it to show presence to friends only (signaling/src/keys.ts). */
  friendSet: (userId: string) => `friends:${userId}`,
  /** string "1": the friend sets were filled from MariaDB; absent after a Redis data loss, so they are refilled. */
  friendSetsSynced: 'friends:synced',
  /** JSON {verifier, nonce}, TTL 10 min: a pending OIDC login keyed by its state. */
  oidcState: (state: string) => `oidc:state:${state}`,
  /** string '1', TTL CALL_RING_MS: `callerId` rang `calleeId` for a DM call; a rejoin or reconnect meanwhile does not ring again. */
  callRinging: (callerId: string, calleeId: string) => `call:ringing:${callerId}:${calleeId}`,
  /** string userId, TTL 60 s: one-time code the web exchanges for tokens after OIDC. */
  oidcLoginCode: (code: string) => `oidc:code:${code}`,
  /** @fastify/rate-limit's namespace; it appends the client key. */
  rateLimitNamespace: 'ratelimit:',
} as const;

/** socket.io room of one user's sockets; the api emits there through the redis emitter. */
export const userRoom = (userId: string) => `user:${userId}`;

/** socket.io room of the sockets opened with one session's access tokens (the `sid` claim; signaling/src/ids.ts). */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/** socket.io room that a user's friends join for their presence (signaling/src/ids.ts). */
export const presenceRoom = (userId: string) => `presence:${userId}`;
