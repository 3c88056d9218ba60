import * as msgpack from 'socket.io-msgpack-parser';
import { describe, expect, it } from 'vitest';
import {
  clientEventNames,
  clientEvents,
  eventAckSchema,
  isClientEventName,
  protocolParser,
  serverEventNames,
  serverEvents,
} from '../src/protocol/index.js';

const dtls = { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD' }] };
const rtp = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 1 }] };
const caps = { codecs: [{ kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 }] };

/** One valid payload per event: the schema table is complete when this typechecks and parses. */
const valid: Record<string, unknown> = {
  join: { ticket: 'x.y.z', device: { label: 'laptop' } },
  resume: { roomId: 'dm:a:b', peerId: 'p1', resumeToken: 'tok' },
  getExistingProducers: {},
  createTransport: { direction: 'send' },
  connectTransport: { transportId: 't1', dtlsParameters: dtls },
  restartIce: { transportId: 't1' },
  produce: { transportId: 't1', kind: 'audio', rtpParameters: rtp, source: 'mic' },
  pauseProducer: { producerId: 'p' },
  resumeProducer: { producerId: 'p' },
  closeProducer: { producerId: 'p' },
  consume: { transportId: 't2', producerId: 'p', rtpCapabilities: caps },
  pauseConsumer: { consumerId: 'c' },
  resumeConsumer: { consumerId: 'c' },
  setPreferredLayers: { consumerId: 'c', spatialLayer: 2, temporalLayer: 1 },
  leave: {},
  resolveSessionConflict: { conflictId: 'c1', choice: 'move' },
  subscribePresence: { userIds: ['u1', 'u2'] },
  unsubscribePresence: { userIds: ['u1'] },
};

describe('client protocol', () => {
  it('has a valid example for every event, and parses it', () => {
    expect(Object.keys(valid).sort()).toEqual([...clientEventNames].sort());
    for (const name of clientEventNames) {
      const r = clientEvents[name].payload.safeParse(valid[name]);
      expect(r.success, name).toBe(true);
    }
  });

  it.each([
    ['join', { ticket: '' }],
    ['join', { ticket: 'x'.repeat(5000) }],
    ['createTransport', { direction: 'both' }],
    ['produce', { transportId: 't1', kind: 'audio', rtpParameters: { codecs: [] }, source: 'mic' }],
    ['produce', { transportId: 't1', kind: 'audio', rtpParameters: rtp, source: 'webcam' }],
    ['setPreferredLayers', { consumerId: 'c', spatialLayer: -1 }],
    ['resume', { roomId: 'room with spaces', peerId: 'p', resumeToken: 't' }],
    ['subscribePresence', { userIds: Array.from({ length: 1001 }, (_, i) => `u${i}`) }],
    ['connectTransport', { transportId: 't', dtlsParameters: { fingerprints: [] } }],
    ['resolveSessionConflict', { conflictId: 'c', choice: 'both' }],
  ])('rejects a malformed %s payload', (name, payload) => {
    expect(isClientEventName(name)).toBe(true);
    expect(clientEvents[name as keyof typeof clientEvents].payload.safeParse(payload).success).toBe(false);
  });

  it('describes acks as ok results or coded errors', () => {
    const ack = eventAckSchema('produce');
    expect(ack.safeParse({ ok: true, producerId: 'p1' }).success).toBe(true);
    expect(ack.safeParse({ ok: false, code: 'BAD_REQUEST', message: 'no' }).success).toBe(true);
    expect(ack.safeParse({ ok: false, code: 'WHATEVER', message: 'no' }).success).toBe(false);
    expect(ack.safeParse({ ok: true }).success).toBe(false);
  });

  it('names every server notification the issue lists', () => {
    for (const name of ['newProducer', 'producerClosed', 'peerJoined', 'peerLeft', 'activeSpeaker', 'media-reset', 'session-conflict', 'session-moved', 'presence', 'user-event']) {
      expect(serverEventNames).toContain(name);
    }
    expect(serverEvents['media-reset'].safeParse({ roomId: 'r', epoch: 3, reason: 'lost', routerRtpCapabilities: caps }).success).toBe(true);
  });

  it('uses the msgpack parser, and a join ack survives its round trip', () => {
    expect(protocolParser.Encoder).toBe(msgpack.Encoder);
    const packet = { type: 3, nsp: '/', id: 7, data: [{ ok: true, roomId: 'r', peerId: 'p', epoch: 1, routerRtpCapabilities: caps, peers: [], role: 'member', resumeToken: 't' }] };
    const [encoded] = new protocolParser.Encoder().encode(packet) as unknown as [Uint8Array];
    const decoder = new protocolParser.Decoder();
    let decoded: { data: unknown[] } | undefined;
    decoder.on('decoded', (p: { data: unknown[] }) => {
      decoded = p;
    });
    decoder.add(encoded);
    expect(eventAckSchema('join').safeParse(decoded?.data[0]).success).toBe(true);
  });
});
