// 1:1 chat between friends: stored first, then pushed live. A retried send with the same
// client message id returns the stored message instead of adding a second one.
import { sql } from 'kysely';
import type { Conversation } from '../../contract/people.js';
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Metrics } from '../../metrics.js';
import { GroupCommit } from '../../group-commit.js';
import { type SendRequest, type SendResult, storeBatch, toMessage } from './chat-batch.js';
import { pairKey } from './friends.js';

export { toMessage } from './chat-batch.js';

/**
 * Sends from one node are written together (chat-batch.ts): one durable commit for many messages.
 * 2 statements in flight: at 50 outstanding sends, 4 × ~13 rows measured no better end to end than
 * 2 × 25 (same req/s within noise, ~5 % more MariaDB CPU per row); 8 × 7 halved the rows per second.
 */
const BATCH = { maxBatch: 100, maxInFlight: 2 };

export class Chat {
  readonly #sends: GroupCommit<SendRequest, SendResult>;

  constructor(
    private readonly db: Db,
    metrics?: Pick<Metrics, 'chatBatchCommitted'>,
  ) {
    this.#sends = new GroupCommit(async (requests) => {
      try {
        const results = await storeBatch(db, requests);
        metrics?.chatBatchCommitted(requests.length, 'ok');
        return results;
      } catch (err) {
        metrics?.chatBatchCommitted(requests.length, 'error');
        // Nothing of the batch is acknowledged; the same client message ids are safe to resend.
        throw Object.assign(new AppError('chat_unavailable', 503, 'The message could not be stored; send it again'), { cause: err });
      }
    }, BATCH);
  }

  /**
   * Stores a message to a friend; returns it and whether this call created it (false for a retry).
   * Resolves only after the batch holding it has committed.
   */
  async send(senderId: string, recipientId: string, clientMessageId: string, body: string): Promise<SendResult> {
    if (senderId === recipientId) throw new AppError('not_friends', 403, 'You cannot do this with yourself');
    return this.#sends.submit({ senderId, recipientId, clientMessageId, body });
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
