// Vitest global setup: one Redis and one MariaDB for the whole run, on test ports,
// so `npm test` never touches a running local cluster. Test files isolate themselves
// by key prefix (Redis) and by database name (MariaDB).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mysqlUrl, type RunningService, redisUrl, startMariadb, startRedis } from './data-services.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const redisPort = Number(process.env.COOPE_TEST_REDIS_PORT ?? 6391);
const mysqlPort = Number(process.env.COOPE_TEST_MYSQL_PORT ?? 3391);

/** Set COOPE_TEST_REDIS_PORT/COOPE_TEST_MYSQL_PORT to run two test runs side by side. */
export const testServiceOptions = {
  dataDir: path.join(repoRoot, '.data', `test-${redisPort}-${mysqlPort}`),
  redisPort,
  mysqlPort,
  mysqlDatabase: 'coope_test',
  mysqlUser: 'coope',
  mysqlPassword: 'coope-test',
};

export default async function setup(): Promise<() => Promise<void>> {
  const started: RunningService[] = [];
  started.push(await startRedis(testServiceOptions));
  started.push(await startMariadb(testServiceOptions));
  process.env.COOPE_TEST_REDIS_URL = redisUrl(testServiceOptions);
  process.env.COOPE_TEST_MYSQL_URL = mysqlUrl(testServiceOptions);
  process.env.COOPE_TEST_REDIS_DATA_DIR = path.join(testServiceOptions.dataDir, 'redis');
  return async () => {
    for (const s of started.reverse()) await s.stop();
  };
}
