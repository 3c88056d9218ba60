// y-protocols frames for the /collab WebSocket, hand-encoded because k6 cannot load yjs.
// Each VU is one Yjs client that appends strings to a root Y.Text: the first insert names the parent
// type, later ones point at the previous character as their left origin. Pure: no k6 or Node imports.
import { utf8Decode, utf8Encode } from './utf8.ts';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

const INFO_CONTENT_STRING = 4;
const INFO_HAS_ORIGIN = 0x80;

function writeVarUint(out: number[], value: number): void {
  let v = value;
  while (v > 0x7f) {
    out.push(0x80 | (v % 0x80));
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

function writeVarBytes(out: number[], bytes: Uint8Array): void {
  writeVarUint(out, bytes.length);
  for (const b of bytes) out.push(b);
}

function writeVarString(out: number[], text: string): void {
  writeVarBytes(out, utf8Encode(text));
}

/** A Yjs client appending to one root Y.Text; `clock` counts UTF-16 units like Yjs does. */
export interface TextWriter {
  clientId: number;
  clock: number;
  rootName: string;
}

export function newTextWriter(rootName: string, clientId: number): TextWriter {
  return { clientId: clientId >>> 0, clock: 0, rootName };
}

/**
 * A Yjs v1 update inserting `text` after this writer's previous insert (or at the start of the root text
 * on the first call). Advances the writer's clock.
 */
export function encodeAppendUpdate(writer: TextWriter, text: string): Uint8Array {
  if (text.length === 0) throw new Error('yjs: empty insert');
  const out: number[] = [];
  writeVarUint(out, 1); // one client's structs
  writeVarUint(out, 1); // one struct
  writeVarUint(out, writer.clientId);
  writeVarUint(out, writer.clock);
  if (writer.clock === 0) {
    out.push(INFO_CONTENT_STRING);
    writeVarUint(out, 1); // parent is a root type, named next
    writeVarString(out, writer.rootName);
  } else {
    out.push(INFO_CONTENT_STRING | INFO_HAS_ORIGIN);
    writeVarUint(out, writer.clientId);
    writeVarUint(out, writer.clock - 1);
  }
  writeVarString(out, text);
  writeVarUint(out, 0); // empty delete set
  writer.clock += text.length;
  return new Uint8Array(out);
}

/** `messageSync, syncStep1, stateVector`: with an empty state vector the server answers with the whole document. */
export function encodeSyncStep1(stateVector: Uint8Array = new Uint8Array([0])): Uint8Array {
  const out: number[] = [];
  writeVarUint(out, MESSAGE_SYNC);
  writeVarUint(out, SYNC_STEP1);
  writeVarBytes(out, stateVector);
  return new Uint8Array(out);
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const out: number[] = [];
  writeVarUint(out, MESSAGE_SYNC);
  writeVarUint(out, SYNC_UPDATE);
  writeVarBytes(out, update);
  return new Uint8Array(out);
}

/** A sync step 2 carrying an empty update (no structs, no deletes): the answer to a server's step 1. */
export function encodeEmptySyncStep2(): Uint8Array {
  return new Uint8Array([MESSAGE_SYNC, SYNC_STEP2, 2, 0, 0]);
}

class Cursor {
  offset = 0;
  constructor(readonly bytes: Uint8Array) {}
  varUint(): number {
    let value = 0;
    let factor = 1;
    for (;;) {
      if (this.offset >= this.bytes.length) throw new Error('yjs: truncated varuint');
      const b = this.bytes[this.offset++]!;
      value += (b & 0x7f) * factor;
      if (b < 0x80) return value;
      factor *= 0x80;
    }
  }
  varBytes(): Uint8Array {
    const length = this.varUint();
    if (this.offset + length > this.bytes.length) throw new Error('yjs: truncated bytes');
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }
}

export interface SyncFrame {
  message: number;
  /** For sync messages: step1, step2 or update. */
  syncType?: number;
  payload: Uint8Array;
}

export function decodeCollabFrame(frame: Uint8Array): SyncFrame {
  const c = new Cursor(frame);
  const message = c.varUint();
  if (message !== MESSAGE_SYNC) return { message, payload: frame.subarray(c.offset) };
  const syncType = c.varUint();
  return { message, syncType, payload: c.varBytes() };
}

/**
 * The strings inserted by an update made of ContentString structs (what `encodeAppendUpdate` writes).
 * Returns null for any other struct shape: the caller then simply skips its latency sample.
 */
export function stringsOfUpdate(update: Uint8Array): string[] | null {
  try {
    const c = new Cursor(update);
    const strings: string[] = [];
    const clients = c.varUint();
    for (let i = 0; i < clients; i++) {
      const structs = c.varUint();
      c.varUint(); // client
      c.varUint(); // clock
      for (let s = 0; s < structs; s++) {
        const info = c.bytes[c.offset++]!;
        if ((info & 0x1f) !== INFO_CONTENT_STRING) return null;
        // Left and right origins are (client, clock) pairs; skip them.
        const ids = (info & INFO_HAS_ORIGIN ? 1 : 0) + (info & 0x40 ? 1 : 0);
        for (let k = 0; k < ids * 2; k++) c.varUint();
        if ((info & 0xc0) === 0) {
          if (c.varUint() !== 1) return null;
          c.varBytes(); // root name
          if (info & 0x20) c.varBytes(); // parentSub
        }
        const bytes = c.varBytes();
        strings.push(utf8Decode(bytes));
      }
    }
    return strings;
  } catch {
    return null;
  }
}
