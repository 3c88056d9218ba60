// End to end with real processes: two signaling nodes, two media nodes (real mediasoup workers), real
// Redis, and Node clients sending real encoded audio and video (@roamhq/wrtc + mediasoup-client).
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signalingKeys } from '../src/keys.js';
import { type MediaBot, startBot } from './helpers/media-bot.js';
import { type MediaProcess, spawnMedia, workerBin } from './helpers/media-process.js';
import { deleteUnder, testRedis, testRedisUrl, uniquePrefix } from './helpers/redis.js';
import { type SignalingProcess, spawnSignaling } from './helpers/signaling-process.js';
import { createTestKeys, type TestKeys } from './helpers/tokens.js';

const prefix = uniquePrefix('e2e');
const redis = testRedis();
const media: MediaProcess[] = [];
let signaling: SignalingProcess[] = [];
let keys: TestKeys;
const bots: MediaBot[] = [];

const room = 'e2e-room';
const placement = () => redis.hgetall(signalingKeys(prefix, prefix).room(room));

beforeAll(async () => {
  if (!existsSync(workerBin)) throw new Error(`mediasoup worker not built (${workerBin}); run pnpm --filter @coope/media-node run build:worker`);
  keys = await createTestKeys();
  const env = { SIGNALING_HEARTBEAT_MS: '1000', SIGNALING_PEER_GRACE_MS: '15000' };
  media.push(...(await Promise.all(['m1', 'm2'].map((id) => spawnMedia({ id, redis, redisUrl: testRedisUrl(), prefix, ttlMs: 2000 })))));
  signaling = await Promise.all(['s1', 's2'].map((id) => spawnSignaling({ id, prefix, keys, env, mediaNodes: 2 })));
});

afterAll(async () => {
  for (const b of bots) await b.stop().catch(() => {});
  for (const s of signaling) await s.stop().catch(() => {});
  for (const m of media) await m.stop().catch(() => {});
  await deleteUnder(redis, prefix);
  redis.disconnect();
});

/** Resolves when every bot has decoded at least `n` more video frames and audio chunks than now. */
async function mediaFlows(list: MediaBot[], n = 5, timeout = 20_000): Promise<void> {
  const base = list.map((b) => [b.received('camera'), b.received('mic')] as const);
  await expect
    .poll(() => list.every((b, i) => b.received('camera') >= base[i]![0] + n && b.received('mic') >= base[i]![1] + n), { timeout, interval: 50 })
    .toBe(true);
}

describe('end to end with real media', () => {
  it('two clients on different signaling nodes see and hear each other', async () => {
    const urls = signaling.map((s) => s.url);
    bots.push(await startBot({ userId: 'ada', roomId: room, urls, keys }));
    bots.push(await startBot({ userId: 'bo', roomId: room, urls: [...urls].reverse(), keys }));
    await mediaFlows(bots, 10);
    expect(bots.map((b) => b.client.consumers.map((c) => c.source).sort())).toEqual([
      ['camera', 'mic'],
      ['camera', 'mic'],
    ]);
  });

  it('recovers from kill -9 of the media node within seconds, losing no peer', async () => {
    const before = await placement();
    const victim = media.find((m) => m.id === before.node)!;
    const left = bots.map((b) => b.client.events.on('peerLeft', () => expect.fail(`${b.userId} saw a peer leave`)));
    const resets = bots.map((b) => b.client.events.once('mediaReset'));
    const killedAt = performance.now();
    await victim.kill();
    await Promise.all(resets);
    await mediaFlows(bots, 1);
    const recoveryMs = performance.now() - killedAt;
    console.log(`media-node kill -9 → media flowing again on both clients: ${Math.round(recoveryMs)} ms`);
    expect(recoveryMs).toBeLessThan(8_000);
    expect((await placement()).node).not.toBe(before.node);
    expect(Number((await placement()).epoch)).toBeGreaterThan(Number(before.epoch));
    for (const off of left) off();
    // Bring a media node back for what follows.
    media.splice(media.indexOf(victim), 1, await spawnMedia({ id: victim.id, redis, redisUrl: testRedisUrl(), prefix, ttlMs: 2000 }));
  });

  it('resumes on the other signaling node after kill -9 of its own, keeping its media', async () => {
    const [ada, bo] = bots as [MediaBot, MediaBot];
    const boLeft = bo.client.events.on('peerLeft', () => expect.fail('bo saw ada leave'));
    const resumed = ada.client.events.once('resumed');
    const killedAt = performance.now();
    await signaling[0]!.kill();
    expect(await resumed).toEqual({ mediaReset: false });
    const resumeMs = performance.now() - killedAt;
    await mediaFlows(bots, 5);
    console.log(`signaling kill -9 → session resumed on the other node: ${Math.round(resumeMs)} ms`);
    expect(resumeMs).toBeLessThan(8_000);
    boLeft();
  });
});
