// Ending a session closes its open co-editing connections on every api node (4401: the client's refresh
// then fails), and only those: logout and a reused refresh token end one session, a password reset ends
// them all. Two real api apps (collab on) share MariaDB and Redis; the editors are real WebSockets.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { CloseCode } from '../../src/collab/index.js';
import { type ClosablePeer, MemberSessions } from '../../src/collab/member-sessions.js';
import type { Session } from '../../src/contract/auth.js';
import { createHarness, type Harness } from '../helpers/harness.js';
import { signup, type TestUser } from '../helpers/users.js';
import { RawClient } from './helpers/clients.js';

let h: Harness;
let nodeB: FastifyInstance;
let redisB: Redis;
let urlA: string;
let urlB: string;
let user: TestUser;
let colleague: TestUser;
let doc: string;
const clients: RawClient[] = [];

beforeAll(async () => {
  h = await createHarness({ deps: { collab: true } });
  redisB = new Redis(h.config.REDIS_URL, { keyPrefix: h.prefix });
  nodeB = await buildApp({ config: h.config, db: h.db, redis: redisB, keys: h.keys });
  await nodeB.ready();
  urlA = `${(await h.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')}/collab`;
  urlB = `${(await nodeB.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')}/collab`;
  await vi.waitFor(() => expect(nodeB.revocations.synced && h.app.revocations.synced).toBe(true));
  user = await signup(h.app, 'Editor');
  colleague = await signup(h.app, 'Colleague');
  const ws = (await h.app.inject({ method: 'POST', url: '/workspaces', headers: user.headers, payload: { name: 'W' } })).json().id;
  await h.db.insertInto('workspace_members').values({ workspace_id: ws, user_id: colleague.id, role: 'editor' }).execute();
  doc = (await h.app.inject({ method: 'POST', url: `/workspaces/${ws}/documents`, headers: user.headers, payload: { title: 'D' } })).json().id;
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await nodeB?.close();
  redisB?.disconnect();
  await h?.close();
});

const bearer = (s: Session) => ({ authorization: `Bearer ${s.accessToken}` });
const login = async (app: FastifyInstance, u: TestUser): Promise<Session> =>
  (await app.inject({ method: 'POST', url: '/auth/login', payload: { email: u.email, password: u.password } })).json();
const refresh = (app: FastifyInstance, s: Session) => app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: s.refreshToken } });

/** An editor of the document, synced, on the node behind `url`. */
async function editor(url: string, s: Session): Promise<RawClient> {
  const c = new RawClient(url, doc, `token=${s.accessToken}&ack=1`);
  clients.push(c);
  await c.whenSynced();
  return c;
}

const closedWith = (c: RawClient) => expect.poll(() => (c.isOpen ? null : c.closed), { timeout: 5000 });
const signedOut = { code: CloseCode.unauthenticated, reason: 'signed out' };

/** The editors still edit together: a change by `from` reaches `to` (through the other node, if it is on one). */
async function stillEditing(from: RawClient, to: RawClient): Promise<void> {
  const word = ` ${randomBytes(3).toString('hex')}`;
  from.doc.getText('body').insert(0, word);
  await expect.poll(() => to.doc.getText('body').toString()).toContain(word.trim());
  expect(from.isOpen && to.isOpen).toBe(true);
}

