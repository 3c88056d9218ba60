// A msgpack encoder that writes the same bytes as notepack.io (what socket.io-msgpack-parser uses, and
// what every client decodes), straight into one growing buffer instead of a byte array plus deferred
// writes. Objects registered with `encodeOnce` (deep-frozen) are encoded the first time only: router
// capabilities (about 3 KB) ride on every join ack, and re-encoding them cost more than the rest of the join.

const SHORT_STRING = 32;
const cached = new WeakMap<object, Buffer>();
const immutable = new WeakSet<object>();

/** Deep-freezes `value` and lets the encoder reuse its encoding from now on; returns it. */
export function encodeOnce<T extends object>(value: T): T {
  if (immutable.has(value)) return value;
  deepFreeze(value);
  immutable.add(value);
  return value;
}

function deepFreeze(value: object): void {
  if (Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) if (typeof v === 'object' && v !== null) deepFreeze(v);
}

class Writer {
  buf = Buffer.allocUnsafe(4096);
  pos = 0;

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Up to 9 bytes; buffer assignment keeps the low 8 bits, as notepack's does. */
  bytes(a: number, b?: number, c?: number, d?: number, e?: number, f?: number, g?: number, h?: number, i?: number): void {
    this.ensure(9);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = a;
    if (b !== undefined) buf[p++] = b;
    if (c !== undefined) buf[p++] = c;
    if (d !== undefined) buf[p++] = d;
    if (e !== undefined) buf[p++] = e;
    if (f !== undefined) buf[p++] = f;
    if (g !== undefined) buf[p++] = g;
    if (h !== undefined) buf[p++] = h;
    if (i !== undefined) buf[p++] = i;
    this.pos = p;
  }

  /** A header of 1, 2, 3 or 5 bytes: fixed-size type `fix` (with `fixMax`), else the 8/16/32-bit forms. */
  header(length: number, fix: number, fixMax: number, t8: number, t16: number, t32: number, what: string): void {
    if (length < fixMax) this.bytes(fix | length);
    else if (t8 !== 0 && length < 0x100) this.bytes(t8, length);
    else if (length < 0x10000) this.bytes(t16, length >> 8, length);
    else if (length < 0x100000000) this.bytes(t32, length >> 24, length >> 16, length >> 8, length);
    else throw new Error(`${what} too large`);
  }
}

let shared = new Writer();
let busy = false;

/** The msgpack encoding of `value`, in a buffer of its own. */
export function encodeMsgpack(value: unknown): Buffer {
  // A toJSON() that encodes again must not write into the buffer in use.
  const w = busy ? new Writer() : shared;
  const own = !busy;
  busy = true;
  try {
    w.pos = 0;
    write(w, value);
    const out = Buffer.allocUnsafe(w.pos);
    w.buf.copy(out, 0, 0, w.pos);
    return out;
  } finally {
    if (own) {
      busy = false;
      if (w.buf.length > 1 << 20) shared = new Writer();
    }
  }
}

function write(w: Writer, value: unknown): void {
  switch (typeof value) {
    case 'string':
      writeString(w, value);
      return;
    case 'number':
      writeNumber(w, value);
      return;
    case 'boolean':
      w.bytes(value ? 0xc3 : 0xc2);
      return;
    case 'undefined':
      w.bytes(0xd4, 0, 0);
      return;
    case 'object':
      if (value === null) {
w.bytes(0xc0);
 return;
}
      writeObject(w, value);
      return;
    default:
      throw new Error('Could not encode');
  }
}

function writeString(w: Writer, s: string): void {
  if (s.length > SHORT_STRING) {
    const length = Buffer.byteLength(s);
    w.header(length, 0xa0, 0x20, 0xd9, 0xda, 0xdb, 'String');
    w.ensure(length);
    w.pos += w.buf.write(s, w.pos, length, 'utf8');
    return;
  }
  let length = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) length += 1;
    else if (c < 0x800) length += 2;
    else if (c < 0xd800 || c >= 0xe000) length += 3;
    else {
      i++;
      length += 4;
    }
  }
  w.header(length, 0xa0, 0x20, 0xd9, 0xda, 0xdb, 'String');
  w.ensure(length);
  if (length === s.length) {
    for (let i = 0; i < s.length; i++) w.buf[w.pos++] = s.charCodeAt(i);
  } else {
    w.pos += w.buf.write(s, w.pos, length, 'utf8');
  }
}

