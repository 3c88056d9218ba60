// The local cluster for the live metrics test: the processes `npm start` runs (childSpecs), minus the
// web server (it has no /metrics), on ports from a base of their own so other cluster tests can run
// at the same time, with a Redis key prefix of their own on the shared test Redis.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { vi } from 'vitest';
import { childSpecs, type PortPlan } from '../local/src/cluster.js';
import { ensureJwtKeys } from '../local/src/keys.js';
import { Supervisor } from '../local/src/supervisor.js';
import { createTestDatabase } from '../local/src/test-database.js';
import { repoRoot } from './paths.js';

/** 15xxx by default: cluster.test.ts uses 14xxx and the chaos runs 16xxx. */
export function livePorts(base: number): PortPlan {
  return {
    redis: 0,
    mysql: 0,
    api: base,
    signaling: [base + 101, base + 102],
    mediaRpc: [base + 201, base + 202],
    mediaRtcBase: [base + 300, base + 310],
    mediaPipe: [
      [base + 400, base + 649],
      [base + 650, base + 899],
    ],
    web: base + 173,
  };
}

export interface LiveCluster {
  ports: PortPlan;
  /** host:port of every /metrics endpoint, by the job names of deploy/prometheus/prometheus.yml. */
  targets: Record<string, string[]>;
  logs: string[];
  supervisor: Supervisor;
  stop(): Promise<void>;
}

const hostPort = (port: number) => `127.0.0.1:${port}`;

/** host:port of every /metrics endpoint, by the job names of deploy/prometheus/prometheus.yml. */
export function liveTargets(ports: PortPlan): Record<string, string[]> {
  return {
    'coope-api': [hostPort(ports.api)],
    'coope-signaling': ports.signaling.map(hostPort),
    'coope-media': ports.mediaRpc.map(hostPort),
  };
}

export async function startLiveCluster(o: { base: number; dataDir: string; redisUrl: string }): Promise<LiveCluster> {
  const ports = livePorts(o.base);
  mkdirSync(o.dataDir, { recursive: true });
  ensureJwtKeys(o.dataDir);
  const databaseUrl = await createTestDatabase('metrics_live');
  const prefix = `coope:mlive:${randomBytes(3).toString('hex')}:`;
  const specs = childSpecs(
    { repoRoot, dataDir: o.dataDir, keysDir: o.dataDir },
    { redisUrl: o.redisUrl, databaseUrl, rpcSecret: randomBytes(16).toString('hex') },
    ports,
  )
    .filter((s) => s.name !== 'web')
    .map((s) => ({ ...s, env: { ...s.env, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'warn' } }));
  const logs: string[] = [];
  const supervisor = new Supervisor(specs, (line) => logs.push(line));
  supervisor.start();
  const cluster: LiveCluster = {
    ports,
    targets: liveTargets(ports),
    logs,
    supervisor,
    stop: () => supervisor.stop(),
  };
  try {
    await vi.waitFor(
      () => {
        const notHealthy = supervisor.states().filter((s) => s.state !== 'healthy');
        if (notHealthy.length > 0) {
          throw new Error(`not healthy: ${notHealthy.map((s) => `${s.name}:${s.state}`).join(' ')}\n${logs.slice(-30).join('\n')}`);
        }
      },
      { timeout: 150_000, interval: 500 },
    );
  } catch (err) {
    await supervisor.stop();
    throw err;
  }
  return cluster;
}

export const clusterDataDir = (label: string) => path.join(repoRoot, '.data', `${label}-${randomBytes(4).toString('hex')}`);
