// Friend ids per user in Redis (`friends:<id>` sets), so signaling shows presence to friends only
// without a database. MariaDB stays the source of truth: an empty Redis is refilled from it.
import type { Redis } from 'ioredis';
import type { Db } from '../../db/database.js';
import { keys } from '../../keys.js';

const SYNC_BATCH = 2_000;

export interface FriendRow {
  user_id: string;
  friend_id: string;
}

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
    let after: FriendRow = { user_id: '', friend_id: '' };
    for (;;) {
      const rows = await this.readBatch(after);
      if (rows.length === 0) break;
      await this.writeBatch(rows);
      after = rows[rows.length - 1]!;
    }
    await this.redis.set(keys.friendSetsSynced, '1');
    return true;
  }

  /** Friendship rows after `after`, in key order. */
  readBatch(after: FriendRow, limit = SYNC_BATCH): Promise<FriendRow[]> {
    return this.db
      .selectFrom('friendships')
      .select(['user_id', 'friend_id'])
      .where((eb) =>
        eb.or([eb('user_id', '>', after.user_id), eb.and([eb('user_id', '=', after.user_id), eb('friend_id', '>', after.friend_id)])]),
      )
      .orderBy('user_id')
      .orderBy('friend_id')
      .limit(limit)
      .execute();
  }

  /**
   * Adds the rows, then takes back those that are gone from the database by now: an unfriend that
   * landed between our read and our add removed its pair before we re-added it (it deletes the row
   * first, then the set members), and the re-read sees its delete.
   */
  async writeBatch(rows: FriendRow[]): Promise<void> {
    const add = this.redis.pipeline();
    for (const r of rows) add.sadd(keys.friendSet(r.user_id), r.friend_id);
    await add.exec();
    const first = rows[0]!;
    const last = rows[rows.length - 1]!;
    const still = await this.db
      .selectFrom('friendships')
      .select(['user_id', 'friend_id'])
      .where((eb) =>
        eb.and([
          eb.or([eb('user_id', '>', first.user_id), eb.and([eb('user_id', '=', first.user_id), eb('friend_id', '>=', first.friend_id)])]),
          eb.or([eb('user_id', '<', last.user_id), eb.and([eb('user_id', '=', last.user_id), eb('friend_id', '<=', last.friend_id)])]),
        ]),
      )
      .execute();
    const present = new Set(still.map((r) => `${r.user_id} ${r.friend_id}`));
    const gone = rows.filter((r) => !present.has(`${r.user_id} ${r.friend_id}`));
    if (gone.length === 0) return;
    const take = this.redis.pipeline();
    for (const r of gone) take.srem(keys.friendSet(r.user_id), r.friend_id);
    await take.exec();
  }
}
