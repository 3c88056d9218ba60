// Pure pieces of the collab service: message parsing, text extraction, rate limiting, stream ids, keys,
// and how a document applies a batch read from the stream.
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { extractText } from '../../src/collab/index.js';
import { CollabKeys } from '../../src/collab/keys.js';
import { hasNewContent, ProtocolError, parseClientMessage } from '../../src/collab/protocol.js';
import { TokenBucket } from '../../src/collab/rate-limiter.js';
import { SharedDoc } from '../../src/collab/shared-doc.js';
import { nextStreamId, type StreamLog } from '../../src/collab/stream-log.js';
import { compareStreamIds } from '../../src/collab/stream-reader.js';
import { testLog } from './helpers/nodes.js';

function syncMessage(syncType: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, syncType);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

describe('parseClientMessage', () => {
  it('reads step 1, step 2 and updates, and marks empty updates', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'x');
    expect(parseClientMessage(syncMessage(0, Y.encodeStateVector(doc))).type).toBe('sync-step1');
    expect(parseClientMessage(syncMessage(1, Y.encodeStateAsUpdate(doc)))).toMatchObject({ type: 'write', empty: false });
    expect(parseClientMessage(syncMessage(2, Y.encodeStateAsUpdate(new Y.Doc())))).toMatchObject({ empty: true });
    expect(parseClientMessage(new Uint8Array([3])).type).toBe('query-awareness');
  });

  it('throws ProtocolError for truncated, unknown or trailing input', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'some text to make an update');
    const update = Y.encodeStateAsUpdate(doc);
    const bad = [
      new Uint8Array(0),
      new Uint8Array([42]),
      syncMessage(7, new Uint8Array([0])),
      syncMessage(2, update.slice(0, -3)),
      new Uint8Array([...syncMessage(0, Y.encodeStateVector(doc)), 1]),
      new Uint8Array([1, 5, 1, 1, 1, 2, 123]),
    ];
    for (const message of bad) expect(() => parseClientMessage(message)).toThrow(ProtocolError);
  });

  it('tells new content from a replay', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'abc');
    const server = new Y.Doc();
    expect(hasNewContent(Y.encodeStateAsUpdate(doc), server)).toBe(true);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
    expect(hasNewContent(Y.encodeStateAsUpdate(doc), server)).toBe(false);
  });
});

describe('extractText', () => {
  it('walks the TipTap fragment and plain texts, and skips maps', () => {
    const source = new Y.Doc();
    const heading = new Y.XmlElement('heading');
    heading.insert(0, [new Y.XmlText('Title')]);
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    const para = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    text.insert(0, 'bold and plain');
    text.format(0, 4, { bold: true });
    para.insert(0, [text]);
    item.insert(0, [para]);
    list.insert(0, [item]);
    source.getXmlFragment('default').insert(0, [heading, list]);
    source.getText('notes').insert(0, 'side note');
    source.getMap('meta').set('k', 'v');
    // Decoded from an update, the top-level types are untyped until accessed.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
    expect(extractText(doc)).toBe('Title\nbold and plain\nside note');
  });
});

describe('TokenBucket', () => {
  it('allows the burst, then the refill rate', () => {
    const bucket = new TokenBucket(10, 3, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false]);
    expect(bucket.take(100)).toBe(true);
    expect(bucket.take(100)).toBe(false);
  });
});

describe('stream ids and keys', () => {
  it('orders and advances stream ids', () => {
    expect(compareStreamIds('10-2', '9-99')).toBe(1);
    expect(compareStreamIds('10-2', '10-10')).toBe(-1);
    expect(compareStreamIds('5-0', '5-0')).toBe(0);
    expect(nextStreamId('1700000000000-18446744073709551614')).toBe('1700000000000-18446744073709551615');
  });

  it('maps stream keys back to document ids', () => {
    const keys = new CollabKeys('p:');
    expect(keys.documentOf(keys.stream('doc-1'))).toBe('doc-1');
    expect(keys.documentOf('other:doc:{x}')).toBeNull();
  });
});

describe('SharedDoc.applyRemote', () => {
  it('applies a batch of entries from another node as one message per local client', () => {
    const writer = new Y.Doc();
    const updates: Uint8Array[] = [];
    writer.on('update', (u: Uint8Array) => updates.push(u));
    for (const word of ['a', 'b', 'c']) writer.getText('t').insert(0, word);
    const stream = { append: async () => '0-1' } as unknown as StreamLog;
    const shared = new SharedDoc('d1', new Y.Doc(), '0-0', stream, testLog);
    const sent: Uint8Array[] = [];
    shared.addPeer({ awarenessIds: new Set(), send: (m) => sent.push(m), close: () => {} });
    const entries = updates.map((data, i) => ({ id: `1-${i}`, node: 'other', sentAt: Date.now(), kind: 'u' as const, data: Buffer.from(data) }));
    shared.applyRemote([...entries, { ...entries[0]!, id: '1-9', data: Buffer.from([1, 2, 3]) }]);
    expect(shared.doc.getText('t').toString()).toBe('cba');
    expect(sent).toHaveLength(1);
    shared.destroy();
  });
});
