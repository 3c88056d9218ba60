// Brings up the same cluster `npm start` runs (on test ports, against the test Redis and a fresh
// database) and checks every process becomes healthy and ready and serves its metrics.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { childSpecs, type PortPlan } from './cluster.js';
import { ensureJwtKeys } from './keys.js';
import { Supervisor } from './supervisor.js';
import { createTestDatabase } from './test-database.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const TEST_PORTS: PortPlan = {
  redis: 0,
  mysql: 0,
  api: 14000,
  signaling: [14101, 14102],
  mediaRpc: [14201, 14202],
  // Below the kernel's ephemeral range (32768+): a client socket elsewhere in the run cannot hold them.
  mediaRtcBase: [24000, 24010],
  mediaPipe: [
    [25000, 25499],
    [25500, 25999],
  ],
  web: 14173,
};

const METRIC_PREFIX: Record<string, string> = {
  api: 'coope_api_',
  'media-1': 'coope_media_',
  'media-2': 'coope_media_',
  'signaling-1': 'coope_signaling_',
  'signaling-2': 'coope_signaling_',
};

let supervisor: Supervisor;
const logs: string[] = [];

beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'coope-cluster-'));
  const keysDir = dataDir;
  ensureJwtKeys(keysDir);
  const databaseUrl = await createTestDatabase('cluster');
  const specs = childSpecs(
    { repoRoot, dataDir, keysDir },
    { redisUrl: process.env.COOPE_TEST_REDIS_URL!, databaseUrl, rpcSecret: 'cluster-test-secret' },
    TEST_PORTS,
  );
  supervisor = new Supervisor(specs, (line) => logs.push(line));
  supervisor.start();
  await vi.waitFor(
    () => {
      const notHealthy = supervisor.states().filter((s) => s.state !== 'healthy');
      if (notHealthy.length > 0) {
        throw new Error(`not healthy: ${notHealthy.map((s) => `${s.name}:${s.state}`).join(' ')}\n${logs.slice(-30).join('\n')}`);
      }
    },
    { timeout: 180_000, interval: 500 },
  );
}, 240_000);

afterAll(async () => {
  await supervisor?.stop();
  if (process.env.COOPE_CLUSTER_LOG) writeFileSync(process.env.COOPE_CLUSTER_LOG, logs.join('\n'));
});

describe('local cluster', () => {
  it('runs every process healthy, none restarted', () => {
    const states = supervisor.states();
    expect(states.map((s) => s.name).sort()).toEqual(
      ['api', 'media-1', 'media-2', 'signaling-1', 'signaling-2', 'web'].sort(),
    );
    expect(states.filter((s) => s.restarts > 0), logs.slice(-40).join('\n')).toEqual([]);
  });

  it('answers /readyz and /metrics with the service prefix on every service', async () => {
    const targets: Array<[string, number]> = [
      ['api', TEST_PORTS.api],
      ['media-1', TEST_PORTS.mediaRpc[0]!],
      ['media-2', TEST_PORTS.mediaRpc[1]!],
      ['signaling-1', TEST_PORTS.signaling[0]!],
      ['signaling-2', TEST_PORTS.signaling[1]!],
    ];
    for (const [name, port] of targets) {
      await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status, { timeout: 20_000 }).toBe(200);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics, name).toContain(METRIC_PREFIX[name]);
      expect(metrics, name).toContain('process_cpu_seconds_total');
    }
  });

  it('prefixes child log lines with the process name', () => {
    expect(logs.some((l) => l.startsWith('api'))).toBe(true);
    expect(logs.some((l) => l.startsWith('signaling-1'))).toBe(true);
  });
});
