// Builds the Fastify app from its dependencies. main.ts and the tests are its only callers.
import { Emitter } from '@socket.io/redis-emitter';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync, LogController } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import { registerCollab } from './collab-wiring.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { errorHandler } from './errors.js';
import type { Logger } from './log.js';
import { createMetrics, type Metrics } from './metrics.js';
import { safePublisher } from './plugins/app/notifier.js';
import documentLists from './plugins/app/document-lists-plugin.js';
import documentShares from './plugins/app/document-shares-plugin.js';
import passwordResets from './plugins/app/password-resets-plugin.js';
import appServices, { type ServiceDeps } from './plugins/app/services.js';
import core from './plugins/external/core.js';
import { fastSerializerCompiler } from './plugins/external/fast-serializer.js';
import jwt, { type JwtKeys } from './plugins/external/jwt.js';
import mailer from './plugins/external/mailer.js';
import multipart from './plugins/external/multipart.js';
import security from './plugins/external/security.js';
import swagger from './plugins/external/swagger.js';
import { registerRoutes } from './routes/index.js';

export interface AppDeps extends ServiceDeps {
  config: Config;
  db: Db;
  redis: Redis;
  keys: JwtKeys;
  log?: Logger;
  metrics?: Metrics;
  emitter?: Emitter;
  /** Register src/collab when present (default true); a plugin given here replaces it (tests). */
  collab?: boolean | FastifyPluginAsync<never>;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger | undefined,
    trustProxy: deps.config.TRUST_PROXY.split(',').map((p) => p.trim()),
    bodyLimit: 1024 * 1024,
    // Per-request lines only at debug: metrics carry latency; errors are logged by the handler.
    logController: new LogController({
      disableRequestLogging: deps.config.LOG_LEVEL !== 'debug' && deps.config.LOG_LEVEL !== 'trace',
    }),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(fastSerializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ code: 'not_found', message: `Route ${request.method} ${request.url.split('?')[0]} not found` });
  });
  // The emitter's `parser` encodes the Redis envelope, which @socket.io/redis-adapter decodes with its own
  // `parser` option (notepack.io by default on both sides). socket.io-msgpack-parser is the client wire
  // parser of the signaling server and plays no part here; test/people-emitter.test.ts proves delivery.
  const publisher = safePublisher(deps.redis, () => app.log);
  const emitter = deps.emitter ?? new Emitter(publisher, { key: deps.config.SOCKET_IO_KEY });
  const metrics = deps.metrics ?? createMetrics();
  await app.register(core, { config: deps.config, db: deps.db, redis: deps.redis, metrics, emitter });
  await app.register(swagger);
  await app.register(security);
  await app.register(multipart);
  await app.register(jwt, { keys: deps.keys });
  await app.register(appServices, { startJobs: deps.startJobs, storage: deps.storage });
  await app.register(documentLists);
  await app.register(documentShares);
  await app.register(mailer);
  await app.register(passwordResets);
  // Before the routes, so the collab decorator exists when archive and delete look for it.
  if (deps.collab !== false) await registerCollab(app, typeof deps.collab === 'function' ? deps.collab : undefined);
  await app.register(registerRoutes);
  return app;
}
