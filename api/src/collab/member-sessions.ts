// Closes live co-editing connections on every node, for three reasons:
// - a workspace member's role changed or the member was removed (some documents of one user): the close
//   code is transient on purpose, the client reconnects, then gets its new role, or 4403;
// - a sign-in session ended (logout, a reused refresh token): the connections opened with its tokens;
// - the user was signed out everywhere (password reset): all of the user's connections.
// A signed-out connection gets 4401: the client refreshes its token, which fails for a dead session.
// Nodes relay each request over one Redis pub/sub channel (a node skips its own messages).
//
// Wiring (src/collab): CollabService creates one MemberSessions with its Redis connection, calls
// track(doc.id, user.userId, conn, user) for each started connection and the returned function from
// onClosed, close() on shutdown; the plugin decorates closeUserSessions, closeSession and closeUser.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';

/** Sent to a user whose membership changed: reconnect and be authorised again (outside 4400-4499). */
export const MEMBERSHIP_CHANGED_CLOSE_CODE = 4001;
/** Sent to a connection of an ended session: authenticate again (CloseCode.unauthenticated). */
export const SIGNED_OUT_CLOSE_CODE = 4401;
/** How long an ended session or user is remembered, for connections admitted while the close went round. */
const ENDED_RETAIN_MS = 60_000;
/**
 * A user's connection whose token was checked up to this long after their sign-out was heard here is closed
 * too: the denylist arrives on another channel and may trail the close by a moment. A new session caught by
 * it just refreshes its token and reconnects.
 */
const USER_SIGN_OUT_GRACE_MS = 2_000;

export interface ClosablePeer {
  close(code: number, reason: string): void;
}

/** The sign-in behind a connection: its session (the token's sid; null for tokens without one) and when it was checked. */
export interface PeerSession {
  sessionId: string | null;
  /** ms since the epoch when the token was verified. */
  authenticatedAt: number;
}

// Redis messages are parsed, not trusted: older nodes send the first shape (no kind).
const reason = z.string().max(200);
const messageSchema = z.union([
  z.object({ node: z.string(), kind: z.literal('session'), sessionId: z.string().min(1), reason }),
  z.object({ node: z.string(), kind: z.literal('user'), userId: z.string().min(1), reason }),
  z.object({ node: z.string(), kind: z.undefined().optional(), userId: z.string().min(1), documentIds: z.array(z.string()).max(100_000), reason }),
]);
type Message = z.infer<typeof messageSchema>;

type Index = Map<string, Set<ClosablePeer>>;

function add(index: Index, key: string, peer: ClosablePeer): void {
  const peers = index.get(key) ?? new Set<ClosablePeer>();
  index.set(key, peers);
  peers.add(peer);
}

function remove(index: Index, key: string, peer: ClosablePeer): void {
  const peers = index.get(key);
  peers?.delete(peer);
  if (peers?.size === 0) index.delete(key);
}

function closeAll(peers: Set<ClosablePeer> | undefined, code: number, reason: string): void {
  for (const peer of [...(peers ?? [])]) peer.close(code, reason);
}

export class MemberSessions {
  /** documentId => userId => this node's connections of that user on that document. */
  readonly #byDoc = new Map<string, Index>();
  /** sessionId => this node's connections opened with that session's tokens. */
  readonly #bySession: Index = new Map();
  /** userId => this node's connections of that user. */
  readonly #byUser: Index = new Map();
  /** "s:<sessionId>" or "u:<userId>" => ms when its end was heard here (insertion order = time order). */
  readonly #ended = new Map<string, number>();
  readonly #node = randomBytes(6).toString('hex');
  readonly #redis: Redis;
  readonly #subscriber: Redis;
  readonly #channel: string;
  readonly #log: Logger;

  /** `channel` should carry the collab key prefix, so separate deployments on one Redis stay apart. */
  constructor(redis: Redis, channel: string, log: Logger) {
    this.#redis = redis;
    this.#channel = channel;
    this.#log = log;
    this.#subscriber = redis.duplicate({ commandTimeout: undefined });
    this.#subscriber.on('message', (_channel: string, raw: string) => this.#handleMessage(raw));
    this.#subscriber.on('error', (err: Error) => log.warn({ err: err.message }, 'member sessions subscriber error'));
    this.#subscriber.subscribe(channel).catch((err) => log.error({ err }, 'member sessions not subscribed'));
  }

