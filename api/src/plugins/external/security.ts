// CORS, security headers and the Redis-backed rate limit (login routes set a stricter limit).
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import { keys } from '../../keys.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { batchedRedisStore } from './batched-redis-store.js';
import { GONE_CLIENT, rateLimitKey } from './rate-limit-key.js';

/** How often the global limit's local counts are added in Redis (see batched-redis-store.ts). */
const RATE_LIMIT_FLUSH_MS = 50;
const UNLIMITED = new Set(['/healthz', '/readyz', '/metrics']);

export default fp(
  async (app) => {
    const origins = app.config.CORS_ORIGINS?.split(',').map((o) => o.trim()) ?? [app.config.PUBLIC_WEB_URL];
    await app.register(cors, { origin: origins, credentials: true, maxAge: 600 });
    // Callback style: no promise per request for a hook that never waits.
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(SECURITY_HEADERS);
      done();
    });
    await app.register(rateLimit, {
      // Applied by the root hook below, not per route: route hooks run after the plugins' own onRequest
      // hooks, so a request failing authentication would never be counted (token guessing unlimited).
      global: false,
      max: app.config.RATE_LIMIT_MAX,
      timeWindow: '1 minute',
      store: batchedRedisStore({ redis: app.redis, namespace: keys.rateLimitNamespace, flushMs: RATE_LIMIT_FLUSH_MS }),
      skipOnError: true,
      keyGenerator: rateLimitKey,
      allowList: (request, key) => key === GONE_CLIENT || UNLIMITED.has(request.url),
    });
    // Routes with their own limit (sign-in, AI) are counted by that limit's route hook instead.
    const globalLimit = app.rateLimit();
    app.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.config?.rateLimit) return;
      await globalLimit.call(app, request, reply);
    });
  },
  { name: 'security', dependencies: ['core'] },
);
