// Liveness, readiness (DB and Redis answer within a deadline) and Prometheus metrics.
import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const READY_TIMEOUT_MS = 1500;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function check(fn: () => Promise<unknown>): Promise<'ok' | 'down'> {
  try {
    await withTimeout(fn(), READY_TIMEOUT_MS);
    return 'ok';
  } catch {
    return 'down';
  }
}

const readySchema = z.object({ status: z.enum(['ok', 'down']), db: z.enum(['ok', 'down']), redis: z.enum(['ok', 'down']) });

const routes: FastifyPluginAsyncZod = async (app) => {
  app.metrics.watchRedis(() => app.redis.status === 'ready');
  app.get('/healthz', { schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({
    status: 'ok' as const,
  }));
  app.get('/readyz', { schema: { hide: true, response: { 200: readySchema, 503: readySchema } } }, async (_req, reply) => {
    const [db, redis] = await Promise.all([check(() => sql`SELECT 1`.execute(app.db)), check(() => app.redis.ping())]);
    const status = db === 'ok' && redis === 'ok' ? 'ok' : 'down';
    return reply.status(status === 'ok' ? 200 : 503).send({ status, db, redis });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('content-type', app.metrics.registry.contentType);
    return app.metrics.registry.metrics();
  });
};

export default routes;
