// A node whose stream reader fell behind (its reads failed, as across a Redis outage) while another node's
// compactor merged and trimmed the entries it had not read: it must merge the snapshot holding them, or it
// would serve that document without those edits (and every later edit built on them) for as long as it
// holds it. Real Redis and MariaDB; the document registry is a fake of our own interface.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocRegistry } from '../../src/collab/doc-registry.js';
import { CollabKeys } from '../../src/collab/keys.js';
import { SharedDoc } from '../../src/collab/shared-doc.js';
import { SnapshotStore } from '../../src/collab/snapshot-store.js';
import { StreamLog } from '../../src/collab/stream-log.js';
import { StreamReader } from '../../src/collab/stream-reader.js';
import { testLog } from './helpers/nodes.js';
import { createTestDatabase, type TestDatabase, testRedis, uniquePrefix } from './helpers/services.js';

let database: TestDatabase;
const redis = testRedis();
const keys = new CollabKeys(uniquePrefix());

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  redis.disconnect();
  await database?.drop();
});

/** Three edits made on another node: their updates, and the snapshot its compactor made of them. */
function editsElsewhere(items: string[]): { updates: Uint8Array[]; state: Uint8Array } {
  const merged = new Y.Doc();
  const updates = items.map((item) => {
    const before = Y.encodeStateVector(merged);
    merged.getArray<string>('log').push([item]);
    return Y.encodeStateAsUpdate(merged, before);
  });
  return { updates, state: Y.encodeStateAsUpdate(merged) };
}

describe('stream reader behind a trim', () => {
  it('merges the snapshot of a document whose unread entries were trimmed while its reads failed', async () => {
    const documentId = `trim-gap-${Date.now()}`;
    const key = keys.stream(documentId);
    // Node B holds the document from before the edits: its cursor is at the start of the stream.
    const held = new SharedDoc(documentId, new Y.Doc(), '0-0', new StreamLog(redis, keys, 'node-b'), testLog);
    const registry = { loaded: () => [held], get: (id: string) => (id === documentId ? held : undefined) } as unknown as DocRegistry;
    const control = testRedis();
    const reader = testRedis();
    // B's reads fail for now (the key is not a stream), as they do while Redis is away.
    await redis.set(key, 'not a stream');
    const streamReader = new StreamReader({ reader, control, registry, snapshots: new SnapshotStore(database.db), keys, nodeId: 'node-b', log: testLog, blockMs: 100 });
    try {
      streamReader.start();
      await expect.poll(() => streamReader.failures, { timeout: 5000 }).toBeGreaterThan(0);
      // Meanwhile node A appends three edits, compacts them into the snapshot and trims them, all before B
      // reads again.
      const { updates, state } = editsElsewhere(['one', 'two', 'three']);
      await new SnapshotStore(database.db).save(documentId, { state, streamId: '1-3' }, null);
      const multi = redis.multi().del(key);
      for (const [i, u] of updates.entries()) multi.xadd(key, `1-${i + 1}`, 'n', 'node-a', 't', Date.now(), 'k', 'u', 'd', Buffer.from(u));
      await multi.xtrim(key, 'MINID', '1-4').exec();
      expect(await redis.xlen(key)).toBe(0);
      // Once its reads succeed again, B merges the snapshot: the trimmed edits are back.
      await expect.poll(() => held.doc.getArray<string>('log').toArray(), { timeout: 10_000 }).toEqual(['one', 'two', 'three']);
    } finally {
      await streamReader.stop();
      reader.disconnect();
      control.disconnect();
    }
  });
});
