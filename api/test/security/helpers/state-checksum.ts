// A fingerprint of everything an api request could change: every table of the test database, and every
// Redis key under the test prefix except the rate limiter's counters (which every request bumps).
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { Db } from '../../../src/db/database.js';
import { keys } from '../../../src/keys.js';

export type StateChecksum = () => Promise<string>

/** `redis` must have no keyPrefix: keys are scanned and dumped by their full names. */
export async function stateChecksum(db: Db, redis: Redis, prefix: string): Promise<StateChecksum> {
  const tables = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name`.execute(db);
  const list = sql.raw(tables.rows.map((t) => `\`${t.name}\``).join(', '));
  const skip = `${prefix}${keys.rateLimitNamespace}`;
  return async () => {
    const hash = createHash('sha256');
    const sums = await sql<{ Table: string; Checksum: string | null }>`CHECKSUM TABLE ${list}`.execute(db);
    for (const row of sums.rows) hash.update(`${row.Table}=${row.Checksum}\n`);
    const names: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      names.push(...batch.filter((k) => !k.startsWith(skip)));
    } while (cursor !== '0');
    for (const name of names.sort()) hash.update(name).update((await redis.dumpBuffer(name)) ?? '');
    return hash.digest('hex');
  };
}
