// The access-token denylist, held in memory on every node so a request costs no Redis round trip.
// Redis stays the source of truth (signaling reads the same keys): a revocation is SET there, then
// published; every node follows the channel (channel-follower.ts) and loads the existing keys whenever
// its subscription (re)starts. While a node is not following the channel it asks Redis per request and
// fails closed.
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { AppError } from '../../errors.js';
import { keys } from '../../keys.js';
import { ChannelFollower } from './channel-follower.js';

const SWEEP_MS = 60_000;
const SCAN_COUNT = 1000;

export class RevocationList {
  /** jti => ms until which it is denied (the token's own expiry). */
  readonly #denied = new Map<string, number>();
  readonly #redis: Redis;
  readonly #follower: ChannelFollower;
  readonly #prefix: string;
  readonly #sweep: NodeJS.Timeout;

  constructor(redis: Redis, log: () => FastifyBaseLogger) {
    this.#redis = redis;
    // ioredis prefixes keys but not SCAN patterns: those get the prefix by hand.
    this.#prefix = redis.options.keyPrefix ?? '';
    this.#follower = new ChannelFollower(
      redis,
      keys.revocationChannel,
      'revocations',
      { onMessage: (message) => this.#handleMessage(message), onSubscribed: () => this.#load() },
      log,
    );
    this.#sweep = setInterval(() => this.#dropExpired(), SWEEP_MS).unref();
  }

  /** The subscriber connection; exposed so tests can cut it. */
  get subscriber(): Redis {
    return this.#follower.subscriber;
  }

  /** True while the in-memory list is complete (subscribed and loaded). */
  get synced(): boolean {
    return this.#follower.synced;
  }

  /** Whether the in-memory list denies it; null while that list is not complete (ask isRevoked). */
  revokedNow(jti: string): boolean | null {
    return this.#follower.synced ? (this.#denied.get(jti) ?? 0) > Date.now() : null;
  }

  async isRevoked(jti: string): Promise<boolean> {
    if (this.#follower.synced) return (this.#denied.get(jti) ?? 0) > Date.now();
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
    await this.#follower.publish(`${jti} ${untilMs}`);
  }

  async close(): Promise<void> {
    clearInterval(this.#sweep);
    this.#follower.close();
  }

  #handleMessage(message: string): void {
    const [jti, until] = message.split(' ');
    const untilMs = Number(until);
    if (jti && Number.isFinite(untilMs)) this.#denied.set(jti, untilMs);
  }

  /** Loads every revoked key; run by the follower after each (re)subscription. */
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
