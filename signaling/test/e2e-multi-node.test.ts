// A room spread over two media nodes, end to end with real processes: real Redis, real media nodes
// (mediasoup workers) piping producers to each other, two signaling nodes, and Node WebRTC clients.
// With SIGNALING_ROOM_PEERS_PER_NODE=2 a room of four lives on two nodes; every peer must decode every
// other peer's audio and video. Killing the extension node re-homes only its peers.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RemoteConsumer } from '../src/client/index.js';
import { signalingKeys } from '../src/keys.js';
import { type MediaBot, startBot } from './helpers/media-bot.js';
import { type MediaProcess, spawnMedia, workerBin } from './helpers/media-process.js';
import { deleteUnder, testRedis, testRedisUrl, uniquePrefix } from './helpers/redis.js';
import { type SignalingProcess, spawnSignaling } from './helpers/signaling-process.js';
import { createTestKeys, type TestKeys } from './helpers/tokens.js';
import { countMedia } from './helpers/wrtc-media.js';

const prefix = uniquePrefix('multi');
const keys = signalingKeys(prefix, prefix);
const redis = testRedis();
const media: MediaProcess[] = [];
let signaling: SignalingProcess[] = [];
let tokens: TestKeys;
const bots: MediaBot[] = [];
const room = 'multi-room';

/** Decoded frames per (remote peer, source), summed over every consumer the bot ever had. */
const counts = new Map<MediaBot, Map<string, Array<() => number>>>();
const sinks: Array<{ stop(): void }> = [];

function watch(bot: MediaBot): void {
  const seen = new Map<string, Array<() => number>>();
  counts.set(bot, seen);
  const add = (remote: RemoteConsumer) => {
    const key = `${remote.peerId}/${remote.source}`;
    const sink = countMedia(remote.consumer.track);
    sinks.push(sink);
    seen.set(key, [...(seen.get(key) ?? []), sink.count]);
  };
  for (const remote of bot.client.consumers) add(remote);
  bot.client.events.on('consumer', add);
}

/** Frames `bot` decoded from `from`'s `source` so far. */
const received = (bot: MediaBot, from: MediaBot, source: 'camera' | 'mic') =>
  (counts.get(bot)?.get(`${from.client.peerId}/${source}`) ?? []).reduce((n, count) => n + count(), 0);

/** Resolves when every bot decoded `n` more frames of both sources from every other bot. */
async function allPairsFlow(list: MediaBot[], n = 5, timeout = 25_000): Promise<void> {
  const pairs = list.flatMap((to) => list.filter((from) => from !== to).flatMap((from) => (['camera', 'mic'] as const).map((s) => ({ to, from, s }))));
  const base = pairs.map((p) => received(p.to, p.from, p.s));
  const lagging = () => pairs.filter((p, i) => received(p.to, p.from, p.s) < base[i]! + n).map((p) => `${p.from.userId}→${p.to.userId} ${p.s}`);
  await expect.poll(lagging, { timeout, interval: 100 }).toEqual([]);
}

const roomNodes = async () => {
  const [node, fields] = await Promise.all([redis.hget(keys.room(room), 'node'), redis.hgetall(keys.roomMedia(room))]);
  const homes = new Map<string, string>();
  for (const [f, v] of Object.entries(fields)) if (f.startsWith('p:')) homes.set(f.slice(2), v.split('|')[0]!);
  const extensions = Object.keys(fields)
    .filter((f) => f.startsWith('n:'))
    .map((f) => f.slice(2));
  // A peer without a recorded home lives on the primary.
  return { primary: node, extensions, homeOf: (b: MediaBot) => homes.get(b.client.peerId!) ?? node };
};

beforeAll(async () => {
  if (!existsSync(workerBin)) throw new Error(`mediasoup worker not built (${workerBin}); run pnpm --filter @coope/media-node run build:worker`);
  tokens = await createTestKeys();
  const env = { SIGNALING_HEARTBEAT_MS: '1000', SIGNALING_ROOM_PEERS_PER_NODE: '2', SIGNALING_ROOM_EMPTY_GRACE_MS: '1000' };
  media.push(...(await Promise.all(['n1', 'n2'].map((id) => spawnMedia({ id, redis, redisUrl: testRedisUrl(), prefix, ttlMs: 2000 })))));
  signaling = await Promise.all(['s1', 's2'].map((id) => spawnSignaling({ id, prefix, keys: tokens, env, mediaNodes: 2 })));
});

