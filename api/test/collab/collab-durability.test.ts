// Durability: a node process killed with SIGKILL loses no acknowledged edit, and a full restart of nodes,
// Redis (appendonly) and MariaDB reloads every document exactly.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  type DataServiceOptions,
  mysqlUrl,
  type RunningService,
  redisUrl as dedicatedRedisUrl,
  startMariadb,
  startRedis,
} from '../../../deploy/local/src/data-services.js';
import type { CollabServer } from '../../src/collab/index.js';
import { up } from '../../src/db/migrations/0100-collab.js';
import { newDocumentId, RawClient } from './helpers/clients.js';
import { startNode } from './helpers/nodes.js';
import { freePort, spawnNode } from './helpers/processes.js';
import { createTestDatabase, openDb, type TestDatabase, testRedis, uniquePrefix } from './helpers/services.js';

describe('collab durability', { timeout: 120_000 }, () => {
  let redis: Redis;
  let database: TestDatabase;

  beforeAll(async () => {
    redis = testRedis();
    database = await createTestDatabase();
  }, 60_000);

  afterAll(async () => {
    await database?.drop();
    redis?.disconnect();
  });

  it('kill -9 of the node a client writes through loses no acknowledged edit', async () => {
    const keyPrefix = uniquePrefix();
    const victim = await spawnNode({
      COLLAB_REDIS_URL: process.env.COOPE_TEST_REDIS_URL!,
      COLLAB_MYSQL_URL: database.url,
      COLLAB_KEY_PREFIX: keyPrefix,
      COLLAB_NODE_ID: 'victim',
    });
    const survivor = await startNode({ redis, database, keyPrefix }, 'survivor');
    try {
      const documentId = newDocumentId();
      const writer = await RawClient.open(victim.url, documentId, 'editor-w');
      const log = writer.doc.getArray<number>('log');
      // itemsAtWrite[k] = items in the document when write message k+1 left the client
      const itemsAtWrite: number[] = [];
      let killed = false;
      let durable = 0;
      for (let i = 0; writer.isOpen; i++) {
        // Keep up to 50 writes in flight, so some are unacknowledged when the node dies.
        while (writer.isOpen && writer.writesSent - writer.acked >= 50) await new Promise((r) => setImmediate(r));
        log.push([i]);
        while (itemsAtWrite.length < writer.writesSent) itemsAtWrite.push(log.length);
        if (!killed && writer.acked >= 300) {
          durable = itemsAtWrite[writer.acked - 1]!;
          victim.child.kill('SIGKILL');
          killed = true;
        }
      }
      expect(killed, `socket closed before the kill: ${JSON.stringify(await writer.closed)}`).toBe(true);
      await victim.exited;
      // Acks that arrived between the kill decision and the socket closing count too.
      durable = Math.max(durable, itemsAtWrite[writer.acked - 1] ?? 0);
      expect(log.length).toBeGreaterThan(durable);

      const reader = await RawClient.open(survivor.url, documentId, 'viewer-r');
      const loaded = reader.doc.getArray<number>('log');
      await expect.poll(() => loaded.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(durable);
      const items = new Set(loaded.toArray());
      const missing = Array.from({ length: durable }, (_, i) => i).filter((i) => !items.has(i));
      expect(missing).toEqual([]);
      expect(items.size).toBe(loaded.length);
      reader.close();
    } finally {
      victim.child.kill('SIGKILL');
      await survivor.close();
    }
  });

  describe('full restart', () => {
    let dataDir: string;
    let options: DataServiceOptions;
    let services: RunningService[] = [];

    async function startServices(): Promise<{ redis: Redis; database: TestDatabase }> {
      services = [await startRedis(options), await startMariadb(options)];
      const db = openDb(mysqlUrl(options));
      await up(db);
      const dedicated = new Redis(dedicatedRedisUrl(options));
      return { redis: dedicated, database: { url: mysqlUrl(options), db, drop: async () => db.destroy() } };
    }

    async function stopServices(): Promise<void> {
      for (const s of services.reverse()) await s.stop();
      services = [];
    }

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'coope-collab-restart-'));
      options = {
        dataDir,
        redisPort: await freePort(),
        mysqlPort: await freePort(),
        mysqlDatabase: 'coope_collab_restart',
        mysqlUser: 'coope',
        mysqlPassword: 'coope-restart',
      };
    });

    afterAll(async () => {
      await stopServices();
      await rm(dataDir, { recursive: true, force: true });
    });

    type Expected = { sv: string; text: string; xml: string };
    const capture = (doc: Y.Doc): Expected => ({
      sv: Buffer.from(Y.encodeStateVector(doc)).toString('hex'),
      text: doc.getText('title').toString(),
      xml: doc.getXmlFragment('default').toString(),
    });

    async function edit(node: CollabServer, documentId: string, words: string[]): Promise<Expected> {
      const client = await RawClient.open(node.url, documentId, 'editor-r');
      await expect.poll(() => client.acked).toBeGreaterThan(0);
      client.doc.transact(() => client.doc.getText('title').insert(0, `${words[0]} `));
      for (const word of words.slice(1)) {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(word)]);
        client.doc.getXmlFragment('default').push([paragraph]);
      }
      client.doc.getText('title').delete(0, 1);
      await expect.poll(() => client.acked).toBe(client.writesSent);
      const expected = capture(client.doc);
      client.close();
      await client.closed;
      return expected;
    }

    it('reloads every document exactly after nodes, Redis and MariaDB all restart', async () => {
      let env = { ...(await startServices()), keyPrefix: uniquePrefix() };
      const ids = { compactedWithTail: newDocumentId(), streamOnly: newDocumentId(), compactedOnly: newDocumentId() };
      let a = await startNode(env, 'restart-a');
      let b = await startNode(env, 'restart-b');
      await edit(a, ids.compactedWithTail, ['one', 'alpha', 'beta']);
      await edit(b, ids.compactedOnly, ['two', 'gamma']);
      expect(await a.service.compactor.tryCompact(ids.compactedWithTail)).toBe('compacted');
      expect(await a.service.compactor.tryCompact(ids.compactedOnly)).toBe('compacted');
      const expected = {
        compactedWithTail: await edit(b, ids.compactedWithTail, ['tail', 'delta']),
        streamOnly: await edit(a, ids.streamOnly, ['three', 'epsilon', 'zeta']),
        compactedOnly: await edit(a, ids.compactedOnly, ['x']),
      };
      expect(await a.service.compactor.tryCompact(ids.compactedOnly)).toBe('compacted');
      expect(await a.service.stream.length(ids.compactedWithTail)).toBeGreaterThan(0);

      await a.close();
      await b.close();
      env.redis.disconnect();
      await env.database.db.destroy();
      await stopServices();

      env = { ...(await startServices()), keyPrefix: env.keyPrefix };
      a = await startNode(env, 'restart-a2');
      b = await startNode(env, 'restart-b2');
      try {
        for (const [name, id] of Object.entries(ids)) {
          const client = await RawClient.open(name === 'streamOnly' ? b.url : a.url, id, 'viewer-check', false);
          const want = expected[name as keyof typeof expected];
          await expect.poll(() => capture(client.doc), { timeout: 10_000 }).toEqual(want);
          client.close();
        }
      } finally {
        await a.close();
        await b.close();
        env.redis.disconnect();
        await env.database.db.destroy();
      }
    });
  });
});
