// Multi-device sessions (both conflict choices) and resumable peer sessions, across two signaling processes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeCluster, startFakeCluster } from './helpers/fake-cluster.js';
import { collect, nextEvent, request } from './helpers/signaling-harness.js';

const dtls = { role: 'client' as const, fingerprints: [{ algorithm: 'sha-256' as const, value: 'CC:DD' }] };
const rtp = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 11 }] };

let c: FakeCluster;
beforeAll(async () => {
  c = await startFakeCluster('sessions', {
    env: { SIGNALING_PEER_GRACE_MS: '1500', SIGNALING_CONFLICT_TIMEOUT_MS: '1500', SIGNALING_HEARTBEAT_MS: '500' },
  });
});
afterAll(() => c.stop());

describe('session conflicts', () => {
  it('keep: the second device is refused with a clear reason, the first stays', async () => {
    const first = await c.joined('ann', 'room-keep', 0);
    const second = await c.client('ann', 1);
    const asked = nextEvent(first.socket, 'session-conflict');
    const joining = request(second, 'join', { ticket: await c.keys.callTicket('ann', 'room-keep'), device: { label: 'phone' } });
    const conflict = await asked;
    expect(conflict).toMatchObject({ roomId: 'room-keep', device: { label: 'phone' }, expiresInMs: 1500 });
    expect(await request(first.socket, 'resolveSessionConflict', { conflictId: conflict.conflictId, choice: 'keep' })).toEqual({ ok: true });
    expect(await joining).toEqual({ ok: false, code: 'SESSION_KEPT_ELSEWHERE', message: 'you chose to stay in this call on your other device' });
    expect(await request(first.socket, 'getExistingProducers', {})).toEqual({ ok: true, producers: [] });
    // An answer counts once.
    expect(await request(first.socket, 'resolveSessionConflict', { conflictId: conflict.conflictId, choice: 'move' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('move: the first device is closed with session-moved, the second joins, peers see the switch', async () => {
    const first = await c.joined('ben', 'room-move', 0);
    const watcher = await c.joined('wes', 'room-move', 1);
    const second = await c.client('ben', 1);
    const asked = nextEvent(first.socket, 'session-conflict');
    const moved = nextEvent(first.socket, 'session-moved');
    const left = nextEvent(watcher.socket, 'peerLeft');
    const joining = request(second, 'join', { ticket: await c.keys.callTicket('ben', 'room-move') });
    const conflict = await asked;
    expect(await request(first.socket, 'resolveSessionConflict', { conflictId: conflict.conflictId, choice: 'move' })).toEqual({ ok: true });
    const ack = await joining;
    expect(ack).toMatchObject({ ok: true, roomId: 'room-move' });
    expect(ack.ok && ack.peers.map((p) => p.userId)).toEqual(['wes']);
    expect(await moved).toEqual({ roomId: 'room-move', reason: 'the call moved to your other device' });
    expect(await left).toEqual({ peerId: first.peerId, reason: 'moved' });
    expect(await request(first.socket, 'getExistingProducers', {})).toMatchObject({ ok: false, code: 'NOT_IN_CALL' });
    expect(c.media[0]!.calls.some((x) => x.method === 'closePeer' && x.params.peerId === first.peerId)).toBe(true);
  });

  it('takeover moves the call without asking', async () => {
    const first = await c.joined('cid', 'room-take', 0);
    const second = await c.client('cid', 1);
    const asked = collect(first.socket, 'session-conflict');
    const moved = nextEvent(first.socket, 'session-moved');
    expect(await request(second, 'join', { ticket: await c.keys.callTicket('cid', 'room-take'), takeover: true })).toMatchObject({ ok: true });
    await moved;
    expect(asked).toEqual([]);
  });

  it('a first device that is offline cannot answer, so the new one joins at once', async () => {
    const first = await c.joined('dee', 'room-off', 0);
    first.socket.close();
    const second = await c.client('dee', 1);
    const started = performance.now();
    expect(await request(second, 'join', { ticket: await c.keys.callTicket('dee', 'room-off') })).toMatchObject({ ok: true });
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('refuses with SESSION_CONFLICT when the first device does not answer in time', async () => {
    const first = await c.joined('eve', 'room-quiet', 0);
    const second = await c.client('eve', 1);
    const asked = nextEvent(first.socket, 'session-conflict');
    expect(await request(second, 'join', { ticket: await c.keys.callTicket('eve', 'room-quiet') })).toMatchObject({ ok: false, code: 'SESSION_CONFLICT' });
    await asked;
    expect(await request(first.socket, 'getExistingProducers', {})).toMatchObject({ ok: true });
  });
});

describe('resume', () => {
  it('resumes on another signaling node, keeping its transports and producers', async () => {
    const rita = await c.joined('rita', 'room-res', 0);
    const obs = await c.joined('otto', 'room-res', 1);
    const left = collect(obs.socket, 'peerLeft');
    const t = await request(rita.socket, 'createTransport', { direction: 'send' });
    const transportId = t.ok ? t.transportId : '';
    await request(rita.socket, 'connectTransport', { transportId, dtlsParameters: dtls });
    const p = await request(rita.socket, 'produce', { transportId, kind: 'audio', rtpParameters: rtp, source: 'mic' });
    const producerId = p.ok ? p.producerId : '';
    const transportsBefore = c.media[0]!.countCalls('createWebRtcTransport');
    rita.socket.close();
    const again = await c.client('rita', 1);
    const r = await request(again, 'resume', { roomId: 'room-res', peerId: rita.peerId, resumeToken: rita.resumeToken });
    expect(r).toMatchObject({ ok: true, roomId: 'room-res', peerId: rita.peerId, epoch: rita.epoch, mediaReset: false });
    expect(r.ok && r.peers.map((x) => x.userId)).toEqual(['otto']);
    // The old producer and transport still belong to the resumed peer.
    const paused = nextEvent(obs.socket, 'producerPaused');
    expect(await request(again, 'pauseProducer', { producerId })).toEqual({ ok: true });
    expect(await request(again, 'restartIce', { transportId })).toMatchObject({ ok: true });
    await paused;
    expect(c.media[0]!.countCalls('createWebRtcTransport')).toBe(transportsBefore);
    expect(left).toEqual([]);
  });

  it('refuses a wrong token, and a session whose grace period ran out (peers saw it leave)', async () => {
    const sam = await c.joined('sam', 'room-exp', 0);
    const obs = await c.joined('ola', 'room-exp', 1);
    const left = nextEvent(obs.socket, 'peerLeft');
    sam.socket.close();
    const again = await c.client('sam', 1);
    expect(await request(again, 'resume', { roomId: 'room-exp', peerId: sam.peerId, resumeToken: 'wrong' })).toMatchObject({ ok: false, code: 'SESSION_EXPIRED' });
    const other = await c.client('mallory', 1);
    expect(await request(other, 'resume', { roomId: 'room-exp', peerId: sam.peerId, resumeToken: sam.resumeToken })).toMatchObject({ ok: false, code: 'SESSION_EXPIRED' });
    expect(await left).toEqual({ peerId: sam.peerId, reason: 'timeout' });
    expect(await request(again, 'resume', { roomId: 'room-exp', peerId: sam.peerId, resumeToken: sam.resumeToken })).toMatchObject({ ok: false, code: 'SESSION_EXPIRED' });
  });
});
