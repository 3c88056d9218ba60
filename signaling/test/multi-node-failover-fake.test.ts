// Multi-node rooms against fake media nodes and two real signaling processes: with one peer per node,
// a room of two spans both nodes; losing the primary hands the room to the extension at the same epoch
// and re-homes only the lost node's peer, exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signalingKeys } from '../src/keys.js';
import { type FakeCluster, startFakeCluster } from './helpers/fake-cluster.js';
import { collect, request, waitReady } from './helpers/signaling-harness.js';

let c: FakeCluster;
beforeAll(async () => {
  c = await startFakeCluster('spanfake', { media: 2, env: { SIGNALING_ROOM_PEERS_PER_NODE: '1', SIGNALING_HEARTBEAT_MS: '500' } });
  for (const s of c.signaling) await waitReady(s.url, 2);
});
afterAll(() => c.stop());

describe('multi-node rooms (fake media nodes)', () => {
  it('a lost primary hands the room to its extension; only its peers are re-homed', async () => {
    const k = signalingKeys(c.prefix, c.prefix);
    const amy = await c.joined('amy', 'room-span', 0);
    const bea = await c.joined('bea', 'room-span', 1);
    const primary = (await c.redis.hget(k.room('room-span'), 'node'))!;
    const media = await c.redis.hgetall(k.roomMedia('room-span'));
    const ext = c.media.find((m) => m.id !== primary)!.id;
    expect(media[`n:${ext}`]).toBeDefined();
    // The first peer took the primary without a registry round trip (no home recorded); the second extended.
    expect(media[`p:${amy.peerId}`]).toBeUndefined();
    expect(media[`p:${bea.peerId}`]?.split('|')[0]).toBe(ext);
    // bea's media lives on the extension.
    expect(await request(bea.socket, 'createTransport', { direction: 'recv' })).toMatchObject({ ok: true });
    const survivor = c.media.find((m) => m.id === ext)!;
    expect(survivor.calls.some((x) => x.method === 'createWebRtcTransport' && (x.params as { peerId: string }).peerId === bea.peerId)).toBe(true);

    const resetsA = collect(amy.socket, 'media-reset');
    const resetsB = collect(bea.socket, 'media-reset');
    await c.media.find((m) => m.id === primary)!.kill();
    await expect.poll(() => resetsA.length, { timeout: 5000, interval: 20 }).toBe(1);
    expect(resetsA[0]).toMatchObject({ roomId: 'room-span', epoch: amy.epoch, rehome: true, routerRtpCapabilities: {} });
    expect(await c.redis.hmget(k.room('room-span'), 'node', 'epoch')).toEqual([ext, String(amy.epoch)]);

    // amy resumes onto the surviving node at the same epoch; bea keeps her media.
    expect(await request(amy.socket, 'resume', { roomId: 'room-span', peerId: amy.peerId, resumeToken: amy.resumeToken })).toMatchObject({
      ok: true,
      mediaReset: true,
      epoch: amy.epoch,
    });
    expect(await request(amy.socket, 'createTransport', { direction: 'send' })).toMatchObject({ ok: true });
    expect(survivor.calls.some((x) => x.method === 'createWebRtcTransport' && (x.params as { peerId: string }).peerId === amy.peerId)).toBe(true);
    expect(await request(bea.socket, 'resume', { roomId: 'room-span', peerId: bea.peerId, resumeToken: bea.resumeToken })).toMatchObject({
      ok: true,
      mediaReset: false,
    });
    expect(resetsA).toHaveLength(1);
    expect(resetsB).toHaveLength(0);
    expect(await c.redis.sismember(k.nodeRooms(primary), 'room-span')).toBe(0);
  });
});
