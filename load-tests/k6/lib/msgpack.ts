// A small MessagePack codec for the shapes socket.io-msgpack-parser (notepack.io) puts on the wire.
// k6 cannot load npm packages, so the signaling scenarios carry their own. Pure: no k6 or Node imports.
import { utf8Decode, utf8Encode } from './utf8.ts';

export type MsgValue = null | undefined | boolean | number | string | Uint8Array | MsgValue[] | { [key: string]: MsgValue };

function pushUint(out: number[], value: number, bytes: number): void {
  for (let i = bytes - 1; i >= 0; i--) out.push(Math.floor(value / 2 ** (8 * i)) & 0xff);
}

function encodeHeader(out: number[], length: number, fix: number | null, fixMax: number, codes: [number, number, number]): void {
  if (fix !== null && length <= fixMax) out.push(fix | length);
  else if (length < 0x100 && codes[0] !== 0) {
    out.push(codes[0]);
    pushUint(out, length, 1);
  } else if (length < 0x10000) {
    out.push(codes[1]);
    pushUint(out, length, 2);
  } else {
    out.push(codes[2]);
    pushUint(out, length, 4);
  }
}

function encodeNumber(out: number[], value: number): void {
  if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) {
    if (value >= 0 && value < 0x80) out.push(value);
    else if (value >= 0) {
      const size = value < 0x100 ? 1 : value < 0x10000 ? 2 : value < 0x100000000 ? 4 : 8;
      out.push({ 1: 0xcc, 2: 0xcd, 4: 0xce, 8: 0xcf }[size]!);
      pushUint(out, value, size);
    } else if (value >= -0x20) out.push(0x100 + value);
    else if (value >= -0x80000000) {
      const size = value >= -0x80 ? 1 : value >= -0x8000 ? 2 : 4;
      out.push({ 1: 0xd0, 2: 0xd1, 4: 0xd2 }[size]!);
      // Two's complement of a negative integer in `size` bytes.
      pushUint(out, 2 ** (8 * size) + value, size);
    } else {
      // int 64 as a signed high word and an unsigned low word (exact up to 2^53).
      const hi = Math.floor(value / 2 ** 32);
      out.push(0xd3, (hi >> 24) & 0xff, (hi >> 16) & 0xff, (hi >> 8) & 0xff, hi & 0xff);
      pushUint(out, value - hi * 2 ** 32, 4);
    }
    return;
  }
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  out.push(0xcb);
  for (let i = 0; i < 8; i++) out.push(view.getUint8(i));
}

function encodeInto(out: number[], value: MsgValue): void {
  if (value === null) out.push(0xc0);
  else if (value === undefined) out.push(0xd4, 0, 0); // notepack's undefined
  else if (typeof value === 'boolean') out.push(value ? 0xc3 : 0xc2);
  else if (typeof value === 'number') encodeNumber(out, value);
  else if (typeof value === 'string') {
    const bytes = utf8Encode(value);
    encodeHeader(out, bytes.length, 0xa0, 31, [0xd9, 0xda, 0xdb]);
    for (const b of bytes) out.push(b);
  } else if (value instanceof Uint8Array) {
    encodeHeader(out, value.length, null, 0, [0xc4, 0xc5, 0xc6]);
    for (const b of value) out.push(b);
  } else if (Array.isArray(value)) {
    encodeHeader(out, value.length, 0x90, 15, [0, 0xdc, 0xdd]);
    for (const item of value) encodeInto(out, item);
  } else {
    const keys = Object.keys(value);
    encodeHeader(out, keys.length, 0x80, 15, [0, 0xde, 0xdf]);
    for (const key of keys) {
      encodeInto(out, key);
      encodeInto(out, value[key]);
    }
  }
}

export function msgpackEncode(value: MsgValue): Uint8Array {
  const out: number[] = [];
  encodeInto(out, value);
  return new Uint8Array(out);
}

