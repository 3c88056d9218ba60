// A signaling node as its own process (`tsx src/main.ts`), as in production: socket.io's uWS
// broadcast patch is per process, so multi-node tests need one process per node.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { track } from './children.js';
import { fileURLToPath } from 'node:url';
import { testRedisUrl } from './redis.js';
import { waitReady } from './signaling-harness.js';
import type { TestKeys } from './tokens.js';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** `node --import tsx src/main.ts`: one process, so a SIGKILL reaches the service itself (the tsx CLI would leave it orphaned). */
export const nodeArgs = ['--import', 'tsx', 'src/main.ts'];

export interface SignalingProcess {
  id: string;
  url: string;
  port: number;
  child: ChildProcess;
  output: string[];
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL (kill -9) and wait for exit. */
  kill(): Promise<void>;
}

export interface SpawnOptions {
  id: string;
  prefix: string;
  keys: TestKeys;
  redisUrl?: string;
  env?: Record<string, string>;
  mediaNodes?: number;
}

export function signalingEnv(o: SpawnOptions): Record<string, string> {
  return {
    SIGNALING_NODE_ID: o.id,
    SIGNALING_PORT: '0',
    SIGNALING_HOST: '127.0.0.1',
    REDIS_URL: o.redisUrl ?? testRedisUrl(),
    REDIS_KEY_PREFIX: o.prefix,
    SHARED_KEY_PREFIX: o.prefix,
    SOCKET_IO_KEY: `${o.prefix}socket.io`,
    JWT_PUBLIC_KEY_FILE: o.keys.publicKeyFile,
    MEDIA_RPC_SECRET: 'test-secret-123',
    LOG_LEVEL: 'info',
    ...o.env,
  };
}

/** Runs `tsx src/main.ts` with `env` and resolves when it exits, with its code and output. */
export function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = track(spawn(process.execPath, nodeArgs, { cwd: packageDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

export async function spawnSignaling(o: SpawnOptions): Promise<SignalingProcess> {
  const child = track(spawn(process.execPath, nodeArgs, { cwd: packageDir, env: { ...process.env, ...signalingEnv(o) }, stdio: ['ignore', 'pipe', 'pipe'] }));
  const output: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const onLine = (line: string) => {
      output.push(line);
      if (output.length > 400) output.shift();
      if (line.includes('"msg":"listening"')) resolve((JSON.parse(line) as { port: number }).port);
    };
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString();
      let i = buf.indexOf('\n');
      while (i >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
        i = buf.indexOf('\n');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`signaling ${o.id} exited with ${code}: ${output.slice(-10).join('\n')}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, o.mediaNodes ?? 0, 30_000);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    id: o.id,
    url,
    port,
    child,
    output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