afterAll(async () => {
  for (const s of sinks) s.stop();
  await Promise.all(bots.map((b) => b.stop().catch(() => {})));
  // Cleanup only: no need to wait for graceful drains.
  await Promise.all([...signaling, ...media].map((p) => p.kill().catch(() => {})));
  await deleteUnder(redis, prefix);
  redis.disconnect();
});

describe('a room spread over two media nodes', () => {
  it('places 4 peers on 2 nodes (2 each) and every peer decodes every other peer', async () => {
    const urls = signaling.map((s) => s.url);
    for (const [i, userId] of ['ann', 'ben', 'cat', 'dan'].entries()) {
      const bot = await startBot({ userId, roomId: room, urls: i % 2 ? [...urls].reverse() : urls, keys: tokens });
      bots.push(bot);
      watch(bot);
    }
    const r = await roomNodes();
    expect(r.extensions).toHaveLength(1);
    expect(bots.map((b) => r.homeOf(b))).toEqual([r.primary, r.primary, r.extensions[0], r.extensions[0]]);
    await allPairsFlow(bots);
    // The peer list from the join ack, kept current by peerJoined.
    expect(bots[0]!.client.peers.map((p) => p.name).sort()).toEqual(['user ben', 'user cat', 'user dan']);
    expect(bots[3]!.client.peers.map((p) => p.userId).sort()).toEqual(['ann', 'ben', 'cat']);
  });

  it('kill -9 of the extension node re-homes only its peers, and media flows again', async () => {
    const before = await roomNodes();
    const ext = before.extensions[0]!;
    // A third node for the re-homed peers (the primary is at its cap of 2).
    media.push(await spawnMedia({ id: 'n3', redis, redisUrl: testRedisUrl(), prefix, ttlMs: 2000 }));
    // Both signaling nodes must know n3 (record read, RPC connected) before the kill, or a loaded machine
    // re-homes the victims over the primary's cap instead.
    const connected = async (url: string) => /coope_signaling_media_nodes_connected (\d+)/.exec(await (await fetch(`${url}/metrics`)).text())?.[1];
    await expect.poll(() => Promise.all(signaling.map((sig) => connected(sig.url))), { timeout: 10_000 }).toEqual(['3', '3']);
    const victims = bots.filter((b) => before.homeOf(b) === ext);
    const survivors = bots.filter((b) => !victims.includes(b));
    const resets = new Map(bots.map((b) => [b, 0]));
    const offs = bots.map((b) => b.client.events.on('mediaReset', () => resets.set(b, resets.get(b)! + 1)));
    const left = bots.map((b) => b.client.events.on('peerLeft', () => expect.fail(`${b.userId} saw a peer leave`)));
    const killedAt = performance.now();
    try {
      await media.find((m) => m.id === ext)!.kill();
      await expect.poll(() => victims.every((b) => resets.get(b)! > 0), { timeout: 10_000 }).toBe(true);
      await allPairsFlow(bots, 3);
    } finally {
      for (const off of [...offs, ...left]) off();
    }
    console.log(`extension kill -9 → media flowing again between all 4 peers: ${Math.round(performance.now() - killedAt)} ms`);
    expect(survivors.map((b) => resets.get(b))).toEqual([0, 0]);
    const after = await roomNodes();
    expect(after.primary).toBe(before.primary);
    expect(after.extensions).toEqual(['n3']);
    expect(victims.map((b) => after.homeOf(b))).toEqual(['n3', 'n3']);
    expect(survivors.map((b) => after.homeOf(b))).toEqual([before.primary, before.primary]);
    expect(await redis.sismember(keys.nodeRooms(ext), room)).toBe(0);
  });

  it('when the extension peers leave, the extension entry goes after the grace period', async () => {
    const r = await roomNodes();
    const ext = r.extensions[0]!;
    const leaving = bots.filter((b) => r.homeOf(b) === ext);
    const staying = bots.filter((b) => !leaving.includes(b));
    for (const b of leaving) await b.stop();
    bots.splice(0, bots.length, ...staying);
    await expect.poll(async () => (await roomNodes()).extensions, { timeout: 10_000 }).toEqual([]);
    expect(await redis.smembers(keys.nodeRooms(ext))).toEqual([]);
    expect(await redis.zcard(keys.emptyExtensions())).toBe(0);
    expect(staying[0]!.client.peers.map((p) => p.userId)).toEqual([staying[1]!.userId]);
    await allPairsFlow(staying, 3);
  });
});
