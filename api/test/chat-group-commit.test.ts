// Chat sends from one node are written in batches (group commit): concurrent sends from several users,
// including non-friends and a client message id repeated inside one batch; a failed batch; ordering and
// cursor pagination over batched writes.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupCommit } from '../src/group-commit.js';
import { readBackQuery } from '../src/plugins/app/chat-batch.js';
import { createHarness, type Harness } from './helpers/harness.js';
import { signup, type TestUser } from './helpers/users.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const send = (from: TestUser, to: TestUser, clientMessageId: string, body = clientMessageId) =>
  h.app.inject({ method: 'POST', url: `/chat/${to.id}/messages`, headers: from.headers, payload: { clientMessageId, body } });

/** Sends stored by successful group commits so far, from the api's metrics. */
async function batchRowsOk(): Promise<number> {
  const text = await h.app.metrics.registry.getSingleMetricAsString('coope_api_chat_batch_rows');
  return Number(/^coope_api_chat_batch_rows_sum\{result="ok"\} (\S+)$/m.exec(text)?.[1] ?? 0);
}

async function befriend(a: TestUser, b: TestUser): Promise<void> {
  const req = await h.app.inject({ method: 'POST', url: '/friends/requests', headers: a.headers, payload: { userId: b.id } });
  const ok = await h.app.inject({ method: 'POST', url: `/friends/requests/${req.json().id}/accept`, headers: b.headers });
  expect(ok.statusCode).toBe(200);
}

describe('GroupCommit', () => {
  it('writes calls made together in one commit and calls made while a commit runs in the next', async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const gc = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await gate;
        return items.map((i) => (i === 13 ? new Error('unlucky') : i * 2));
      },
      { maxBatch: 3, maxInFlight: 1 },
    );
    const first = [1, 2].map((i) => gc.submit(i));
    await expect.poll(() => batches.length).toBe(1);
    const later = [3, 4, 5, 13].map((i) => gc.submit(i));
    expect(gc.waiting).toBe(4);
    release();
    expect(await Promise.all(first)).toEqual([2, 4]);
    expect(await Promise.all(later.slice(0, 3))).toEqual([6, 8, 10]);
    await expect(later[3]).rejects.toThrow('unlucky');
    expect(batches).toEqual([[1, 2], [3, 4, 5], [13]]);
  });
});