  /** Resolves once the channel is followed (tests, and nodes that must not miss a close). */
  async ready(): Promise<void> {
    await this.#subscriber.subscribe(this.#channel);
  }

  /**
   * Records a live connection; call the returned function when it closes. A connection of a session (or
   * user) that ended while it was being admitted is closed at once (4401).
   */
  track(documentId: string, userId: string, peer: ClosablePeer, session?: PeerSession): () => void {
    const users = this.#byDoc.get(documentId) ?? new Map<string, Set<ClosablePeer>>();
    this.#byDoc.set(documentId, users);
    add(users, userId, peer);
    add(this.#byUser, userId, peer);
    const sessionId = session?.sessionId ?? null;
    if (sessionId) add(this.#bySession, sessionId, peer);
    if (session && this.#endedBefore(userId, session)) peer.close(SIGNED_OUT_CLOSE_CODE, 'signed out');
    return () => {
      remove(users, userId, peer);
      if (users.size === 0) this.#byDoc.delete(documentId);
      remove(this.#byUser, userId, peer);
      if (sessionId) remove(this.#bySession, sessionId, peer);
    };
  }

  /** Closes the user's sessions on these documents here and on every other node. */
  async closeUserSessions(userId: string, documentIds: string[], reason = 'membership changed'): Promise<void> {
    this.#closeMember(userId, documentIds, reason);
    await this.#publish({ node: this.#node, userId, documentIds, reason });
  }

  /** Closes every connection of one sign-in session (logout), here and on every other node. */
  async closeSession(sessionId: string, reason = 'signed out'): Promise<void> {
    this.#closeSession(sessionId, reason);
    await this.#publish({ node: this.#node, kind: 'session', sessionId, reason });
  }

  /** Closes every connection of the user (signed out everywhere), here and on every other node. */
  async closeUser(userId: string, reason = 'signed out everywhere'): Promise<void> {
    this.#closeUser(userId, reason);
    await this.#publish({ node: this.#node, kind: 'user', userId, reason });
  }

  async close(): Promise<void> {
    this.#subscriber.disconnect();
  }

  async #publish(message: Message): Promise<void> {
    await this.#redis.publish(this.#channel, JSON.stringify(message));
  }

  #closeMember(userId: string, documentIds: string[], reason: string): void {
    for (const documentId of documentIds) {
      closeAll(this.#byDoc.get(documentId)?.get(userId), MEMBERSHIP_CHANGED_CLOSE_CODE, reason);
    }
  }

  #closeSession(sessionId: string, reason: string): void {
    this.#markEnded(`s:${sessionId}`);
    closeAll(this.#bySession.get(sessionId), SIGNED_OUT_CLOSE_CODE, reason);
  }

  #closeUser(userId: string, reason: string): void {
    this.#markEnded(`u:${userId}`);
    closeAll(this.#byUser.get(userId), SIGNED_OUT_CLOSE_CODE, reason);
  }

  #markEnded(key: string): void {
    const now = Date.now();
    for (const [old, at] of this.#ended) {
      if (at > now - ENDED_RETAIN_MS) break;
      this.#ended.delete(old);
    }
    this.#ended.delete(key);
    this.#ended.set(key, now);
  }

  /** An ended session never comes back; a user signed out everywhere may sign in again afterwards. */
  #endedBefore(userId: string, session: PeerSession): boolean {
    const since = Date.now() - ENDED_RETAIN_MS;
    if (session.sessionId && (this.#ended.get(`s:${session.sessionId}`) ?? 0) > since) return true;
    const userEnded = this.#ended.get(`u:${userId}`) ?? 0;
    return userEnded > since && session.authenticatedAt <= userEnded + USER_SIGN_OUT_GRACE_MS;
  }

  #handleMessage(raw: string): void {
    try {
      const parsed = messageSchema.safeParse(JSON.parse(raw));
      if (!parsed.success) {
        this.#log.warn({ issue: parsed.error.issues[0]?.message }, 'member sessions message refused');
        return;
      }
      const m = parsed.data;
      if (m.node === this.#node) return;
      if (m.kind === 'session') this.#closeSession(m.sessionId, m.reason);
      else if (m.kind === 'user') this.#closeUser(m.userId, m.reason);
      else this.#closeMember(m.userId, m.documentIds, m.reason);
    } catch (err) {
      this.#log.warn({ err }, 'member sessions message dropped');
    }
  }
}
