// The Fastify plugin: /collab on the app's own server, the app.collab decorator closing sessions on every
// node (per document and per user), metrics on the default registry (and an extra one), and a clean shutdown.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { Registry, register } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CloseCode, collabPlugin } from '../../src/collab/index.js';
import { SnapshotStore } from '../../src/collab/snapshot-store.js';
import { newDocumentId, RawClient } from './helpers/clients.js';
import { fakeAccess, verifyAccessToken } from './helpers/fake-auth.js';
import { FAST_LIMITS, testLog } from './helpers/nodes.js';
import { createTestDatabase, type TestDatabase, testRedis, uniquePrefix } from './helpers/services.js';

let redis: Redis;
let database: TestDatabase;
const keyPrefix = uniquePrefix();
const apiRegistry = new Registry();
let appA: FastifyInstance;
let appB: FastifyInstance;

async function buildApp(nodeId: string): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  app.get('/healthz', async () => ({ ok: true }));
  await app.register(collabPlugin, {
    redis,
    db: database.db,
    access: fakeAccess,
    verifyAccessToken,
    onCompacted: async () => {},
    log: testLog,
    nodeId,
    keyPrefix,
    limits: FAST_LIMITS,
    compaction: { enabled: false },
    metricsRegistry: apiRegistry,
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: `${address.replace('http', 'ws')}/collab` };
}

beforeAll(async () => {
  redis = testRedis();
  database = await createTestDatabase();
}, 60_000);

afterAll(async () => {
  await appA?.close();
  await appB?.close();
  await database?.drop();
  redis?.disconnect();
});

describe('collab Fastify plugin', { timeout: 60_000 }, () => {
  let urlA: string;
  let urlB: string;

  beforeAll(async () => {
    ({ app: appA, url: urlA } = await buildApp('plugin-a'));
    ({ app: appB, url: urlB } = await buildApp('plugin-b'));
  });

  it('serves /collab next to the http routes and syncs across apps', async () => {
    expect((await appA.inject({ url: '/healthz' })).json()).toEqual({ ok: true });
    const documentId = newDocumentId();
    const a = await RawClient.open(urlA, documentId, 'editor-a');
    const b = await RawClient.open(urlB, documentId, 'editor-b');
    a.doc.getText('title').insert(0, 'through fastify');
    await expect.poll(() => b.doc.getText('title').toString()).toBe('through fastify');
    a.close();
    b.close();
  });

  it('app.collab.closeDocument closes the sessions of that document on every node with 4410', async () => {
    const documentId = newDocumentId();
    const other = await RawClient.open(urlA, newDocumentId(), 'editor-o');
    const onA = await RawClient.open(urlA, documentId, 'editor-a');
    const onB = await RawClient.open(urlB, documentId, 'viewer-b');
    await appA.collab.closeDocument(documentId, 'document archived');
    expect(await onA.closed).toEqual({ code: CloseCode.documentClosed, reason: 'document archived' });
    expect(await onB.closed).toEqual({ code: CloseCode.documentClosed, reason: 'document archived' });
    expect(other.isOpen).toBe(true);
    other.close();
  });

  it('app.collab.closeUserSessions closes that user\'s sessions on every node with 4001, and no one else\'s', async () => {
    const documentId = newDocumentId();
    const onA = await RawClient.open(urlA, documentId, 'editor-m1');
    const onB = await RawClient.open(urlB, documentId, 'editor-m1');
    const colleague = await RawClient.open(urlB, documentId, 'editor-m2');
    await appA.collab.closeUserSessions!('editor-m1', [documentId], 'role changed');
    expect(await onA.closed).toEqual({ code: CloseCode.membershipChanged, reason: 'role changed' });
    expect(await onB.closed).toEqual({ code: CloseCode.membershipChanged, reason: 'role changed' });
    expect(colleague.isOpen).toBe(true);
    colleague.close();
  });

  it('app.collab.purgeDocument closes sessions and removes the snapshot and the stream', async () => {
    const documentId = newDocumentId();
    const client = await RawClient.open(urlA, documentId, 'owner-p');
    client.doc.getText('title').insert(0, 'to be deleted');
    await expect.poll(() => client.acked).toBe(client.writesSent);
    const stream = `${keyPrefix}doc:{${documentId}}`;
    expect(await redis.xlen(stream)).toBeGreaterThan(0);
    const snapshots = new SnapshotStore(database.db);
    await snapshots.save(documentId, { state: Y.encodeStateAsUpdate(client.doc), streamId: '1-0' }, null);
    await appA.collab.purgeDocument(documentId);
    expect((await client.closed).code).toBe(CloseCode.documentClosed);
    expect(await redis.pttl(stream)).toBeGreaterThan(0);
    expect(await redis.zscore(`${keyPrefix}compact:pending`, documentId)).toBeNull();
    expect(await snapshots.load(documentId)).toBeNull();
  });

  it('app.collab.seedDocument adds content that open and later clients see, and refuses garbage', async () => {
    const documentId = newDocumentId();
    const open = await RawClient.open(urlB, documentId, 'viewer-s');
    const notes = new Y.Doc();
    notes.getText('title').insert(0, 'Meeting notes');
    await appA.collab.seedDocument!(documentId, Y.encodeStateAsUpdate(notes));
    await expect.poll(() => open.doc.getText('title').toString()).toBe('Meeting notes');
    const later = await RawClient.open(urlA, documentId, 'viewer-t');
    expect(later.doc.getText('title').toString()).toBe('Meeting notes');
    await expect(appA.collab.seedDocument!(documentId, new Uint8Array([9, 9, 9]))).rejects.toThrow();
    open.close();
    later.close();
  });

  it('exposes coope_collab_* metrics on the default registry and on the api registry', async () => {
    const client = await RawClient.open(urlA, newDocumentId(), 'editor-m');
    client.doc.getText('title').insert(0, 'count me');
    await expect.poll(() => client.acked).toBe(client.writesSent);
    for (const text of [await register.metrics(), await apiRegistry.metrics()]) {
      expect(text).toMatch(/coope_collab_connections \d+/);
      expect(text).toMatch(/coope_collab_documents \d+/);
      expect(text).toMatch(/coope_collab_updates_total\{origin="local"\} \d+/);
      expect(text).toContain('coope_collab_propagation_seconds_bucket');
      expect(text).toContain('coope_collab_compaction_seconds');
      expect(text).toContain('coope_collab_stream_length');
    }
    client.close();
  });

  it('refuses other upgrade paths, and closes live sessions with 1001 when the app closes', async () => {
    const stray = new WebSocket(urlA.replace('/collab', '/elsewhere'));
    await new Promise<void>((resolve) => {
      stray.once('error', () => resolve());
      stray.once('close', () => resolve());
    });
    const client = await RawClient.open(urlB, newDocumentId(), 'editor-z');
    await appB.close();
    expect((await client.closed).code).toBe(CloseCode.goingAway);
  });
});
