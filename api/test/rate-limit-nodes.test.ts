// The global rate limit counts locally and adds its counts in Redis in batches: two nodes still share one
// per-client budget, and each node enforces it on its own between flushes.
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createHarness, type Harness } from './helpers/harness.js';

const MAX = 10;
let h: Harness;
let nodeB: FastifyInstance;
let redisB: Redis;

beforeAll(async () => {
  h = await createHarness({ env: { RATE_LIMIT_MAX: String(MAX) } });
  redisB = new Redis(h.config.REDIS_URL, { keyPrefix: h.prefix });
  nodeB = await buildApp({ config: h.config, db: h.db, redis: redisB, keys: h.keys, collab: false });
  await nodeB.ready();
});
afterAll(async () => {
  await nodeB.close();
  redisB.disconnect();
  await h.close();
});

const status = async (app: FastifyInstance, remoteAddress: string) =>
  (await app.inject({ method: 'GET', url: '/notices', remoteAddress })).statusCode;
const counted = async (client: string) => Number((await h.redis.get(`ratelimit:${client}`)) ?? 0);

describe('global rate limit across nodes', () => {
  it('one client shares one budget over two nodes', async () => {
    const client = '198.51.100.1';
    for (let i = 0; i < 6; i++) expect(await status(h.app, client)).toBe(200);
    await expect.poll(() => counted(client)).toBe(6);
    expect(await status(nodeB, client)).toBe(200);
    await expect.poll(() => counted(client)).toBe(7);
    // Node B now knows the global count: three more fit, the fourth is over the limit.
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push(await status(nodeB, client));
    expect(codes).toEqual([200, 200, 200, 429]);
    await expect.poll(() => counted(client)).toBe(11);
    // Node A judged its next request on the count of its last flush (the bound of the batching), then
    // learns the global count from the flush of that request.
    await status(h.app, client);
    await expect.poll(() => counted(client)).toBe(12);
    expect(await status(h.app, client)).toBe(429);
  });

  it('a node enforces the limit by itself between flushes', async () => {
    const client = '198.51.100.2';
    const codes: number[] = [];
    for (let i = 0; i < MAX + 2; i++) codes.push(await status(h.app, client));
    expect(codes.filter((c) => c === 200)).toHaveLength(MAX);
    expect(codes.slice(MAX)).toEqual([429, 429]);
  });

  it('tells the client its budget, and when to come back once it is spent', async () => {
    const get = () => h.app.inject({ method: 'GET', url: '/notices', remoteAddress: '198.51.100.5' });
    const first = await get();
    expect(first.headers).toMatchObject({ 'x-ratelimit-limit': String(MAX), 'x-ratelimit-remaining': String(MAX - 1), 'x-ratelimit-reset': '60' });
    expect(first.headers['retry-after']).toBeUndefined();
    for (let i = 1; i < MAX; i++) await get();
    const limited = await get();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers).toMatchObject({ 'x-ratelimit-remaining': '0', 'retry-after': expect.stringMatching(/^(59|60)$/) });
    expect(limited.json()).toEqual({ code: 'rate_limited', message: expect.stringMatching(/^Rate limit exceeded, retry in \d+ (second|minute)s?$/) });
    // Health checks are never counted.
    expect((await h.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '198.51.100.5' })).statusCode).toBe(200);
  });

  it('counts requests that fail authentication too', async () => {
    const codes: number[] = [];
    for (let i = 0; i < MAX + 1; i++) {
      const res = await h.app.inject({ method: 'GET', url: '/me', remoteAddress: '198.51.100.4', headers: { authorization: 'Bearer guess' } });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([...Array<number>(MAX).fill(401), 429]);
  });

  it('keeps sign-in limits exact per request', async () => {
    const payload = { email: 'nobody@example.test', password: 'whatever1' };
    await h.app.inject({ method: 'POST', url: '/auth/login', payload, remoteAddress: '198.51.100.3' });
    // Counted before the answer, with no flush delay.
    expect(await h.redis.keys(`${h.prefix}ratelimit:*/auth/login-198.51.100.3`)).toHaveLength(1);
  });
});
