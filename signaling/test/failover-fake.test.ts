// Media-node failover logic against fake media nodes: fast path (connection closed, reconnect failed),
// slow path (record expired, node silent), lost worker. Exactly one signaling node moves each room.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signalingKeys } from '../src/keys.js';
import { fakeCaps } from './helpers/fake-media-node.js';
import { type FakeCluster, startFakeCluster } from './helpers/fake-cluster.js';
import { metricValue } from './helpers/metrics.js';
import { waitReady } from './helpers/signaling-harness.js';
import { collect, request } from './helpers/signaling-harness.js';

let c: FakeCluster;
beforeAll(async () => {
  // Records live 3 s: long enough that a busy test process (which runs the fake nodes) does not let a
  // healthy node's record lapse, short enough for the slow path to act within the test's wait.
  c = await startFakeCluster('failfake', { media: 1, mediaTtlMs: 3000, env: { SIGNALING_HEARTBEAT_MS: '500' } });
});
afterAll(() => c.stop());

const placementOf = async (roomId: string) => c.redis.hgetall(signalingKeys(c.prefix, c.prefix).room(roomId));
const failovers = async (path: string) => {
  const all = await Promise.all(c.signaling.map((s) => metricValue(s.url, 'coope_signaling_media_failovers_total', { path, result: 'ok' })));
  return all.reduce((a, b) => a + b, 0);
};

describe('media-node failover (fake media nodes)', () => {
  it('fast path: a killed media node is replaced within a second, exactly once, and every peer hears media-reset', async () => {
    const alice = await c.joined('alice', 'room-fast', 0);
    const bob = await c.joined('bob', 'room-fast', 1);
    await c.addMedia('media-2');
    for (const s of c.signaling) await waitReady(s.url, 2);
    const resetsA = collect(alice.socket, 'media-reset');
    const resetsB = collect(bob.socket, 'media-reset');
    await c.media[0]!.kill();
    await expect.poll(() => resetsA.length + resetsB.length, { timeout: 5000, interval: 20 }).toBe(2);
    // From the RPC connection's close to the room's move, timed inside the signaling node that moved it
    // (a busy test process would only add its own delay): a failed reconnect, then the fenced move.
    const took = await Promise.all(c.signaling.map((s) => metricValue(s.url, 'coope_signaling_media_failover_duration_seconds_sum', { path: 'fast' })));
    expect(took.reduce((a, b) => a + b, 0)).toBeLessThan(1.5);
    expect(resetsA[0]).toEqual(resetsB[0]);
    expect(resetsA[0]).toMatchObject({ roomId: 'room-fast', routerRtpCapabilities: fakeCaps });
    expect(resetsA[0]!.epoch).toBeGreaterThan(alice.epoch);
    expect(await placementOf('room-fast')).toMatchObject({ node: 'media-2', epoch: String(resetsA[0]!.epoch) });
    expect(await failovers('fast')).toBe(1);
    // Media works again on the new node, at the new epoch.
    const t = await request(alice.socket, 'createTransport', { direction: 'send' });
    expect(t.ok).toBe(true);
    const m2 = c.media[1]!;
    expect(m2.calls.filter((x) => x.method === 'createWebRtcTransport').every((x) => x.params.epoch === resetsA[0]!.epoch)).toBe(true);
    expect(await request(bob.socket, 'resume', { roomId: 'room-fast', peerId: bob.peerId, resumeToken: bob.resumeToken })).toMatchObject({ ok: true, mediaReset: false, epoch: resetsA[0]!.epoch });
  });

  it('slow path: a node whose record expires and which stops answering is replaced', async () => {
    const m3 = await c.addMedia('media-3');
    for (const s of c.signaling) await waitReady(s.url, 2);
    const carol = await c.joined('carol', 'room-slow', 0);
    const holder = (await placementOf('room-slow')).node!;
    // room-fast (previous test) may live on the same node: then the slow path moves both rooms.
    const onHolder: string[] = [];
    for (const room of ['room-fast', 'room-slow']) if ((await placementOf(room)).node === holder) onHolder.push(room);
    const resets = collect(carol.socket, 'media-reset');
    const frozen = c.media.find((m) => m.id === holder)!;
    frozen.freeze();
    await expect.poll(() => resets.length, { timeout: 10_000, interval: 50 }).toBe(1);
    for (const room of onHolder) await expect.poll(async () => (await placementOf(room)).node).not.toBe(holder);
    expect(await failovers('slow')).toBe(onHolder.length);
    expect(m3).toBeDefined();
  });

  it('a lost worker gets its rooms a new epoch', async () => {
    const dora = await c.joined('dora', 'room-worker', 1);
    const before = await placementOf('room-worker');
    const node = c.media.find((m) => m.id === before.node)!;
    const resets = collect(dora.socket, 'media-reset');
    node.emit('workerLost', {
      nodeId: node.id,
      workerIndex: 0,
      pid: 1,
      rooms: [{ roomId: 'room-worker', epoch: dora.epoch, peerIds: [dora.peerId], transportIds: [], producerIds: [], consumerIds: [], pipeTransportIds: [] }],
    });
    await expect.poll(() => resets.length, { timeout: 5000 }).toBe(1);
    expect(Number((await placementOf('room-worker')).epoch)).toBeGreaterThan(dora.epoch);
    expect(await failovers('worker')).toBe(1);
  });

  it('a room its node closed as idle gets a new epoch and a media-reset; an idle close of an older epoch changes nothing', async () => {
    const eve = await c.joined('eve', 'room-idle', 0);
    const before = await placementOf('room-idle');
    const node = c.media.find((m) => m.id === before.node)!;
    const resets = collect(eve.socket, 'media-reset');
    node.emit('roomClosed', { roomId: 'room-idle', epoch: eve.epoch - 1, reason: 'idle' });
    node.emit('roomClosed', { roomId: 'room-idle', epoch: eve.epoch, reason: 'closed' });
    node.emit('roomClosed', { roomId: 'room-idle', epoch: eve.epoch, reason: 'idle' });
    await expect.poll(() => resets.length, { timeout: 5000 }).toBe(1);
    const after = await placementOf('room-idle');
    expect(resets[0]).toMatchObject({ roomId: 'room-idle', epoch: Number(after.epoch), reason: 'media connection expired' });
    expect(Number(after.epoch)).toBeGreaterThan(eve.epoch);
    expect(await failovers('idle')).toBe(1);
    expect(await failovers('worker')).toBe(1);
  });
});
