// Acks written straight to the uWS WebSocket carry exactly the bytes socket.io's own path would send, go
// out once, and fall back to socket.io whenever engine.io holds a packet or the socket is not open.
import type { Socket } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { useFastAcks } from '../src/transport/fast-ack.js';
import { serverParser } from '../src/transport/server-parser.js';

function fakeSocket(conn: { readyState?: string; writeBuffer?: unknown[]; writable?: boolean; name?: string } = {}) {
  const frames: Array<{ bytes: Buffer; binary: boolean }> = [];
  const viaSocketIo: unknown[] = [];
  const socket = {
    nsp: { name: '/' },
    conn: {
      readyState: conn.readyState ?? 'open',
      writeBuffer: conn.writeBuffer ?? [],
      transport: {
        name: conn.name ?? 'websocket',
        writable: conn.writable ?? true,
        socket: { send: (bytes: Buffer, binary: boolean) => frames.push({ bytes, binary }) },
      },
    },
    packet: (p: unknown) => viaSocketIo.push(p),
    ack: (_id: number): ((...a: unknown[]) => void) => () => {},
  };
  useFastAcks(socket as unknown as Socket);
  return { socket, frames, viaSocketIo };
}

describe('useFastAcks', () => {
  it("sends the ack as one binary frame with socket.io's own encoding, once", () => {
    const { socket, frames, viaSocketIo } = fakeSocket();
    const ack = socket.ack(42);
    const res = { ok: true, roomId: 'r1', peers: [{ peerId: 'p', name: 'Zoë' }] };
    ack(res);
    ack({ ok: false });
    const expected = new serverParser.Encoder().encode({ id: 42, type: 3, data: [res], nsp: '/' })[0]!;
    expect(frames).toHaveLength(1);
    expect(frames[0]!.binary).toBe(true);
    expect(frames[0]!.bytes.equals(expected)).toBe(true);
    expect(viaSocketIo).toEqual([]);
  });

  it('leaves the ack to socket.io when engine.io holds packets or the transport cannot take it now', () => {
    const cases = [{ writeBuffer: [{ type: 'message' }] }, { writable: false }, { readyState: 'closing' }, { name: 'polling' }];
    for (const c of cases) {
      const { socket, frames, viaSocketIo } = fakeSocket(c);
      socket.ack(7)({ ok: true });
      expect(frames).toEqual([]);
      expect(viaSocketIo).toEqual([{ id: 7, type: 3, data: [{ ok: true }] }]);
    }
  });
});
