// Compaction: stream merged into the MariaDB snapshot and trimmed, text reported, one compactor per document,
// a crashed compactor's document reclaimed, and loading from snapshot + tail.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CollabServer } from '../../src/collab/index.js';
import { CollabKeys } from '../../src/collab/keys.js';
import { SnapshotConflictError, SnapshotStore } from '../../src/collab/snapshot-store.js';
import { newDocumentId, RawClient } from './helpers/clients.js';
import { type NodeEnv, startNode } from './helpers/nodes.js';
import { createTestDatabase, type TestDatabase, testRedis, uniquePrefix } from './helpers/services.js';

let redis: Redis;
let database: TestDatabase;
let env: NodeEnv;
/** Runs the compaction loop with short timings. */
let worker: CollabServer;
/** Same key prefix as the worker, compaction off. */
let plain: CollabServer;
/** Their own key prefix and compaction off: only manual tryCompact touches their documents. */
let idleA: CollabServer;
let idleB: CollabServer;
const clients: RawClient[] = [];

async function writeDoc(node: CollabServer, documentId: string, fill: (doc: Y.Doc) => void): Promise<RawClient> {
  const client = await RawClient.open(node.url, documentId, 'editor-c');
  clients.push(client);
  fill(client.doc);
  await expect.poll(() => client.acked).toBe(client.writesSent);
  return client;
}

function tiptapContent(doc: Y.Doc, paragraphs: string[]): void {
  doc.transact(() => {
    doc.getText('title').insert(0, 'Meeting notes');
    for (const text of paragraphs) {
      const p = new Y.XmlElement('paragraph');
      const t = new Y.XmlText();
      t.insert(0, text);
      t.format(0, 3, { bold: true });
      p.insert(0, [t]);
      doc.getXmlFragment('default').push([p]);
    }
    doc.getMap('meta').set('ignored', 'not text');
  });
}

beforeAll(async () => {
  redis = testRedis();
  database = await createTestDatabase();
  env = { redis, database, keyPrefix: uniquePrefix(), compacted: new Map() };
  worker = await startNode(env, 'worker', { compaction: { enabled: true, delayMs: 50, intervalMs: 50, lockTtlMs: 2000 } });
  plain = await startNode(env, 'plain');
  const idleEnv = { redis, database, keyPrefix: uniquePrefix() };
  idleA = await startNode(idleEnv, 'idle-a');
  idleB = await startNode(idleEnv, 'idle-b');
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all([worker?.close(), plain?.close(), idleA?.close(), idleB?.close()]);
  await database?.drop();
  redis?.disconnect();
});

