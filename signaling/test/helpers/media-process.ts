// A real media node (`tsx media-node/src/main.ts`) with a real mediasoup worker, ready once its record
// is in Redis and fresh.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { track } from './children.js';
import { fileURLToPath } from 'node:url';
import { readMediaNodes } from '@coope/media-node/keys';
import type { Redis } from 'ioredis';
import { freePortRange } from './ports.js';
import { nodeArgs } from './signaling-process.js';

const mediaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../media-node');
/** Where mediasoup finds its worker (MEDIASOUP_WORKER_BIN overrides, as it does for mediasoup). */
export const workerBin = process.env.MEDIASOUP_WORKER_BIN ?? path.join(mediaDir, 'node_modules/mediasoup/worker/out/Release/mediasoup-worker');

export interface MediaProcess {
  id: string;
  child: ChildProcess;
  output: string[];
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function spawnMedia(o: { id: string; redis: Redis; redisUrl: string; prefix: string; ttlMs?: number }): Promise<MediaProcess> {
  const rtcBase = await freePortRange(2);
  const pipeBase = await freePortRange(50, 41_000, 60_000);
  const env = {
    ...process.env,
    LOG_LEVEL: 'warn',
    REDIS_URL: o.redisUrl,
    REDIS_KEY_PREFIX: o.prefix,
    MEDIA_NODE_ID: o.id,
    MEDIA_RPC_PORT: '0',
    MEDIA_LISTEN_IP: '127.0.0.1',
    MEDIA_ANNOUNCED_IP: '127.0.0.1',
    MEDIA_WORKERS: '1',
    MEDIA_RTC_PORT_BASE: String(rtcBase),
    MEDIA_PIPE_MIN_PORT: String(pipeBase),
    MEDIA_PIPE_MAX_PORT: String(pipeBase + 49),
    MEDIA_RPC_SECRET: 'test-secret-123',
    MEDIA_RECORD_TTL_MS: String(o.ttlMs ?? 3000),
    MEDIA_DRAIN_DEADLINE_MS: '2000',
  };
  const child = track(spawn(process.execPath, nodeArgs, { cwd: mediaDir, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  const output: string[] = [];
  const keep = (d: Buffer) => {
    output.push(...d.toString().split('\n').filter(Boolean));
    if (output.length > 300) output.splice(0, output.length - 300);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`media node ${o.id} exited: ${output.slice(-10).join('\n')}`);
    const records = await readMediaNodes(o.redis, { prefix: o.prefix, ttlMs: 60_000 });
    if (records.some((r) => r.id === o.id && r.state === 'SERVING' && Date.now() - r.updatedAt < r.ttlMs)) break;
    if (Date.now() > deadline) throw new Error(`media node ${o.id} not registered: ${output.slice(-10).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return { id: o.id, child, output, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}
