// The join flow across two signaling nodes, driven by real socket.io clients against fake media nodes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signalingKeys } from '../src/keys.js';
import { fakeCaps } from './helpers/fake-media-node.js';
import { type FakeCluster, startFakeCluster } from './helpers/fake-cluster.js';
import { keysUnder } from './helpers/redis.js';
import { collect, nextEvent, request } from './helpers/signaling-harness.js';

const dtls = { role: 'client' as const, fingerprints: [{ algorithm: 'sha-256' as const, value: 'CC:DD' }] };
const rtp = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 11 }] };

let c: FakeCluster;
beforeAll(async () => {
  c = await startFakeCluster('callflow', { env: { SIGNALING_ROOM_EMPTY_GRACE_MS: '300' } });
});
afterAll(() => c.stop());

async function sendTransport(socket: Parameters<typeof request>[0]) {
  const t = await request(socket, 'createTransport', { direction: 'send' });
  if (!t.ok) throw new Error(t.message);
  expect(await request(socket, 'connectTransport', { transportId: t.transportId, dtlsParameters: dtls })).toEqual({ ok: true });
  return t.transportId;
}

describe('join flow across two signaling nodes', () => {
  it('joins, produces and consumes between peers on different nodes', async () => {
    const alice = await c.joined('alice', 'room-a', 0);
    const bobSocket = await c.client('bob', 1);
    const aliceSeesBob = nextEvent(alice.socket, 'peerJoined');
    const bobJoin = await request(bobSocket, 'join', { ticket: await c.keys.callTicket('bob', 'room-a') });
    expect(bobJoin).toMatchObject({ ok: true, roomId: 'room-a', epoch: alice.epoch, routerRtpCapabilities: fakeCaps, role: 'member' });
    expect(bobJoin.ok && bobJoin.peers.map((p) => p.userId)).toEqual(['alice']);
    expect(await aliceSeesBob).toMatchObject({ userId: 'bob' });

    const sendId = await sendTransport(alice.socket);
    const bobSeesProducer = nextEvent(bobSocket, 'newProducer');
    const produced = await request(alice.socket, 'produce', { transportId: sendId, kind: 'audio', rtpParameters: rtp, source: 'mic' });
    expect(produced.ok).toBe(true);
    const producerId = produced.ok ? produced.producerId : '';
    expect(await bobSeesProducer).toEqual({ producerId, peerId: alice.peerId, kind: 'audio', source: 'mic', paused: false });
    expect(await request(bobSocket, 'getExistingProducers', {})).toEqual({ ok: true, producers: [{ producerId, peerId: alice.peerId, kind: 'audio', source: 'mic', paused: false }] });

    const recv = await request(bobSocket, 'createTransport', { direction: 'recv' });
    const recvId = recv.ok ? recv.transportId : '';
    const consumed = await request(bobSocket, 'consume', { transportId: recvId, producerId, rtpCapabilities: fakeCaps });
    expect(consumed).toMatchObject({ ok: true, producerId, peerId: alice.peerId, kind: 'audio', source: 'mic', type: 'simple' });
    const consumerId = consumed.ok ? consumed.consumerId : '';
    expect(await request(bobSocket, 'resumeConsumer', { consumerId })).toEqual({ ok: true });
    expect(await request(bobSocket, 'setPreferredLayers', { consumerId, spatialLayer: 1 })).toEqual({ ok: true });

    // Every media call carried the room's epoch.
    const media = c.media[0]!;
    for (const call of media.calls.filter((x) => 'roomId' in x.params)) expect((call.params as { epoch: number }).epoch).toBe(alice.epoch);

    const bobSeesPause = nextEvent(bobSocket, 'producerPaused');
    expect(await request(alice.socket, 'pauseProducer', { producerId })).toEqual({ ok: true });
    expect(await bobSeesPause).toEqual({ producerId, peerId: alice.peerId });
    const bobSeesClose = nextEvent(bobSocket, 'producerClosed');
    expect(await request(alice.socket, 'closeProducer', { producerId })).toEqual({ ok: true });
    expect(await bobSeesClose).toEqual({ producerId, peerId: alice.peerId });
    expect(await request(bobSocket, 'getExistingProducers', {})).toEqual({ ok: true, producers: [] });
  });

  it('announces joins and leaves of peers without media exactly once, on this node and the other', async () => {
    const here = await c.joined('kim', 'room-announce', 0);
    const there = await c.joined('lou', 'room-announce', 1);
    const joinedHere = collect(here.socket, 'peerJoined');
    const joinedThere = collect(there.socket, 'peerJoined');
    const leftHere = collect(here.socket, 'peerLeft');
    const leftThere = collect(there.socket, 'peerLeft');
    const mo = await c.client('mo', 0);
    const ack = await request(mo, 'join', { ticket: await c.keys.callTicket('mo', 'room-announce') });
    const moPeer = ack.ok ? ack.peerId : '';
    expect(await request(mo, 'leave', {})).toEqual({ ok: true });
    const left = { peerId: moPeer, reason: 'left' };
    // Only mo's events: lou's own join may still be on its way to kim's node when the collecting starts.
    const mine = (events: Array<{ peerId?: string }>) => events.filter((e) => e.peerId === moPeer);
    const counts = () => [joinedHere, joinedThere, leftHere, leftThere].map((l) => mine(l).length);
    await expect.poll(counts).toEqual([1, 1, 1, 1]);
    const joined = { peerId: moPeer, userId: 'mo', name: 'user mo' };
    expect([mine(joinedHere)[0], mine(joinedThere)[0]]).toEqual([joined, joined]);
    expect([mine(leftHere)[0], mine(leftThere)[0]]).toEqual([left, left]);
    // No duplicates arrive later (a node must not deliver its own published copy again): a round trip
    // through both nodes' Redis connections first.
    expect(await request(here.socket, 'getExistingProducers', {})).toEqual({ ok: true, producers: [] });
    expect(await request(there.socket, 'getExistingProducers', {})).toEqual({ ok: true, producers: [] });
    expect(counts()).toEqual([1, 1, 1, 1]);
  });

  it("refuses to act on another peer's transports, producers and consumers", async () => {
    const carol = await c.joined('carol', 'room-b', 0);
    const dan = await c.joined('dan', 'room-b', 1);
    const carolSend = await sendTransport(carol.socket);
    const p = await request(carol.socket, 'produce', { transportId: carolSend, kind: 'audio', rtpParameters: rtp, source: 'mic' });
    const producerId = p.ok ? p.producerId : '';
    expect(await request(dan.socket, 'produce', { transportId: carolSend, kind: 'audio', rtpParameters: rtp, source: 'mic' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await request(dan.socket, 'closeProducer', { producerId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await request(dan.socket, 'consume', { transportId: carolSend, producerId, rtpCapabilities: fakeCaps })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    // A send transport cannot consume.
    expect(await request(carol.socket, 'consume', { transportId: carolSend, producerId, rtpCapabilities: fakeCaps })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('never misses a producer that appears while a peer joins (pull + notify)', async () => {
    const host = await c.joined('host', 'room-race', 0);
    const send = await sendTransport(host.socket);
    const joiners = await Promise.all(['j1', 'j2', 'j3', 'j4'].map((u, i) => c.client(u, i % 2)));
    const seen = joiners.map((s) => collect(s, 'newProducer'));
    const joining = joiners.map(async (s, i) => {
      const ack = await request(s, 'join', { ticket: await c.keys.callTicket(`j${i + 1}`, 'room-race') });
      expect(ack.ok).toBe(true);
      return request(s, 'getExistingProducers', {});
    });
    const produced = await request(host.socket, 'produce', { transportId: send, kind: 'audio', rtpParameters: rtp, source: 'screen-audio' });
    const producerId = produced.ok ? produced.producerId : '';
    const lists = await Promise.all(joining);
    await expect
      .poll(() => lists.map((l, i) => (l.ok && l.producers.some((x) => x.producerId === producerId)) || seen[i]!.some((x) => x.producerId === producerId)))
      .toEqual([true, true, true, true]);
  });

  it('relays active-speaker events once to every peer, whatever its node', async () => {
    const e = await c.joined('erin', 'room-s', 0);
    const f = await c.joined('fred', 'room-s', 1);
    const gotE = collect(e.socket, 'activeSpeaker');
    const gotF = collect(f.socket, 'activeSpeaker');
    c.media[0]!.emit('activeSpeaker', { roomId: 'room-s', epoch: e.epoch, producerId: 'prod-x', peerId: f.peerId });
    await expect.poll(() => [gotE.length, gotF.length]).toEqual([1, 1]);
    expect(gotE[0]).toEqual({ peerId: f.peerId, producerId: 'prod-x' });
    // An event of an older epoch is ignored.
    c.media[0]!.emit('activeSpeaker', { roomId: 'room-s', epoch: e.epoch - 1, producerId: 'old', peerId: f.peerId });
    c.media[0]!.emit('activeSpeaker', { roomId: 'room-s', epoch: e.epoch, producerId: 'prod-y', peerId: e.peerId });
    await expect.poll(() => gotF.map((x) => x.producerId)).toEqual(['prod-x', 'prod-y']);
  });

  it('tells peers who left, then removes the empty room after the grace period without leaking keys', async () => {
    const g = await c.joined('gail', 'room-leak', 0);
    const h = await c.joined('hank', 'room-leak', 1);
    const send = await sendTransport(g.socket);
    const p = await request(g.socket, 'produce', { transportId: send, kind: 'audio', rtpParameters: rtp, source: 'mic' });
    const hSeesClosed = nextEvent(h.socket, 'producerClosed');
    const hSeesLeft = nextEvent(h.socket, 'peerLeft');
    expect(await request(g.socket, 'leave', {})).toEqual({ ok: true });
    expect(await hSeesLeft).toEqual({ peerId: g.peerId, reason: 'left' });
    expect(await hSeesClosed).toEqual({ producerId: p.ok ? p.producerId : '', peerId: g.peerId });
    expect(await request(g.socket, 'getExistingProducers', {})).toMatchObject({ ok: false, code: 'NOT_IN_CALL' });
    expect(await request(h.socket, 'leave', {})).toEqual({ ok: true });
    const k = signalingKeys(c.prefix, c.prefix);
    const roomKeys = async () => (await keysUnder(c.redis, c.prefix)).filter((key) => key.includes('room-leak') || key.includes(g.peerId) || key.includes(h.peerId));
    await expect.poll(roomKeys, { timeout: 5000 }).toEqual([]);
    expect(await c.redis.zscore(k.emptyRooms(), 'room-leak')).toBeNull();
    await expect.poll(() => c.media[0]!.calls.some((x) => x.method === 'closeRoom' && x.params.roomId === 'room-leak')).toBe(true);
  });
});
