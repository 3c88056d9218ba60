// A write whose append failed on the node (timeout, or the connection dropped as Redis shut down) may still
// be in the stream. The node that wrote it must then pick it up from the stream like any other node does,
// or its copy of the document stays behind for good (the Redis restart chaos scenario, issues 6 and 9).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '../../src/collab/close-codes.js';
import type { CollabServer } from '../../src/collab/index.js';
import { compareStreamIds } from '../../src/collab/stream-log.js';
import { newDocumentId, RawClient } from './helpers/clients.js';
import { startNode } from './helpers/nodes.js';
import { createTestDatabase, redisUrl, type TestDatabase, testRedis, uniquePrefix } from './helpers/services.js';

let redis: Redis;
let control: Redis;
let database: TestDatabase;
let nodeA: CollabServer;
let nodeB: CollabServer;
const clients: RawClient[] = [];

async function open(node: CollabServer, documentId: string, userId: string): Promise<RawClient> {
  const client = await RawClient.open(node.url, documentId, userId);
  clients.push(client);
  return client;
}

const textOn = (node: CollabServer, documentId: string) =>
  node.service.registry.get(documentId)?.doc.getText('body').toString() ?? null;

beforeAll(async () => {
  // Appends time out quickly, so a paused Redis makes them fail on the node while Redis still runs them later.
  redis = new Redis(redisUrl(), { maxRetriesPerRequest: 3, commandTimeout: 300 });
  redis.on('error', () => {});
  control = testRedis();
  database = await createTestDatabase();
  const env = { redis, database, keyPrefix: uniquePrefix() };
  nodeA = await startNode(env, 'ambiguous-a');
  nodeB = await startNode(env, 'ambiguous-b');
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await nodeA?.close();
  await nodeB?.close();
  await database?.drop();
  redis?.disconnect();
  control?.disconnect();
});

describe('a write that failed on its node but reached the stream', { timeout: 30_000 }, () => {
  it('ends up in the writing node’s copy too', async () => {
    const documentId = newDocumentId();
    const writer = await open(nodeA, documentId, 'editor-a');
    // Keeps node A's copy loaded after the writer's socket is closed.
    await open(nodeA, documentId, 'viewer-a');
    const other = await open(nodeB, documentId, 'editor-b');
    await control.call('CLIENT', 'PAUSE', '1000', 'WRITE');
    writer.doc.getText('body').insert(0, 'lost?');
    // Node A gives up on the append and closes the socket; Redis runs the append when the pause ends.
    expect((await writer.closed).code).toBe(CloseCode.internalError);
    await expect.poll(() => other.doc.getText('body').toString(), { timeout: 10_000 }).toBe('lost?');
    // Node B's later edit builds on the entry: without it node A would hold that edit back (Yjs pending) too.
    other.doc.getText('body').insert(0, 'later ');
    await expect.poll(() => textOn(nodeA, documentId), { timeout: 10_000 }).toBe('later lost?');
    expect(textOn(nodeB, documentId)).toBe('later lost?');
  });

  it('ends up in the writing node’s copy when its reader had already passed the entry as ours', async () => {
    const documentId = newDocumentId();
    const writer = await open(nodeA, documentId, 'editor-a');
    await open(nodeA, documentId, 'viewer-a');
    const other = await open(nodeB, documentId, 'editor-b');
    const stream = nodeA.service.stream;
    const append = stream.append.bind(stream);
    // One append is stored, read (and skipped as this node's own) by node A's reader, and only then fails:
    // its reply was lost.
    stream.append = async (id, kind, data) => {
      const entryId = await append(id, kind, data);
      if (id !== documentId || kind !== 'u') return entryId;
      stream.append = append;
      await vi.waitFor(() => expect(compareStreamIds(nodeA.service.registry.get(id)!.lastId, entryId)).toBeGreaterThanOrEqual(0));
      throw new Error('reply lost');
    };
    writer.doc.getText('body').insert(0, 'lost?');
    expect((await writer.closed).code).toBe(CloseCode.internalError);
    await expect.poll(() => other.doc.getText('body').toString(), { timeout: 10_000 }).toBe('lost?');
    await expect.poll(() => textOn(nodeA, documentId), { timeout: 10_000 }).toBe('lost?');
    other.doc.getText('body').insert(0, 'later ');
    await expect.poll(() => textOn(nodeA, documentId), { timeout: 10_000 }).toBe('later lost?');
  });
});
