// Per-test-file isolation: a fresh MariaDB database (migrated with the collab migration) and a Redis key prefix.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Kysely, MysqlDialect, sql } from 'kysely';
import { createPool } from 'mysql2';
import { up } from '../../../src/db/migrations/0100-collab.js';

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run through the vitest global setup)`);
  return value;
}

export interface TestDatabase {
  url: string;
  // biome-ignore lint/suspicious/noExplicitAny: the service takes the api's untyped Kysely
  db: Kysely<any>;
  drop(): Promise<void>;
}

export function openDb(url: string) {
  // biome-ignore lint/suspicious/noExplicitAny: see TestDatabase
  return new Kysely<any>({ dialect: new MysqlDialect({ pool: createPool({ uri: url, connectionLimit: 5 }) }) });
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const base = new URL(requireEnv('COOPE_TEST_MYSQL_URL'));
  const name = `coope_t_collab_${randomBytes(4).toString('hex')}`;
  const admin = openDb(base.toString());
  await sql.raw(`CREATE DATABASE \`${name}\``).execute(admin);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = openDb(url.toString());
  await up(db);
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.destroy();
      await sql.raw(`DROP DATABASE \`${name}\``).execute(admin);
      await admin.destroy();
    },
  };
}

export function redisUrl(): string {
  return requireEnv('COOPE_TEST_REDIS_URL');
}

export function testRedis(url = redisUrl()): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  redis.on('error', () => {});
  return redis;
}

export function uniquePrefix(): string {
  return `coope:t:${randomBytes(4).toString('hex')}:collab:`;
}
