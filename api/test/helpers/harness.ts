// One isolated api per test file: its own database, its own Redis key prefix, fresh JWT keys (RSA, as
// deployments get by default, or EC P-256).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { createConnection } from 'mysql2/promise';
import { type AppDeps, buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createMetrics } from '../../src/metrics.js';
import type { JwtKeys } from '../../src/plugins/external/jwt.js';

export function testKeys(kind: 'rsa' | 'ec' = 'rsa'): JwtKeys {
  const { privateKey, publicKey } =
    kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run tests through the root vitest config`);
  return v;
}

/** Creates an empty database and returns its URL. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const base = new URL(requireEnv('COOPE_TEST_MYSQL_URL'));
  const name = `coope_t_${randomBytes(6).toString('hex')}`;
  const admin = await createConnection({ uri: base.toString() });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = await createConnection({ uri: base.toString() });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    DATABASE_URL: requireEnv('COOPE_TEST_MYSQL_URL'),
    REDIS_URL: requireEnv('COOPE_TEST_REDIS_URL'),
    JWT_PRIVATE_KEY_FILE: 'unused-in-tests',
    JWT_PUBLIC_KEY_FILE: 'unused-in-tests',
    LOG_LEVEL: 'silent',
    ARGON2_MEMORY_KIB: '256',
    ARGON2_TIME_COST: '1',
    RATE_LIMIT_MAX: '100000',
    RATE_LIMIT_LOGIN_MAX: '100000',
    RATE_LIMIT_FORGOT_MAX: '100000',
    ...overrides,
  });
}

export interface Harness {
  app: FastifyInstance;
  db: Db;
  redis: Redis;
  prefix: string;
  config: Config;
  keys: JwtKeys;
  close(): Promise<void>;
}

export async function createHarness(
  options: { env?: Record<string, string>; deps?: Partial<AppDeps>; keys?: JwtKeys } = {},
): Promise<Harness> {
  const database = await createTestDatabase();
  const prefix = `t${randomBytes(4).toString('hex')}:`;
  const config = testConfig({ DATABASE_URL: database.url, SOCKET_IO_KEY: `${prefix}socket.io`, ...options.env });
  const redis = new Redis(config.REDIS_URL, { keyPrefix: prefix });
  const metrics = createMetrics();
  const db = createDb({ url: database.url, connectionLimit: 5, metrics });
  await migrateToLatest(db);
  const keys = options.keys ?? testKeys();
  const released = async () => {
    await db.destroy();
    await database.drop();
    redis.disconnect();
  };
  let app: FastifyInstance;
  try {
    app = await buildApp({ config, db, redis, keys, metrics, collab: false, ...options.deps });
    await app.ready();
  } catch (err) {
    await released();
    throw err;
  }
  return {
    app,
    db,
    redis,
    prefix,
    config,
    keys,
    async close() {
      await app.close();
      await released();
    },
  };
}
