// The room registry against the real test Redis: atomic placement, burst cap, exactly-one move, cleanup.
import type { MediaNodeRecord } from '@coope/media-node/keys';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signalingKeys } from '../src/keys.js';
import { RoomRegistry } from '../src/registry/room-registry.js';
import { deleteUnder, keysUnder, testRedis, uniquePrefix } from './helpers/redis.js';

const prefix = uniquePrefix('registry');
const keys = signalingKeys(prefix, prefix);
const redises: Redis[] = [];

function record(id: string): MediaNodeRecord {
  return {
    id,
    bootId: 'boot',
    rpcUrl: `ws://${id}`,
    announcedIp: '127.0.0.1',
    workers: 1,
    state: 'SERVING',
    load: { rooms: 0, transports: 0, producers: 0, consumers: 0, consumerBudget: 500, workerConsumers: [0], workerCpu: [0] },
    updatedAt: Date.now(),
    ttlMs: 3000,
  };
}

function registry(candidates: () => MediaNodeRecord[], cap = 1000, emptyGraceMs = 60_000): RoomRegistry {
  const redis = testRedis();
  redises.push(redis);
  return new RoomRegistry(redis, keys, { candidates, maxNewRoomsPerNodePerSec: cap, emptyGraceMs });
}

let admin: Redis;
beforeAll(() => {
  admin = testRedis();
});
afterAll(async () => {
  await deleteUnder(admin, prefix);
  for (const r of [...redises, admin]) r.disconnect();
});

describe('room registry', () => {
  it('places a room exactly once when 50 joins race through two signaling nodes', async () => {
    // Each "node" prefers a different media node, so a non-atomic placement would split the room.
    const a = registry(() => [record('m1'), record('m2')]);
    const b = registry(() => [record('m2'), record('m1')]);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).lookupOrPlace('race-room')));
    expect(results.filter((r) => r.placed)).toHaveLength(1);
    const first = results[0]!;
    for (const r of results) expect({ node: r.nodeId, epoch: r.epoch }).toEqual({ node: first.nodeId, epoch: first.epoch });
    expect(await admin.smembers(keys.nodeRooms(first.nodeId))).toEqual(['race-room']);
  });

  it('caps new rooms per node per second, spilling to the next candidate', async () => {
    const r = registry(() => [record('cap1'), record('cap2')], 3);
    // Start early in a second so the six placements share one per-second bucket.
    await vi.waitFor(() => expect(Date.now() % 1000).toBeLessThan(500), { interval: 5, timeout: 2000 });
    const placed = await Promise.all(Array.from({ length: 6 }, (_, i) => r.lookupOrPlace(`burst-${i}`)));
    const perNode = new Map<string, number>();
    for (const p of placed) perNode.set(p.nodeId, (perNode.get(p.nodeId) ?? 0) + 1);
    expect(Object.fromEntries(perNode)).toEqual({ cap1: 3, cap2: 3 });
  });

  it('fails clearly when no media node is available', async () => {
    const r = registry(() => []);
    await expect(r.lookupOrPlace('nowhere')).rejects.toMatchObject({ code: 'NO_MEDIA_NODE' });
  });

  it('lets exactly one of many concurrent movers move a room, with a higher epoch', async () => {
    const r = registry(() => [record('old')]);
    const placed = await r.lookupOrPlace('move-room');
    await admin.hset(keys.roomProducers('move-room'), 'prod1', '{}');
    const movers = Array.from({ length: 10 }, () => registry(() => [])).map((m, i) => m.move(placed, i % 2 ? 'new-a' : 'new-b'));
    const results = await Promise.all(movers);
    const winners = results.filter((x) => x.moved);
    expect(winners).toHaveLength(1);
    const moved = winners[0]!.moved ? winners[0]!.placement : undefined;
    expect(moved!.epoch).toBeGreaterThan(placed.epoch);
    for (const x of results) if (!x.moved) expect(x.current).toEqual(moved);
    expect(await r.lookup('move-room')).toEqual(moved);
    expect(await admin.smembers(keys.nodeRooms('old'))).toEqual([]);
    expect(await admin.sismember(keys.nodesInUse(), 'old')).toBe(0);
    expect(await admin.exists(keys.roomProducers('move-room'))).toBe(0);
  });

  it('keeps epochs increasing after a room is removed and placed again', async () => {
    const r = registry(() => [record('e1')], 1000, 0);
    const first = await r.lookupOrPlace('again');
    expect(await r.removeIfEmpty('again')).toEqual({ roomId: 'again', nodeId: 'e1', epoch: first.epoch, extensions: [] });
    const second = await r.lookupOrPlace('again');
    expect(second.placed).toBe(true);
    expect(second.epoch).toBeGreaterThan(first.epoch);
  });

  it('removes an empty room only after its grace period, and leaves no keys behind', async () => {
    const p = uniquePrefix('registry-leak');
    const k = signalingKeys(p, p);
    const redis = testRedis();
    redises.push(redis);
    const r = new RoomRegistry(redis, k, { candidates: () => [record('leak')], maxNewRoomsPerNodePerSec: 10, emptyGraceMs: 300 });
    await r.lookupOrPlace('leaky');
    expect(await r.claimExpiredEmptyRooms()).toEqual([]);
    await expect.poll(() => r.claimExpiredEmptyRooms(), { timeout: 3000, interval: 50 }).toEqual(['leaky']);
    expect(await r.removeIfEmpty('leaky')).not.toBeNull();
    const left = (await keysUnder(admin, p)).filter((key) => key !== k.epochSeq() && !key.includes(':placements:'));
    expect(left).toEqual([]);
  });

  it('does not remove a room that has peers', async () => {
    const r = registry(() => [record('busy')], 1000, 0);
    await r.lookupOrPlace('occupied');
    await admin.hset(keys.roomPeers('occupied'), 'peer1', '{}');
    expect(await r.removeIfEmpty('occupied')).toBeNull();
    expect(await r.lookup('occupied')).not.toBeNull();
  });
});
