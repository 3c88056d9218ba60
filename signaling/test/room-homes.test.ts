// Multi-node rooms in the registry against the real test Redis: peer homes under a per-node cap,
// atomic extension, release and grace-period removal of empty extensions, and dropping a lost node.
import type { MediaNodeRecord } from '@coope/media-node/keys';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signalingKeys } from '../src/keys.js';
import { type AssignInput, RoomHomes } from '../src/registry/room-homes.js';
import { type Placement, RoomRegistry } from '../src/registry/room-registry.js';
import { deleteUnder, keysUnder, testRedis, uniquePrefix } from './helpers/redis.js';

const prefix = uniquePrefix('homes');
const keys = signalingKeys(prefix, prefix);
let redis: Redis;
let registry: RoomRegistry;

const record = (id: string): MediaNodeRecord => ({
  id,
  bootId: 'boot',
  rpcUrl: `ws://${id}`,
  announcedIp: '127.0.0.1',
  workers: 1,
  state: 'SERVING',
  load: { rooms: 0, transports: 0, producers: 0, consumers: 0, consumerBudget: 500, workerConsumers: [0], workerCpu: [0] },
  updatedAt: Date.now(),
  ttlMs: 3000,
});

const input = (candidates: string[], o: Partial<AssignInput> = {}): AssignInput => ({ dead: [], full: [], candidates, ...o });

async function place(roomId: string, nodeId: string): Promise<Placement> {
  const r = new RoomRegistry(redis, keys, { candidates: () => [record(nodeId)], maxNewRoomsPerNodePerSec: 1000, emptyGraceMs: 60_000 });
  return r.lookupOrPlace(roomId);
}

async function homeNode(homes: RoomHomes, at: Placement, peerId: string, i: AssignInput): Promise<string> {
  const r = await homes.assign(at, peerId, i);
  if (r.kind !== 'home') throw new Error(`assign: ${r.kind}`);
  return r.nodeId;
}

beforeAll(() => {
  redis = testRedis();
  registry = new RoomRegistry(redis, keys, { candidates: () => [], maxNewRoomsPerNodePerSec: 1000, emptyGraceMs: 60_000 });
});
afterAll(async () => {
  await deleteUnder(redis, prefix);
  redis.disconnect();
});

