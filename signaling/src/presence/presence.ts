// Presence: a user is online while they have a socket anywhere in the cluster, and until a grace
// period after the last one closed. Changes are published on `presence-changed` (for the api) and
// emitted to `presence:<userId>`, the room that friends' sockets join through subscribePresence
// (only friends may join it: the api keeps a friend set per user, and removes both sides on unfriend).
import type { Redis } from 'ioredis';
import { socketRooms } from '../ids.js';
import type { SignalingKeys } from '../keys.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { claimDueMembers, LuaScript } from '../redis/lua-script.js';
import type { RedisHealth } from '../redis/redis-clients.js';
import type { ClusterBus } from '../transport/cluster-bus.js';
import { checkUserLua, socketOfflineLua, socketOnlineLua } from './presence-scripts.js';

const online = new LuaScript(socketOnlineLua);
const offline = new LuaScript(socketOfflineLua);
const check = new LuaScript(checkUserLua);

export interface PresenceDeps {
  redis: Redis;
  redisHealth: RedisHealth;
  keys: SignalingKeys;
  bus: ClusterBus;
  metrics: Metrics;
  log: Logger;
  nodeId: string;
  graceMs: number;
  /** Live sockets are refreshed this often; a socket of a dead node expires after 3 periods. */
  heartbeatMs: number;
}

export class Presence {
  readonly #d: PresenceDeps;
  /** socket id → user id, for this node's sockets. */
  readonly #sockets = new Map<string, string>();
  readonly #timers: NodeJS.Timeout[] = [];

  constructor(deps: PresenceDeps) {
    this.#d = deps;
  }

  start(): void {
    this.#timers.push(setInterval(() => void this.heartbeat().catch((e) => this.#failed('presence-heartbeat', e)), this.#d.heartbeatMs));
    this.#timers.push(setInterval(() => void this.sweep().catch((e) => this.#failed('presence-sweep', e)), 1_000));
    for (const t of this.#timers) t.unref();
  }

  stop(): void {
    for (const t of this.#timers) clearInterval(t);
  }

  async socketConnected(userId: string, socketId: string): Promise<void> {
    this.#sockets.set(socketId, userId);
    const k = this.#d.keys;
    const cameOnline = await online.run(this.#d.redis, [k.presenceUser(userId), k.presenceCheck()], [this.#member(socketId), this.#expiry(), userId]);
    if (cameOnline === 1) await this.#announce(userId, true);
  }

  async socketDisconnected(userId: string, socketId: string): Promise<void> {
    this.#sockets.delete(socketId);
    const k = this.#d.keys;
    await offline.run(this.#d.redis, [k.presenceUser(userId), k.presenceCheck()], [this.#member(socketId), Date.now() + this.#d.graceMs, userId]);
  }

  /** The ids among `userIds` that are `userId`'s friends (the api keeps the friend sets). */
  async friendsAmong(userId: string, userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const member = await this.#d.redis.smismember(this.#d.keys.friendSet(userId), ...userIds);
    return userIds.filter((_, i) => member[i] === 1);
  }

  async isOnline(userIds: readonly string[]): Promise<boolean[]> {
    if (userIds.length === 0) return [];
    const pipe = this.#d.redis.pipeline();
    for (const id of userIds) pipe.exists(this.#d.keys.presenceUser(id));
    const res = (await pipe.exec()) ?? [];
    return res.map(([err, n]) => !err && n === 1);
  }

  async heartbeat(): Promise<void> {
    if (!this.#d.redisHealth.up || this.#sockets.size === 0) return;
    const k = this.#d.keys;
    const expiry = this.#expiry();
    const pipe = this.#d.redis.pipeline();
    for (const [socketId, userId] of this.#sockets) {
      pipe.zadd(k.presenceUser(userId), expiry, this.#member(socketId));
      pipe.zadd(k.presenceCheck(), 'LT', expiry, userId);
    }
    await pipe.exec();
  }

  /** Users whose check time came: expired sockets are dropped; the last one gone means offline. */
  async sweep(): Promise<void> {
    const h = this.#d.redisHealth;
    if (!h.up || performance.now() - h.recoveredAt < 2 * this.#d.heartbeatMs) return;
    const k = this.#d.keys;
    const now = Date.now();
    for (const userId of await claimDueMembers(this.#d.redis, k.presenceCheck(), now, 5_000)) {
      if ((await check.run(this.#d.redis, [k.presenceUser(userId), k.presenceCheck()], [now, userId])) === 1) {
        await this.#announce(userId, false);
      }
    }
  }

  async #announce(userId: string, isOnline: boolean): Promise<void> {
    this.#d.metrics.presenceChanged(isOnline);
    this.#d.bus.toRoom(socketRooms.presence(userId), 'presence', { userId, online: isOnline });
    await this.#d.redis.publish(this.#d.keys.presenceChanged(), JSON.stringify({ userId, online: isOnline }));
  }

  #member(socketId: string): string {
    return `${this.#d.nodeId}/${socketId}`;
  }

  #expiry(): number {
    return Date.now() + 3 * this.#d.heartbeatMs;
  }

  #failed(loop: string, err: unknown): void {
    this.#d.metrics.backgroundError(loop);
    this.#d.log.debug({ err }, 'presence loop failed');
  }
}
