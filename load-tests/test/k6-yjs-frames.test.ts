// The k6 collab scenario's hand-encoded Yjs updates and y-protocols frames, checked with the real yjs.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  decodeCollabFrame,
  encodeAppendUpdate,
  encodeEmptySyncStep2,
  encodeSyncStep1,
  encodeSyncUpdate,
  MESSAGE_SYNC,
  newTextWriter,
  stringsOfUpdate,
  SYNC_UPDATE,
} from '../k6/lib/yjs-frames.ts';

describe('k6 yjs frames', () => {
  it('appends text that yjs applies in order, for several writers at once', () => {
    const doc = new Y.Doc();
    const a = newTextWriter('k6', 1234);
    const b = newTextWriter('k6', 987_654_321);
    const aParts = ['hello ', 'wörld ', '😀 ', 'x'.repeat(200)];
    for (const part of aParts) Y.applyUpdate(doc, encodeAppendUpdate(a, part));
    Y.applyUpdate(doc, encodeAppendUpdate(b, 'B1'));
    Y.applyUpdate(doc, encodeAppendUpdate(b, 'B2'));
    const text = doc.getText('k6').toString();
    expect(text.replace('B1B2', '')).toBe(aParts.join(''));
    expect(text).toContain('B1B2');
    expect(a.clock).toBe(aParts.join('').length);
  });

  it('converges when the same updates arrive in another order', () => {
    const w = newTextWriter('k6', 42);
    const updates = ['one ', 'two ', 'three'].map((t) => encodeAppendUpdate(w, t));
    const inOrder = new Y.Doc();
    const reversed = new Y.Doc();
    for (const u of updates) Y.applyUpdate(inOrder, u);
    for (const u of [...updates].reverse()) Y.applyUpdate(reversed, u);
    expect(reversed.getText('k6').toString()).toBe('one two three');
    expect(Y.encodeStateAsUpdate(reversed)).toEqual(Y.encodeStateAsUpdate(inOrder));
  });

  it('reads back the strings of its own updates and of updates yjs re-encodes', () => {
    const w = newTextWriter('k6', 7);
    const first = encodeAppendUpdate(w, 't=1700000000000;');
    const second = encodeAppendUpdate(w, 't=1700000000001;');
    expect(stringsOfUpdate(second)).toEqual(['t=1700000000001;']);
    const doc = new Y.Doc();
    let relayed: Uint8Array | null = null;
    Y.applyUpdate(doc, first);
    doc.on('update', (u: Uint8Array) => {
      relayed = u;
    });
    Y.applyUpdate(doc, second);
    expect(stringsOfUpdate(relayed!)).toEqual(['t=1700000000001;']);
    expect(stringsOfUpdate(Y.mergeUpdates([first, second]))).toEqual(['t=1700000000000;', 't=1700000000001;']);
    const map = new Y.Doc();
    map.getMap('m').set('k', 1);
    expect(stringsOfUpdate(Y.encodeStateAsUpdate(map))).toBeNull();
  });

  it('frames sync messages the way y-protocols reads them', () => {
    const server = new Y.Doc();
    server.getText('k6').insert(0, 'existing');
    // Step 1 with an empty state vector: the answer is a step 2 with the whole document.
    const reply = encoding.createEncoder();
    const step1 = decoding.createDecoder(encodeSyncStep1());
    expect(decoding.readVarUint(step1)).toBe(MESSAGE_SYNC);
    syncProtocol.readSyncMessage(step1, reply, server, null);
    const client = new Y.Doc();
    const step2 = decodeCollabFrame(new Uint8Array([MESSAGE_SYNC, ...encoding.toUint8Array(reply)]));
    Y.applyUpdate(client, step2.payload);
    expect(client.getText('k6').toString()).toBe('existing');
    // An update frame, and the empty step 2.
    const w = newTextWriter('k6', 99);
    const frame = decodeCollabFrame(encodeSyncUpdate(encodeAppendUpdate(w, '!')));
    expect(frame.syncType).toBe(SYNC_UPDATE);
    const dec = decoding.createDecoder(encodeSyncUpdate(frame.payload));
    decoding.readVarUint(dec);
    syncProtocol.readSyncMessage(dec, encoding.createEncoder(), server, null);
    expect(server.getText('k6').toString()).toContain('!');
    const empty = decoding.createDecoder(encodeEmptySyncStep2());
    decoding.readVarUint(empty);
    expect(() => syncProtocol.readSyncMessage(empty, encoding.createEncoder(), server, null)).not.toThrow();
  });
});
