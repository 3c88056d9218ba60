// Starts the repo's own Redis and MariaDB: Debian binaries, our ports, data under .data/.
// Used by the local cluster supervisor and by the test suite's global setup.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface DataServiceOptions {
  /** Folder holding redis/ and mariadb/ data, e.g. <repo>/.data/local */
  dataDir: string;
  redisPort: number;
  mysqlPort: number;
  mysqlDatabase: string;
  mysqlUser: string;
  mysqlPassword: string;
  /** Where child output goes; defaults to discarding it. */
  onOutput?: (service: 'redis' | 'mariadb', line: string) => void;
}

export interface RunningService {
  name: 'redis' | 'mariadb';
  process: ChildProcess;
  stop(): Promise<void>;
}

const isRoot = process.getuid?.() === 0;

export function redisUrl(o: Pick<DataServiceOptions, 'redisPort'>): string {
  return `redis://127.0.0.1:${o.redisPort}`;
}

export function mysqlUrl(o: Pick<DataServiceOptions, 'mysqlPort' | 'mysqlUser' | 'mysqlPassword' | 'mysqlDatabase'>): string {
  return `mysql://${o.mysqlUser}:${o.mysqlPassword}@127.0.0.1:${o.mysqlPort}/${o.mysqlDatabase}`;
}

export async function assertPortFree(port: number, what: string): Promise<void> {
  const inUse = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
  if (inUse) {
    throw new Error(`port ${port} (${what}) is already in use by another process; stop it or choose another port`);
  }
}

/** Kills a process left behind by an earlier run, found through its pid file. */
async function killStale(pidFile: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await delay(100);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {}
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitForPort(port: number, child: ChildProcess, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} during start`);
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect({ port, host: '127.0.0.1' });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (open) return;
    await delay(100);
  }
  throw new Error(`${what} did not open port ${port} within ${timeoutMs} ms`);
}

function pipeLines(child: ChildProcess, name: 'redis' | 'mariadb', onOutput?: DataServiceOptions['onOutput']): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream?.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      let i = buf.indexOf('\n');
      while (i >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.trim() && onOutput) onOutput(name, line);
        i = buf.indexOf('\n');
      }
    });
  }
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

export async function startRedis(o: DataServiceOptions): Promise<RunningService> {
  const dir = path.join(o.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const pidFile = path.join(dir, 'redis.pid');
  await killStale(pidFile);
  await assertPortFree(o.redisPort, 'redis');
  // appendonly: co-editing acknowledges an update once it is in a stream, so it must survive a restart.
  const args = [
    '--port', String(o.redisPort), '--bind', '127.0.0.1', '--dir', dir, '--pidfile', pidFile,
    '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--daemonize', 'no',
    '--protected-mode', 'no', '--loglevel', 'warning',
  ];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  writeFileSync(pidFile, String(child.pid));
  pipeLines(child, 'redis', o.onOutput);
  await waitForPort(o.redisPort, child, 'redis-server', 15_000);
  return { name: 'redis', process: child, stop: stopper(child) };
}

function mariadbBaseArgs(dir: string, o: DataServiceOptions): string[] {
  const args = [
    '--no-defaults', `--datadir=${path.join(dir, 'data')}`, `--socket=${path.join(dir, 'mysqld.sock')}`,
    `--port=${o.mysqlPort}`, '--bind-address=127.0.0.1', `--pid-file=${path.join(dir, 'mysqld.pid')}`,
    '--skip-name-resolve', '--innodb-buffer-pool-size=128M', '--innodb-log-file-size=48M',
    '--max-connections=500', '--character-set-server=utf8mb4', '--collation-server=utf8mb4_unicode_ci',
  ];
  if (isRoot) args.push('--user=root');
  return args;
}

function initialiseMariadb(dir: string): void {
  const dataDir = path.join(dir, 'data');
  if (existsSync(path.join(dataDir, 'mysql'))) return;
  mkdirSync(dataDir, { recursive: true });
  const args = [
    '--no-defaults', `--datadir=${dataDir}`, '--auth-root-authentication-method=normal',
    '--skip-test-db', '--skip-name-resolve',
  ];
  if (isRoot) args.push('--user=root');
  try {
    execFileSync('mariadb-install-db', args, { stdio: 'pipe' });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    const detail = (err as { stderr?: Buffer }).stderr?.toString().trim().split('\n').slice(-3).join(' | ');
    throw new Error(`mariadb-install-db failed in ${dataDir}: ${detail ?? String(err)}`);
  }
}

export async function startMariadb(o: DataServiceOptions): Promise<RunningService> {
  const dir = path.join(o.dataDir, 'mariadb');
  mkdirSync(dir, { recursive: true });
  await killStale(path.join(dir, 'mysqld.pid'));
  await assertPortFree(o.mysqlPort, 'mariadb');
  initialiseMariadb(dir);
  const child = spawn('mariadbd', mariadbBaseArgs(dir, o), { stdio: ['ignore', 'pipe', 'pipe'] });
  pipeLines(child, 'mariadb', o.onOutput);
  await waitForPort(o.mysqlPort, child, 'mariadbd', 60_000);
  const sql = [
    `CREATE DATABASE IF NOT EXISTS \`${o.mysqlDatabase}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    `CREATE USER IF NOT EXISTS '${o.mysqlUser}'@'127.0.0.1' IDENTIFIED BY '${o.mysqlPassword}'`,
    `CREATE USER IF NOT EXISTS '${o.mysqlUser}'@'localhost' IDENTIFIED BY '${o.mysqlPassword}'`,
    // The test suite creates one database per test file, so the app user may create databases.
    `GRANT ALL PRIVILEGES ON *.* TO '${o.mysqlUser}'@'127.0.0.1'`,
    `GRANT ALL PRIVILEGES ON *.* TO '${o.mysqlUser}'@'localhost'`,
  ].join(';');
  execFileSync('mariadb', ['--no-defaults', `--socket=${path.join(dir, 'mysqld.sock')}`, '-uroot', '-e', sql], {
    stdio: 'pipe',
  });
  return { name: 'mariadb', process: child, stop: stopper(child) };
}
