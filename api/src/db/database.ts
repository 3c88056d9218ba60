// kysely over a mysql2 pool (MariaDB). Every query's duration feeds the metrics.
import { Kysely, MysqlDialect } from 'kysely';
import { createPool } from 'mysql2';
import type { Metrics } from '../metrics.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface DbOptions {
  url: string;
  metrics?: Metrics;
  connectionLimit?: number;
}

export function createDb(options: DbOptions): Db {
  const pool = createPool({
    uri: options.url,
    timezone: 'Z',
    connectionLimit: options.connectionLimit ?? 10,
    supportBigNumbers: true,
    connectTimeout: 5000,
  });
  // DATETIME columns hold UTC: CURRENT_TIMESTAMP must be UTC too, as mysql2 reads them as 'Z'.
  pool.on('connection', (conn) => {
    conn.query("SET time_zone = '+00:00'");
  });
  const metrics = options.metrics;
  return new Kysely<Database>({
    dialect: new MysqlDialect({ pool }),
    log: metrics
      ? (event) => metrics.queryObserved(event.queryDurationMillis / 1000, event.level === 'error' ? 'error' : 'ok')
      : undefined,
  });
}
