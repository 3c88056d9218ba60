// Friend ids per user in Redis (`friends:<id>` sets), so signaling shows presence to friends only
// without a database. MariaDB stays the source of truth: an empty Redis is refilled from it.
import type { Redis } from 'ioredis';
import type { Db } from '../../db/database.js';
import { keys } from '../../keys.js';

const SYNC_BATCH = 2_000;

export class FriendSets {
  constructor(
    private readonly db: Db,
    private readonly redis: Redis,
  ) {}

  async add(a: string, b: string): Promise<void> {
    await this.redis.multi().sadd(keys.friendSet(a), b).sadd(keys.friendSet(b), a).exec();
  }

  async remove(a: string, b: string): Promise<void> {
    await this.redis.multi().srem(keys.friendSet(a), b).srem(keys.friendSet(b), a).exec();
  }

  /** Refills every set from MariaDB unless Redis still holds the marker of a finished fill. */
  async syncIfNeeded(): Promise<boolean> {
    if (await this.redis.exists(keys.friendSetsSynced)) return false;
    let after = { user_id: '', friend_id: '' };
    for (;;) {
      const rows = await this.db
        .selectFrom('friendships')
        .select(['user_id', 'friend_id'])
        .where((eb) =>
          eb.or([eb('user_id', '>', after.user_id), eb.and([eb('user_id', '=', after.user_id), eb('friend_id', '>', after.friend_id)])]),
        )
        .orderBy('user_id')
        .orderBy('friend_id')
        .limit(SYNC_BATCH)
        .execute();
      if (rows.length === 0) break;
      const pipe = this.redis.pipeline();
      for (const r of rows) pipe.sadd(keys.friendSet(r.user_id), r.friend_id);
      await pipe.exec();
      after = rows[rows.length - 1]!;
    }
    await this.redis.set(keys.friendSetsSynced, '1');
    return true;
  }
}
