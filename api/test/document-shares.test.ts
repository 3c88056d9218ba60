// Page sharing: guests read or edit one page (and its children) without joining the workspace, shares
// raise members' roles on one page, only workspace editors manage shares, and the collab upgrade follows.
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.js';
import { multipart, PNG } from './helpers/fixtures.js';
import { signup, type TestUser } from './helpers/users.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface CollabOptions {
  access: { documentRole(userId: string, documentId: string): Promise<string | null> };
}

let collabOptions: CollabOptions;
const closed: Array<{ userId: string; documentIds: string[] }> = [];
// Stands in for src/collab: keeps the access checks the upgrade is given, records closed sessions.
const fakeCollab = fp(async (app, opts: CollabOptions) => {
  collabOptions = opts;
  app.decorate('collab', {
    closeUserSessions: async (userId: string, documentIds: string[]) => {
      closed.push({ userId, documentIds: [...documentIds].sort() });
    },
  } as never);
});

let h: Harness;
let owner: TestUser;
let editor: TestUser;
let viewer: TestUser;
let guest: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  h = await createHarness({ deps: { collab: fakeCollab as never } });
  [owner, editor, viewer, guest, outsider] = (await Promise.all(
    ['Owner', 'Editor', 'Viewer', 'Guest', 'Outsider'].map((n) => signup(h.app, n)),
  )) as [TestUser, TestUser, TestUser, TestUser, TestUser];
});
afterAll(async () => h.close());

const call = (user: TestUser, method: Method, url: string, payload?: object) =>
  h.app.inject({ method, url, headers: user.headers, ...(payload ? { payload } : {}) });

/** A workspace of owner with editor and viewer members, and one page. */
async function workspace(): Promise<{ ws: string; doc: string }> {
  const ws = (await call(owner, 'POST', '/workspaces', { name: 'Team' })).json().id as string;
  await h.db.insertInto('workspace_members').values([
    { workspace_id: ws, user_id: editor.id, role: 'editor' },
    { workspace_id: ws, user_id: viewer.id, role: 'viewer' },
  ]).execute();
  return { ws, doc: await page(ws, 'Plan') };
}