function writeNumber(w: Writer, v: number): void {
  if (Math.floor(v) !== v || !Number.isFinite(v)) {
    w.ensure(9);
    w.buf[w.pos++] = 0xcb;
    w.buf.writeDoubleBE(v, w.pos);
    w.pos += 8;
    return;
  }
  if (v >= 0) {
    if (v < 0x80) {
w.bytes(v);
 return;
}
    if (v < 0x100) {
w.bytes(0xcc, v);
 return;
}
    if (v < 0x10000) {
w.bytes(0xcd, v >> 8, v);
 return;
}
    if (v < 0x100000000) {
w.bytes(0xce, v >> 24, v >> 16, v >> 8, v);
 return;
}
    const hi = (v / 2 ** 32) >> 0;
    const lo = v >>> 0;
    w.bytes(0xcf, hi >> 24, hi >> 16, hi >> 8, hi, lo >> 24, lo >> 16, lo >> 8, lo);
    return;
  }
  if (v >= -0x20) {
w.bytes(v);
 return;
}
  if (v >= -0x80) {
w.bytes(0xd0, v);
 return;
}
  if (v >= -0x8000) {
w.bytes(0xd1, v >> 8, v);
 return;
}
  if (v >= -0x80000000) {
w.bytes(0xd2, v >> 24, v >> 16, v >> 8, v);
 return;
}
  const hi = Math.floor(v / 2 ** 32);
  const lo = v >>> 0;
  w.bytes(0xd3, hi >> 24, hi >> 16, hi >> 8, hi, lo >> 24, lo >> 16, lo >> 8, lo);
  return;
}

function writeObject(w: Writer, value: object): void {
  if (Object.isFrozen(value)) {
    const hit = cached.get(value);
    if (hit) {
      w.ensure(hit.length);
      w.pos += hit.copy(w.buf, w.pos);
      return;
    }
    if (immutable.has(value)) {
      const start = w.pos;
      writeFresh(w, value);
      cached.set(value, Buffer.from(w.buf.subarray(start, w.pos)));
      return;
    }
  }
  writeFresh(w, value);
}

function writeFresh(w: Writer, value: object): void {
  if (Array.isArray(value)) {
    w.header(value.length, 0x90, 0x10, 0, 0xdc, 0xdd, 'Array');
    for (const item of value) write(w, item);
    return;
  }
  if (value instanceof Date) {
    const time = value.getTime();
    const hi = Math.floor(time / 2 ** 32);
    const lo = time >>> 0;
    w.bytes(0xd7, 0);
    w.bytes(hi >> 24, hi >> 16, hi >> 8, hi, lo >> 24, lo >> 16, lo >> 8, lo);
    return;
  }
  if (Buffer.isBuffer(value)) {
    w.header(value.length, 0, 0, 0xc4, 0xc5, 0xc6, 'Buffer');
    w.ensure(value.length);
    w.pos += value.copy(w.buf, w.pos);
    return;
  }
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    writeArrayBuffer(w, value instanceof ArrayBuffer ? value : (value.buffer as ArrayBuffer));
    return;
  }
  const withJson = value as { toJSON?: unknown };
  if (typeof withJson.toJSON === 'function') {
write(w, (withJson.toJSON as () => unknown).call(value));
 return;
}
  writeMap(w, value as Record<string, unknown>);
}

/** notepack's ext 0 (an ArrayBuffer or a view's whole buffer). */
function writeArrayBuffer(w: Writer, ab: ArrayBuffer): void {
  const length = ab.byteLength;
  if (length < 0x100) w.bytes(0xc7, length, 0);
  else if (length < 0x10000) w.bytes(0xc8, length >> 8, length, 0);
  else if (length < 0x100000000) w.bytes(0xc9, length >> 24, length >> 16, length >> 8, length, 0);
  else throw new Error('ArrayBuffer too large');
  w.ensure(length);
  w.buf.set(new Uint8Array(ab), w.pos);
  w.pos += length;
}

function writeMap(w: Writer, obj: Record<string, unknown>): void {
  const keys = Object.keys(obj);
  let count = 0;
  for (const k of keys) if (typeof obj[k] !== 'function') count++;
  w.header(count, 0x80, 0x10, 0, 0xde, 0xdf, 'Object');
  for (const k of keys) {
    const v = obj[k];
    if (typeof v === 'function') continue;
    writeString(w, k);
    write(w, v);
  }
}