describe('compaction', { timeout: 60_000 }, () => {
  it('merges the stream into a snapshot, trims the stream and reports the text', async () => {
    const documentId = newDocumentId();
    await writeDoc(worker, documentId, (doc) => tiptapContent(doc, ['First paragraph', 'Second one']));
    const snapshots = new SnapshotStore(database.db);
    await expect.poll(() => worker.service.stream.length(documentId), { timeout: 10_000 }).toBe(0);
    const snapshot = await snapshots.load(documentId);
    expect(snapshot).not.toBeNull();
    const restored = new Y.Doc();
    Y.applyUpdate(restored, snapshot!.state);
    expect(restored.getXmlFragment('default').length).toBe(2);
    expect(env.compacted!.get(documentId)).toBe('Meeting notes\nFirst paragraph\nSecond one');
    // The compaction mark is gone with the last entry.
    expect(await redis.zscore(new CollabKeys(env.keyPrefix).pending(), documentId)).toBeNull();
  });

  it('runs one compactor per document at a time', async () => {
    const documentId = newDocumentId();
    await writeDoc(idleA, documentId, (doc) => doc.getText('title').insert(0, 'race'));
    const results = await Promise.all([
      idleA.service.compactor.tryCompact(documentId),
      idleB.service.compactor.tryCompact(documentId),
    ]);
    expect(results.sort()).toEqual(['compacted', 'locked']);
    expect(await idleA.service.stream.length(documentId)).toBe(0);
  });

  it('reclaims a document whose compactor crashed holding the lock', async () => {
    const documentId = newDocumentId();
    const lockKey = new CollabKeys(env.keyPrefix).compactLock(documentId);
    // A compactor that died mid-run: its lock stays until the TTL runs out.
    await redis.set(lockKey, 'dead-compactor', 'PX', 1500);
    await writeDoc(plain, documentId, (doc) => doc.getText('title').insert(0, 'orphan'));
    expect(await plain.service.compactor.tryCompact(documentId)).toBe('locked');
    await expect.poll(() => redis.exists(lockKey), { timeout: 5000 }).toBe(0);
    await expect.poll(() => worker.service.stream.length(documentId), { timeout: 10_000 }).toBe(0);
    expect(env.compacted!.get(documentId)).toBe('orphan');
  });

  it('keeps merged entries younger than retainMs in the stream, for readers a little behind', async () => {
    const retaining = await startNode({ redis, database, keyPrefix: uniquePrefix() }, 'retaining', { compaction: { retainMs: 60_000 } });
    try {
      const documentId = newDocumentId();
      await writeDoc(retaining, documentId, (doc) => doc.getText('title').insert(0, 'kept'));
      const entries = await retaining.service.stream.length(documentId);
      expect(await retaining.service.compactor.tryCompact(documentId)).toBe('compacted');
      expect(await retaining.service.stream.length(documentId)).toBe(entries);
      const snapshot = await new SnapshotStore(database.db).load(documentId);
      const restored = new Y.Doc();
      Y.applyUpdate(restored, snapshot!.state);
      expect(restored.getText('title').toString()).toBe('kept');
      // Nothing new: the next run merges nothing and still keeps the young entries.
      expect(await retaining.service.compactor.tryCompact(documentId)).toBe('empty');
      expect(await retaining.service.stream.length(documentId)).toBe(entries);
    } finally {
      await retaining.close();
    }
  });

  it('fences a stale compactor: a snapshot write based on an old snapshot is refused', async () => {
    const snapshots = new SnapshotStore(database.db);
    const documentId = newDocumentId();
    const state = Y.encodeStateAsUpdate(new Y.Doc());
    await snapshots.save(documentId, { state, streamId: '1-1' }, null);
    await snapshots.save(documentId, { state, streamId: '2-0' }, { state, streamId: '1-1' });
    await expect(snapshots.save(documentId, { state, streamId: '3-0' }, { state, streamId: '1-1' })).rejects.toThrow(
      SnapshotConflictError,
    );
    await expect(snapshots.save(documentId, { state, streamId: '3-0' }, null)).rejects.toThrow(SnapshotConflictError);
    expect((await snapshots.load(documentId))?.streamId).toBe('2-0');
  });

  it('a late joiner on a fresh node gets snapshot + stream tail', async () => {
    const documentId = newDocumentId();
    const writer = await writeDoc(idleA, documentId, (doc) => tiptapContent(doc, ['compacted part']));
    expect(await idleA.service.compactor.tryCompact(documentId)).toBe('compacted');
    writer.doc.getText('title').insert(0, 'Tail: ');
    await expect.poll(() => writer.acked).toBe(writer.writesSent);
    expect(await idleA.service.stream.length(documentId)).toBeGreaterThan(0);

    const late = await RawClient.open(idleB.url, documentId, 'viewer-late');
    clients.push(late);
    expect(late.doc.getText('title').toString()).toBe('Tail: Meeting notes');
    expect(late.doc.getXmlFragment('default').toString()).toBe(writer.doc.getXmlFragment('default').toString());
    expect(Y.encodeStateVector(late.doc)).toEqual(Y.encodeStateVector(writer.doc));
  });
});
