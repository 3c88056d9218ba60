// Redis and MariaDB for benchmarks and bots: reuse the URLs we are given (COOPE_REDIS_URL + COOPE_MYSQL_URL,
// or the test suite's COOPE_TEST_*), otherwise start the repo's own Debian binaries on free ports.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
// deploy has no package exports; its data-services module is the one way the repo starts these binaries.
import { mysqlUrl, type RunningService, redisUrl, startMariadb, startRedis } from '../../../deploy/local/src/data-services.js';
import { RESULTS_DIR } from '../results.js';
import { freePort } from './free-port.js';

export interface DataServices {
  redisUrl: string;
  /** A URL whose user may create databases (see createDatabase). */
  mysqlUrl: string;
  /** True when we started the processes (and stop() stops them). */
  owned: boolean;
  stop(): Promise<void>;
}

export const TMP_DIR = path.join(RESULTS_DIR, 'tmp');

/** `mysql: false` when only Redis is needed (call clusters): MariaDB is then neither reused nor started. */
export async function dataServices(o: { mysql?: boolean } = {}, env: NodeJS.ProcessEnv = process.env): Promise<DataServices> {
  const wantMysql = o.mysql !== false;
  const redis = env.COOPE_REDIS_URL ?? env.COOPE_TEST_REDIS_URL;
  const mysql = env.COOPE_MYSQL_URL ?? env.COOPE_TEST_MYSQL_URL;
  if (redis && (mysql || !wantMysql)) return { redisUrl: redis, mysqlUrl: mysql ?? '', owned: false, stop: async () => {} };
  const options = {
    dataDir: path.join(TMP_DIR, 'data'),
    redisPort: await freePort(),
    mysqlPort: await freePort(),
    mysqlDatabase: 'coope_bench',
    mysqlUser: 'coope',
    mysqlPassword: 'coope-bench',
  };
  const started: RunningService[] = [];
  try {
    started.push(await startRedis(options));
    if (wantMysql) started.push(await startMariadb(options));
  } catch (err) {
    for (const s of started) await s.stop();
    throw err;
  }
  return {
    redisUrl: redisUrl(options),
    mysqlUrl: mysqlUrl(options),
    owned: true,
    async stop() {
      for (const s of started.reverse()) await s.stop();
    },
  };
}

/** A fresh, empty database on that server; returns its URL. */
export function createDatabase(baseUrl: string, label: string): string {
  const url = new URL(baseUrl);
  const name = `coope_${label.replace(/[^a-z0-9]/gi, '_')}_${randomBytes(4).toString('hex')}`;
  execFileSync('mariadb', [
    '--no-defaults', '-h', url.hostname, '-P', url.port, '-u', decodeURIComponent(url.username),
    `-p${decodeURIComponent(url.password)}`, '-e', `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`,
  ]);
  url.pathname = `/${name}`;
  return url.toString();
}

export function dropDatabase(databaseUrl: string): void {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  if (!/^coope_[a-z0-9_]+$/i.test(name)) return;
  try {
    execFileSync('mariadb', [
      '--no-defaults', '-h', url.hostname, '-P', url.port, '-u', decodeURIComponent(url.username),
      `-p${decodeURIComponent(url.password)}`, '-e', `DROP DATABASE IF EXISTS \`${name}\``,
    ]);
  } catch {}
}