describe('multi-node rooms in the registry', () => {
  it('keeps a room on its node up to the cap, then extends; a peer keeps its home', async () => {
    const homes = new RoomHomes(redis, keys, { maxPeersPerNode: 2, emptyGraceMs: 60_000 });
    const at = await place('cap-room', 'a1');
    const c = input(['a1', 'a2', 'a3']);
    expect([await homeNode(homes, at, 'p1', c), await homeNode(homes, at, 'p2', c)]).toEqual(['a1', 'a1']);
    expect(await homes.assign(at, 'p3', c)).toEqual({ kind: 'home', nodeId: 'a2', extended: true });
    expect(await homeNode(homes, at, 'p4', c)).toBe('a2');
    expect(await homeNode(homes, at, 'p1', c)).toBe('a1');
    expect(await homes.nodes('cap-room')).toEqual({ primary: 'a1', epoch: at.epoch, extensions: ['a2'] });
    expect(await redis.smembers(keys.nodeRooms('a2'))).toEqual(['cap-room']);
    expect(await redis.sismember(keys.nodesInUse(), 'a2')).toBe(1);
    // A stale epoch is refused.
    expect(await homes.assign({ ...at, epoch: at.epoch - 1 }, 'p5', c)).toEqual({ kind: 'retry' });
  });

  it('counts members without a recorded home on the primary (the join hot path writes none)', async () => {
    const homes = new RoomHomes(redis, keys, { maxPeersPerNode: 2, emptyGraceMs: 60_000 });
    const at = await place('member-room', 'g1');
    await redis.hset(keys.roomPeers('member-room'), 'm1', '{}', 'm2', '{}', 'm3', '{}');
    // m3 is a member already (joined on the presumed primary) and is not counted against itself.
    expect(await homes.assign(at, 'm3', input(['g1', 'g2']))).toEqual({ kind: 'home', nodeId: 'g2', extended: true });
    expect(await homes.homeOf('member-room', 'm1')).toBeNull();
    const r = await homes.drop('member-room', 'g2');
    expect(r.kind === 'dropped' && r.peerIds).toEqual(['m3']);
    // Its node is gone: '' until it gets a new home.
    expect(await homes.homeOf('member-room', 'm3')).toBe('');
  });

  it('extends exactly as needed when 20 joins race (never over the cap)', async () => {
    const homes = new RoomHomes(redis, keys, { maxPeersPerNode: 5, emptyGraceMs: 60_000 });
    const at = await place('race-room', 'b1');
    const nodes = await Promise.all(Array.from({ length: 20 }, (_, i) => homeNode(homes, at, `r${i}`, input(['b1', 'b2', 'b3', 'b4', 'b5']))));
    const perNode = new Map<string, number>();
    for (const n of nodes) perNode.set(n, (perNode.get(n) ?? 0) + 1);
    expect([...perNode.values()]).toEqual([5, 5, 5, 5]);
    expect((await homes.nodes('race-room'))?.extensions).toHaveLength(3);
  });

  it('skips full and dead nodes; puts new peers on the least-loaded node of the room', async () => {
    const homes = new RoomHomes(redis, keys, { maxPeersPerNode: 10, emptyGraceMs: 60_000 });
    const at = await place('full-room', 'c1');
    expect(await homeNode(homes, at, 'q1', input(['c1', 'c2']))).toBe('c1');
    expect(await homeNode(homes, at, 'q2', input(['c1', 'c2'], { full: ['c1'] }))).toBe('c2');
    expect(await homeNode(homes, at, 'q3', input(['c1', 'c2']))).toBe('c1');
    expect(await homeNode(homes, at, 'q4', input(['c1', 'c2']))).toBe('c2');
    // q2's node died: it gets another home.
    expect(await homeNode(homes, at, 'q2', input(['c1', 'c3'], { dead: ['c2'] }))).toBe('c1');
  });

  it('removes an extension after its last peer left and the grace period ended, not before', async () => {
    const homes = new RoomHomes(redis, keys, { maxPeersPerNode: 1, emptyGraceMs: 50 });
    const at = await place('leave-room', 'd1');
    await homeNode(homes, at, 'x1', input(['d1', 'd2']));
    expect(await homeNode(homes, at, 'x2', input(['d1', 'd2']))).toBe('d2');
    expect(await homes.release('leave-room', 'x2')).toBe(true);
    // Someone arrives on it during the grace period: it stays.
    expect(await homeNode(homes, at, 'x3', input(['d1', 'd2']))).toBe('d2');
    await expect.poll(() => homes.claimEmptyExtensions()).toEqual([]);
    expect(await homes.release('leave-room', 'x3')).toBe(true);
    await expect.poll(() => homes.claimEmptyExtensions(), { timeout: 2000 }).toEqual([{ roomId: 'leave-room', nodeId: 'd2' }]);
    expect(await homes.removeExtension('leave-room', 'd2')).toBe(at.epoch);
    expect(await homes.nodes('leave-room')).toEqual({ primary: 'd1', epoch: at.epoch, extensions: [] });
    expect(await redis.smembers(keys.nodeRooms('d2'))).toEqual([]);
    expect(await redis.sismember(keys.nodesInUse(), 'd2')).toBe(0);
    expect(await redis.zcard(keys.emptyExtensions())).toBe(0);
  });

  it('drops a lost extension: only its peers and their producers; a lost primary hands over', async () => {
    const homes = new RoomHomes(redis, keys, { maxPeersPerNode: 2, emptyGraceMs: 60_000 });
    const at = await place('drop-room', 'e1');
    for (const p of ['y1', 'y2', 'y3', 'y4']) await homeNode(homes, at, p, input(['e1', 'e2']));
    for (const p of ['y1', 'y2', 'y3', 'y4']) await redis.hset(keys.roomProducers('drop-room'), `prod-${p}`, JSON.stringify({ peerId: p }));
    const r = await homes.drop('drop-room', 'e2');
    expect(r.kind === 'dropped' && { primary: r.primary, peers: r.peerIds.sort(), producers: r.producers }).toEqual({
      primary: 'e1',
      peers: ['y3', 'y4'],
      producers: expect.arrayContaining([
        { producerId: 'prod-y3', peerId: 'y3' },
        { producerId: 'prod-y4', peerId: 'y4' },
      ]),
    });
    expect(Object.keys(await redis.hgetall(keys.roomProducers('drop-room'))).sort()).toEqual(['prod-y1', 'prod-y2']);
    expect(await homes.drop('drop-room', 'e2')).toEqual({ kind: 'absent' });
    // The re-homed peers extend the room again; then the primary is lost.
    for (const p of ['y3', 'y4']) expect(await homeNode(homes, at, p, input(['e1', 'e3']))).toBe('e3');
    const lost = await homes.drop('drop-room', 'e1');
    expect(lost.kind === 'dropped' && { primary: lost.primary, epoch: lost.epoch, peers: lost.peerIds.sort() }).toEqual({ primary: 'e3', epoch: at.epoch, peers: ['y1', 'y2'] });
    expect(await homes.nodes('drop-room')).toEqual({ primary: 'e3', epoch: at.epoch, extensions: [] });
    expect(await homes.drop('drop-room', 'e3')).toEqual({ kind: 'single' });
  });

  it('a whole-room move waits for extensions; removing the room removes its extensions without leaks', async () => {
    const homes = new RoomHomes(redis, keys, { maxPeersPerNode: 1, emptyGraceMs: 60_000 });
    const at = await place('gone-room', 'f1');
    await homeNode(homes, at, 'z1', input(['f1', 'f2']));
    await homeNode(homes, at, 'z2', input(['f1', 'f2']));
    const base = { roomId: at.roomId, nodeId: at.nodeId, epoch: at.epoch };
    expect(await registry.move(base, 'f3')).toEqual({ moved: false, current: base });
    const removed = await registry.removeIfEmpty('gone-room');
    expect(removed).toEqual({ ...base, extensions: ['f2'] });
    const all = await keysUnder(redis, prefix);
    const left = all.filter((k) => !k.includes(':placements:') && (k.includes('gone-room') || k.includes('f1') || k.includes('f2')));
    expect(left).toEqual([]);
    expect(await redis.smembers(keys.nodesInUse())).not.toContain('f2');
  });
});
