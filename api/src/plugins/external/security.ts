// CORS, security headers and the Redis-backed rate limit (login routes set a stricter limit).
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import { keys } from '../../keys.js';

export default fp(
  async (app) => {
    const origins = app.config.CORS_ORIGINS?.split(',').map((o) => o.trim()) ?? [app.config.PUBLIC_WEB_URL];
    await app.register(cors, { origin: origins, credentials: true, maxAge: 600 });
    // The api serves JSON and uploads only; /docs needs inline scripts, so CSP stays off there.
    await app.register(helmet, {
      contentSecurityPolicy: false,
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    });
    await app.register(rateLimit, {
      global: true,
      max: app.config.RATE_LIMIT_MAX,
      timeWindow: '1 minute',
      redis: app.redis,
      nameSpace: keys.rateLimitNamespace,
      skipOnError: true,
      allowList: (request) => ['/healthz', '/readyz', '/metrics'].includes(request.url),
    });
  },
  { name: 'security', dependencies: ['core'] },
);
