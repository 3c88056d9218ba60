// A member whose role changes, or who is removed, loses their live co-editing sessions in the workspace:
// the api asks collab to close them, and collab's MemberSessions closes them on every node.
import { randomBytes, randomUUID } from 'node:crypto';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClosablePeer, MEMBERSHIP_CHANGED_CLOSE_CODE, MemberSessions } from '../src/collab/member-sessions.js';
import { createHarness, type Harness } from './helpers/harness.js';
import { signup, type TestUser } from './helpers/users.js';

const closed: Array<{ userId: string; documentIds: string[]; reason?: string }> = [];
const fakeCollab = fp(async (app) => {
  app.decorate('collab', {
    closeDocument: async () => {},
    purgeDocument: async () => {},
    closeUserSessions: async (userId: string, documentIds: string[], reason?: string) => {
      closed.push({ userId, documentIds: [...documentIds].sort(), reason });
    },
  });
});

let h: Harness;
let owner: TestUser;
let member: TestUser;
beforeAll(async () => {
  h = await createHarness({ deps: { collab: fakeCollab as never } });
  owner = await signup(h.app, 'Owner');
  member = await signup(h.app, 'Member');
});
afterAll(async () => h.close());

async function workspaceWithMember(): Promise<{ ws: string; docs: string[] }> {
  const ws = (await h.app.inject({ method: 'POST', url: '/workspaces', headers: owner.headers, payload: { name: 'W' } })).json().id as string;
  await h.db.insertInto('workspace_members').values({ workspace_id: ws, user_id: member.id, role: 'editor' }).execute();
  const docs: string[] = [];
  for (const title of ['A', 'B']) {
    const res = await h.app.inject({ method: 'POST', url: `/workspaces/${ws}/documents`, headers: owner.headers, payload: { title } });
    docs.push(res.json().id);
  }
  return { ws, docs: docs.sort() };
}

describe('membership changes close live sessions', () => {
  it('a role change closes the member’s sessions on every page of the workspace', async () => {
    const { ws, docs } = await workspaceWithMember();
    closed.length = 0;
    const res = await h.app.inject({ method: 'PATCH', url: `/workspaces/${ws}/members/${member.id}`, headers: owner.headers, payload: { role: 'viewer' } });
    expect(res.statusCode).toBe(200);
    expect(closed).toEqual([{ userId: member.id, documentIds: docs, reason: 'role changed' }]);
  });

  it('removing a member (or leaving) closes their sessions; a refused change closes nothing', async () => {
    const { ws, docs } = await workspaceWithMember();
    closed.length = 0;
    const refused = await h.app.inject({ method: 'PATCH', url: `/workspaces/${ws}/members/${member.id}`, headers: member.headers, payload: { role: 'owner' } });
    expect(refused.statusCode).toBe(403);
    expect(closed).toEqual([]);
    await h.app.inject({ method: 'DELETE', url: `/workspaces/${ws}/members/${member.id}`, headers: owner.headers });
    expect(closed).toEqual([{ userId: member.id, documentIds: docs, reason: 'removed from the workspace' }]);
  });
});

describe('MemberSessions across nodes', () => {
  const log = pino({ level: 'silent' });
  const channel = `t${randomBytes(4).toString('hex')}:collab:member-sessions`;
  let redisA: Redis;
  let redisB: Redis;
  let a: MemberSessions;
  let b: MemberSessions;
  beforeAll(async () => {
    redisA = new Redis(process.env.COOPE_TEST_REDIS_URL!);
    redisB = new Redis(process.env.COOPE_TEST_REDIS_URL!);
    a = new MemberSessions(redisA, channel, log);
    b = new MemberSessions(redisB, channel, log);
    await Promise.all([a.ready(), b.ready()]);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    redisA.disconnect();
    redisB.disconnect();
  });

  const peer = () => {
    const codes: number[] = [];
    return { codes, close: (code: number) => void codes.push(code) } satisfies ClosablePeer & { codes: number[] };
  };

  it('closes only that user’s connections on those documents, here and on the other node', async () => {
    const [doc, otherDoc, user, otherUser] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const onA = peer();
    const onB = peer();
    const otherUsersPeer = peer();
    const otherDocsPeer = peer();
    a.track(doc, user, onA);
    b.track(doc, user, onB);
    b.track(doc, otherUser, otherUsersPeer);
    b.track(otherDoc, user, otherDocsPeer);
    await a.closeUserSessions(user, [doc], 'role changed');
    expect(onA.codes).toEqual([MEMBERSHIP_CHANGED_CLOSE_CODE]);
    await expect.poll(() => onB.codes).toEqual([MEMBERSHIP_CHANGED_CLOSE_CODE]);
    expect(otherUsersPeer.codes).toEqual([]);
    expect(otherDocsPeer.codes).toEqual([]);
  });

  it('forgets a connection once it is untracked', async () => {
    const [doc, user] = [randomUUID(), randomUUID()];
    const gone = peer();
    const untrack = b.track(doc, user, gone);
    untrack();
    const later = peer();
    b.track(doc, user, later);
    await a.closeUserSessions(user, [doc]);
    await expect.poll(() => later.codes).toEqual([MEMBERSHIP_CHANGED_CLOSE_CODE]);
    expect(gone.codes).toEqual([]);
  });

  it('refuses malformed messages on the channel and keeps serving valid ones', async () => {
    const [doc, user] = [randomUUID(), randomUUID()];
    const onB = peer();
    b.track(doc, user, onB);
    for (const raw of ['not json', '{}', JSON.stringify({ node: 'x', kind: 'session' }), JSON.stringify({ node: 'x', userId: user, documentIds: doc, reason: 'r' })]) {
      await redisA.publish(channel, raw);
    }
    await redisA.publish(channel, JSON.stringify({ node: 'x', kind: 'user', userId: randomUUID(), reason: 'someone else' }));
    await a.closeUserSessions(user, [doc], 'role changed');
    await expect.poll(() => onB.codes).toEqual([MEMBERSHIP_CHANGED_CLOSE_CODE]);
  });
});
