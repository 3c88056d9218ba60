// Starts a real media-node process (`node --import tsx src/main.ts`, one OS process so
// SIGKILL really kills it) on free ports, and waits for /readyz.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { MediaRpcClient } from '../../src/rpc/client.js';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Node processes outlive a test worker that exits without stopping them: kill them with it.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface MediaNodeProcess {
  nodeId: string;
  secret: string;
  prefix: string;
  port: number;
  rpcUrl: string;
  httpUrl: string;
  child: ChildProcess;
  /** Parsed pino lines the node wrote so far. */
  logs: Array<Record<string, unknown>>;
  /** Open an RPC client (closed by stop()). */
  connect(): Promise<MediaRpcClient>;
  /** pids of the node's mediasoup worker processes. */
  workerPids(): number[];
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  prefix: string;
  nodeId?: string;
  workers?: number;
  env?: Record<string, string>;
  /** Wait for /readyz 200 (default); false when the test expects it not ready (Redis down). */
  waitReady?: boolean;
}

export async function spawnMediaNode(opts: SpawnOptions): Promise<MediaNodeProcess> {
  const nodeId = opts.nodeId ?? `mn-${randomUUID().slice(0, 8)}`;
  const secret = `secret-${randomUUID()}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      LOG_LEVEL: 'info',
      REDIS_URL: process.env.COOPE_TEST_REDIS_URL,
      REDIS_KEY_PREFIX: opts.prefix,
      MEDIA_NODE_ID: nodeId,
      MEDIA_RPC_PORT: '0',
      MEDIA_LISTEN_IP: '127.0.0.1',
      MEDIA_WORKERS: String(opts.workers ?? 2),
      MEDIA_RTC_PORT_BASE: '0',
      MEDIA_PIPE_MIN_PORT: '42000',
      MEDIA_PIPE_MAX_PORT: '48999',
      MEDIA_RPC_SECRET: secret,
      MEDIA_STATS_INTERVAL_MS: '1000',
      ...opts.env,
    },
  });
  const logs: Array<Record<string, unknown>> = [];
  const stderr: string[] = [];
  readLines(child, logs, stderr);
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => running.delete(child));
  const clients: MediaRpcClient[] = [];
  try {
    return await waitStarted(child, opts, { nodeId, secret, logs, stderr, exited, clients });
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}

interface Spawned {
  nodeId: string;
  secret: string;
  logs: Array<Record<string, unknown>>;
  stderr: string[];
  exited: Promise<number | null>;
  clients: MediaRpcClient[];
}

async function waitStarted(child: ChildProcess, opts: SpawnOptions, s: Spawned): Promise<MediaNodeProcess> {
  const { nodeId, secret, logs, stderr, exited, clients } = s;
  const started = await vi.waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`media node exited: ${stderr.join('')}`);
      const line = logs.find((l) => l.msg === 'media node started');
      if (!line) throw new Error('media node not started yet');
      return line as { port: number; rpcUrl: string };
    },
    { timeout: 30_000, interval: 50 },
  );
  const httpUrl = `http://127.0.0.1:${started.port}`;
  await vi.waitFor(
    async () => {
      if (opts.waitReady === false) return;
      const res = await fetch(`${httpUrl}/readyz`);
      if (res.status !== 200) {
        const tail = logs.slice(-5).map((l) => JSON.stringify(l));
        throw new Error(`readyz ${res.status} ${await res.text()}; last logs:\n${tail.join('\n')}`);
      }
    },
    { timeout: 15_000, interval: 50 },
  );
  return {
    nodeId,
    secret,
    prefix: opts.prefix,
    port: started.port,
    rpcUrl: started.rpcUrl,
    httpUrl,
    child,
    logs,
    exited,
    workerPids: () => childPids(child.pid!),
    connect: async () => {
      const client = MediaRpcClient.connect({ url: started.rpcUrl, secret });
      clients.push(client);
      await client.ready();
      return client;
    },
    stop: async () => {
      await Promise.all(clients.map((c) => c.close()));
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

function readLines(child: ChildProcess, logs: Array<Record<string, unknown>>, stderr: string[]): void {
  let buf = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buf += chunk;
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        logs.push(JSON.parse(line));
      } catch {
        logs.push({ raw: line });
      }
      nl = buf.indexOf('\n');
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(chunk);
    if (process.env.MEDIA_TEST_VERBOSE) process.stderr.write(chunk);
  });
}

function childPids(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0);
  } catch {
    return [];
  }
}
