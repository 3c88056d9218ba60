// A fresh MariaDB database for one test file, on the test server the global setup started.
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';

export async function createTestDatabase(label: string): Promise<string> {
  const base = process.env.COOPE_TEST_MYSQL_URL;
  if (!base) throw new Error('COOPE_TEST_MYSQL_URL is not set: run tests through vitest (the global setup starts MariaDB)');
  const url = new URL(base);
  const name = `coope_t_${label.replace(/[^a-z0-9]/gi, '_')}_${randomBytes(4).toString('hex')}`;
  execFileSync('mariadb', [
    '--no-defaults', '-h', url.hostname, '-P', url.port, '-u', decodeURIComponent(url.username),
    `-p${decodeURIComponent(url.password)}`, '-e', `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`,
  ]);
  url.pathname = `/${name}`;
  return url.toString();
}
