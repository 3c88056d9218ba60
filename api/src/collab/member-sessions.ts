// Closes one user's live sessions on some documents, on every node: when a workspace member's role
// changes or the member is removed, their open editors must reconnect and be authorised again.
// The close code is transient on purpose: the client reconnects, then gets its new role, or 4403.
// Nodes relay the request over one Redis pub/sub channel (a node skips its own messages).
//
// Wiring (src/collab, owned by the collab feature): CollabService creates one MemberSessions with its
// Redis connection, calls track(doc.id, user.userId, conn) for each admitted connection and the returned
// function from onClosed, close() on shutdown; the plugin decorates
// `closeUserSessions: (userId, documentIds, reason) => sessions.closeUserSessions(userId, documentIds, reason)`.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Sent to a user whose membership changed: reconnect and be authorised again (outside 4400-4499). */
export const MEMBERSHIP_CHANGED_CLOSE_CODE = 4001;

export interface ClosablePeer {
  close(code: number, reason: string): void;
}

interface Message {
  node: string;
  userId: string;
  documentIds: string[];
  reason: string;
}

export class MemberSessions {
  /** documentId => userId => this node's connections of that user on that document. */
  readonly #byDoc = new Map<string, Map<string, Set<ClosablePeer>>>();
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

  /** Records a live connection; call the returned function when it closes. */
  track(documentId: string, userId: string, peer: ClosablePeer): () => void {
    const users = this.#byDoc.get(documentId) ?? new Map<string, Set<ClosablePeer>>();
    this.#byDoc.set(documentId, users);
    const peers = users.get(userId) ?? new Set<ClosablePeer>();
    users.set(userId, peers);
    peers.add(peer);
    return () => {
      peers.delete(peer);
      if (peers.size === 0) users.delete(userId);
      if (users.size === 0) this.#byDoc.delete(documentId);
    };
  }

  /** Closes the user's sessions on these documents here and on every other node. */
  async closeUserSessions(userId: string, documentIds: string[], reason = 'membership changed'): Promise<void> {
    this.#closeLocal(userId, documentIds, reason);
    const message: Message = { node: this.#node, userId, documentIds, reason };
    await this.#redis.publish(this.#channel, JSON.stringify(message));
  }

  async close(): Promise<void> {
    this.#subscriber.disconnect();
  }

  #closeLocal(userId: string, documentIds: string[], reason: string): void {
    for (const documentId of documentIds) {
      const peers = this.#byDoc.get(documentId)?.get(userId);
      for (const peer of [...(peers ?? [])]) peer.close(MEMBERSHIP_CHANGED_CLOSE_CODE, reason);
    }
  }

  #handleMessage(raw: string): void {
    try {
      const m = JSON.parse(raw) as Message;
      if (m.node === this.#node || typeof m.userId !== 'string' || !Array.isArray(m.documentIds)) return;
      this.#closeLocal(m.userId, m.documentIds.map(String), String(m.reason ?? 'membership changed'));
    } catch (err) {
      this.#log.warn({ err }, 'member sessions message dropped');
    }
  }
}
