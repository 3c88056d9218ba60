// Follows one Redis pub/sub channel for an in-memory mirror (the revocation list, the document-list
// cache). `synced` is true only while the subscription holds and the mirror has caught up after the
// last (re)subscribe; callers must not trust their mirror otherwise. ioredis resubscribes by itself
// after a reconnect; each `ready` starts the catch-up again.
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';

const RETRY_MS = 1000;

export interface ChannelHandlers {
  onMessage(message: string): void;
  /** Runs after each (re)subscription, before `synced` turns true: load or drop what may be stale. */
  onSubscribed(): Promise<void>;
  /** The subscription dropped; messages may be missed until the next `onSubscribed`. */
  onLost?(): void;
}

export class ChannelFollower {
  /** A duplicate connection in subscriber mode; exposed so tests can cut it. */
  readonly subscriber: Redis;
  /** ioredis prefixes keys but not channels: the channel carries the prefix by hand. */
  readonly channel: string;
  readonly #redis: Redis;
  readonly #handlers: ChannelHandlers;
  readonly #log: () => FastifyBaseLogger;
  readonly #name: string;
  #synced = false;
  #generation = 0;

  constructor(redis: Redis, channel: string, name: string, handlers: ChannelHandlers, log: () => FastifyBaseLogger) {
    this.#redis = redis;
    this.#handlers = handlers;
    this.#log = log;
    this.#name = name;
    this.channel = `${redis.options.keyPrefix ?? ''}${channel}`;
    this.subscriber = redis.duplicate({ enableOfflineQueue: false, commandTimeout: undefined });
    this.subscriber.on('message', (_channel: string, message: string) => handlers.onMessage(message));
    this.subscriber.on('ready', () => void this.#follow());
    this.subscriber.on('close', () => this.#lost());
    this.subscriber.on('error', (err: Error) => this.#log().warn({ err: err.message, channel: name }, 'channel subscriber error'));
  }

  get synced(): boolean {
    return this.#synced;
  }

  /** Publishes on the channel through the main connection. */
  publish(message: string): Promise<number> {
    return this.#redis.publish(this.channel, message);
  }

  close(): void {
    this.#lost();
    this.subscriber.disconnect();
  }

  #lost(): void {
    this.#synced = false;
    this.#generation++;
    this.#handlers.onLost?.();
  }

  /** Subscribes, then catches up; messages arriving meanwhile are handled too. */
  async #follow(): Promise<void> {
    const generation = ++this.#generation;
    try {
      await this.subscriber.subscribe(this.channel);
      await this.#handlers.onSubscribed();
      if (generation === this.#generation && this.subscriber.status === 'ready') this.#synced = true;
    } catch (err) {
      this.#log().warn({ err, channel: this.#name }, 'channel mirror not synced; falling back to the source');
      // Retried while the subscription holds; a reconnect starts over by itself.
      const retry = setTimeout(() => {
        if (generation === this.#generation && this.subscriber.status === 'ready') void this.#follow();
      }, RETRY_MS);
      retry.unref();
    }
  }
}
