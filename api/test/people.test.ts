import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.js';
import { startSocketServer } from './helpers/socket-server.js';
import { signup, type TestUser } from './helpers/users.js';

let h: Harness;
let sockets: Awaited<ReturnType<typeof startSocketServer>>;
beforeAll(async () => {
  h = await createHarness();
  sockets = await startSocketServer(h.config.REDIS_URL, h.config.SOCKET_IO_KEY);
});
afterAll(async () => {
  await sockets.close();
  await h.close();
});

const call = (user: TestUser, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  h.app.inject({ method, url, headers: user.headers, ...(payload ? { payload } : {}) });

async function befriend(a: TestUser, b: TestUser): Promise<void> {
  const req = await call(a, 'POST', '/friends/requests', { userId: b.id });
  expect(req.statusCode).toBe(201);
  expect((await call(b, 'POST', `/friends/requests/${req.json().id}/accept`)).statusCode).toBe(200);
}

describe('friends', () => {
  it('sends, lists with pagination, accepts, and unfriends; the recipient hears about it live', async () => {
    const ann = await signup(h.app, 'Ann');
    const bob = await signup(h.app, 'Bob');
    const bobEvents = await sockets.connect(bob.id);
    const req = await call(ann, 'POST', '/friends/requests', { email: bob.email });
    expect(req.json()).toMatchObject({ status: 'pending', from: { id: ann.id }, to: { id: bob.id } });
    await vi.waitFor(() => expect(bobEvents.map((e) => e.type)).toContain('friend.request'));
    const dup = await call(bob, 'POST', '/friends/requests', { userId: ann.id });
    expect(dup.statusCode).toBe(409);
    const incoming = await call(bob, 'GET', '/friends/requests?direction=incoming&pageSize=1');
    expect(incoming.json()).toMatchObject({ total: 1, page: 1, pageSize: 1 });
    expect((await call(ann, 'GET', '/friends/requests?direction=outgoing')).json().items[0].id).toBe(req.json().id);
    expect((await call(ann, 'POST', `/friends/requests/${req.json().id}/accept`)).statusCode).toBe(404);
    expect((await call(bob, 'POST', `/friends/requests/${req.json().id}/accept`)).json().status).toBe('accepted');
    const list = await call(ann, 'GET', '/friends');
    expect(list.json().items.map((f: { id: string }) => f.id)).toEqual([bob.id]);
    expect((await call(bob, 'DELETE', `/friends/${ann.id}`)).statusCode).toBe(200);
    expect((await call(ann, 'GET', '/friends')).json().total).toBe(0);
  });

  it('declines and cancels pending requests', async () => {
    const a = await signup(h.app, 'Cat');
    const b = await signup(h.app, 'Dan');
    const r1 = await call(a, 'POST', '/friends/requests', { userId: b.id });
    expect((await call(b, 'POST', `/friends/requests/${r1.json().id}/decline`)).json().status).toBe('declined');
    const r2 = await call(a, 'POST', '/friends/requests', { userId: b.id });
    expect(r2.statusCode).toBe(201);
    expect((await call(b, 'DELETE', `/friends/requests/${r2.json().id}`)).statusCode).toBe(404);
    expect((await call(a, 'DELETE', `/friends/requests/${r2.json().id}`)).json().status).toBe('cancelled');
    expect((await call(a, 'POST', `/friends/requests/${r2.json().id}/accept`)).statusCode).toBe(404);
  });

  it('shows presence from signaling’s Redis key, to friends only', async () => {
    const a = await signup(h.app, 'Eve');
    const b = await signup(h.app, 'Fay');
    const stranger = await signup(h.app, 'Gus');
    await befriend(a, b);
    expect((await call(a, 'GET', `/users/${b.id}/presence`)).json()).toEqual({ userId: b.id, online: false });
    await h.redis.zadd(`presence:user:${b.id}`, Date.now() + 30_000, 'sig-1/socket-1');
    expect((await call(a, 'GET', `/users/${b.id}/presence`)).json()).toEqual({ userId: b.id, online: true });
    expect((await call(a, 'GET', '/friends/presence')).json()).toEqual([{ userId: b.id, online: true }]);
    expect((await call(a, 'GET', '/friends')).json().items[0].online).toBe(true);
    expect((await call(stranger, 'GET', `/users/${b.id}/presence`)).statusCode).toBe(403);
  });
});

describe('chat', () => {
  it('delivers live, deduplicates retries by client message id, and refuses non-friends', async () => {
    const a = await signup(h.app, 'Hal');
    const b = await signup(h.app, 'Ivy');
    const stranger = await signup(h.app, 'Jo');
    await befriend(a, b);
    const bEvents = await sockets.connect(b.id);
    const first = await call(a, 'POST', `/chat/${b.id}/messages`, { clientMessageId: 'c-1', body: 'hello' });
    expect(first.statusCode).toBe(201);
    const retry = await call(a, 'POST', `/chat/${b.id}/messages`, { clientMessageId: 'c-1', body: 'hello' });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().id).toBe(first.json().id);
    await vi.waitFor(() => expect(bEvents.filter((e) => e.type === 'chat.message')).toHaveLength(1));
    expect(bEvents.find((e) => e.type === 'chat.message')!.data).toEqual({ message: first.json() });
    const rows = await h.db.selectFrom('direct_messages').select('id').where('sender_id', '=', a.id).execute();
    expect(rows).toHaveLength(1);
    expect((await call(stranger, 'POST', `/chat/${a.id}/messages`, { clientMessageId: 'x', body: 'hi' })).statusCode).toBe(403);
    const empty = await call(a, 'POST', `/chat/${b.id}/messages`, { clientMessageId: 'c-2', body: '   ' });
    expect(empty.json().fields).toEqual([{ path: 'body.body', message: 'Message cannot be empty' }]);
  });

  it('pages history by cursor, counts unread, and moves read marks forward only', async () => {
    const a = await signup(h.app, 'Kim');
    const b = await signup(h.app, 'Lou');
    await befriend(a, b);
    const sent: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(a, 'POST', `/chat/${b.id}/messages`, { clientMessageId: `m${i}`, body: `message ${i}` });
      sent.push(res.json().seq);
    }
    const p1 = await call(b, 'GET', `/chat/${a.id}/messages?limit=2`);
    expect(p1.json().items.map((m: { body: string }) => m.body)).toEqual(['message 3', 'message 4']);
    const p2 = await call(b, 'GET', `/chat/${a.id}/messages?limit=2&before=${p1.json().nextBefore}`);
    expect(p2.json().items.map((m: { body: string }) => m.body)).toEqual(['message 1', 'message 2']);
    const p3 = await call(b, 'GET', `/chat/${a.id}/messages?limit=2&before=${p2.json().nextBefore}`);
    expect(p3.json()).toMatchObject({ nextBefore: null });
    expect(p3.json().items.map((m: { body: string }) => m.body)).toEqual(['message 0']);
    let convs = (await call(b, 'GET', '/chat/conversations')).json();
    expect(convs[0]).toMatchObject({ peer: { id: a.id }, unread: 5, lastMessage: { body: 'message 4' } });
    expect((await call(b, 'POST', `/chat/${a.id}/read`, { seq: sent[2] })).json()).toEqual({ seq: sent[2] });
    expect((await call(b, 'POST', `/chat/${a.id}/read`, { seq: sent[0] })).json()).toEqual({ seq: sent[2] });
    convs = (await call(b, 'GET', '/chat/conversations')).json();
    expect(convs[0].unread).toBe(2);
    expect((await call(a, 'GET', '/chat/conversations')).json()[0].unread).toBe(0);
  });
});
