// The login rate limit bites where an attacker would try to get around it: across api nodes (the counters
// live in Redis), with forged X-Forwarded-For headers (direct, and behind a trusted proxy that appends the
// real address), and on every credential route; while other routes and other clients are unaffected.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createHarness, type Harness } from '../helpers/harness.js';
import { signup } from '../helpers/users.js';

const LIMIT = 3;
let h: Harness;
let second: FastifyInstance;

beforeAll(async () => {
  h = await createHarness({ env: { RATE_LIMIT_LOGIN_MAX: String(LIMIT) } });
  // A second api node on the same Redis and database, as behind a load balancer.
  second = await buildApp({ config: h.config, db: h.db, redis: h.redis, keys: h.keys, collab: false, startJobs: false });
  await second.ready();
});
afterAll(async () => {
  await second?.close();
  await h?.close();
});

type Attempt = { app: FastifyInstance; remoteAddress: string; forwardedFor?: string; url?: string };

async function attempt(a: Attempt): Promise<number> {
  const headers: Record<string, string> = a.forwardedFor ? { 'x-forwarded-for': a.forwardedFor } : {};
  const url = a.url ?? '/auth/login';
  const payload = url === '/auth/login' ? { email: 'victim@example.test', password: 'guess-guess' } : url === '/auth/refresh' ? { refreshToken: 'x'.repeat(40) } : { code: 'c'.repeat(20) };
  return (await a.app.inject({ method: 'POST', url, remoteAddress: a.remoteAddress, headers, payload })).statusCode;
}

describe('login rate limit', () => {
  it('counts attempts across api nodes', async () => {
    const codes: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) codes.push(await attempt({ app: i % 2 ? second : h.app, remoteAddress: '203.0.113.10' }));
    expect(codes).toEqual([401, 401, 401, 429, 429]);
  });

  it('ignores X-Forwarded-For from a client that is not a trusted proxy', async () => {
    const codes: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) codes.push(await attempt({ app: h.app, remoteAddress: '203.0.113.11', forwardedFor: `198.51.100.${i}` }));
    expect(codes.slice(LIMIT)).toEqual([429, 429]);
  });

  it('behind a trusted proxy, limits by the address the proxy appended, not the forged ones before it', async () => {
    const codes: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) codes.push(await attempt({ app: h.app, remoteAddress: '127.0.0.1', forwardedFor: `198.51.100.${i}, 203.0.113.12` }));
    expect(codes.slice(LIMIT)).toEqual([429, 429]);
    // Another real client behind the same proxy is not affected.
    expect(await attempt({ app: h.app, remoteAddress: '127.0.0.1', forwardedFor: '203.0.113.13' })).toBe(401);
  });

  it.each(['/auth/refresh', '/auth/oidc/exchange'])('limits %s too', async (url) => {
    const codes: number[] = [];
    for (let i = 0; i < LIMIT + 1; i++) codes.push(await attempt({ app: h.app, remoteAddress: '203.0.113.20', url }));
    expect(codes.at(-1)).toBe(429);
  });

  it('answers 429 with a JSON error and leaves other routes usable', async () => {
    for (let i = 0; i < LIMIT; i++) await attempt({ app: h.app, remoteAddress: '203.0.113.30' });
    const limited = await h.app.inject({ method: 'POST', url: '/auth/login', remoteAddress: '203.0.113.30', payload: { email: 'a@b.test', password: 'x' } });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'rate_limited' });
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await h.app.inject({ method: 'GET', url: '/notices', remoteAddress: '203.0.113.30' })).statusCode).toBe(200);
  });

  it('limits sharing a page by email, whose answer tells whether an account exists', async () => {
    const owner = await signup(h.app, 'Sharer');
    const ws = (await h.app.inject({ method: 'POST', url: '/workspaces', headers: owner.headers, payload: { name: 'W' } })).json().id as string;
    const doc = (await h.app.inject({ method: 'POST', url: `/workspaces/${ws}/documents`, headers: owner.headers, payload: { title: 'P' } })).json().id as string;
    const codes: number[] = [];
    for (let i = 0; i < LIMIT + 1; i++) {
      const payload = { email: `nobody-${i}@example.test`, role: 'viewer' };
      const res = await h.app.inject({ method: 'PUT', url: `/documents/${doc}/shares`, remoteAddress: '203.0.113.40', headers: owner.headers, payload });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([404, 404, 404, 429]);
  });
});
