// Live notifications: `user-event` {type, data} into the user's socket.io room, through the
// redis emitter, so whichever signaling node holds the user's sockets delivers it.
import type { Emitter } from '@socket.io/redis-emitter';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { UserEventData, UserEventType } from '../../contract/people.js';
import { userRoom } from '../../keys.js';

export class Notifier {
  constructor(private readonly emitter: Emitter) {}

  send<T extends UserEventType>(userIds: string | string[], type: T, data: UserEventData<T>): void {
    const rooms = (Array.isArray(userIds) ? userIds : [userIds]).map(userRoom);
    this.emitter.to(rooms).emit('user-event', { type, data });
  }
}

/**
 * What the emitter publishes through. The emitter never awaits its PUBLISH, so a failure (Redis away)
 * would surface as an unhandled rejection and kill the process: it is logged here instead.
 * Live notifications are best effort; the data behind them is already stored.
 */
export function safePublisher(redis: Redis, log: () => FastifyBaseLogger) {
  return {
    publish(channel: string, message: Buffer | string): Promise<number> {
      return redis.publish(channel, message).catch((err: unknown) => {
        log().warn({ err }, 'live notification not published');
        return 0;
      });
    },
  };
}