describe('signing out closes co-editing connections on every node', { timeout: 60_000 }, () => {
  it('logout closes the session’s editors on both nodes, and the user’s other session keeps editing', async () => {
    const laptop = await login(h.app, user);
    const phone = await login(nodeB, user);
    const laptopOnA = await editor(urlA, laptop);
    const laptopOnB = await editor(urlB, laptop);
    const phoneOnA = await editor(urlA, phone);
    const phoneOnB = await editor(urlB, phone);
    await stillEditing(laptopOnB, phoneOnA);

    expect((await h.app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(laptop) })).statusCode).toBe(200);
    await closedWith(laptopOnB).toEqual(signedOut);
    await closedWith(laptopOnA).toEqual(signedOut);
    // Its reconnect presents a denied token.
    const again = new RawClient(urlB, doc, `token=${laptop.accessToken}`);
    clients.push(again);
    expect((await again.closed).code).toBe(CloseCode.unauthenticated);
    await stillEditing(phoneOnA, phoneOnB);
    await stillEditing(phoneOnB, phoneOnA);
  });

  it('a reused refresh token closes the editors of its session only', async () => {
    const stolen = await login(h.app, user);
    const rotated: Session = (await refresh(h.app, stolen)).json();
    const other = await login(h.app, user);
    const victim = await editor(urlB, rotated);
    const bystander = await editor(urlB, other);
    const reuse = await refresh(h.app, stolen);
    expect(reuse.json().code).toBe('refresh_token_reused');
    await closedWith(victim).toEqual(signedOut);
    const peer = await editor(urlA, other);
    await stillEditing(peer, bystander);
  });

  it('a password reset closes every editor of the user on both nodes, and no one else’s', async () => {
    const sessions = [await login(h.app, user), await login(nodeB, user)];
    const mine = [await editor(urlA, sessions[0]!), await editor(urlB, sessions[0]!), await editor(urlB, sessions[1]!)];
    const theirsOnA = await editor(urlA, await login(h.app, colleague));
    const theirsOnB = await editor(urlB, await login(nodeB, colleague));
    const token = randomBytes(32).toString('base64url');
    await h.db
      .insertInto('password_resets')
      .values({ id: randomUUID(), user_id: user.id, token_hash: createHash('sha256').update(token).digest('hex'), expires_at: new Date(Date.now() + 600_000) })
      .execute();

    const res = await h.app.inject({ method: 'POST', url: '/auth/password/reset', payload: { token, password: 'a new password here' } });
    expect(res.statusCode).toBe(200);
    for (const c of mine) await closedWith(c).toEqual({ code: CloseCode.unauthenticated, reason: 'signed out everywhere' });
    await stillEditing(theirsOnA, theirsOnB);
  });
});

describe('connections admitted while a sign-out went round', () => {
  const log = pino({ level: 'silent' });
  const channel = `t${randomBytes(4).toString('hex')}:collab:member-sessions`;
  let redis: [Redis, Redis];
  let a: MemberSessions;
  let b: MemberSessions;
  beforeAll(async () => {
    redis = [new Redis(process.env.COOPE_TEST_REDIS_URL!), new Redis(process.env.COOPE_TEST_REDIS_URL!)];
    a = new MemberSessions(redis[0], channel, log);
    b = new MemberSessions(redis[1], channel, log);
    await Promise.all([a.ready(), b.ready()]);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    for (const r of redis) r.disconnect();
  });

  const peer = () => {
    const codes: number[] = [];
    return { codes, close: (code: number) => void codes.push(code) } satisfies ClosablePeer & { codes: number[] };
  };

  it('closes a connection of an ended session tracked after the close was heard', async () => {
    const [user, ended, live] = [randomUUID(), randomUUID(), randomUUID()];
    const before = Date.now();
    const witness = peer();
    b.track('d', user, witness, { sessionId: ended, authenticatedAt: before });
    await a.closeSession(ended);
    await expect.poll(() => witness.codes).toEqual([CloseCode.unauthenticated]);
    const late = peer();
    const otherSession = peer();
    b.track('d', user, late, { sessionId: ended, authenticatedAt: Date.now() });
    b.track('d', user, otherSession, { sessionId: live, authenticatedAt: before });
    expect(late.codes).toEqual([CloseCode.unauthenticated]);
    expect(otherSession.codes).toEqual([]);
  });

  it('after a sign-out everywhere, closes connections authenticated before it, not a later sign-in', async () => {
    const user = randomUUID();
    const before = Date.now();
    const witness = peer();
    b.track('d', user, witness, { sessionId: null, authenticatedAt: before });
    await a.closeUser(user);
    await expect.poll(() => witness.codes).toEqual([CloseCode.unauthenticated]);
    const stale = peer();
    const fresh = peer();
    b.track('d', user, stale, { sessionId: randomUUID(), authenticatedAt: before });
    b.track('d', user, fresh, { sessionId: randomUUID(), authenticatedAt: Date.now() + 10_000 });
    expect(stale.codes).toEqual([CloseCode.unauthenticated]);
    expect(fresh.codes).toEqual([]);
  });
});
