import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, errorHandler } from '../src/errors.js';
import { createHarness, type Harness } from './helpers/harness.js';
import { signup } from './helpers/users.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ env: { RATE_LIMIT_LOGIN_MAX: '3', PUBLIC_WEB_URL: 'http://web.test' } });
});
afterAll(async () => h.close());

describe('health, readiness, metrics, docs', () => {
  it('is alive and ready when MariaDB and Redis answer', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await h.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', db: 'ok', redis: 'ok' });
  });

  it('reports not ready, quickly, when Redis cannot be reached', async () => {
    const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    dead.on('error', () => {});
    const down = await createHarness({ deps: { redis: dead } });
    try {
      const started = Date.now();
      const res = await down.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'down', db: 'ok', redis: 'down' });
      expect(Date.now() - started).toBeLessThan(3000);
      // Sign-up needs only MariaDB; checking a token needs the denylist, so it fails closed with 503.
      const u = await signup(down.app, 'Rex');
      const me = await down.app.inject({ method: 'GET', url: '/me', headers: u.headers });
      expect(me.statusCode).toBe(503);
      expect(me.json().code).toBe('service_unavailable');
      // A live notification that cannot be published is logged, never an unhandled rejection.
      down.app.notifier.send(u.id, 'friend.removed', { userId: u.id });
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      await down.close();
    }
  });

  it('exports route-pattern latency and DB query histograms without ids in labels', async () => {
    const u = await signup(h.app, 'Mia');
    const ws = await h.app.inject({ method: 'POST', url: '/workspaces', headers: u.headers, payload: { name: 'M' } });
    await h.app.inject({ method: 'GET', url: `/workspaces/${ws.json().id}`, headers: u.headers });
    const text = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(/coope_api_http_request_duration_seconds_count\{method="GET",route="\/workspaces\/:id",status_class="2xx"\} 1/);
    expect(text).toMatch(/coope_api_db_query_duration_seconds_count\{result="ok"\} \d+/);
    expect(text).not.toContain(ws.json().id);
    expect(text).not.toContain(u.id);
  });

  it('serves OpenAPI built from the zod schemas at /docs', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/docs' })).statusCode).toBeLessThan(400);
    const spec = (await h.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(spec.paths['/workspaces/{id}/documents'].post.requestBody.content['application/json'].schema.properties.title).toBeDefined();
    expect(Object.keys(spec.paths)).toContain('/chat/{userId}/messages');
  });
});

describe('security', () => {
  it('rate-limits logins more strictly, counted in Redis', async () => {
    const payload = { email: 'nobody@example.test', password: 'whatever1' };
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await h.app.inject({ method: 'POST', url: '/auth/login', payload })).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
    const limited = await h.app.inject({ method: 'POST', url: '/auth/login', payload });
    expect(limited.json().code).toBe('rate_limited');
    // KEYS patterns are not prefixed by ioredis, so the test's prefix is spelled out.
    expect(await h.redis.keys(`${h.prefix}ratelimit:*/auth/login*`)).toHaveLength(1);
  });

  it('allows CORS from the web origin only, and sets security headers', async () => {
    const pre = (origin: string) =>
      h.app.inject({ method: 'OPTIONS', url: '/me', headers: { origin, 'access-control-request-method': 'GET' } });
    expect((await pre('http://web.test')).headers['access-control-allow-origin']).toBe('http://web.test');
    expect((await pre('http://evil.test')).headers['access-control-allow-origin']).toBeUndefined();
    const res = await h.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
  });

  it('hides the details of 5xx errors and passes AppErrors through', async () => {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.setErrorHandler(errorHandler);
    app.get('/boom', async () => {
      throw new Error('password=hunter2 at db.internal:3306');
    });
    app.get('/teapot', async () => {
      throw new AppError('teapot', 418, 'I am a teapot');
    });
    const boom = await app.inject({ method: 'GET', url: '/boom' });
    expect(boom.statusCode).toBe(500);
    expect(boom.json()).toEqual({ code: 'internal', message: 'Internal server error' });
    expect((await app.inject({ method: 'GET', url: '/teapot' })).json()).toEqual({ code: 'teapot', message: 'I am a teapot' });
    expect((await h.app.inject({ method: 'GET', url: '/nope' })).json()).toEqual({ code: 'not_found', message: 'Route GET /nope not found' });
    await app.close();
  });
});

describe('contract', () => {
  it('is browser-safe: imports nothing but zod and its own files', () => {
    const dir = path.join(import.meta.dirname, '../src/contract');
    for (const file of readdirSync(dir)) {
      const imports = [...readFileSync(path.join(dir, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const spec of imports) expect(spec === 'zod' || spec!.startsWith('./'), `${file} imports ${spec}`).toBe(true);
    }
  });
});
