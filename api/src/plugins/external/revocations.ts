// The access-token denylist, held in memory on every node so a request costs no Redis round trip.
// Redis stays the source of truth (signaling reads the same keys): a revocation is SET there, then
// published; every node follows the channel and loads the existing keys whenever its subscription
// (re)starts. While a node is not following the channel it asks Redis per request and fails closed.
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { AppError } from '../../errors.js';
import { keys } from '../../keys.js';

const SWEEP_MS = 60_000;
const SCAN_COUNT = 1000;
const RETRY_MS = 1000;

export class RevocationList {
  /** jti => ms until which it is denied (the token's own expiry). */
  readonly #denied = new Map<string, number>();
  readonly #redis: Redis;
  /** A duplicate connection in subscriber mode; exposed so tests can cut it. */
  readonly subscriber: Redis;
  readonly #prefix: string;
  readonly #channel: string;
  readonly #log: () => FastifyBaseLogger;
  readonly #sweep: NodeJS.Timeout;
  #synced = false;
  #generation = 0;

  constructor(redis: Redis, log: () => FastifyBaseLogger) {
    this.#redis = redis;
    this.#log = log;
    // ioredis prefixes keys but not channels or SCAN patterns: both get the prefix by hand.
    this.#prefix = redis.options.keyPrefix ?? '';
    this.#channel = `${this.#prefix}${keys.revocationChannel}`;
    this.subscriber = redis.duplicate({ enableOfflineQueue: false, commandTimeout: undefined });
    this.subscriber.on('message', (_channel: string, message: string) => this.#handleMessage(message));
    this.subscriber.on('ready', () => void this.#follow());
    this.subscriber.on('close', () => {
      this.#synced = false;
    });
    this.subscriber.on('error', (err: Error) => this.#log().warn({ err: err.message }, 'revocation subscriber error'));
    this.#sweep = setInterval(() => this.#dropExpired(), SWEEP_MS).unref();
  }

  /** True while the in-memory list is complete (subscribed and loaded). */
  get synced(): boolean {
    return this.#synced;
  }

  async isRevoked(jti: string): Promise<boolean> {
    if (this.#synced) return (this.#denied.get(jti) ?? 0) > Date.now();
    // Fail closed: without the denylist a logged-out token cannot be told apart from a live one.
    try {
      return (await this.#redis.exists(keys.revokedJti(jti))) > 0;
    } catch {
      throw new AppError('service_unavailable', 503, 'Sign-in is briefly unavailable; try again shortly');
    }
  }

  /** Denies the token until `exp` (seconds) on every node; resolves once Redis holds it. */
  async revoke(jti: string, exp: number): Promise<void> {
    const untilMs = exp * 1000;
    const ttl = Math.max(1, Math.ceil((untilMs - Date.now()) / 1000));
    await this.#redis.set(keys.revokedJti(jti), '1', 'EX', ttl);
    this.#denied.set(jti, untilMs);
    await this.#redis.publish(this.#channel, `${jti} ${untilMs}`);
  }

  async close(): Promise<void> {
    clearInterval(this.#sweep);
    this.#synced = false;
    this.subscriber.disconnect();
  }

  #handleMessage(message: string): void {
    const [jti, until] = message.split(' ');
    const untilMs = Number(until);
    if (jti && Number.isFinite(untilMs)) this.#denied.set(jti, untilMs);
  }

  /** Subscribes, then loads every revoked key; messages arriving meanwhile are kept too. */
  async #follow(): Promise<void> {
    const generation = ++this.#generation;
    try {
      await this.subscriber.subscribe(this.#channel);
      await this.#load();
      if (generation === this.#generation && this.subscriber.status === 'ready') this.#synced = true;
    } catch (err) {
      this.#log().warn({ err }, 'revocation list not loaded; checking Redis per request');
      // Retried while the subscription holds; a reconnect starts over by itself.
      const retry = setTimeout(() => {
        if (generation === this.#generation && this.subscriber.status === 'ready') void this.#follow();
      }, RETRY_MS);
      retry.unref();
    }
  }

  async #load(): Promise<void> {
    const match = `${this.#prefix}${keys.revokedJti('*')}`;
    const start = this.#prefix.length + keys.revokedJti('').length;
    let cursor = '0';
    do {
      const [next, found] = await this.#redis.scan(cursor, 'MATCH', match, 'COUNT', SCAN_COUNT);
      cursor = next;
      if (found.length === 0) continue;
      const pipeline = this.#redis.pipeline();
      for (const key of found) pipeline.pttl(key.slice(this.#prefix.length));
      const ttls = (await pipeline.exec()) ?? [];
      const now = Date.now();
      found.forEach((key, i) => {
        const ttl = Number(ttls[i]?.[1] ?? -2);
        // -1: a key without expiry (not ours, but deny it): keep it a day, it is reloaded on resync anyway.
        if (ttl > 0 || ttl === -1) this.#denied.set(key.slice(start), now + (ttl > 0 ? ttl : 86_400_000));
      });
    } while (cursor !== '0');
  }

  #dropExpired(): void {
    const now = Date.now();
    for (const [jti, until] of this.#denied) if (until <= now) this.#denied.delete(jti);
  }
}
