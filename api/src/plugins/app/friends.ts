// Friend requests and friendships. A friendship is two rows (one per direction) so lists are one index scan.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Friend, FriendRequest, Presence } from '../../contract/people.js';
import type { Db } from '../../db/database.js';
import type { FriendRequestStatus } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import { keys } from '../../keys.js';
import { FriendSets } from './friend-sets.js';

export const pairKey = (a: string, b: string) => [a, b].sort().join(':');

interface RequestRow {
  id: string;
  status: FriendRequestStatus;
  created_at: Date;
  from_id: string;
  from_name: string;
  from_avatar: string | null;
  to_id: string;
  to_name: string;
  to_avatar: string | null;
}

function toRequest(r: RequestRow): FriendRequest {
  return {
    id: r.id,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    from: { id: r.from_id, name: r.from_name, avatarUrl: r.from_avatar },
    to: { id: r.to_id, name: r.to_name, avatarUrl: r.to_avatar },
  };
}

interface Page {
  page: number;
  pageSize: number;
}

export class Friends {
  readonly sets: FriendSets;

  constructor(
    private readonly db: Db,
    private readonly redis: Redis,
  ) {
    this.sets = new FriendSets(db, redis);
  }

  #requests() {
    return this.db
      .selectFrom('friend_requests as r')
      .innerJoin('users as f', 'f.id', 'r.from_user_id')
      .innerJoin('users as t', 't.id', 'r.to_user_id')
      .select([
        'r.id', 'r.status', 'r.created_at', 'f.id as from_id', 'f.name as from_name', 'f.avatar_url as from_avatar',
        't.id as to_id', 't.name as to_name', 't.avatar_url as to_avatar',
      ]);
  }

  async getRequest(id: string): Promise<FriendRequest> {
    const r = await this.#requests().where('r.id', '=', id).executeTakeFirst();
    if (!r) throw notFound('Friend request');
    return toRequest(r);
  }

  async resolveUser(input: { userId?: string; email?: string }): Promise<string> {
    const q = this.db.selectFrom('users').select('id');
    const row = input.userId
      ? await q.where('id', '=', input.userId).executeTakeFirst()
      : await q.where('email', '=', input.email!.toLowerCase()).executeTakeFirst();
    if (!row) throw notFound('User');
    return row.id;
  }

  async send(fromId: string, toId: string): Promise<FriendRequest> {
    if (fromId === toId) throw new AppError('invalid_friend', 400, 'You cannot befriend yourself');
    if (await this.areFriends(fromId, toId)) throw new AppError('already_friends', 409, 'You are already friends');
    const id = randomUUID();
    try {
      await this.db
        .insertInto('friend_requests')
        .values({ id, from_user_id: fromId, to_user_id: toId, status: 'pending', pending_key: pairKey(fromId, toId) })
        .execute();
    } catch (err) {
      if ((err as { code?: string }).code === 'ER_DUP_ENTRY') {
        throw new AppError('request_pending', 409, 'A friend request between you is already pending');
      }
      throw err;
    }
    return this.getRequest(id);
  }

  /** Moves a pending request to `status`; only `actor` on the given side may do it. */
  async respond(id: string, actor: string, side: 'to' | 'from', status: FriendRequestStatus): Promise<FriendRequest> {
    let accepted: [string, string] | undefined;
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('friend_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      const owner = side === 'to' ? row?.to_user_id : row?.from_user_id;
      if (!row || owner !== actor) throw notFound('Friend request');
      if (row.status !== 'pending') throw new AppError('request_closed', 409, 'This request was already answered');
      await trx.updateTable('friend_requests').set({ status, pending_key: null, responded_at: new Date() }).where('id', '=', id).execute();
      if (status === 'accepted') {
        await trx
          .insertInto('friendships')
          .values([
            { user_id: row.from_user_id, friend_id: row.to_user_id },
            { user_id: row.to_user_id, friend_id: row.from_user_id },
          ])
          .ignore()
          .execute();
        accepted = [row.from_user_id, row.to_user_id];
      }
    });
    if (accepted) await this.sets.add(...accepted);
    return this.getRequest(id);
  }

  async listRequests(userId: string, direction: 'incoming' | 'outgoing', page: Page) {
    const column = direction === 'incoming' ? 'r.to_user_id' : 'r.from_user_id';
    const base = this.#requests().where(column, '=', userId).where('r.status', '=', 'pending');
    const [rows, total] = await Promise.all([
      base.orderBy('r.created_at', 'desc').limit(page.pageSize).offset((page.page - 1) * page.pageSize).execute(),
      this.db.selectFrom('friend_requests as r').select((eb) => eb.fn.countAll<number>().as('n')).where(column, '=', userId).where('r.status', '=', 'pending').executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toRequest), page: page.page, pageSize: page.pageSize, total: Number(total.n) };
  }

  async areFriends(a: string, b: string): Promise<boolean> {
    const row = await this.db.selectFrom('friendships').select('user_id').where('user_id', '=', a).where('friend_id', '=', b).executeTakeFirst();
    return Boolean(row);
  }

  async unfriend(userId: string, friendId: string): Promise<void> {
    const res = await this.db
      .deleteFrom('friendships')
      .where((eb) =>
        eb.or([
          eb.and([eb('user_id', '=', userId), eb('friend_id', '=', friendId)]),
          eb.and([eb('user_id', '=', friendId), eb('friend_id', '=', userId)]),
        ]),
      )
      .executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw notFound('Friend');
    await this.sets.remove(userId, friendId);
  }

  async list(userId: string, page: Page): Promise<{ items: Friend[]; page: number; pageSize: number; total: number }> {
    const [rows, total] = await Promise.all([
      this.db
        .selectFrom('friendships as f')
        .innerJoin('users as u', 'u.id', 'f.friend_id')
        .select(['u.id', 'u.name', 'u.avatar_url', 'f.created_at'])
        .where('f.user_id', '=', userId)
        .orderBy('u.name')
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize)
        .execute(),
      this.db.selectFrom('friendships').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow(),
    ]);
    const online = await this.online(rows.map((r) => r.id));
    const items = rows.map((r, i) => ({
      id: r.id,
      name: r.name,
      avatarUrl: r.avatar_url,
      since: r.created_at.toISOString(),
      online: online[i]!,
    }));
    return { items, page: page.page, pageSize: page.pageSize, total: Number(total.n) };
  }

  /** Presence of all of a user's friends. */
  async friendsPresence(userId: string): Promise<Presence[]> {
    const rows = await this.db.selectFrom('friendships').select('friend_id').where('user_id', '=', userId).execute();
    const ids = rows.map((r) => r.friend_id);
    const online = await this.online(ids);
    return ids.map((id, i) => ({ userId: id, online: online[i]! }));
  }

  /** Signaling keeps `presence:user:<id>` while the user has a live socket (or is in grace). */
  async online(userIds: string[]): Promise<boolean[]> {
    if (userIds.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const id of userIds) pipe.exists(keys.presenceUser(id));
    const results = (await pipe.exec()) ?? [];
    return results.map(([err, n]) => !err && Number(n) > 0);
  }
}
