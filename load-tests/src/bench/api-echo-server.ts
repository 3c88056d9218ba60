// The api's request path without its storage: the real app (CORS, security headers, rate limit, JWT,
// zod, metrics) built as main.ts builds it, plus one bench-only route that validates a chat send and
// answers it as the send route does, without storing or notifying. Whatever a chat send costs on top of
// this is the store and the live notification; a chat send cannot be cheaper than this route.
// Run by api.ts with the api stack's environment; prints `PORT <n>` once listening.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
// api has no package exports for these; the bench composes the app from its modules, as main.ts does.
import { buildApp } from '../../../api/src/app.js';
import { loadConfig } from '../../../api/src/config.js';
import { chatMessageSchema, sendMessageBodySchema, userIdParamsSchema } from '../../../api/src/contract/people.js';
import { createDb } from '../../../api/src/db/database.js';
import { createLogger } from '../../../api/src/log.js';
import { createMetrics } from '../../../api/src/metrics.js';
import { authOf } from '../../../api/src/plugins/external/jwt.js';

const echoRoute: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.authenticate);
  app.post(
    '/bench/chat-echo/:userId',
    { schema: { params: userIdParamsSchema, body: sendMessageBodySchema, response: { 201: chatMessageSchema } } },
    async (request, reply) =>
      reply.status(201).send({
        id: randomUUID(),
        seq: 1,
        senderId: authOf(request).id,
        recipientId: request.params.userId,
        clientMessageId: request.body.clientMessageId,
        body: request.body.body,
        createdAt: new Date().toISOString(),
      }),
  );
};

const config = loadConfig(process.env);
const keys = { privateKeyPem: readFileSync(config.JWT_PRIVATE_KEY_FILE, 'utf8'), publicKeyPem: readFileSync(config.JWT_PUBLIC_KEY_FILE, 'utf8') };
const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 2000 });
const metrics = createMetrics({ defaults: true });
const db = createDb({ url: config.DATABASE_URL, metrics });
const app = await buildApp({ config, db, redis, keys, log: createLogger(config.LOG_LEVEL), metrics, collab: false });
await app.register(echoRoute);
const address = await app.listen({ port: config.API_PORT, host: config.API_HOST });
console.log(`PORT ${new URL(address).port}`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () =>
    void app
      .close()
      .then(() => db.destroy())
      .then(() => redis.disconnect())
      .finally(() => process.exit(0)),
  );
}
