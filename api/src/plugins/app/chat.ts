// 1:1 chat between friends: stored first, then pushed live. A retried send with the same
// client message id returns the stored message instead of adding a second one.
import { randomUUID } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import type { ChatMessage, Conversation } from '../../contract/people.js';
import type { Db } from '../../db/database.js';
import type { DirectMessagesTable } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { pairKey } from './friends.js';

export function toMessage(r: Selectable<DirectMessagesTable>): ChatMessage {
  return {
    id: r.id,
    seq: Number(r.seq),
    senderId: r.sender_id,
    recipientId: r.recipient_id,
    clientMessageId: r.client_message_id,
    body: r.body,
    createdAt: r.created_at.toISOString(),
  };
}

export class Chat {
  constructor(private readonly db: Db) {}

  /**
   * Stores a message to a friend; returns it and whether this call created it (false for a retry).
   * The friendship check is part of the INSERT, so a first send costs one round trip; only a refused
   * insert (not friends, or a retried client message id) looks further.
   */
  async send(senderId: string, recipientId: string, clientMessageId: string, body: string) {
    if (senderId === recipientId) throw new AppError('not_friends', 403, 'You cannot do this with yourself');
    const id = randomUUID();
    const pair = pairKey(senderId, recipientId);
    const createdAt = new Date();
    const res = await sql`INSERT IGNORE INTO direct_messages
      (id, pair_key, sender_id, recipient_id, client_message_id, body, created_at)
      SELECT ${id}, ${pair}, ${senderId}, ${recipientId}, ${clientMessageId}, ${body}, ${createdAt}
      FROM friendships WHERE user_id = ${senderId} AND friend_id = ${recipientId}`.execute(this.db);
    if (Number(res.numAffectedRows ?? 0) === 1 && res.insertId !== undefined) {
      const seq = Number(res.insertId);
      const message = { id, seq, senderId, recipientId, clientMessageId, body, createdAt: createdAt.toISOString() };
      return { message, created: true };
    }
    return { message: await this.#stored(senderId, recipientId, clientMessageId), created: false };
  }

  /** The message a refused insert collided with; 403 when the two are not friends (any more). */
  async #stored(senderId: string, recipientId: string, clientMessageId: string): Promise<ChatMessage> {
    const [friend, row] = await Promise.all([
      this.db.selectFrom('friendships').select('user_id').where('user_id', '=', senderId).where('friend_id', '=', recipientId).executeTakeFirst(),
      this.db
        .selectFrom('direct_messages')
        .selectAll()
        .where('sender_id', '=', senderId)
        .where('client_message_id', '=', clientMessageId)
        .executeTakeFirst(),
    ]);
    if (!friend) throw new AppError('not_friends', 403, 'Only friends can do this');
    if (!row) throw new AppError('conflict', 409, 'The message could not be stored; send it again');
    if (row.recipient_id !== recipientId) {
      throw new AppError('client_message_id_reused', 409, 'This client message id was used for another conversation');
    }
    return toMessage(row);
  }

  async history(userId: string, peerId: string, before: number | undefined, limit: number) {
    let q = this.db
      .selectFrom('direct_messages')
      .selectAll()
      .where('pair_key', '=', pairKey(userId, peerId))
      .orderBy('seq', 'desc')
      .limit(limit + 1);
    if (before !== undefined) q = q.where('seq', '<', before);
    const rows = await q.execute();
    const more = rows.length > limit;
    const page = rows.slice(0, limit).reverse().map(toMessage);
    return { items: page, nextBefore: more && page.length > 0 ? page[0]!.seq : null };
  }

  /** Read marks only move forward. */
  async markRead(userId: string, peerId: string, seq: number): Promise<number> {
    await this.db
      .insertInto('chat_reads')
      .values({ user_id: userId, peer_id: peerId, last_read_seq: seq })
      .onDuplicateKeyUpdate({ last_read_seq: sql`GREATEST(last_read_seq, VALUES(last_read_seq))` })
      .execute();
    const row = await this.db
      .selectFrom('chat_reads')
      .select('last_read_seq')
      .where('user_id', '=', userId)
      .where('peer_id', '=', peerId)
      .executeTakeFirstOrThrow();
    return Number(row.last_read_seq);
  }

  async unreadBySender(userId: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('direct_messages as m')
      .leftJoin('chat_reads as r', (j) => j.onRef('r.peer_id', '=', 'm.sender_id').on('r.user_id', '=', userId))
      .select(['m.sender_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('m.recipient_id', '=', userId)
      .where('m.seq', '>', sql<number>`COALESCE(r.last_read_seq, 0)`)
      .groupBy('m.sender_id')
      .execute();
    return new Map(rows.map((r) => [r.sender_id, Number(r.n)]));
  }

  /** Every conversation with a message, newest first, with the last message and the unread count. */
  async conversations(userId: string): Promise<Conversation[]> {
    const last = await this.db
      .selectFrom('direct_messages')
      .select(['pair_key', (eb) => eb.fn.max('seq').as('last_seq')])
      .where((eb) => eb.or([eb('sender_id', '=', userId), eb('recipient_id', '=', userId)]))
      .groupBy('pair_key')
      .execute();
    if (last.length === 0) return [];
    const [messages, unread] = await Promise.all([
      this.db.selectFrom('direct_messages').selectAll().where('seq', 'in', last.map((l) => Number(l.last_seq))).execute(),
      this.unreadBySender(userId),
    ]);
    const peerIds = messages.map((m) => (m.sender_id === userId ? m.recipient_id : m.sender_id));
    const users = await this.db.selectFrom('users').select(['id', 'name', 'avatar_url']).where('id', 'in', peerIds).execute();
    const byId = new Map(users.map((u) => [u.id, u]));
    return messages
      .sort((a, b) => Number(b.seq) - Number(a.seq))
      .map((m) => {
        const peerId = m.sender_id === userId ? m.recipient_id : m.sender_id;
        const u = byId.get(peerId);
        return {
          peer: { id: peerId, name: u?.name ?? 'Deleted user', avatarUrl: u?.avatar_url ?? null },
          lastMessage: toMessage(m),
          unread: unread.get(peerId) ?? 0,
        };
      });
  }
}
