// The api side of co-editing: the options collab receives work, and archive / delete / notes call it.
import fp from 'fastify-plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.js';
import { signup, type TestUser } from './helpers/users.js';

interface ReceivedOptions {
  access: { documentRole(userId: string, documentId: string): Promise<string | null>; documentArchived(id: string): Promise<boolean> };
  onCompacted(documentId: string, text: string): Promise<void>;
  verifyAccessToken(token: string): Promise<{ id: string; name: string } | null>;
}

const calls: string[] = [];
let received: ReceivedOptions;
const fakeCollab = fp(async (app, opts: ReceivedOptions) => {
  received = opts;
  app.decorate('collab', {
    closeDocument: async (id: string) => {
      calls.push(`close:${id}`);
    },
    purgeDocument: async (id: string) => {
      calls.push(`purge:${id}`);
    },
  });
});

let h: Harness;
let owner: TestUser;
let ws: string;
beforeAll(async () => {
  h = await createHarness({ deps: { collab: fakeCollab as never } });
  owner = await signup(h.app, 'Owner');
  ws = (await h.app.inject({ method: 'POST', url: '/workspaces', headers: owner.headers, payload: { name: 'W' } })).json().id;
});
afterAll(async () => h.close());

const newDoc = async (parentId?: string) =>
  (await h.app.inject({ method: 'POST', url: `/workspaces/${ws}/documents`, headers: owner.headers, payload: { title: 'D', parentId } })).json().id as string;

describe('collab wiring', () => {
  it('gives collab working access checks, token verification and the compaction hook', async () => {
    const doc = await newDoc();
    expect(await received.access.documentRole(owner.id, doc)).toBe('owner');
    expect(await received.access.documentArchived(doc)).toBe(false);
    expect(await received.verifyAccessToken(owner.accessToken)).toMatchObject({ id: owner.id, name: 'Owner' });
    expect(await received.verifyAccessToken('garbage')).toBeNull();
    await received.onCompacted(doc, 'compacted words');
    const row = await h.db.selectFrom('documents').select(['content_text', 'content_updated_at']).where('id', '=', doc).executeTakeFirstOrThrow();
    expect(row.content_text).toBe('compacted words');
    expect(row.content_updated_at).not.toBeNull();
  });

  it('closes live sessions of a page and its children on archive, and purges them on delete', async () => {
    const parent = await newDoc();
    const child = await newDoc(parent);
    calls.length = 0;
    await h.app.inject({ method: 'POST', url: `/documents/${parent}/archive`, headers: owner.headers });
    expect(calls.sort()).toEqual([`close:${child}`, `close:${parent}`].sort());
    calls.length = 0;
    await h.app.inject({ method: 'DELETE', url: `/documents/${parent}`, headers: owner.headers });
    expect(calls.sort()).toEqual([`purge:${child}`, `purge:${parent}`].sort());
  });
});
