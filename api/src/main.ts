// Composition root: reads the environment once, connects dependencies, migrates, serves.
import { readFileSync } from 'node:fs';
import { ConfigError, type Config, loadConfig } from './config.js';
import type { Db } from './db/database.js';
import type { Logger } from './log.js';

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

function readKey(file: string, variable: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    process.stderr.write(`invalid environment variable ${variable}: cannot read ${file}\n`);
    process.exit(1);
  }
}

/** A database that is down at start is retried (logged), never a crash loop. */
async function migrateWithRetry(db: Db, log: Logger): Promise<void> {
  const { migrateToLatest } = await import('./db/migrate.js');
  for (let attempt = 1; ; attempt++) {
    try {
      const results = await migrateToLatest(db);
      log.info({ applied: results.map((r) => r.migrationName) }, 'migrations done');
      return;
    } catch (err) {
      const delay = Math.min(10_000, 500 * attempt);
      log.error({ err, attempt, retryInMs: delay }, 'database not ready for migrations');
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const keys = {
    privateKeyPem: readKey(config.JWT_PRIVATE_KEY_FILE, 'JWT_PRIVATE_KEY_FILE'),
    publicKeyPem: readKey(config.JWT_PUBLIC_KEY_FILE, 'JWT_PUBLIC_KEY_FILE'),
  };
  // The rest is loaded only once the config is valid, so a bad variable fails in a blink.
  const [{ Redis }, { buildApp }, { createDb }, { createLogger }, { createMetrics }] = await Promise.all([
    import('ioredis'),
    import('./app.js'),
    import('./db/database.js'),
    import('./log.js'),
    import('./metrics.js'),
  ]);
  const log = createLogger(config.LOG_LEVEL);
  const metrics = createMetrics({ defaults: true });
  // Fail fast while Redis is away (rate limits skip, /readyz says so) instead of queueing requests forever.
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 2000 });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
  const db = createDb({ url: config.DATABASE_URL, metrics });
  await migrateWithRetry(db, log);
  const app = await buildApp({ config, db, redis, keys, log, metrics });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    await app.close();
    await db.destroy();
    redis.disconnect();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ port: config.API_PORT, host: config.API_HOST });
}

main().catch((err) => {
  process.stderr.write(`api failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