class Reader {
  offset = 0;
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  uint(size: number): number {
    if (this.offset + size > this.bytes.length) throw new Error('msgpack: truncated input');
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + this.bytes[this.offset + i]!;
    this.offset += size;
    return value;
  }
  int(size: number): number {
    if (size === 8) {
      const hi = this.int(4);
      return hi * 2 ** 32 + this.uint(4);
    }
    const value = this.uint(size);
    return value >= 2 ** (8 * size - 1) ? value - 2 ** (8 * size) : value;
  }
  take(length: number): Uint8Array {
    if (this.offset + length > this.bytes.length) throw new Error('msgpack: truncated input');
    const slice = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }
  str(length: number): string {
    const bytes = this.take(length);
    return utf8Decode(bytes);
  }
  float(size: 4 | 8): number {
    const value = size === 4 ? this.view.getFloat32(this.offset) : this.view.getFloat64(this.offset);
    this.offset += size;
    return value;
  }
}

function decodeArray(r: Reader, length: number): MsgValue[] {
  const items: MsgValue[] = [];
  for (let i = 0; i < length; i++) items.push(decodeValue(r));
  return items;
}

function decodeMap(r: Reader, length: number): { [key: string]: MsgValue } {
  const map: { [key: string]: MsgValue } = {};
  for (let i = 0; i < length; i++) {
    const key = decodeValue(r);
    map[String(key)] = decodeValue(r);
  }
  return map;
}

/** Extension types: notepack uses type 0 for undefined (fixext 1), Date (fixext 8) and ArrayBuffer (ext 8/16/32). */
function decodeExt(r: Reader, length: number, fixed: boolean): MsgValue {
  const type = r.int(1);
  const data = r.take(length);
  if (type !== 0) return { extType: type, data };
  if (!fixed) return data;
  if (length === 1) return undefined;
  if (length === 8) {
    const view = new DataView(data.buffer, data.byteOffset, 8);
    return view.getInt32(0) * 2 ** 32 + view.getUint32(4); // Date as epoch ms
  }
  return data;
}

function decodeValue(r: Reader): MsgValue {
  const b = r.uint(1);
  if (b < 0x80) return b;
  if (b < 0x90) return decodeMap(r, b & 0x0f);
  if (b < 0xa0) return decodeArray(r, b & 0x0f);
  if (b < 0xc0) return r.str(b & 0x1f);
  if (b >= 0xe0) return b - 0x100;
  switch (b) {
    case 0xc0: return null;
    case 0xc2: return false;
    case 0xc3: return true;
    case 0xc4: return r.take(r.uint(1));
    case 0xc5: return r.take(r.uint(2));
    case 0xc6: return r.take(r.uint(4));
    case 0xc7: return decodeExt(r, r.uint(1), false);
    case 0xc8: return decodeExt(r, r.uint(2), false);
    case 0xc9: return decodeExt(r, r.uint(4), false);
    case 0xca: return r.float(4);
    case 0xcb: return r.float(8);
    case 0xcc: return r.uint(1);
    case 0xcd: return r.uint(2);
    case 0xce: return r.uint(4);
    case 0xcf: return r.uint(8);
    case 0xd0: return r.int(1);
    case 0xd1: return r.int(2);
    case 0xd2: return r.int(4);
    case 0xd3: return r.int(8);
    case 0xd4: return decodeExt(r, 1, true);
    case 0xd5: return decodeExt(r, 2, true);
    case 0xd6: return decodeExt(r, 4, true);
    case 0xd7: return decodeExt(r, 8, true);
    case 0xd8: return decodeExt(r, 16, true);
    case 0xd9: return r.str(r.uint(1));
    case 0xda: return r.str(r.uint(2));
    case 0xdb: return r.str(r.uint(4));
    case 0xdc: return decodeArray(r, r.uint(2));
    case 0xdd: return decodeArray(r, r.uint(4));
    case 0xde: return decodeMap(r, r.uint(2));
    case 0xdf: return decodeMap(r, r.uint(4));
    default: throw new Error(`msgpack: unknown byte 0x${b.toString(16)}`);
  }
}

export function msgpackDecode(bytes: Uint8Array): MsgValue {
  const r = new Reader(bytes);
  const value = decodeValue(r);
  if (r.offset !== bytes.length) throw new Error(`msgpack: ${bytes.length - r.offset} trailing bytes`);
  return value;
}
