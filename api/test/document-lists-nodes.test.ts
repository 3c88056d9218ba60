// Two api nodes on one database and one Redis, each caching document lists in memory: a write on one
// node drops the other's cached lists on delivery, and a node cut from the channel stops using its cache.
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app.js';
import { createHarness, type Harness } from './helpers/harness.js';
import { signup, type TestUser } from './helpers/users.js';

let h: Harness;
let nodeB: FastifyInstance;
let redisB: Redis;
let owner: TestUser;
let bob: TestUser;
let wsId: string;

const call = (app: FastifyInstance, user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  app.inject({ method, url, headers: user.headers, ...(payload ? { payload } : {}) });
const titles = async (app: FastifyInstance, user: TestUser) => {
  const res = await call(app, user, 'GET', `/workspaces/${wsId}/documents`);
  return res.statusCode === 200 ? res.json().map((d: { title: string }) => d.title) : res.statusCode;
};
const poll = { timeout: 2000, interval: 5 };

beforeAll(async () => {
  h = await createHarness();
  redisB = new Redis(h.config.REDIS_URL, { keyPrefix: h.prefix });
  nodeB = await buildApp({ config: h.config, db: h.db, redis: redisB, keys: h.keys, collab: false });
  await nodeB.ready();
  await vi.waitFor(() => expect(nodeB.documentLists.synced && h.app.documentLists.synced).toBe(true));
  [owner, bob] = await Promise.all([signup(h.app, 'Owner'), signup(h.app, 'Bob')]);
  wsId = (await call(h.app, owner, 'POST', '/workspaces', { name: 'Lists' })).json().id;
  const inv = await call(h.app, owner, 'POST', `/workspaces/${wsId}/invites`, { userId: bob.id, role: 'editor' });
  expect((await call(h.app, bob, 'POST', `/invites/${inv.json().id}/accept`)).statusCode).toBe(200);
});
afterAll(async () => {
  await nodeB.close();
  redisB.disconnect();
  await h.close();
});

describe('document list cache across nodes', () => {
  it('shows a page created or renamed on node A on node B, whose cache already holds the list', async () => {
    const doc = (await call(h.app, owner, 'POST', `/workspaces/${wsId}/documents`, { title: 'Draft' })).json();
    await expect.poll(() => titles(nodeB, bob), poll).toEqual(['Draft']);
    expect(await titles(nodeB, bob)).toEqual(['Draft']);
    expect((await call(h.app, owner, 'PATCH', `/documents/${doc.id}`, { title: 'Final' })).statusCode).toBe(200);
    await expect.poll(() => titles(nodeB, bob), poll).toEqual(['Final']);
    expect((await call(h.app, owner, 'POST', `/documents/${doc.id}/archive`)).statusCode).toBe(200);
    await expect.poll(() => titles(nodeB, bob), poll).toEqual([]);
    const trash = await call(nodeB, bob, 'GET', `/workspaces/${wsId}/trash`);
    expect(trash.json().map((d: { title: string }) => d.title)).toEqual(['Final']);
    expect((await call(h.app, owner, 'POST', `/documents/${doc.id}/restore`)).statusCode).toBe(200);
    await expect.poll(() => titles(nodeB, bob), poll).toEqual(['Final']);
    expect((await call(nodeB, bob, 'GET', `/workspaces/${wsId}/trash`)).json()).toEqual([]);
  });

  it('refuses a removed member on node B at once, although B had cached the list', async () => {
    const carol = await signup(h.app, 'Carol');
    const inv = await call(h.app, owner, 'POST', `/workspaces/${wsId}/invites`, { userId: carol.id, role: 'viewer' });
    await call(h.app, carol, 'POST', `/invites/${inv.json().id}/accept`);
    expect(await titles(nodeB, carol)).toEqual(await titles(h.app, owner));
    expect((await call(h.app, owner, 'DELETE', `/workspaces/${wsId}/members/${carol.id}`)).statusCode).toBe(200);
    await expect.poll(() => titles(nodeB, carol), poll).toBe(404);
    // Dropped for good, not only until the next fill.
    expect(await titles(nodeB, carol)).toBe(404);
    expect(await titles(h.app, carol)).toBe(404);
  });

  it('stops serving cached lists while cut from the channel, and resumes once resubscribed', async () => {
    expect(typeof (await titles(nodeB, bob))).toBe('object');
    // Held off the channel (no automatic reconnect) so the write surely falls in the gap.
    nodeB.documentLists.subscriber.disconnect();
    await vi.waitFor(() => expect(nodeB.documentLists.synced).toBe(false));
    // A write whose invalidation node B cannot hear: B reads the database while it is not following.
    await call(h.app, owner, 'POST', `/workspaces/${wsId}/documents`, { title: 'Missed' });
    expect(await titles(nodeB, bob)).toContain('Missed');
    await nodeB.documentLists.subscriber.connect();
    await vi.waitFor(() => expect(nodeB.documentLists.synced).toBe(true), { timeout: 5000 });
    expect(await titles(nodeB, bob)).toContain('Missed');
  });

  it('drops lists holding a page whose content changed (compaction, meeting notes)', async () => {
    const listed = (await call(nodeB, bob, 'GET', `/workspaces/${wsId}/documents`)).json();
    const doc = listed[0] as { id: string; contentUpdatedAt: string | null };
    const at = new Date(Date.now() + 60_000);
    const updated = async () =>
      (await call(nodeB, bob, 'GET', `/workspaces/${wsId}/documents`)).json().find((d: { id: string }) => d.id === doc.id)
        .contentUpdatedAt;
    await h.db.updateTable('documents').set({ content_updated_at: at }).where('id', '=', doc.id).execute();
    // Without an invalidation node B keeps answering from its cache: the cache is really in use.
    expect(await updated()).toBe(doc.contentUpdatedAt);
    await h.app.documentLists.documents([doc.id]);
    await expect.poll(updated, poll).toBe(at.toISOString());
  });
});
