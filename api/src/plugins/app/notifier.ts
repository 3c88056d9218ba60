// Live notifications: `user-event` {type, data} into the user's socket.io room, through the
// redis emitter, so whichever signaling node holds the user's sockets delivers it.
import type { Emitter } from '@socket.io/redis-emitter';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { UserEventData, UserEventType } from '../../contract/people.js';
import { presenceRoom, sessionRoom, userRoom } from '../../keys.js';

/** Closes co-editing connections on every api node (collab-wiring.ts); nothing to close without collab. */
export interface EditorSessions {
  closeSession(sessionId: string): Promise<void>;
  closeUser(userId: string): Promise<void>;
}

const NO_EDITORS: EditorSessions = { closeSession: async () => {}, closeUser: async () => {} };

export class Notifier {
  constructor(
    private readonly emitter: Emitter,
    private readonly editors: EditorSessions = NO_EDITORS,
  ) {}

  send<T extends UserEventType>(userIds: string | string[], type: T, data: UserEventData<T>): void {
    const rooms = (Array.isArray(userIds) ? userIds : [userIds]).map(userRoom);
    this.emitter.to(rooms).emit('user-event', { type, data });
  }

  /**
   * Signed out everywhere (password reset): every live socket of the user, signaling and co-editing, is
   * closed, whatever node holds it; its reconnect presents a denied token.
   */
  async disconnectUser(userId: string): Promise<void> {
    this.emitter.in(userRoom(userId)).disconnectSockets(true);
    await this.editors.closeUser(userId);
  }

  /** Logout: the sockets opened with the session's tokens, signaling and co-editing, are closed on every node. */
  async disconnectSession(sessionId: string): Promise<void> {
    this.emitter.in(sessionRoom(sessionId)).disconnectSockets(true);
    await this.editors.closeSession(sessionId);
  }

  /** After an unfriend: both users' sockets stop receiving each other's presence at once. */
  endPresence(a: string, b: string): void {
    this.emitter.in(userRoom(a)).socketsLeave(presenceRoom(b));
    this.emitter.in(userRoom(b)).socketsLeave(presenceRoom(a));
  }
}

/**
 * What the emitter publishes through. The emitter never awaits its PUBLISH, so a failure (Redis away)
 * would surface as an unhandled rejection and kill the process: it is logged here instead.
 * Live notifications are best effort; the data behind them is already stored.
 * Publishes made in one turn of the event loop (e.g. several chat sends answered together) leave in one
 * pipeline, in order, at the end of that turn: one socket write instead of one per message.
 */
export function safePublisher(redis: Redis, log: () => FastifyBaseLogger) {
  let queue: Array<[string, Buffer | string]> = [];
  const failed = (err: unknown) => log().warn({ err }, 'live notification not published');
  const flush = () => {
    const batch = queue;
    queue = [];
    const pipeline = redis.pipeline();
    for (const [channel, message] of batch) pipeline.publish(channel, message);
    pipeline.exec().then((results) => {
      const err = results?.find(([e]) => e)?.[0];
      if (err) failed(err);
    }, failed);
  };
  return {
    publish(channel: string, message: Buffer | string): Promise<number> {
      if (queue.length === 0) setImmediate(flush);
      queue.push([channel, message]);
      return Promise.resolve(0);
    },
  };
}
