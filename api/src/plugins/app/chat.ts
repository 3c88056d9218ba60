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

  /** Returns the message and whether this call created it (false for a deduplicated retry). */
  async send(senderId: string, recipientId: string, clientMessageId: string, body: string) {
    const id = randomUUID();
    const res = await this.db
      .insertInto('direct_messages')
      .values({
        id,
        pair_key: pairKey(senderId, recipientId),
        sender_id: senderId,
        recipient_id: recipientId,
        client_message_id: clientMessageId,
        body,
      })
      .ignore()
      .executeTakeFirst();
    const created = Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
    const row = await this.db
      .selectFrom('direct_messages')
      .selectAll()
      .where('sender_id', '=', senderId)
      .where('client_message_id', '=', clientMessageId)
      .executeTakeFirstOrThrow();
    if (row.recipient_id !== recipientId) {
      throw new AppError('client_message_id_reused', 409, 'This client message id was used for another conversation');
    }
    return { message: toMessage(row), created };
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
