// The server's msgpack encoder writes exactly the bytes of socket.io-msgpack-parser (notepack), which the
// clients decode; objects marked encodeOnce are frozen and give the same bytes from the cache.
import fc from 'fast-check';
import * as msgpack from 'socket.io-msgpack-parser';
import { describe, expect, it } from 'vitest';
import { encodeMsgpack, encodeOnce } from '../src/transport/msgpack-writer.js';
import { serverParser } from '../src/transport/server-parser.js';

const reference = new msgpack.Encoder();
const referenceBytes = (packet: unknown) => (reference.encode(packet as never) as unknown as Buffer[])[0]!;

function decode(buf: Buffer): unknown {
  const d = new msgpack.Decoder();
  let out: unknown;
  d.on('decoded', (p: unknown) => {
    out = p;
  });
  d.add(buf);
  return out;
}

const value = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({ maxLength: 40 }),
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
    fc.maxSafeInteger(),
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
    fc.date({ noInvalidDate: true }),
  ),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 20 }), fc.dictionary(fc.string({ maxLength: 12 }), tie('node'), { maxKeys: 20 })),
}));

describe('encodeMsgpack', () => {
  it('writes the same bytes as socket.io-msgpack-parser for any packet', () => {
    fc.assert(
      fc.property(value.node, fc.nat(1_000_000), (data, id) => {
        const packet = { type: 3, nsp: '/', id, data: [data] };
        expect(encodeMsgpack(packet).equals(referenceBytes(packet))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('handles large strings, arrays and maps (16/32-bit headers)', () => {
    const big = { s: 'é'.repeat(40_000), a: Array.from({ length: 70_000 }, (_, i) => i), m: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i])) };
    expect(encodeMsgpack(big).equals(referenceBytes(big))).toBe(true);
  });

  it('skips functions in maps and follows toJSON, like notepack', () => {
    const v = { f: () => 1, d: { toJSON: () => 'json' }, n: 1 };
    expect(encodeMsgpack(v).equals(referenceBytes(v))).toBe(true);
  });
});

describe('encodeOnce', () => {
  const caps = () => ({ codecs: [{ kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2, rtcpFeedback: [{ type: 'nack' }] }], headerExtensions: [] });

  it('deep-freezes the object and encodes it as before, from the cache the second time', () => {
    const c = encodeOnce(caps());
    expect(Object.isFrozen(c.codecs[0]!.rtcpFeedback[0])).toBe(true);
    expect(() => {
      (c.codecs[0] as { clockRate: number }).clockRate = 1;
    }).toThrow();
    const packet = (peerId: string) => ({ type: 3, nsp: '/', id: 7, data: [{ ok: true, peerId, routerRtpCapabilities: c }] });
    for (const peerId of ['a', 'bb', 'ccc']) {
      expect(encodeMsgpack(packet(peerId)).equals(referenceBytes(packet(peerId)))).toBe(true);
    }
    expect(decode(encodeMsgpack(packet('z')))).toEqual({ type: 3, nsp: '/', id: 7, data: [{ ok: true, peerId: 'z', routerRtpCapabilities: caps() }] });
  });

  it('the server parser round-trips through the clients decoder', () => {
    const packet = { type: 2, nsp: '/', data: ['peerJoined', { peerId: 'p', userId: 'u', name: 'Zoë 🎉' }] };
    const [buf] = new serverParser.Encoder().encode(packet);
    expect(decode(buf!)).toEqual(packet);
  });
});
