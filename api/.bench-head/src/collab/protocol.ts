// The y-protocols wire messages the endpoint speaks, parsed strictly: anything that does not decode
// completely is a ProtocolError, so a bad frame never reaches the document.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3, ack: 100 } as const;

export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'write'; update: Uint8Array; empty: boolean }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }
  | { type: 'auth' };

export class ProtocolError extends Error {}

function finish(decoder: decoding.Decoder, what: string): void {
  if (decoding.hasContent(decoder)) throw new ProtocolError(`trailing bytes after ${what}`);
}

function guarded<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError(`${what}: ${(err as Error).message}`);
  }
}

function parseSync(decoder: decoding.Decoder): ClientMessage {
  const syncType = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  finish(decoder, 'sync message');
  if (syncType === syncProtocol.messageYjsSyncStep1) {
    guarded('state vector', () => Y.decodeStateVector(payload));
    return { type: 'sync-step1', stateVector: payload };
  }
  if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
    const decoded = guarded('update', () => Y.decodeUpdate(payload));
    const empty = decoded.structs.length === 0 && decoded.ds.clients.size === 0;
    return { type: 'write', update: payload, empty };
  }
  throw new ProtocolError(`unknown sync message type ${syncType}`);
}

/** Checks an awareness update the way applyAwarenessUpdate will read it, JSON included. */
export function validateAwarenessUpdate(update: Uint8Array): void {
  guarded('awareness update', () => {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      JSON.parse(decoding.readVarString(decoder));
    }
    finish(decoder, 'awareness update');
  });
}

export function parseClientMessage(data: Uint8Array): ClientMessage {
  return guarded('message', () => {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.sync:
        return parseSync(decoder);
      case MessageType.awareness: {
        const update = decoding.readVarUint8Array(decoder);
        finish(decoder, 'awareness message');
        validateAwarenessUpdate(update);
        return { type: 'awareness', update };
      }
      case MessageType.queryAwareness:
        return { type: 'query-awareness' };
      case MessageType.auth:
        return { type: 'auth' };
      default:
        throw new ProtocolError(`unknown message type ${type}`);
    }
  });
}

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    syncProtocol.writeSyncStep1(e, doc);
  });
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    syncProtocol.writeSyncStep2(e, doc, stateVector);
  });
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    syncProtocol.writeUpdate(e, update);
  });
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(e, update);
  });
}

/** Coope extension (opt-in with ?ack=1): the client's first `count` write messages are in the stream. */
export function encodeAck(count: number): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MessageType.ack);
    encoding.writeVarUint(e, count);
  });
}

/** y-protocols auth message "permission denied"; stock providers log it. Sent once to a viewer that writes. */
export function encodePermissionDenied(reason: string): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MessageType.auth);
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, reason);
  });
}

/** True when the update carries structs the document does not have yet (deletions alone do not count). */
export function hasNewContent(update: Uint8Array, doc: Y.Doc): boolean {
  const known = Y.encodeStateVector(doc);
  const state = Y.decodeStateVector(known);
  return Y.decodeUpdate(update).structs.some((s) => s.id.clock + s.length > (state.get(s.id.client) ?? 0));
}
