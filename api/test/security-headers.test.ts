// Our precomputed security headers must stay what @fastify/helmet sets with the same options.
import helmet from '@fastify/helmet';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { HELMET_OPTIONS, SECURITY_HEADERS } from '../src/plugins/external/security-headers.js';
import { createHarness } from './helpers/harness.js';

describe('security headers', () => {
  it('match what helmet sets with our options', async () => {
    const app = Fastify();
    await app.register(helmet, HELMET_OPTIONS);
    app.get('/', async () => ({ ok: true }));
    const res = await app.inject({ url: '/' });
    await app.close();
    const fromHelmet = Object.fromEntries(Object.keys(SECURITY_HEADERS).map((name) => [name, res.headers[name]]));
    expect(fromHelmet).toEqual(SECURITY_HEADERS);
    const helmetNames = Object.keys(res.headers).filter((n) => !['content-type', 'content-length', 'date', 'connection', 'keep-alive'].includes(n));
    expect(helmetNames.sort()).toEqual(Object.keys(SECURITY_HEADERS).sort());
  });

  it('are on every api answer, errors included', async () => {
    const h = await createHarness();
    try {
      for (const url of ['/healthz', '/documents/nope', '/no-such-route']) {
        const res = await h.app.inject({ url });
        for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers[name], `${url} ${name}`).toBe(value);
      }
    } finally {
      await h.close();
    }
  });
});
