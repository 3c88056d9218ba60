// Two collab nodes in this process, real Redis and MariaDB, stock y-websocket providers as clients.
import type { Redis } from 'ioredis';
import { register } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { CollabServer } from '../../src/collab/index.js';
import { newDocumentId, stockClient, whenSynced } from './helpers/clients.js';
import { startNode } from './helpers/nodes.js';
import { createTestDatabase, type TestDatabase, testRedis, uniquePrefix } from './helpers/services.js';

let redis: Redis;
let database: TestDatabase;
let nodeA: CollabServer;
let nodeB: CollabServer;
const providers: WebsocketProvider[] = [];

function client(node: CollabServer, documentId: string, userId: string, doc = new Y.Doc()): WebsocketProvider {
  const provider = stockClient(node.url, documentId, userId, doc);
  providers.push(provider);
  return provider;
}

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

async function randomEdits(doc: Y.Doc, count: number, seed: number): Promise<void> {
  const rnd = seeded(seed);
  const text = doc.getText('body');
  for (let i = 0; i < count; i++) {
    if (text.length === 0 || rnd() < 0.8) {
      text.insert(Math.floor(rnd() * (text.length + 1)), String.fromCharCode(97 + Math.floor(rnd() * 26)));
    } else {
      const at = Math.floor(rnd() * text.length);
      text.delete(at, Math.min(1 + Math.floor(rnd() * 3), text.length - at));
    }
    // Yield now and then so both clients' edits interleave with the network.
    if (i % 5 === 0) await new Promise((r) => setImmediate(r));
  }
}

async function refusedViewerWrites(): Promise<number> {
  const metric = await register.getSingleMetric('coope_collab_refused_total')?.get();
  return metric?.values.find((v) => v.labels.reason === 'viewer_write')?.value ?? 0;
}

beforeAll(async () => {
  redis = testRedis();
  database = await createTestDatabase();
  const env = { redis, database, keyPrefix: uniquePrefix() };
  nodeA = await startNode(env, 'node-a');
  nodeB = await startNode(env, 'node-b');
}, 60_000);

afterAll(async () => {
  for (const p of providers) p.destroy();
  await nodeA?.close();
  await nodeB?.close();
  await database?.drop();
  redis?.disconnect();
});

describe('collab across two nodes', { timeout: 60_000 }, () => {
  it('converges under 2x500 concurrent random edits, and a late joiner on a third node gets the same state', async () => {
    const documentId = newDocumentId();
    const a = client(nodeA, documentId, 'editor-a');
    const b = client(nodeB, documentId, 'editor-b');
    await Promise.all([whenSynced(a), whenSynced(b)]);
    await Promise.all([randomEdits(a.doc, 500, 1), randomEdits(b.doc, 500, 2)]);
    const sameState = (x: Y.Doc, y: Y.Doc) =>
      Buffer.from(Y.encodeStateVector(x)).equals(Buffer.from(Y.encodeStateVector(y))) &&
      x.getText('body').toString() === y.getText('body').toString();
    await expect.poll(() => sameState(a.doc, b.doc), { timeout: 20_000 }).toBe(true);
    expect(a.doc.getText('body').length).toBeGreaterThan(100);
    // Every one of the 1000 edits is in both (clocks count inserted characters and deletions do not, so
    // equal state vectors plus equal text is convergence).
    const late = client(nodeB, documentId, 'viewer-late');
    await whenSynced(late);
    await expect.poll(() => sameState(late.doc, a.doc), { timeout: 10_000 }).toBe(true);
  });

  it('relays presence across nodes, and its removal when the client leaves', async () => {
    const documentId = newDocumentId();
    const a = client(nodeA, documentId, 'editor-a');
    const b = client(nodeB, documentId, 'editor-b');
    await Promise.all([whenSynced(a), whenSynced(b)]);
    a.awareness.setLocalStateField('user', { name: 'Alice', cursor: 3 });
    const seesAlice = () => [...b.awareness.getStates().values()].some((s) => s.user?.name === 'Alice');
    await expect.poll(seesAlice, { timeout: 10_000 }).toBe(true);
    // A client joining node B later sees Alice too (node B's cached presence).
    const c = client(nodeB, documentId, 'viewer-c');
    await whenSynced(c);
    await expect.poll(() => [...c.awareness.getStates().values()].some((s) => s.user?.name === 'Alice')).toBe(true);
    a.destroy();
    await expect.poll(seesAlice, { timeout: 10_000 }).toBe(false);
  });

  it('a late joiner on a node that never held the document receives presence from the other node', async () => {
    const documentId = newDocumentId();
    const a = client(nodeA, documentId, 'editor-a');
    await whenSynced(a);
    a.awareness.setLocalStateField('user', { name: 'Ann' });
    const b = client(nodeB, documentId, 'editor-b');
    await whenSynced(b);
    await expect
      .poll(() => [...b.awareness.getStates().values()].some((s) => s.user?.name === 'Ann'), { timeout: 10_000 })
      .toBe(true);
  });

  it('a viewer receives updates but its writes are refused', async () => {
    const documentId = newDocumentId();
    const editor = client(nodeA, documentId, 'editor-e');
    const viewer = client(nodeB, documentId, 'viewer-v');
    await Promise.all([whenSynced(editor), whenSynced(viewer)]);
    editor.doc.getText('body').insert(0, 'hello');
    await expect.poll(() => viewer.doc.getText('body').toString()).toBe('hello');

    const refusedBefore = await refusedViewerWrites();
    viewer.doc.getText('body').insert(5, ' from the viewer');
    await expect.poll(refusedViewerWrites).toBeGreaterThan(refusedBefore);
    editor.doc.getText('body').insert(0, '> ');
    await expect.poll(() => viewer.doc.getText('body').toString()).toContain('> hello');
    expect(editor.doc.getText('body').toString()).toBe('> hello');
    // Nor is it in the stream: a fresh client on the other node loads exactly the editor's text.
    const fresh = client(nodeA, documentId, 'editor-f');
    await whenSynced(fresh);
    expect(fresh.doc.getText('body').toString()).toBe('> hello');
  });
});
