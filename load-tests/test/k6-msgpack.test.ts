// The k6 scripts' msgpack codec against the parser signaling really uses (socket.io-msgpack-parser / notepack).
import msgpackParser from 'socket.io-msgpack-parser';
import { describe, expect, it } from 'vitest';
import { type MsgValue, msgpackDecode, msgpackEncode } from '../k6/lib/msgpack.ts';
import { utf8Decode, utf8Encode } from '../k6/lib/utf8.ts';

function decodeWithParser(bytes: Uint8Array): unknown {
  const decoder = new msgpackParser.Decoder();
  let out: unknown;
  decoder.on('decoded', (p: unknown) => {
    out = p;
  });
  decoder.add(Buffer.from(bytes));
  return out;
}

function encodeWithParser(packet: object): Uint8Array {
  const [buf] = new msgpackParser.Encoder().encode(packet) as unknown as Buffer[];
  return new Uint8Array(buf!);
}

const samples: MsgValue[] = [
  0, 1, 127, 128, 255, 256, 65_535, 65_536, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER,
  -1, -32, -33, -128, -129, -32_768, -32_769, -(2 ** 31), -(2 ** 31) - 1, -(2 ** 40),
  0.5, -1.25, Math.PI, -1e-9,
  '', 'a', 'x'.repeat(31), 'x'.repeat(32), 'y'.repeat(300), 'z'.repeat(70_000), 'héllo wörld', '日本語', '😀 emoji',
  true, false, null,
  [], [1, 'two', [3]], Array.from({ length: 20 }, (_, i) => i),
  {}, { a: 1, b: { c: [true, null] } }, Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])),
];

describe('k6 msgpack codec', () => {
  it.each(samples.map((v) => [JSON.stringify(v)?.slice(0, 40), v]))('round-trips %s through notepack', (_label, value) => {
    const packet = { type: 2, nsp: '/', data: ['event', value], id: 7 };
    expect(decodeWithParser(msgpackEncode(packet))).toEqual(packet);
    expect(msgpackDecode(encodeWithParser(packet))).toEqual(packet);
  });

  it('decodes notepack undefined, buffers and ArrayBuffers', () => {
    const encoded = encodeWithParser({ type: 3, nsp: '/', data: [{ a: undefined, b: Buffer.from([1, 2]), c: new Uint8Array([3]).buffer }], id: 1 });
    const decoded = msgpackDecode(encoded) as { data: [{ a: unknown; b: Uint8Array; c: Uint8Array }] };
    expect(decoded.data[0].a).toBeUndefined();
    expect([...decoded.data[0].b]).toEqual([1, 2]);
    expect([...decoded.data[0].c]).toEqual([3]);
  });

  it('encodes bytes as msgpack bin, which notepack reads as a Buffer', () => {
    const out = decodeWithParser(msgpackEncode({ type: 2, nsp: '/', data: ['x', new Uint8Array([9, 8, 7])] })) as { data: [string, Buffer] };
    expect(Buffer.isBuffer(out.data[1])).toBe(true);
    expect([...out.data[1]]).toEqual([9, 8, 7]);
  });

  it('keeps integers beyond 2^53 and huge numbers exact as float64 (notepack itself cannot)', () => {
    for (const v of [1e300, -1e300, 2 ** 60, Number.MIN_VALUE]) expect(msgpackDecode(msgpackEncode(v))).toBe(v);
  });

  it('rejects truncated input and trailing bytes', () => {
    const bytes = msgpackEncode({ a: 'hello' });
    expect(() => msgpackDecode(bytes.subarray(0, bytes.length - 2))).toThrow(/truncated/);
    expect(() => msgpackDecode(new Uint8Array([...bytes, 0]))).toThrow(/trailing/);
  });

  it('encodes UTF-8 exactly like TextEncoder', () => {
    for (const text of ['', 'ascii', 'é', '€', '😀', 'mixé😀€z', '\ud800 lone']) {
      expect([...utf8Encode(text)]).toEqual([...new TextEncoder().encode(text)]);
      expect(utf8Decode(new TextEncoder().encode(text))).toBe(new TextDecoder().decode(new TextEncoder().encode(text)));
    }
  });
});
