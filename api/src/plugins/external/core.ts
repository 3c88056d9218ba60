// Decorates the app with its injected dependencies: config, database, Redis, metrics, emitter.
import type { Emitter } from '@socket.io/redis-emitter';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { Metrics } from '../../metrics.js';

export interface CoreDeps {
  config: Config;
  db: Db;
  redis: Redis;
  metrics: Metrics;
  emitter: Emitter;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Db;
    redis: Redis;
    metrics: Metrics;
    emitter: Emitter;
  }
}

export default fp<CoreDeps>(
  async (app, deps) => {
    app.decorate('config', deps.config);
    app.decorate('db', deps.db);
    app.decorate('redis', deps.redis);
    app.decorate('metrics', deps.metrics);
    app.decorate('emitter', deps.emitter);
    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      app.metrics.requestObserved(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
  },
  { name: 'core' },
);
