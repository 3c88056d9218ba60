// A Redis restart during a call, with this file's own Redis: running calls keep their media, new joins
// fail with a clear error while it is down, and everything recovers by itself when it returns.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DataServiceOptions, type RunningService, redisUrl, startRedis } from '../../deploy/local/src/data-services.js';
import { type MediaBot, startBot } from './helpers/media-bot.js';
import { type MediaProcess, spawnMedia, workerBin } from './helpers/media-process.js';
import { freePortRange } from './helpers/ports.js';
import { testRedis } from './helpers/redis.js';
import { connectClient, request, waitReady } from './helpers/signaling-harness.js';
import { type SignalingProcess, spawnSignaling } from './helpers/signaling-process.js';
import { createTestKeys, type TestKeys } from './helpers/tokens.js';

const prefix = 'coope:';
let opts: DataServiceOptions;
let redisService: RunningService;
let url: string;
let redis: Redis;
let keys: TestKeys;
let mediaNode: MediaProcess;
let signaling: SignalingProcess[] = [];
const bots: MediaBot[] = [];

beforeAll(async () => {
  if (!existsSync(workerBin)) throw new Error(`mediasoup worker not built (${workerBin})`);
  opts = { dataDir: mkdtempSync(path.join(tmpdir(), 'coope-sig-redis-')), redisPort: await freePortRange(1, 16_000, 19_000), mysqlPort: 0, mysqlDatabase: '', mysqlUser: '', mysqlPassword: '' };
  redisService = await startRedis(opts);
  url = redisUrl(opts);
  redis = testRedis(url);
  redis.on('error', () => {});
  keys = await createTestKeys();
  mediaNode = await spawnMedia({ id: 'rm1', redis, redisUrl: url, prefix });
  const env = { SIGNALING_HEARTBEAT_MS: '1000' };
  signaling = await Promise.all(['rs1', 'rs2'].map((id) => spawnSignaling({ id, prefix, keys, redisUrl: url, env, mediaNodes: 1 })));
});

afterAll(async () => {
  for (const b of bots) await b.stop().catch(() => {});
  for (const s of signaling) await s.stop().catch(() => {});
  await mediaNode?.stop().catch(() => {});
  redis?.disconnect();
  await redisService?.stop();
});

async function mediaFlows(list: MediaBot[], n: number, timeout = 20_000): Promise<void> {
  const base = list.map((b) => b.received('camera'));
  await expect.poll(() => list.every((b, i) => b.received('camera') >= base[i]! + n), { timeout, interval: 50 }).toBe(true);
}

describe('Redis restart during a call', () => {
  it('keeps media flowing, refuses new joins clearly while down, and recovers by itself', async () => {
    const urls = signaling.map((s) => s.url);
    bots.push(await startBot({ userId: 'ann', roomId: 'redis-room', urls, keys }));
    bots.push(await startBot({ userId: 'ben', roomId: 'redis-room', urls: [...urls].reverse(), keys }));
    await mediaFlows(bots, 10);
    const resets = bots.map((b) => b.client.events.on('mediaReset', () => expect.fail(`${b.userId} had its media reset`)));
    const early = await connectClient(signaling[0]!.url, await keys.accessToken('cy'), { reconnection: false });

    await redisService.stop();
    await mediaFlows(bots, 15);
    const started = performance.now();
    const refused = await request(early, 'join', { ticket: await keys.callTicket('cy', 'redis-room') });
    expect(refused).toMatchObject({ ok: false, code: 'SERVICE_UNAVAILABLE' });
    expect(performance.now() - started).toBeLessThan(3_000);

    redisService = await startRedis(opts);
    for (const s of signaling) await waitReady(s.url, 1, 30_000);
    const joined = await request(early, 'join', { ticket: await keys.callTicket('cy', 'redis-room') });
    expect(joined.ok && joined.peers.map((p) => p.userId).sort()).toEqual(['ann', 'ben']);
    // Still the same call and the same media, minutes of sweeps later included.
    await mediaFlows(bots, 20);
    expect(bots.map((b) => b.client.epoch)).toEqual([joined.ok ? joined.epoch : -1, joined.ok ? joined.epoch : -1]);
    for (const off of resets) off();
    early.close();
  });
});
