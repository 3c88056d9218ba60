// A DM call rings the friend: one live `call.ringing` per ring window, however many tickets the caller
// asks for (rejoins, reconnects); workspace meetings ring nobody.
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

const call = (user: TestUser, url: string, payload: object) => h.app.inject({ method: 'POST', url, headers: user.headers, payload });

async function friends(a: TestUser, b: TestUser): Promise<void> {
  const req = await call(a, '/friends/requests', { userId: b.id });
  expect((await h.app.inject({ method: 'POST', url: `/friends/requests/${req.json().id}/accept`, headers: b.headers })).statusCode).toBe(200);
}

describe('call ringing', () => {
  it('rings the friend once per window, names the caller, and rings back when the friend joins', async () => {
    const ann = await signup(h.app, 'Ann');
    const bob = await signup(h.app, 'Bob');
    await friends(ann, bob);
    const [annEvents, bobEvents] = [await sockets.connect(ann.id), await sockets.connect(bob.id)];
    for (let i = 0; i < 3; i++) expect((await call(ann, '/calls/tickets', { kind: 'dm', userId: bob.id })).statusCode).toBe(200);
    // A later event on the same path marks the end of what the three tickets sent.
    expect((await call(ann, `/chat/${bob.id}/messages`, { clientMessageId: 'after-ring', body: 'are you there?' })).statusCode).toBe(201);
    await vi.waitFor(() => expect(bobEvents.map((e) => e.type)).toContain('chat.message'));
    expect(bobEvents.filter((e) => e.type === 'call.ringing')).toEqual([{ type: 'call.ringing', data: { from: { id: ann.id, name: 'Ann' }, ringMs: 30_000 } }]);
    // Bob answering asks for his own ticket, which rings Ann (her call page ignores a ring from the call it shows).
    expect((await call(bob, '/calls/tickets', { kind: 'dm', userId: ann.id })).statusCode).toBe(200);
    await vi.waitFor(() => expect(annEvents).toContainEqual({ type: 'call.ringing', data: { from: { id: bob.id, name: 'Bob' }, ringMs: 30_000 } }));
  });

  it('rings nobody for a workspace meeting, and no one who is not a friend', async () => {
    const cat = await signup(h.app, 'Cat');
    const dan = await signup(h.app, 'Dan');
    const danEvents = await sockets.connect(dan.id);
    expect((await call(cat, '/calls/tickets', { kind: 'dm', userId: dan.id })).statusCode).toBe(403);
    const ws = await call(cat, '/workspaces', { name: 'Team' });
    expect((await call(cat, '/calls/tickets', { kind: 'workspace', workspaceId: ws.json().id })).statusCode).toBe(200);
    // Friends now: the next DM ticket rings, and it is the first ring Dan hears.
    await friends(cat, dan);
    await call(cat, '/calls/tickets', { kind: 'dm', userId: dan.id });
    await vi.waitFor(() => expect(danEvents.map((e) => e.type)).toContain('call.ringing'));
    expect(danEvents.filter((e) => e.type === 'call.ringing')).toHaveLength(1);
  });
});
