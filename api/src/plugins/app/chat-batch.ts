// One batch of chat sends: a multi-row INSERT (one autocommitted, durable transaction) that keeps only
// friend pairs and skips client message ids already stored. When every row went in, their seqs follow
// from the first; otherwise one read tells each request what it maps to. Rows are inserted in arrival
// order, so seq keeps the order in which sends reached this node.
import { randomUUID } from 'node:crypto';
import { CompiledQuery, type RawBuilder, sql } from 'kysely';
import type { ChatMessage } from '../../contract/people.js';
import type { Db } from '../../db/database.js';
import type { DirectMessagesTable } from '../../db/schema.js';
import type { Selectable } from 'kysely';
import { AppError } from '../../errors.js';
import { pairKey } from './friends.js';

export interface SendRequest {
  senderId: string;
  recipientId: string;
  clientMessageId: string;
  body: string;
}

export interface SendResult {
  message: ChatMessage;
  /** False when the client message id was already stored (a retry). */
  created: boolean;
}

type Row = Selectable<DirectMessagesTable>;

export function toMessage(r: Row): ChatMessage {
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

const joinAll = (parts: RawBuilder<unknown>[]) => sql.join(parts, sql` UNION ALL `);

/**
 * How this server numbers the rows of one INSERT: with innodb_autoinc_lock_mode 0 or 1 the table's
 * AUTO-INC lock is held for the whole statement, so the values one statement generates are consecutive
 * (step auto_increment_increment). Null when the server does not promise that (mode 2).
 */
async function autoIncStep(db: Db): Promise<number | null> {
  const { rows } = await sql<{ mode: number; step: number }>`
    SELECT @@innodb_autoinc_lock_mode AS mode, @@auto_increment_increment AS step`.execute(db);
  const row = rows[0];
  return row && Number(row.mode) <= 1 ? Number(row.step) : null;
}

const stepByDb = new WeakMap<Db, Promise<number | null>>();

// The batch travels as one JSON parameter read by JSON_TABLE: the statement text never changes, so
// MariaDB parses a short query and the api escapes one string instead of eight values per row. The
// columns compared with friendships carry the tables' collation, so the join uses its primary key.
const BATCH_INSERT = `INSERT IGNORE INTO direct_messages (id, pair_key, sender_id, recipient_id, client_message_id, body, created_at)
  SELECT v.id, v.pair_key, v.s, v.r, v.c, v.b, ? FROM JSON_TABLE(?, '$[*]' COLUMNS (
    i FOR ORDINALITY,
    id CHAR(36) PATH '$[0]',
    pair_key CHAR(73) PATH '$[1]',
    s CHAR(36) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci PATH '$[2]',
    r CHAR(36) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci PATH '$[3]',
    c VARCHAR(64) PATH '$[4]',
    b TEXT PATH '$[5]')) v
  JOIN friendships f ON f.user_id = v.s AND f.friend_id = v.r
  ORDER BY v.i`;

/**
 * Lone UTF-16 surrogates become U+FFFD, as mysql2 stores them on every other path. JSON.stringify would
 * write them as \ud800 escapes, which MariaDB's JSON parser refuses: one such message failed its whole
 * batch, other people's sends included.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SURROGATE = /[\uD800-\uDFFF]/;
const toWellFormed = (text: string) => (SURROGATE.test(text) ? text.replace(LONE_SURROGATE, '\uFFFD') : text);
const wellFormed = (r: SendRequest): SendRequest =>
  SURROGATE.test(r.body) || SURROGATE.test(r.clientMessageId) ? { ...r, clientMessageId: toWellFormed(r.clientMessageId), body: toWellFormed(r.body) } : r;

export async function storeBatch(db: Db, sent: SendRequest[]): Promise<Array<SendResult | Error>> {
  const requests = sent.map(wellFormed);
  const createdAt = new Date();
  const ids = requests.map(() => randomUUID());
  const rows = requests.map((r, i) => [ids[i], pairKey(r.senderId, r.recipientId), r.senderId, r.recipientId, r.clientMessageId, r.body]);
  const inserted = await db.executeQuery(CompiledQuery.raw(BATCH_INSERT, [createdAt, JSON.stringify(rows)]));
  // The common case, every row stored: their seqs follow from the first one, in arrival order.
  if (!stepByDb.has(db)) stepByDb.set(db, autoIncStep(db).catch(() => null));
  const step = await stepByDb.get(db);
  if (step && Number(inserted.numAffectedRows ?? 0) === requests.length && inserted.insertId !== undefined) {
    const first = Number(inserted.insertId);
    return requests.map((r, i) => ({
      message: { id: ids[i]!, seq: first + i * step, ...r, createdAt: createdAt.toISOString() },
      created: true,
    }));
  }
  return readBack(db, requests, ids);
}

/**
 * Where each request's key now stands: its friendship and any stored message with its client message id.
 * The literal keys take the collations of the columns they meet, so both joins use an index
 * (chat-group-commit.test.ts checks the plan).
 */
export function readBackQuery(requests: SendRequest[]) {
  const keys = joinAll(requests.map((r, i) => sql`SELECT ${i} AS i, ${r.senderId} AS s, ${r.recipientId} AS r, ${r.clientMessageId} AS c`));
  return sql<Row & { i: number; friend: string | null }>`
    SELECT k.i, f.user_id AS friend, m.* FROM (${keys}) k
    LEFT JOIN friendships f ON f.user_id = k.s AND f.friend_id = k.r
    LEFT JOIN direct_messages m ON m.sender_id = k.s AND m.client_message_id = k.c`;
}

/** After a batch where some rows were refused: what each request now maps to, in one query. */
async function readBack(db: Db, requests: SendRequest[], ids: string[]): Promise<Array<SendResult | Error>> {
  const { rows: found } = await readBackQuery(requests).execute(db);
  const byIndex = new Map(found.map((row) => [Number(row.i), row]));
  return requests.map((r, i) => outcome(r, ids[i]!, byIndex.get(i)));
}

/** What one request gets once the batch is stored: its message, or why it was refused. */
function outcome(req: SendRequest, id: string, row: (Row & { friend: string | null }) | undefined): SendResult | Error {
  if (!row?.friend) return new AppError('not_friends', 403, 'Only friends can do this');
  if (row.seq === null || row.seq === undefined) {
    return new AppError('conflict', 409, 'The message could not be stored; send it again');
  }
  if (row.recipient_id !== req.recipientId) {
    return new AppError('client_message_id_reused', 409, 'This client message id was used for another conversation');
  }
  return { message: toMessage(row), created: row.id === id };
}
