// Limits and bad input: each refusal closes only the offending connection, with its own close code,
// and the node and the document carry on untouched.
import * as encoding from 'lib0/encoding';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, type CollabServer, COLLAB_PROTOCOL } from '../../src/collab/index.js';
import { newDocumentId, RawClient } from './helpers/clients.js';
import { tokenFor } from './helpers/fake-auth.js';
import { type NodeEnv, startNode } from './helpers/nodes.js';
import { createTestDatabase, type TestDatabase, testRedis, uniquePrefix } from './helpers/services.js';

let redis: Redis;
let database: TestDatabase;
let env: NodeEnv;
let node: CollabServer;
const extraNodes: CollabServer[] = [];
const clients: RawClient[] = [];

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

function validUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('title').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

const MALFORMED: Record<string, Uint8Array | string> = {
  'empty frame': new Uint8Array(0),
  'varint overflow': new Uint8Array(12).fill(0xff),
  'unknown message type': frame((e) => encoding.writeVarUint(e, 42)),
  'unknown sync type': frame((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 9);
    encoding.writeVarUint8Array(e, new Uint8Array([0, 0]));
  }),
  'truncated Yjs update': frame((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, validUpdate('hello world').slice(0, -4));
  }),
  'length prefix beyond the frame': frame((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint(e, 5000);
  }),
  'awareness with broken JSON': frame((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(
      e,
      frame((a) => {
        encoding.writeVarUint(a, 1);
        encoding.writeVarUint(a, 7);
        encoding.writeVarUint(a, 1);
        encoding.writeVarString(a, '{"user":');
      }),
    );
  }),
  'trailing bytes': frame((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
    encoding.writeUint8(e, 7);
  }),
  'text frame': 'hello',
};

async function open(server: CollabServer, documentId: string, userId = 'editor-l'): Promise<RawClient> {
  const client = await RawClient.open(server.url, documentId, userId);
  clients.push(client);
  return client;
}

/** A client whose connection is refused right after the handshake. */
async function refused(server: CollabServer, documentId: string, query: string) {
  const client = new RawClient(server.url, documentId, query);
  clients.push(client);
  return client.closed;
}

beforeAll(async () => {
  redis = testRedis();
  database = await createTestDatabase();
  env = { redis, database, keyPrefix: uniquePrefix() };
  node = await startNode(env, 'limits');
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all([node?.close(), ...extraNodes.map((n) => n.close())]);
  await database?.drop();
  redis?.disconnect();
});

describe('collab limits and bad input', { timeout: 60_000 }, () => {
  it('closes a connection that sends a malformed frame with 4400, and the document stays intact', async () => {
    const documentId = newDocumentId();
    const writer = await open(node, documentId);
    writer.doc.getText('title').insert(0, 'intact');
    await expect.poll(() => writer.acked).toBe(writer.writesSent);
    for (const [name, data] of Object.entries(MALFORMED)) {
      const bad = await open(node, documentId);
      bad.sendRaw(data);
      const closed = await bad.closed;
      expect({ name, code: closed.code }).toEqual({ name, code: CloseCode.malformed });
    }
    expect(writer.isOpen).toBe(true);
    const fresh = await open(node, documentId);
    expect(fresh.doc.getText('title').toString()).toBe('intact');
    fresh.doc.getText('title').insert(6, '!');
    await expect.poll(() => writer.doc.getText('title').toString()).toBe('intact!');
  });

  it('refuses a message above the size limit (4413) and a client above the rate limit (4529)', async () => {
    const small = await startNode(env, 'small', { limits: { maxMessageBytes: 1024, messagesPerSecond: 5, burstMessages: 5 } });
    extraNodes.push(small);
    const big = await open(small, newDocumentId());
    big.doc.getText('title').insert(0, 'x'.repeat(2000));
    expect((await big.closed).code).toBe(CloseCode.messageTooLarge);

    const chatty = await open(small, newDocumentId());
    for (let i = 0; i < 20; i++) chatty.sendRaw(frame((e) => encoding.writeVarUint(e, 3)));
    expect((await chatty.closed).code).toBe(CloseCode.rateLimited);
  });

  it('caps the documents held by a node (4503, a transient code)', async () => {
    const tiny = await startNode(env, 'tiny', { limits: { maxDocuments: 1 } });
    extraNodes.push(tiny);
    const first = await open(tiny, newDocumentId());
    const second = await refused(tiny, newDocumentId(), `token=${tokenFor('editor-l')}`);
    expect(second.code).toBe(CloseCode.unavailable);
    expect(first.isOpen).toBe(true);
    expect(tiny.service.registry.size).toBe(1);
  });

  it('checks the token and the role at upgrade', async () => {
    const documentId = newDocumentId();
    expect((await refused(node, documentId, '')).code).toBe(CloseCode.unauthenticated);
    expect((await refused(node, documentId, 'token=forged')).code).toBe(CloseCode.unauthenticated);
    expect((await refused(node, documentId, `token=${tokenFor('stranger-s')}`)).code).toBe(CloseCode.forbidden);
    const archived = `a${documentId.slice(1)}`;
    expect((await refused(node, archived, `token=${tokenFor('owner-o')}`)).code).toBe(CloseCode.documentClosed);
    expect(node.service.registry.get(archived)).toBeUndefined();
  });

  it('accepts the token in Sec-WebSocket-Protocol', async () => {
    const documentId = newDocumentId();
    const client = new RawClient(node.url, documentId, '', [COLLAB_PROTOCOL, `bearer.${tokenFor('editor-p')}`]);
    clients.push(client);
    await client.opened;
    await client.whenSynced();
    expect(client.ws.protocol).toBe(COLLAB_PROTOCOL);
  });

  it('tells a viewer its write was refused and keeps it connected', async () => {
    const documentId = newDocumentId();
    const editor = await open(node, documentId);
    const viewer = await open(node, documentId, 'viewer-q');
    viewer.doc.getText('title').insert(0, 'sneaky');
    await expect.poll(() => viewer.permissionDenied).toBe('viewers cannot edit this document');
    editor.doc.getText('title').insert(0, 'real');
    await expect.poll(() => viewer.doc.getText('title').toString()).toContain('real');
    expect(editor.doc.getText('title').toString()).toBe('real');
    expect(viewer.isOpen).toBe(true);
  });
});
