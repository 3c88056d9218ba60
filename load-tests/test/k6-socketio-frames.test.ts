// The k6 scripts' engine.io/socket.io framing against a real socket.io 4 server with the msgpack parser,
// driven by a raw WebSocket exactly as k6's WebSocket drives it.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import msgpackParser from 'socket.io-msgpack-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { decodeFrame, encodeConnect, encodeEvent, eventOf, type Frame, PONG_FRAME, SioPacketType, socketIoUrl } from '../k6/lib/socketio-frames.ts';

let http: HttpServer;
let io: Server;
let baseUrl: string;

beforeAll(async () => {
  http = createServer();
  io = new Server(http, { parser: msgpackParser, pingInterval: 150, pingTimeout: 200, transports: ['websocket'] });
  io.use((socket, next) => (socket.handshake.auth.token === 'good' ? next() : next(new Error('bad token'))));
  io.on('connection', (socket) => {
    socket.on('join', (payload: { ticket: string }, ack: (r: unknown) => void) => {
      ack({ ok: true, roomId: payload.ticket, peers: [{ peerId: 'p1', name: 'Zoë' }] });
      socket.emit('peerJoined', { peerId: 'p2', userId: 'u2', name: 'Bob' });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await io.close();
});

/** A raw socket whose decoded frames queue up for `next()`. */
function rawSocket(url: string) {
  const ws = new WebSocket(url);
  const frames: Frame[] = [];
  let pings = 0;
  const waiters: ((f: Frame) => void)[] = [];
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    const frame = decodeFrame(isBinary ? new Uint8Array(data) : data.toString());
    if (frame.kind === 'ping') {
      pings++;
      ws.send(PONG_FRAME);
    }
    const waiter = waiters.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  const next = (): Promise<Frame> => {
    const f = frames.shift();
    return f ? Promise.resolve(f) : new Promise((resolve) => waiters.push(resolve));
  };
  const nextNonPing = async (): Promise<Frame> => {
    for (;;) {
      const f = await next();
      if (f.kind !== 'ping') return f;
    }
  };
  return { ws, next: nextNonPing, pings: () => pings, opened: new Promise((r) => ws.once('open', r)) };
}

describe('k6 socket.io frames', () => {
  it('builds the websocket URL from an http base URL', () => {
    expect(socketIoUrl('https://sig.example.com/')).toBe('wss://sig.example.com/socket.io/?EIO=4&transport=websocket');
    expect(socketIoUrl('http://127.0.0.1:4101')).toBe('ws://127.0.0.1:4101/socket.io/?EIO=4&transport=websocket');
  });

  it('connects with auth, emits with an ack, receives server events and answers pings', async () => {
    const s = rawSocket(socketIoUrl(baseUrl));
    await s.opened;
    const open = await s.next();
    expect(open.kind).toBe('open');
    s.ws.send(encodeConnect({ token: 'good' }));
    const connect = await s.next();
    expect(connect.kind === 'packet' && connect.packet.type).toBe(SioPacketType.CONNECT);
    s.ws.send(encodeEvent('join', { ticket: 'room-1' }, 1));
    const ack = await s.next();
    expect(ack).toEqual({
      kind: 'packet',
      packet: expect.objectContaining({ type: SioPacketType.ACK, id: 1, data: [{ ok: true, roomId: 'room-1', peers: [{ peerId: 'p1', name: 'Zoë' }] }] }),
    });
    const event = await s.next();
    expect(event.kind === 'packet' && eventOf(event.packet)).toEqual({ event: 'peerJoined', payload: { peerId: 'p2', userId: 'u2', name: 'Bob' } });
    // Several ping intervals (longer than the ping timeout) pass: the server would drop us without our '3'.
    await vi.waitFor(() => expect(s.pings()).toBeGreaterThanOrEqual(5), { timeout: 5000 });
    s.ws.send(encodeEvent('join', { ticket: 'room-2' }, 2));
    const ack2 = await s.next();
    expect(ack2.kind === 'packet' && ack2.packet.id).toBe(2);
    s.ws.close();
  });

  it('surfaces the auth middleware refusal as CONNECT_ERROR', async () => {
    const s = rawSocket(socketIoUrl(baseUrl));
    await s.opened;
    await s.next();
    s.ws.send(encodeConnect({ token: 'bad' }));
    const refused = await s.next();
    expect(refused).toEqual({ kind: 'packet', packet: expect.objectContaining({ type: SioPacketType.CONNECT_ERROR, data: { message: 'bad token' } }) });
    s.ws.close();
  });
});