async function page(ws: string, title: string, parentId?: string): Promise<string> {
  const res = await call(owner, 'POST', `/workspaces/${ws}/documents`, { title, ...(parentId ? { parentId } : {}) });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

async function share(doc: string, user: TestUser, role: 'viewer' | 'editor', by = owner) {
  const res = await call(by, 'PUT', `/documents/${doc}/shares`, { email: user.email, role });
  expect(res.statusCode).toBe(200);
  return res.json();
}

const upload = (user: TestUser, url: string) => {
  const body = multipart(PNG, 'p.png', 'image/png');
  return h.app.inject({ method: 'POST', url, headers: { ...user.headers, ...body.headers }, payload: body.payload });
};

describe('document shares', () => {
  it('a guest viewer reads the page but cannot change it or see the workspace', async () => {
    const { ws, doc } = await workspace();
    await share(doc, guest, 'viewer');
    const read = await call(guest, 'GET', `/documents/${doc}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: doc, title: 'Plan', role: 'viewer', guest: true });
    const patch = await call(guest, 'PATCH', `/documents/${doc}`, { title: 'Mine' });
    expect(patch.statusCode).toBe(403);
    expect(patch.json().code).toBe('forbidden');
    expect((await upload(guest, `/documents/${doc}/cover`)).statusCode).toBe(403);
    for (const url of [`/workspaces/${ws}`, `/workspaces/${ws}/documents`, `/workspaces/${ws}/recent`, `/workspaces/${ws}/members`]) {
      expect((await call(guest, 'GET', url)).statusCode).toBe(404);
    }
    expect((await call(owner, 'GET', `/documents/${doc}`)).json()).toMatchObject({ role: 'owner', guest: false });
  });

  it('a guest editor changes title, icon and cover, but cannot move, archive, restore, delete or create', async () => {
    const { ws, doc } = await workspace();
    const other = await page(ws, 'Other');
    await share(doc, guest, 'editor');
    const patch = await call(guest, 'PATCH', `/documents/${doc}`, { title: 'Renamed', icon: '🚀' });
    expect(patch.statusCode).toBe(200);
    expect(patch.json()).toMatchObject({ title: 'Renamed', icon: '🚀' });
    expect((await upload(guest, `/documents/${doc}/cover`)).statusCode).toBe(200);
    expect((await upload(guest, `/documents/${doc}/images`)).statusCode).toBe(201);
    const move = await call(guest, 'PATCH', `/documents/${doc}`, { parentId: other });
    expect(move.statusCode).toBe(403);
    expect(move.json().code).toBe('forbidden');
    expect((await call(guest, 'POST', `/documents/${doc}/archive`)).statusCode).toBe(403);
    expect((await call(guest, 'POST', `/workspaces/${ws}/documents`, { title: 'New' })).statusCode).toBe(404);
    expect((await call(owner, 'POST', `/documents/${doc}/archive`)).statusCode).toBe(200);
    // Trashed, the page is gone for the guest: nothing to restore or delete.
    expect((await call(guest, 'POST', `/documents/${doc}/restore`)).statusCode).toBe(404);
    expect((await call(guest, 'DELETE', `/documents/${doc}`)).statusCode).toBe(404);
    expect((await h.db.selectFrom('documents').select('parent_id').where('id', '=', doc).executeTakeFirstOrThrow()).parent_id).toBeNull();
  });

  it('shares inherit down the page tree, and the list shows own shares before inherited ones', async () => {
    const { ws, doc: parent } = await workspace();
    const child = await page(ws, 'Child', parent);
    const grandchild = await page(ws, 'Grandchild', child);
    const sibling = await page(ws, 'Sibling');
    await share(parent, guest, 'viewer');
    await share(child, outsider, 'editor');
    expect((await call(guest, 'GET', `/documents/${grandchild}`)).json()).toMatchObject({ role: 'viewer', guest: true, sharedFrom: parent });
    expect((await call(guest, 'GET', `/documents/${parent}`)).json()).toMatchObject({ sharedFrom: parent });
    // The nearest page with the highest role: the parent's viewer share is outranked by the child's editor share.
    await share(child, guest, 'editor');
    expect((await call(guest, 'GET', `/documents/${grandchild}`)).json()).toMatchObject({ role: 'editor', sharedFrom: child });
    await call(owner, 'DELETE', `/documents/${child}/shares/${guest.id}`);
    expect((await call(guest, 'PATCH', `/documents/${child}`, { title: 'x' })).statusCode).toBe(403);
    expect((await call(guest, 'GET', `/documents/${sibling}`)).statusCode).toBe(404);
    expect((await call(outsider, 'GET', `/documents/${parent}`)).statusCode).toBe(404);
    expect((await call(outsider, 'PATCH', `/documents/${grandchild}`, { title: 'Edited' })).statusCode).toBe(200);
    const list = await call(editor, 'GET', `/documents/${grandchild}/shares`);
    expect(list.statusCode).toBe(200);
    expect(list.json().map((s: { userId: string; inherited: boolean; fromDocumentId: string }) => [s.userId, s.inherited, s.fromDocumentId])).toEqual([
      [outsider.id, true, child],
      [guest.id, true, parent],
    ]);
    const own = await call(owner, 'GET', `/documents/${child}/shares`);
    expect(own.json().map((s: { userId: string; inherited: boolean }) => [s.userId, s.inherited])).toEqual([[outsider.id, false], [guest.id, true]]);
  });

  it('a share raises a workspace viewer to editor on that page only, and never lowers a member', async () => {
    const { ws, doc } = await workspace();
    const other = await page(ws, 'Other');
    await share(doc, viewer, 'editor');
    await share(doc, editor, 'viewer');
    expect((await call(viewer, 'GET', `/documents/${doc}`)).json()).toMatchObject({ role: 'editor', guest: false, sharedFrom: doc });
    expect((await call(editor, 'GET', `/documents/${doc}`)).json()).toMatchObject({ role: 'editor', sharedFrom: null });
    expect((await call(viewer, 'PATCH', `/documents/${doc}`, { title: 'By viewer' })).statusCode).toBe(200);
    expect((await call(viewer, 'GET', `/documents/${other}`)).json()).toMatchObject({ role: 'viewer' });
    expect((await call(viewer, 'PATCH', `/documents/${other}`, { title: 'No' })).statusCode).toBe(403);
    expect((await call(viewer, 'POST', `/documents/${doc}/archive`)).statusCode).toBe(403);
    expect((await call(viewer, 'GET', `/documents/${doc}/shares`)).statusCode).toBe(403);
    expect((await call(editor, 'GET', `/documents/${doc}`)).json()).toMatchObject({ role: 'editor', guest: false });
    expect((await call(editor, 'PATCH', `/documents/${doc}`, { title: 'By editor' })).statusCode).toBe(200);
  });

  it('PUT answers the share, changes its role, notifies the user and closes their editors on the subtree', async () => {
    const { ws, doc } = await workspace();
    const child = await page(ws, 'Child', doc);
    const send = vi.spyOn(h.app.notifier, 'send');
    closed.length = 0;
    const created = await share(doc, guest, 'viewer', editor);
    expect(created).toEqual({
      userId: guest.id, name: 'Guest', email: guest.email, avatarUrl: null, role: 'viewer', inherited: false,
      fromDocumentId: doc, sharedBy: editor.id, createdAt: expect.any(String),
    });
    expect(send).toHaveBeenCalledWith(guest.id, 'document.shared', { documentId: doc, title: 'Plan', role: 'viewer', sharedBy: { id: editor.id, name: 'Editor' } });
    expect(closed).toEqual([{ userId: guest.id, documentIds: [doc, child].sort() }]);
    send.mockClear();
    closed.length = 0;
    expect(await share(doc, guest, 'viewer')).toEqual(created);
    expect(send).not.toHaveBeenCalled();
    expect(closed).toEqual([]);
    expect((await share(doc, guest, 'editor')).role).toBe('editor');
    expect(send).toHaveBeenCalledWith(guest.id, 'document.shared', expect.objectContaining({ role: 'editor', sharedBy: { id: owner.id, name: 'Owner' } }));
    expect(closed).toHaveLength(1);
    expect((await call(owner, 'GET', `/documents/${doc}/shares`)).json()).toHaveLength(1);
    send.mockRestore();
  });

  it('refuses an unknown email (404 user_not_found), sharing with yourself (400) and a bad role', async () => {
    const { doc } = await workspace();
    const unknown = await call(owner, 'PUT', `/documents/${doc}/shares`, { email: 'nobody-here@example.test', role: 'viewer' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'user_not_found', message: 'No Coope account uses this email' });
    const self = await call(editor, 'PUT', `/documents/${doc}/shares`, { email: editor.email.toUpperCase(), role: 'viewer' });
    expect(self.statusCode).toBe(400);
    expect(self.json().code).toBe('invalid_share');
    const owner2 = await call(owner, 'PUT', `/documents/${doc}/shares`, { email: guest.email, role: 'owner' });
    expect(owner2.statusCode).toBe(400);
    expect(owner2.json().code).toBe('validation_failed');
  });

  it('viewers and guests cannot list or manage shares (403); outsiders get 404', async () => {
    const { doc } = await workspace();
    await share(doc, guest, 'editor');
    await share(doc, outsider, 'viewer');
    for (const user of [viewer, guest]) {
      expect((await call(user, 'GET', `/documents/${doc}/shares`)).statusCode).toBe(403);
      expect((await call(user, 'PUT', `/documents/${doc}/shares`, { email: editor.email, role: 'editor' })).statusCode).toBe(403);
    }
    expect((await call(guest, 'DELETE', `/documents/${doc}/shares/${outsider.id}`)).statusCode).toBe(403);
    expect((await call(viewer, 'DELETE', `/documents/${doc}/shares/${guest.id}`)).statusCode).toBe(403);
    const stranger = await signup(h.app, 'Stranger');
    expect((await call(stranger, 'GET', `/documents/${doc}/shares`)).statusCode).toBe(404);
    expect((await call(stranger, 'PUT', `/documents/${doc}/shares`, { email: guest.email, role: 'viewer' })).statusCode).toBe(404);
    expect((await call(stranger, 'DELETE', `/documents/${doc}/shares/${guest.id}`)).statusCode).toBe(404);
    expect((await call(stranger, 'GET', `/documents/${doc}`)).statusCode).toBe(404);
    expect((await call(owner, 'GET', `/documents/${doc}/shares`)).json()).toHaveLength(2);
  });

  it('the shared user leaves the page; editors remove shares; a missing share is 404', async () => {
    const { ws, doc } = await workspace();
    const child = await page(ws, 'Child', doc);
    await share(doc, guest, 'viewer');
    await share(doc, outsider, 'viewer');
    expect((await call(guest, 'DELETE', `/documents/${child}/shares/${guest.id}`)).statusCode).toBe(404);
    closed.length = 0;
    const left = await call(guest, 'DELETE', `/documents/${doc}/shares/${guest.id}`);
    expect(left.statusCode).toBe(200);
    expect(left.json()).toEqual({ ok: true });
    expect(closed).toEqual([{ userId: guest.id, documentIds: [doc, child].sort() }]);
    expect((await call(guest, 'GET', `/documents/${doc}`)).statusCode).toBe(404);
    expect((await call(guest, 'DELETE', `/documents/${doc}/shares/${guest.id}`)).statusCode).toBe(404);
    expect((await call(editor, 'DELETE', `/documents/${doc}/shares/${outsider.id}`)).statusCode).toBe(200);
    expect((await call(editor, 'DELETE', `/documents/${doc}/shares/${outsider.id}`)).statusCode).toBe(404);
    expect((await call(outsider, 'GET', `/documents/${child}`)).statusCode).toBe(404);
  });

  it('/me/shared-documents lists direct shares newest first; trashed pages drop out (and are closed to guests), deleted ones lose their shares', async () => {
    const a = await workspace();
    const b = await workspace();
    await h.db.updateTable('workspaces').set({ name: 'Other team' }).where('id', '=', b.ws).execute();
    const reader = await signup(h.app, 'Reader');
    const child = await page(a.ws, 'Child', a.doc);
    await share(a.doc, reader, 'viewer');
    await share(b.doc, reader, 'editor', editor);
    // Creation order by clock, not by insert speed: the second share is older.
    await sql`UPDATE document_shares SET created_at = created_at - INTERVAL 1 MINUTE WHERE document_id = ${b.doc}`.execute(h.db);
    const list = await call(reader, 'GET', '/me/shared-documents');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      { id: a.doc, title: 'Plan', icon: null, workspaceId: a.ws, workspaceName: 'Team', role: 'viewer', sharedBy: { id: owner.id, name: 'Owner' }, sharedAt: expect.any(String) },
      { id: b.doc, title: 'Plan', icon: null, workspaceId: b.ws, workspaceName: 'Other team', role: 'editor', sharedBy: { id: editor.id, name: 'Editor' }, sharedAt: expect.any(String) },
    ]);
    expect(list.json().map((d: { id: string }) => d.id)).not.toContain(child);
    expect((await call(owner, 'POST', `/documents/${a.doc}/archive`)).statusCode).toBe(200);
    expect((await call(reader, 'GET', '/me/shared-documents')).json().map((d: { id: string }) => d.id)).toEqual([b.doc]);
    // A trashed page (and its children) is gone for guests until it is restored.
    expect((await call(reader, 'GET', `/documents/${a.doc}`)).statusCode).toBe(404);
    expect((await call(reader, 'GET', `/documents/${child}`)).statusCode).toBe(404);
    expect((await call(owner, 'POST', `/documents/${a.doc}/restore`)).statusCode).toBe(200);
    expect((await call(reader, 'GET', `/documents/${child}`)).statusCode).toBe(200);
    expect((await call(reader, 'GET', '/me/shared-documents')).json().map((d: { id: string }) => d.id)).toEqual([a.doc, b.doc]);
    await call(owner, 'POST', `/documents/${a.doc}/archive`);
    expect((await call(owner, 'DELETE', `/documents/${a.doc}`)).statusCode).toBe(200);
    expect(await h.db.selectFrom('document_shares').select('user_id').where('document_id', '=', a.doc).execute()).toEqual([]);
    expect((await call(reader, 'GET', '/me/shared-documents')).json().map((d: { id: string }) => d.id)).toEqual([b.doc]);
  });

  it('the collab upgrade gets a guest’s role from shares: viewer read-only, editor, inherited, none', async () => {
    const { ws, doc } = await workspace();
    const child = await page(ws, 'Child', doc);
    const role = (user: TestUser, id: string) => collabOptions.access.documentRole(user.id, id);
    expect(await role(guest, doc)).toBeNull();
    await share(doc, guest, 'viewer');
    expect(await role(guest, doc)).toBe('viewer');
    expect(await role(guest, child)).toBe('viewer');
    await share(child, guest, 'editor');
    expect(await role(guest, doc)).toBe('viewer');
    expect(await role(guest, child)).toBe('editor');
    await share(doc, viewer, 'editor');
    expect(await role(viewer, child)).toBe('editor');
    expect(await role(owner, child)).toBe('owner');
    await call(owner, 'DELETE', `/documents/${child}/shares/${guest.id}`);
    expect(await role(guest, child)).toBe('viewer');
    expect(await role(outsider, child)).toBeNull();
  });
});
