// The k6 scenarios' hand-made socket.io frames against a real signaling process (uWS, msgpack parser,
// JWT middleware): the handshake, a refused token, and acks that parse with the protocol's own schemas.
// No media node runs, so `join` is answered with a clear error ack, which is all the wire test needs.
import { eventAckSchema } from '@coope/signaling/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeFrame, encodeConnect, encodeEvent, type Frame, PONG_FRAME, SioPacketType, socketIoUrl } from '../k6/lib/socketio-frames.ts';
import { type CallCluster, startCallCluster } from '../src/services/call-cluster.ts';

let cluster: CallCluster;

beforeAll(async () => {
  cluster = await startCallCluster({ mediaNodes: 0, signalingNodes: 1 });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

function socket(url: string) {
  const ws = new WebSocket(url);
  const queue: Frame[] = [];
  const waiters: ((f: Frame) => void)[] = [];
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    const frame = decodeFrame(isBinary ? new Uint8Array(data) : data.toString());
    if (frame.kind === 'ping') return void ws.send(PONG_FRAME);
    const w = waiters.shift();
    if (w) w(frame);
    else queue.push(frame);
  });
  const next = (): Promise<Frame> => {
    const f = queue.shift();
    return f ? Promise.resolve(f) : new Promise((r) => waiters.push(r));
  };
  return { ws, next, opened: new Promise((r) => ws.once('open', r)) };
}

async function connected(token: string) {
  const s = socket(socketIoUrl(cluster.signalingUrls[0]!));
  await s.opened;
  expect((await s.next()).kind).toBe('open');
  s.ws.send(encodeConnect({ token }));
  return { ...s, reply: await s.next() };
}

describe('k6 frames against a real signaling node', () => {
  it('connects with an access token and gets acks that match the protocol schemas', async () => {
    const user = { id: 'k6-wire-user', name: 'Wire' };
    const s = await connected(await cluster.minter.access(user));
    expect(s.reply.kind === 'packet' && s.reply.packet.type).toBe(SioPacketType.CONNECT);

    s.ws.send(encodeEvent('getExistingProducers', {}, 1));
    const notInCall = await s.next();
    if (notInCall.kind !== 'packet') throw new Error(`unexpected ${notInCall.kind}`);
    expect(notInCall.packet).toMatchObject({ type: SioPacketType.ACK, id: 1 });
    const ack1 = eventAckSchema('getExistingProducers').parse((notInCall.packet.data as unknown[])[0]);
    expect(ack1).toMatchObject({ ok: false, code: 'NOT_IN_CALL' });

    s.ws.send(encodeEvent('join', { ticket: await cluster.minter.callTicket(user, 'k6-wire-room') }, 2));
    const joined = await s.next();
    if (joined.kind !== 'packet') throw new Error(`unexpected ${joined.kind}`);
    expect(joined.packet).toMatchObject({ type: SioPacketType.ACK, id: 2 });
    const ack2 = eventAckSchema('join').parse((joined.packet.data as unknown[])[0]);
    expect(ack2.ok).toBe(false);
    s.ws.close();
  });

  it('sees the JWT middleware refuse a bad token as CONNECT_ERROR', async () => {
    const s = await connected('not-a-jwt');
    expect(s.reply).toMatchObject({ kind: 'packet', packet: { type: SioPacketType.CONNECT_ERROR } });
    s.ws.close();
  });
});
