// The real api app with the real collab plugin: coope_collab_* is served on the api's own GET /metrics, and
// a client edit made through the api's /collab endpoint shows in it. The harness's Redis connection has an
// ioredis keyPrefix, which the collab streams must survive (a second node follows the same document).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollabServer } from '../../src/collab/index.js';
import { createHarness, type Harness } from '../helpers/harness.js';
import { signup, type TestUser } from '../helpers/users.js';
import { RawClient } from './helpers/clients.js';
import { verifyAccessToken } from './helpers/fake-auth.js';
import { testLog } from './helpers/nodes.js';

let h: Harness;
let owner: TestUser;
let documentId: string;
let wsUrl: string;

beforeAll(async () => {
  h = await createHarness({ deps: { collab: true } });
  owner = await signup(h.app, 'Owner');
  const headers = owner.headers;
  const ws = (await h.app.inject({ method: 'POST', url: '/workspaces', headers, payload: { name: 'W' } })).json().id;
  documentId = (await h.app.inject({ method: 'POST', url: `/workspaces/${ws}/documents`, headers, payload: { title: 'D' } })).json().id;
  const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
  wsUrl = `${address.replace('http', 'ws')}/collab`;
}, 60_000);

afterAll(async () => h?.close());

const scrape = async () => (await h.app.inject({ method: 'GET', url: '/metrics' })).body;

describe('collab metrics on the api', { timeout: 60_000 }, () => {
  it('serves coope_collab_* on GET /metrics, and counts an edit made through /collab', async () => {
    const client = new RawClient(wsUrl, documentId, `token=${owner.accessToken}&ack=1`);
    await client.opened;
    await client.whenSynced();
    client.doc.getText('t').insert(0, 'hello');
    await expect.poll(() => client.acked).toBe(client.writesSent);
    const text = await scrape();
    expect(text).toMatch(/coope_collab_connections [1-9]/);
    expect(text).toMatch(/coope_collab_documents [1-9]/);
    expect(text).toMatch(/coope_collab_updates_total\{origin="local"\} [1-9]/);
    for (const name of ['propagation_seconds_bucket', 'compaction_seconds', 'stream_length', 'compaction_backlog']) {
      expect(text).toContain(`coope_collab_${name}`);
    }
    client.close();
  });

  it('keeps the streams under the connection key prefix, where a second node follows them', async () => {
    const redis = new Redis(h.config.REDIS_URL, { keyPrefix: h.prefix });
    const node = await createCollabServer({
      redis,
      db: h.db,
      access: { documentRole: async () => 'viewer', documentArchived: async () => false },
      verifyAccessToken,
      onCompacted: async () => {},
      log: testLog,
      nodeId: 'second',
    });
    try {
      const late = await RawClient.open(node.url, documentId, 'viewer-1');
      expect(late.doc.getText('t').toString()).toBe('hello');
      const writer = new RawClient(wsUrl, documentId, `token=${owner.accessToken}&ack=1`);
      await writer.whenSynced();
      writer.doc.getText('t').insert(5, ' world');
      await expect.poll(() => late.doc.getText('t').toString()).toBe('hello world');
      writer.close();
      late.close();
    } finally {
      await node.close();
      redis.disconnect();
    }
  });
});
