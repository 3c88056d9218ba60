// `npm start`: the full local cluster in the foreground. Ctrl-C stops every process it started.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childSpecs, dataServiceOptions, LOCAL_PORTS } from './cluster.js';
import { mysqlUrl, type RunningService, redisUrl, startMariadb, startRedis } from './data-services.js';
import { ensureJwtKeys } from './keys.js';
import { formatLogLine } from './log-format.js';
import { type ChildState, Supervisor } from './supervisor.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = path.join(repoRoot, '.data', 'local');
const keysDir = path.join(dataDir, 'keys');
const write = (line: string) => process.stdout.write(`${line}\n`);

function rpcSecret(): string {
  const file = path.join(keysDir, 'media-rpc-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

function printUrls(): void {
  write('');
  write(`  web        http://127.0.0.1:${LOCAL_PORTS.web}`);
  write(`  api        http://127.0.0.1:${LOCAL_PORTS.api}   (OpenAPI at /docs)`);
  for (const [i, p] of LOCAL_PORTS.signaling.entries()) write(`  signaling-${i + 1} http://127.0.0.1:${p}`);
  for (const [i, p] of LOCAL_PORTS.mediaRpc.entries()) write(`  media-${i + 1}    http://127.0.0.1:${p}/healthz`);
  write(`  redis      redis://127.0.0.1:${LOCAL_PORTS.redis}`);
  write(`  mariadb    mysql://coope@127.0.0.1:${LOCAL_PORTS.mysql}/coope`);
  write('');
}

async function main(): Promise<void> {
  mkdirSync(keysDir, { recursive: true });
  ensureJwtKeys(keysDir);
  const services: RunningService[] = [];
  const options = {
    ...dataServiceOptions({ repoRoot, dataDir, keysDir }),
    onOutput: (name: string, line: string) => write(formatLogLine(name, line)),
  };
  try {
    services.push(await startRedis(options));
    write(formatLogLine('redis', `ready on ${LOCAL_PORTS.redis}`));
    services.push(await startMariadb(options));
    write(formatLogLine('mariadb', `ready on ${LOCAL_PORTS.mysql}`));
  } catch (err) {
    for (const s of services) await s.stop();
    throw err;
  }
  const supervisor = new Supervisor(
    childSpecs({ repoRoot, dataDir, keysDir }, { redisUrl: redisUrl(options), databaseUrl: mysqlUrl(options), rpcSecret: rpcSecret() }),
    write,
  );
  let announced = false;
  supervisor.on('state', (name: string, state: ChildState) => {
    write(formatLogLine('supervisor', `${name} → ${state}`));
    const all = supervisor.states();
    if (!announced && all.every((c) => c.state === 'healthy')) {
      announced = true;
      write(formatLogLine('supervisor', `all ${all.length} processes healthy (plus redis and mariadb)`));
      printUrls();
    }
  });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    write(formatLogLine('supervisor', `${signal}: stopping every process`));
    await supervisor.stop();
    for (const s of services.reverse()) await s.stop();
    write(formatLogLine('supervisor', 'stopped cleanly'));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  supervisor.start();
}

main().catch((err: unknown) => {
  process.stderr.write(`[coope] error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