describe('batched chat sends', () => {
  it('answers each concurrent send by its own outcome: stored, retried, refused, reused id', async () => {
    const [ann, bob, cat, eve] = await Promise.all(['Ann', 'Bob', 'Cat', 'Eve'].map((n) => signup(h.app, n)));
    await befriend(ann!, bob!);
    await befriend(cat!, bob!);
    const results = await Promise.all([
      send(ann!, bob!, 'a1'),
      send(cat!, bob!, 'c1'),
      send(eve!, bob!, 'e1'),
      send(ann!, bob!, 'a1'),
      send(bob!, ann!, 'b1'),
      send(ann!, cat!, 'a2'),
      send(ann!, bob!, 'a3'),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 403, 200, 201, 403, 201]);
    expect(results[2]!.json()).toEqual({ code: 'not_friends', message: 'Only friends can do this' });
    expect(results[3]!.json()).toEqual(results[0]!.json());
    // A retry later, in its own batch, answers the stored message; the id for another peer is refused.
    expect((await send(ann!, bob!, 'a1')).json()).toEqual(results[0]!.json());
    await befriend(ann!, cat!);
    expect((await send(ann!, cat!, 'a1')).json().code).toBe('client_message_id_reused');
    const stored = await h.db.selectFrom('direct_messages').select(sql<number>`COUNT(*)`.as('n')).where('sender_id', '=', ann!.id).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(2);
  });

  it('keeps each conversation in send order across batches, and pages through it by cursor', async () => {
    const [ann, bob] = await Promise.all(['Ann', 'Bob'].map((n) => signup(h.app, n)));
    await befriend(ann!, bob!);
    const rowsBefore = await batchRowsOk();
    // Concurrent sends land in the batch in arrival order; the next wave lands in a later batch.
    const wave1 = await Promise.all(Array.from({ length: 5 }, (_, i) => send(ann!, bob!, `m${i}`)));
    const wave2 = await Promise.all(Array.from({ length: 5 }, (_, i) => send(bob!, ann!, `m${i + 5}`)));
    const seqs = [...wave1, ...wave2].map((r) => r.json().seq as number);
    // Every stored send is counted once in the batch-size histogram (what the api benchmark reads).
    await expect.poll(async () => batchRowsOk()).toBeGreaterThanOrEqual(rowsBefore + 10);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    // Each answer carries the seq the database gave its row (full batches derive it from the first id).
    const stored = await h.db.selectFrom('direct_messages').select(['client_message_id', 'seq', 'id']).where('pair_key', 'like', `%${ann!.id}%`).execute();
    const bySeq = new Map(stored.map((m) => [Number(m.seq), m]));
    for (const res of [...wave1, ...wave2]) {
      expect(bySeq.get(res.json().seq)).toMatchObject({ client_message_id: res.json().clientMessageId, id: res.json().id });
    }
    const pages: string[] = [];
    let before: number | null = null;
    do {
      const res: Awaited<ReturnType<typeof send>> = await h.app.inject({
        method: 'GET',
        url: `/chat/${bob!.id}/messages?limit=3${before ? `&before=${before}` : ''}`,
        headers: ann!.headers,
      });
      pages.unshift(...res.json().items.map((m: { body: string }) => m.body));
      before = res.json().nextBefore;
    } while (before !== null);
    expect(pages).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`));
  });

  it('stores bodies and ids exactly as sent, whatever characters they hold (the batch travels as JSON)', async () => {
    const [ann, bob] = await Promise.all(['Ann', 'Bob'].map((n) => signup(h.app, n)));
    await befriend(ann!, bob!);
    const bodies = ['say "hi" \\ back', 'two\nlines\ttab \u0001', "emoji 😀 é ß 漢字 '; DROP TABLE x; --", 'x'.repeat(4000), '[]{}$[0] \u2028 x'];
    const sent = await Promise.all(bodies.map((body, i) => send(ann!, bob!, `j${i}-"\\😀`, body)));
    expect(sent.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    const history = await h.app.inject({ method: 'GET', url: `/chat/${bob!.id}/messages?limit=10`, headers: ann!.headers });
    const items = history.json().items as Array<{ body: string; clientMessageId: string; id: string; seq: number }>;
    expect(items.map((m) => m.body)).toEqual(bodies);
    expect(items.map((m) => m.clientMessageId)).toEqual(bodies.map((_, i) => `j${i}-"\\😀`));
    expect(items.map(({ id, seq }) => ({ id, seq }))).toEqual(sent.map((r) => ({ id: r.json().id, seq: r.json().seq })));
  });

  it('stores a body with lone surrogates as U+FFFD without failing the other sends of its batch', async () => {
    const [ann, bob] = await Promise.all(['Ann', 'Bob'].map((n) => signup(h.app, n)));
    await befriend(ann!, bob!);
    const sent = await Promise.all([send(ann!, bob!, 'plain', 'fine'), send(ann!, bob!, 'lone', 'a\ud800b\udc00'), send(ann!, bob!, 'pair', 'ok 😀')]);
    expect(sent.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(sent[1]!.json().body).toBe('a\ufffdb\ufffd');
    const history = await h.app.inject({ method: 'GET', url: `/chat/${bob!.id}/messages?limit=10`, headers: ann!.headers });
    expect((history.json().items as Array<{ body: string }>).map((m) => m.body)).toEqual(['fine', 'a\ufffdb\ufffd', 'ok 😀']);
  });

  it('treats client message ids that differ only in case or accents as different messages', async () => {
    const [ann, bob] = await Promise.all(['Ann', 'Bob'].map((n) => signup(h.app, n)));
    await befriend(ann!, bob!);
    const ids = ['Msg-1', 'msg-1', 'msg-1\u0301', 'MSG-1'];
    const sent = await Promise.all(ids.map((id) => send(ann!, bob!, id)));
    expect(sent.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
    expect(new Set(sent.map((r) => r.json().id)).size).toBe(4);
    // A retry of one of them (its row is refused, so the batch is read back) answers that one only.
    const retry = await send(ann!, bob!, 'msg-1');
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(sent[1]!.json());
  });

  it('reads a batch back through the (sender_id, client_message_id) index', async () => {
    const plan = await sql<{ table: string; key: string | null }>`EXPLAIN ${readBackQuery([
      { senderId: '00000000-0000-4000-8000-000000000001', recipientId: '00000000-0000-4000-8000-000000000002', clientMessageId: 'c1', body: 'x' },
      { senderId: '00000000-0000-4000-8000-000000000003', recipientId: '00000000-0000-4000-8000-000000000004', clientMessageId: 'c2', body: 'x' },
    ])}`.execute(h.db);
    const keyOf = (table: string) => plan.rows.find((r) => r.table === table)?.key;
    expect(keyOf('m')).toBe('direct_messages_client_id');
    expect(keyOf('f')).toBe('PRIMARY');
  });

  it('fails every send of a batch that cannot be stored, and a retry with the same ids stores each once', async () => {
    const [ann, bob] = await Promise.all(['Ann', 'Bob'].map((n) => signup(h.app, n)));
    await befriend(ann!, bob!);
    await sql`RENAME TABLE direct_messages TO direct_messages_away`.execute(h.db);
    let failed: Awaited<ReturnType<typeof send>>[];
    try {
      failed = await Promise.all(['f1', 'f2', 'f3'].map((id) => send(ann!, bob!, id)));
    } finally {
      await sql`RENAME TABLE direct_messages_away TO direct_messages`.execute(h.db);
    }
    for (const res of failed) {
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ code: 'chat_unavailable', message: 'The message could not be stored; send it again' });
    }
    const retried = await Promise.all(['f1', 'f2', 'f3', 'f1'].map((id) => send(ann!, bob!, id)));
    expect(retried.map((r) => r.statusCode).sort()).toEqual([200, 201, 201, 201]);
    const rows = await h.db.selectFrom('direct_messages').select('client_message_id').where('sender_id', '=', ann!.id).execute();
    expect(rows.map((r) => r.client_message_id).sort()).toEqual(['f1', 'f2', 'f3']);
  });
});
