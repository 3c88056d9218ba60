// Two api nodes on one database and one Redis: a logout on one node denies the token on the other
// promptly, although each node keeps verified tokens and the denylist in memory.
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app.js';
import { createHarness, type Harness } from './helpers/harness.js';
import { signup } from './helpers/users.js';

let h: Harness;
let nodeB: FastifyInstance;
let redisB: Redis;

beforeAll(async () => {
  h = await createHarness();
  redisB = new Redis(h.config.REDIS_URL, { keyPrefix: h.prefix });
  nodeB = await buildApp({ config: h.config, db: h.db, redis: redisB, keys: h.keys, collab: false });
  await nodeB.ready();
  await vi.waitFor(() => expect(nodeB.revocations.synced && h.app.revocations.synced).toBe(true));
});
afterAll(async () => {
  await nodeB.close();
  redisB.disconnect();
  await h.close();
});

const me = (app: FastifyInstance, headers: Record<string, string>) => app.inject({ method: 'GET', url: '/me', headers });

describe('token revocation across nodes', () => {
  it('a logout on node A denies the token on node B, whose caches already hold it', async () => {
    const u = await signup(h.app, 'Leaver');
    expect((await me(nodeB, u.headers)).statusCode).toBe(200);
    expect((await me(h.app, u.headers)).statusCode).toBe(200);
    const out = await h.app.inject({ method: 'POST', url: '/auth/logout', headers: u.headers, payload: {} });
    expect(out.statusCode).toBe(200);
    expect((await me(h.app, u.headers)).statusCode).toBe(401);
    await expect.poll(async () => (await me(nodeB, u.headers)).statusCode, { timeout: 2000, interval: 10 }).toBe(401);
  });

  it('a node that starts after a logout loads the denylist from Redis', async () => {
    const u = await signup(h.app, 'Early');
    await h.app.inject({ method: 'POST', url: '/auth/logout', headers: u.headers, payload: {} });
    const redisC = new Redis(h.config.REDIS_URL, { keyPrefix: h.prefix });
    const nodeC = await buildApp({ config: h.config, db: h.db, redis: redisC, keys: h.keys, collab: false });
    try {
      await nodeC.ready();
      // Before it is synced it asks Redis per request; after, the loaded list answers.
      expect((await me(nodeC, u.headers)).statusCode).toBe(401);
      await vi.waitFor(() => expect(nodeC.revocations.synced).toBe(true));
      expect((await me(nodeC, u.headers)).statusCode).toBe(401);
    } finally {
      await nodeC.close();
      redisC.disconnect();
    }
  });

  it('a revocation published while node B is cut from the channel still reaches it', async () => {
    const u = await signup(h.app, 'Cut');
    expect((await me(nodeB, u.headers)).statusCode).toBe(200);
    // A dropped connection: ioredis reconnects, resubscribes and reloads the list.
    nodeB.revocations.subscriber.stream.destroy();
    await vi.waitFor(() => expect(nodeB.revocations.synced).toBe(false));
    await h.app.inject({ method: 'POST', url: '/auth/logout', headers: u.headers, payload: {} });
    await expect.poll(async () => (await me(nodeB, u.headers)).statusCode, { timeout: 2000, interval: 10 }).toBe(401);
    await vi.waitFor(() => expect(nodeB.revocations.synced).toBe(true), { timeout: 5000 });
    expect((await me(nodeB, u.headers)).statusCode).toBe(401);
  });
});
