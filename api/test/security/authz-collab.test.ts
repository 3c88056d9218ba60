// The authz matrix row HTTP tests cannot reach: the collab WebSocket on the real api (real tokens, real
// workspace roles from MariaDB). Anonymous, a stranger, a viewer, an editor, the owner and an admin who is
// not a member; an archived document; a viewer's write; and a member removed from the workspace.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/collab/index.js';
import { RawClient } from '../collab/helpers/clients.js';
import { createHarness, type Harness } from '../helpers/harness.js';
import { makeAdmin, signup, type TestUser } from '../helpers/users.js';

let h: Harness;
let base: string;
const users = {} as Record<'other' | 'viewer' | 'editor' | 'owner' | 'admin', TestUser>;
let ws: string;
const clients: RawClient[] = [];

beforeAll(async () => {
  h = await createHarness({ deps: { collab: true } });
  for (const a of ['other', 'viewer', 'editor', 'owner', 'admin'] as const) users[a] = await signup(h.app, a);
  users.admin = await makeAdmin(h.app, h.db, users.admin);
  ws = (await h.app.inject({ method: 'POST', url: '/workspaces', headers: users.owner.headers, payload: { name: 'W' } })).json().id;
  for (const role of ['viewer', 'editor'] as const) {
    await h.db.insertInto('workspace_members').values({ workspace_id: ws, user_id: users[role].id, role }).execute();
  }
  base = `${(await h.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')}/collab`;
});
afterAll(async () => {
  for (const c of clients) c.close();
  await h?.close();
});

const newDoc = async () => (await h.app.inject({ method: 'POST', url: `/workspaces/${ws}/documents`, headers: users.owner.headers, payload: { title: 'D' } })).json().id as string;
const tokenOf = (u: TestUser) => h.app.tokens.signAccess({ id: u.id, name: u.user.name, role: u === users.admin ? 'admin' : 'user' }, 'test-session').token;

function client(doc: string, query: string): RawClient {
  const c = new RawClient(base, doc, query);
  clients.push(c);
  return c;
}

/** 'open' once synced, or the close code the server refused with. */
async function outcome(doc: string, query: string): Promise<number | 'open'> {
  const c = client(doc, query);
  return Promise.race([c.whenSynced().then(() => 'open' as const), c.closed.then((x) => x.code)]).catch(async () => (await c.closed).code);
}

describe('collab authz matrix', () => {
  it('admits members only, whatever else the caller is', async () => {
    const doc = await newDoc();
    const got: Record<string, number | 'open'> = { anon: await outcome(doc, '') };
    for (const a of ['other', 'viewer', 'editor', 'owner', 'admin'] as const) got[a] = await outcome(doc, `token=${tokenOf(users[a])}&ack=1`);
    expect(got).toEqual({ anon: CloseCode.unauthenticated, other: CloseCode.forbidden, viewer: 'open', editor: 'open', owner: 'open', admin: CloseCode.forbidden });
  });

  it('refuses an unknown document and an archived one', async () => {
    expect(await outcome(randomUUID(), `token=${tokenOf(users.owner)}`)).toBe(CloseCode.forbidden);
    const doc = await newDoc();
    await h.app.inject({ method: 'POST', url: `/documents/${doc}/archive`, headers: users.owner.headers });
    expect(await outcome(doc, `token=${tokenOf(users.owner)}`)).toBe(CloseCode.documentClosed);
  });

  it("refuses a viewer's write and keeps the document as the editor wrote it", async () => {
    const doc = await newDoc();
    const editor = client(doc, `token=${tokenOf(users.editor)}&ack=1`);
    const viewer = client(doc, `token=${tokenOf(users.viewer)}&ack=1`);
    await Promise.all([editor.whenSynced(), viewer.whenSynced()]);
    viewer.doc.getText('title').insert(0, 'sneaky');
    await expect.poll(() => viewer.permissionDenied).not.toBeNull();
    editor.doc.getText('title').insert(0, 'real');
    await expect.poll(() => viewer.doc.getText('title').toString()).toContain('real');
    expect(editor.doc.getText('title').toString()).toBe('real');
  });

  it('refuses a member after removal from the workspace', async () => {
    const doc = await newDoc();
    const extra = await signup(h.app, 'Leaver');
    await h.db.insertInto('workspace_members').values({ workspace_id: ws, user_id: extra.id, role: 'editor' }).execute();
    expect(await outcome(doc, `token=${tokenOf(extra)}`)).toBe('open');
    const res = await h.app.inject({ method: 'DELETE', url: `/workspaces/${ws}/members/${extra.id}`, headers: users.owner.headers });
    expect(res.statusCode).toBe(200);
    expect(await outcome(doc, `token=${tokenOf(extra)}`)).toBe(CloseCode.forbidden);
  });

  // Removal closes the member's live sessions (4001); the reconnect is then refused at upgrade.
  it("stops a removed member's live session from writing", async () => {
    const doc = await newDoc();
    const extra = await signup(h.app, 'Live leaver');
    await h.db.insertInto('workspace_members').values({ workspace_id: ws, user_id: extra.id, role: 'editor' }).execute();
    const owner = client(doc, `token=${tokenOf(users.owner)}&ack=1`);
    const leaver = client(doc, `token=${tokenOf(extra)}&ack=1`);
    await Promise.all([owner.whenSynced(), leaver.whenSynced()]);
    await h.app.inject({ method: 'DELETE', url: `/workspaces/${ws}/members/${extra.id}`, headers: users.owner.headers });
    leaver.doc.getText('title').insert(0, 'after removal');
    await expect.poll(() => !leaver.isOpen || leaver.permissionDenied !== null, { timeout: 2000 }).toBe(true);
    expect(owner.doc.getText('title').toString()).toBe('');
  });
});
