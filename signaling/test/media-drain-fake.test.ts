// Media-node drain against fake media nodes and two real signaling processes: on nodeDraining,
// signaling moves the node's rooms itself, spread over the first half of the time left before the
// deadline, exactly once each, and closes them on the draining node (so it can exit at once). A draining
// extension of a multi-node room sheds only its own peers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signalingKeys } from '../src/keys.js';
import { type FakeCluster, startFakeCluster } from './helpers/fake-cluster.js';
import type { FakeMediaNode } from './helpers/fake-media-node.js';
import { metricValue } from './helpers/metrics.js';
import { collect, waitReady } from './helpers/signaling-harness.js';

let c: FakeCluster;
beforeAll(async () => {
  c = await startFakeCluster('drainfake', { media: 2, env: { SIGNALING_ROOM_PEERS_PER_NODE: '1', SIGNALING_HEARTBEAT_MS: '500' } });
  for (const s of c.signaling) await waitReady(s.url, 2);
});
afterAll(() => c.stop());

const keys = () => signalingKeys(c.prefix, c.prefix);
const nodeOf = async (roomId: string) => (await c.redis.hget(keys().room(roomId), 'node'))!;
const drainMoves = async () => {
  const all = await Promise.all(c.signaling.map((s) => metricValue(s.url, 'coope_signaling_media_failovers_total', { path: 'drain', result: 'ok' })));
  return all.reduce((a, b) => a + b, 0);
};

/** What the real node does on SIGTERM: DRAINING in its record, nodeDraining to every connection. */
function startDrain(node: FakeMediaNode, deadlineInMs: number): number {
  node.state = 'DRAINING';
  const deadline = Date.now() + deadlineInMs;
  node.emit('nodeDraining', { nodeId: node.id, deadline });
  return deadline;
}

describe('media-node drain (fake media nodes)', () => {
  it('moves a draining node’s rooms before its deadline, staggered, exactly once, and closes them there', async () => {
    const peers = [];
    for (let i = 0; i < 4; i++) peers.push({ roomId: `drain-${i}`, ...(await c.joined(`dr${i}`, `drain-${i}`, i % 2)) });
    const homes = await Promise.all(peers.map((p) => nodeOf(p.roomId)));
    const victimId = homes.filter((h) => h === 'media-1').length >= 2 ? 'media-1' : 'media-2';
    const victim = c.media.find((m) => m.id === victimId)!;
    const onVictim = peers.filter((_, i) => homes[i] === victimId);
    const resets = onVictim.map((p) => collect(p.socket, 'media-reset'));

    const deadline = startDrain(victim, 4_000);
    await expect.poll(() => resets.every((r) => r.length === 1), { timeout: 4_000, interval: 20 }).toBe(true);
    // All moved before the deadline, spread over its first half (4 s → 2 s window). Timed by the move
    // itself (placedAt, written by the signaling node), not by when this busy test process saw the reset.
    const movedAt = await Promise.all(onVictim.map(async (p) => Number(await c.redis.hget(keys().room(p.roomId), 'placedAt'))));
    expect(Math.max(...movedAt)).toBeLessThan(deadline);
    expect(Math.max(...movedAt) - Math.min(...movedAt)).toBeGreaterThanOrEqual(((onVictim.length - 1) * 2_000) / onVictim.length - 300);
    for (const [i, p] of onVictim.entries()) {
      expect(resets[i]![0]).toMatchObject({ roomId: p.roomId, reason: 'media server shutting down' });
      expect(await nodeOf(p.roomId)).not.toBe(victimId);
      // The room was closed on the draining node at its new epoch: its room count falls to 0.
      expect(victim.calls.some((x) => x.method === 'closeRoom' && x.params.roomId === p.roomId && x.params.epoch === resets[i]![0]!.epoch)).toBe(true);
      expect(victim.rooms.has(p.roomId)).toBe(false);
    }
    expect(await drainMoves()).toBe(onVictim.length);
    expect(await c.redis.scard(keys().nodeRooms(victimId))).toBe(0);
    // The draining node gets no new rooms.
    const late = await c.joined('late', 'drain-late', 0);
    expect(await nodeOf('drain-late')).not.toBe(victimId);
    expect(late.epoch).toBeGreaterThan(0);
  });

  it('a draining extension sheds only its own peers, at the same epoch', async () => {
    await c.addMedia('media-3');
    for (const s of c.signaling) await waitReady(s.url, 3);
    const amy = await c.joined('amy', 'span-drain', 0);
    const bea = await c.joined('bea', 'span-drain', 1);
    const k = keys();
    const primary = await nodeOf('span-drain');
    const media = await c.redis.hgetall(k.roomMedia('span-drain'));
    const ext = media[`p:${bea.peerId}`]!.split('|')[0]!;
    expect(media[`n:${ext}`]).toBeDefined();
    const resetsA = collect(amy.socket, 'media-reset');
    const resetsB = collect(bea.socket, 'media-reset');
    const before = await drainMoves();
    // The node also holds rooms moved there by the first test: they move too.
    const roomsOnExt = await c.redis.scard(k.nodeRooms(ext));

    const extNode = c.media.find((m) => m.id === ext)!;
    startDrain(extNode, 2_000);
    await expect.poll(() => resetsB.length, { timeout: 3_000, interval: 20 }).toBe(1);
    expect(resetsB[0]).toMatchObject({ roomId: 'span-drain', epoch: bea.epoch, rehome: true });
    expect(await c.redis.hexists(k.roomMedia('span-drain'), `n:${ext}`)).toBe(0);
    expect(await nodeOf('span-drain')).toBe(primary);
    await expect.poll(() => extNode.calls.some((x) => x.method === 'closeRoom' && x.params.roomId === 'span-drain'), { timeout: 2_000 }).toBe(true);
    await expect.poll(drainMoves, { timeout: 3_000 }).toBe(before + roomsOnExt);
    expect(resetsA).toHaveLength(0);
  });
});
