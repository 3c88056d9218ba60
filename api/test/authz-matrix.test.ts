// For every route: anonymous, another user, a viewer, an editor, the owner and an admin each get
// exactly the expected status. Each case runs against fresh rows, so no case depends on another.
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.js';
import { multipart, PNG } from './helpers/fixtures.js';
import { makeAdmin, signup, type TestUser } from './helpers/users.js';

const ACTORS = ['anon', 'other', 'viewer', 'editor', 'owner', 'admin'] as const;
type Actor = (typeof ACTORS)[number];
type Statuses = [number, number, number, number, number, number];

interface Fixture {
  ws: string;
  doc: string;
  trashed: string;
  /** A page shared with `other` as editor (a guest), and a trashed one. */
  shared: string;
  sharedTrashed: string;
  invite: string;
  linkToken: string;
  request: string;
  notice: string;
  comment: string;
  inquiry: string;
}

interface Case {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: (f: Fixture, u: Record<Actor, string>) => string;
  body?: (f: Fixture, u: Record<Actor, string>) => object;
  file?: boolean;
  expect: Statuses;
}

let h: Harness;
const users = {} as Record<Exclude<Actor, 'anon'>, TestUser>;
const ids = {} as Record<Actor, string>;

beforeAll(async () => {
  h = await createHarness();
  for (const a of ['other', 'viewer', 'editor', 'owner', 'admin'] as const) users[a] = await signup(h.app, a);
  users.admin = await makeAdmin(h.app, h.db, users.admin);
  for (const a of ACTORS) ids[a] = a === 'anon' ? randomUUID() : users[a].id;
});
afterAll(async () => h.close());

/** Fresh workspace, documents, invites, requests and site rows for one case. */
async function fixture(): Promise<Fixture> {
  const f: Fixture = {
    ws: randomUUID(), doc: randomUUID(), trashed: randomUUID(), shared: randomUUID(), sharedTrashed: randomUUID(), invite: randomUUID(), linkToken: randomUUID() + randomUUID(),
    request: randomUUID(), notice: randomUUID(), comment: randomUUID(), inquiry: randomUUID(),
  };
  const { db } = h;
  const week = new Date(Date.now() + 7 * 86400_000);
  await db.insertInto('workspaces').values({ id: f.ws, name: 'W', created_by: ids.owner }).execute();
  await db.insertInto('workspace_members').values([
    { workspace_id: f.ws, user_id: ids.owner, role: 'owner' },
    { workspace_id: f.ws, user_id: ids.editor, role: 'editor' },
    { workspace_id: f.ws, user_id: ids.viewer, role: 'viewer' },
  ]).execute();
  await db.insertInto('documents').values([
    { id: f.doc, workspace_id: f.ws, title: 'D', content_text: '', created_by: ids.owner },
    { id: f.trashed, workspace_id: f.ws, title: 'T', content_text: '', created_by: ids.owner, archived_at: new Date() },
    { id: f.shared, workspace_id: f.ws, title: 'S', content_text: '', created_by: ids.owner },
    { id: f.sharedTrashed, workspace_id: f.ws, title: 'ST', content_text: '', created_by: ids.owner, archived_at: new Date() },
  ]).execute();
  await db.insertInto('document_shares').values([
    { document_id: f.shared, user_id: ids.other, role: 'editor', shared_by: ids.owner },
    { document_id: f.sharedTrashed, user_id: ids.other, role: 'editor', shared_by: ids.owner },
  ]).execute();
  await db.insertInto('workspace_invites').values([
    { id: f.invite, workspace_id: f.ws, token_hash: randomUUID().replaceAll('-', '').padEnd(64, '0'), invitee_user_id: ids.other, role: 'viewer', invited_by: ids.owner, expires_at: week },
    { id: randomUUID(), workspace_id: f.ws, token_hash: createHash('sha256').update(f.linkToken).digest('hex'), email: users.other.email, role: 'viewer', invited_by: ids.owner, expires_at: week },
  ]).execute();
  await db.deleteFrom('friend_requests').execute();
  await db.insertInto('friend_requests').values({ id: f.request, from_user_id: ids.other, to_user_id: ids.owner, status: 'pending', pending_key: [ids.other, ids.owner].sort().join(':') }).execute();
  await db.deleteFrom('friendships').execute();
  await db.insertInto('friendships').values([{ user_id: ids.owner, friend_id: ids.editor }, { user_id: ids.editor, friend_id: ids.owner }]).execute();
  await db.insertInto('notices').values({ id: f.notice, title: 'N', body: 'B', author_id: ids.admin }).execute();
  await db.insertInto('notice_comments').values({ id: f.comment, notice_id: f.notice, author_id: ids.owner, body: 'C' }).execute();
  await db.insertInto('inquiries').values({ id: f.inquiry, user_id: ids.owner, subject: 'S', body: 'B', status: 'open' }).execute();
  return f;
}

const ALL_OK = (s: number): Statuses => [401, s, s, s, s, s];
const ADMIN_ONLY = (s: number): Statuses => [401, 403, 403, 403, 403, s];
const MEMBERS_READ: Statuses = [401, 404, 200, 200, 200, 404];
const EDITORS_WRITE: Statuses = [401, 404, 403, 200, 200, 404];
/** On a page shared with `other` as editor: the guest edits the page but not the workspace's tree. */
const GUEST_EDITS: Statuses = [401, 200, 403, 200, 200, 404];
const MEMBER_EDITORS: Statuses = [401, 403, 403, 200, 200, 404];
const OWNER_ONLY: Statuses = [401, 404, 403, 403, 200, 404];
const FRIEND_OF_OWNER = (s: number): Statuses => [401, 403, 403, s, 403, 403];

const cases: Record<string, Case> = {
  'GET /me': { method: 'GET', url: () => '/me', expect: ALL_OK(200) },
  'PATCH /me': { method: 'PATCH', url: () => '/me', body: () => ({ name: 'Renamed' }), expect: ALL_OK(200) },
  'POST /me/avatar': { method: 'POST', url: () => '/me/avatar', file: true, expect: ALL_OK(200) },
  'PUT /admin/users/:id/role': { method: 'PUT', url: (_f, u) => `/admin/users/${u.owner}/role`, body: () => ({ role: 'user' }), expect: ADMIN_ONLY(200) },
  'POST /auth/logout': { method: 'POST', url: () => '/auth/logout', expect: ALL_OK(200) },
  'POST /auth/password/forgot': { method: 'POST', url: () => '/auth/password/forgot', body: () => ({ email: 'someone@example.test' }), expect: [202, 202, 202, 202, 202, 202] },
  'POST /auth/password/reset (unknown token)': { method: 'POST', url: () => '/auth/password/reset', body: (f) => ({ token: f.linkToken, password: 'new password' }), expect: [400, 400, 400, 400, 400, 400] },
  'GET /workspaces': { method: 'GET', url: () => '/workspaces', expect: ALL_OK(200) },
  'POST /workspaces': { method: 'POST', url: () => '/workspaces', body: () => ({ name: 'New' }), expect: ALL_OK(201) },
  'GET /workspaces/:id': { method: 'GET', url: (f) => `/workspaces/${f.ws}`, expect: MEMBERS_READ },
  'PATCH /workspaces/:id': { method: 'PATCH', url: (f) => `/workspaces/${f.ws}`, body: () => ({ name: 'X' }), expect: OWNER_ONLY },
  'DELETE /workspaces/:id': { method: 'DELETE', url: (f) => `/workspaces/${f.ws}`, expect: OWNER_ONLY },
  'GET /workspaces/:id/members': { method: 'GET', url: (f) => `/workspaces/${f.ws}/members`, expect: MEMBERS_READ },
  'PATCH /workspaces/:id/members/:userId': { method: 'PATCH', url: (f, u) => `/workspaces/${f.ws}/members/${u.viewer}`, body: () => ({ role: 'editor' }), expect: OWNER_ONLY },
  'DELETE /workspaces/:id/members/:userId (the editor)': { method: 'DELETE', url: (f, u) => `/workspaces/${f.ws}/members/${u.editor}`, expect: [401, 404, 403, 200, 200, 404] },
  'POST /workspaces/:id/invites': { method: 'POST', url: (f) => `/workspaces/${f.ws}/invites`, body: () => ({ email: 'new@example.test', role: 'viewer' }), expect: [401, 404, 403, 403, 201, 404] },
  'GET /workspaces/:id/invites': { method: 'GET', url: (f) => `/workspaces/${f.ws}/invites`, expect: OWNER_ONLY },
  'DELETE /workspaces/:id/invites/:inviteId': { method: 'DELETE', url: (f) => `/workspaces/${f.ws}/invites/${f.invite}`, expect: OWNER_ONLY },
  'GET /invites': { method: 'GET', url: () => '/invites', expect: ALL_OK(200) },
  'POST /invites/:id/accept (to other)': { method: 'POST', url: (f) => `/invites/${f.invite}/accept`, expect: [401, 200, 404, 404, 404, 404] },
  'POST /invites/:id/decline (to other)': { method: 'POST', url: (f) => `/invites/${f.invite}/decline`, expect: [401, 200, 404, 404, 404, 404] },
  'POST /invites/accept-link (for other’s email)': { method: 'POST', url: () => '/invites/accept-link', body: (f) => ({ token: f.linkToken }), expect: [401, 200, 403, 403, 403, 403] },
  'POST /workspaces/:id/documents': { method: 'POST', url: (f) => `/workspaces/${f.ws}/documents`, body: () => ({ title: 'New' }), expect: [401, 404, 403, 201, 201, 404] },
  'GET /workspaces/:id/documents': { method: 'GET', url: (f) => `/workspaces/${f.ws}/documents`, expect: MEMBERS_READ },
  'GET /workspaces/:id/trash': { method: 'GET', url: (f) => `/workspaces/${f.ws}/trash`, expect: MEMBERS_READ },
  'GET /workspaces/:id/recent': { method: 'GET', url: (f) => `/workspaces/${f.ws}/recent`, expect: MEMBERS_READ },
  'GET /workspaces/:id/search': { method: 'GET', url: (f) => `/workspaces/${f.ws}/search?q=plan`, expect: MEMBERS_READ },
  'GET /documents/:id': { method: 'GET', url: (f) => `/documents/${f.doc}`, expect: MEMBERS_READ },
  'PATCH /documents/:id': { method: 'PATCH', url: (f) => `/documents/${f.doc}`, body: () => ({ title: 'T2' }), expect: EDITORS_WRITE },
  'POST /documents/:id/archive': { method: 'POST', url: (f) => `/documents/${f.doc}/archive`, expect: EDITORS_WRITE },
  'POST /documents/:id/restore': { method: 'POST', url: (f) => `/documents/${f.trashed}/restore`, expect: EDITORS_WRITE },
  'DELETE /documents/:id': { method: 'DELETE', url: (f) => `/documents/${f.trashed}`, expect: EDITORS_WRITE },
  'POST /documents/:id/cover': { method: 'POST', url: (f) => `/documents/${f.doc}/cover`, file: true, expect: EDITORS_WRITE },
  'POST /documents/:id/images': { method: 'POST', url: (f) => `/documents/${f.doc}/images`, file: true, expect: [401, 404, 403, 201, 201, 404] },
  'GET /documents/:id/shares': { method: 'GET', url: (f) => `/documents/${f.doc}/shares`, expect: EDITORS_WRITE },
  'PUT /documents/:id/shares (to other)': { method: 'PUT', url: (f) => `/documents/${f.doc}/shares`, body: () => ({ email: users.other.email, role: 'viewer' }), expect: EDITORS_WRITE },
  'DELETE /documents/:id/shares/:userId (none on the page)': { method: 'DELETE', url: (f, u) => `/documents/${f.doc}/shares/${u.viewer}`, expect: [401, 404, 404, 404, 404, 404] },
  'GET /me/shared-documents': { method: 'GET', url: () => '/me/shared-documents', expect: ALL_OK(200) },
  // `other` is a guest editor of f.shared: the page, not the workspace.
  'GET /documents/:id (shared with other)': { method: 'GET', url: (f) => `/documents/${f.shared}`, expect: [401, 200, 200, 200, 200, 404] },
  'PATCH /documents/:id (title, shared with other)': { method: 'PATCH', url: (f) => `/documents/${f.shared}`, body: () => ({ title: 'T2' }), expect: GUEST_EDITS },
  'PATCH /documents/:id (move, shared with other)': { method: 'PATCH', url: (f) => `/documents/${f.shared}`, body: (f) => ({ parentId: f.doc }), expect: MEMBER_EDITORS },
  'POST /documents/:id/archive (shared with other)': { method: 'POST', url: (f) => `/documents/${f.shared}/archive`, expect: MEMBER_EDITORS },
  'POST /documents/:id/restore (shared with other)': { method: 'POST', url: (f) => `/documents/${f.sharedTrashed}/restore`, expect: EDITORS_WRITE /* trashed: the guest no longer sees it */ },
  'DELETE /documents/:id (shared with other)': { method: 'DELETE', url: (f) => `/documents/${f.sharedTrashed}`, expect: EDITORS_WRITE /* trashed: the guest no longer sees it */ },
  'POST /documents/:id/cover (shared with other)': { method: 'POST', url: (f) => `/documents/${f.shared}/cover`, file: true, expect: GUEST_EDITS },
  'POST /documents/:id/images (shared with other)': { method: 'POST', url: (f) => `/documents/${f.shared}/images`, file: true, expect: [401, 201, 403, 201, 201, 404] },
  'GET /documents/:id/shares (shared with other)': { method: 'GET', url: (f) => `/documents/${f.shared}/shares`, expect: MEMBER_EDITORS },
  'PUT /documents/:id/shares (shared with other, to the admin)': { method: 'PUT', url: (f) => `/documents/${f.shared}/shares`, body: () => ({ email: users.admin.email, role: 'viewer' }), expect: MEMBER_EDITORS },
  'DELETE /documents/:id/shares/:userId (other’s share)': { method: 'DELETE', url: (f, u) => `/documents/${f.shared}/shares/${u.other}`, expect: [401, 200, 403, 200, 200, 404] },
  'POST /calls/tickets (workspace)': { method: 'POST', url: () => '/calls/tickets', body: (f) => ({ kind: 'workspace', workspaceId: f.ws }), expect: MEMBERS_READ },
  'POST /calls/tickets (dm with owner)': { method: 'POST', url: () => '/calls/tickets', body: (_f, u) => ({ kind: 'dm', userId: u.owner }), expect: FRIEND_OF_OWNER(200) },
  'POST /friends/requests (to owner)': { method: 'POST', url: () => '/friends/requests', body: (_f, u) => ({ userId: u.owner }), expect: [401, 409, 201, 409, 400, 201] },
  'GET /friends/requests': { method: 'GET', url: () => '/friends/requests?direction=outgoing', expect: ALL_OK(200) },
  'POST /friends/requests/:id/accept (other → owner)': { method: 'POST', url: (f) => `/friends/requests/${f.request}/accept`, expect: [401, 404, 404, 404, 200, 404] },
  'POST /friends/requests/:id/decline (other → owner)': { method: 'POST', url: (f) => `/friends/requests/${f.request}/decline`, expect: [401, 404, 404, 404, 200, 404] },
  'DELETE /friends/requests/:id (other → owner)': { method: 'DELETE', url: (f) => `/friends/requests/${f.request}`, expect: [401, 200, 404, 404, 404, 404] },
  'GET /friends': { method: 'GET', url: () => '/friends', expect: ALL_OK(200) },
  'DELETE /friends/:userId (the owner)': { method: 'DELETE', url: (_f, u) => `/friends/${u.owner}`, expect: [401, 404, 404, 200, 404, 404] },
  'GET /friends/presence': { method: 'GET', url: () => '/friends/presence', expect: ALL_OK(200) },
  'GET /users/:userId/presence (the owner)': { method: 'GET', url: (_f, u) => `/users/${u.owner}/presence`, expect: FRIEND_OF_OWNER(200) },
  'GET /chat/conversations': { method: 'GET', url: () => '/chat/conversations', expect: ALL_OK(200) },
  'POST /chat/:userId/messages (to owner)': { method: 'POST', url: (_f, u) => `/chat/${u.owner}/messages`, body: () => ({ clientMessageId: randomUUID(), body: 'hi' }), expect: FRIEND_OF_OWNER(201) },
  'GET /chat/:userId/messages (with owner)': { method: 'GET', url: (_f, u) => `/chat/${u.owner}/messages`, expect: FRIEND_OF_OWNER(200) },
  'POST /chat/:userId/read (owner)': { method: 'POST', url: (_f, u) => `/chat/${u.owner}/read`, body: () => ({ seq: 0 }), expect: FRIEND_OF_OWNER(200) },
  'GET /notices': { method: 'GET', url: () => '/notices', expect: [200, 200, 200, 200, 200, 200] },
  'GET /notices/:id': { method: 'GET', url: (f) => `/notices/${f.notice}`, expect: [200, 200, 200, 200, 200, 200] },
  'POST /notices': { method: 'POST', url: () => '/notices', body: () => ({ title: 'T', body: 'B' }), expect: ADMIN_ONLY(201) },
  'PATCH /notices/:id': { method: 'PATCH', url: (f) => `/notices/${f.notice}`, body: () => ({ title: 'T' }), expect: ADMIN_ONLY(200) },
  'DELETE /notices/:id': { method: 'DELETE', url: (f) => `/notices/${f.notice}`, expect: ADMIN_ONLY(200) },
  'GET /notices/:id/comments': { method: 'GET', url: (f) => `/notices/${f.notice}/comments`, expect: [200, 200, 200, 200, 200, 200] },
  'POST /notices/:id/comments': { method: 'POST', url: (f) => `/notices/${f.notice}/comments`, body: () => ({ body: 'c' }), expect: ALL_OK(201) },
  'DELETE /notices/:id/comments/:commentId (by owner)': { method: 'DELETE', url: (f) => `/notices/${f.notice}/comments/${f.comment}`, expect: [401, 403, 403, 403, 200, 200] },
  'POST /inquiries': { method: 'POST', url: () => '/inquiries', body: () => ({ subject: 'S', body: 'B' }), expect: ALL_OK(201) },
  'GET /inquiries': { method: 'GET', url: () => '/inquiries', expect: ALL_OK(200) },
  'GET /inquiries/:id (the owner’s)': { method: 'GET', url: (f) => `/inquiries/${f.inquiry}`, expect: [401, 404, 404, 404, 200, 200] },
  'GET /admin/inquiries': { method: 'GET', url: () => '/admin/inquiries', expect: ADMIN_ONLY(200) },
  'POST /admin/inquiries/:id/answer': { method: 'POST', url: (f) => `/admin/inquiries/${f.inquiry}/answer`, body: () => ({ answer: 'A' }), expect: ADMIN_ONLY(200) },
  'POST /admin/inquiries/:id/close': { method: 'POST', url: (f) => `/admin/inquiries/${f.inquiry}/close`, expect: ADMIN_ONLY(200) },
  'GET /ai/chat/history': { method: 'GET', url: () => '/ai/chat/history', expect: ALL_OK(200) },
  'DELETE /ai/chat/history': { method: 'DELETE', url: () => '/ai/chat/history', expect: ALL_OK(200) },
  // AI is off in this harness: signed-in callers learn that first, whatever their role.
  'POST /ai/chat': { method: 'POST', url: () => '/ai/chat', body: () => ({ message: 'hi' }), expect: ALL_OK(503) },
  'POST /ai/notes': { method: 'POST', url: () => '/ai/notes', body: (f) => ({ workspaceId: f.ws }), expect: ALL_OK(503) },
  'GET /ai/notes/:id (unknown)': { method: 'GET', url: () => `/ai/notes/${randomUUID()}`, expect: ALL_OK(404) },
  'POST /ai/notes/:id/chunks (unknown)': { method: 'POST', url: () => `/ai/notes/${randomUUID()}/chunks`, file: true, expect: ALL_OK(404) },
  'POST /ai/notes/:id/finish (unknown)': { method: 'POST', url: () => `/ai/notes/${randomUUID()}/finish`, expect: ALL_OK(404) },
  'POST /ai/notes/:id/retry (unknown)': { method: 'POST', url: () => `/ai/notes/${randomUUID()}/retry`, expect: ALL_OK(404) },
};

async function run(c: Case, actor: Actor, f: Fixture): Promise<number> {
  const headers: Record<string, string> = {};
  if (actor !== 'anon') {
    const u = users[actor];
    const role = actor === 'admin' ? 'admin' : 'user';
    headers.authorization = `Bearer ${h.app.tokens.signAccess({ id: u.id, name: actor, role }, 'test-session').token}`;
  }
  const url = c.url(f, ids);
  if (c.file) {
    const body = multipart(PNG, 'p.png', 'image/png');
    return (await h.app.inject({ method: c.method, url, headers: { ...headers, ...body.headers }, payload: body.payload })).statusCode;
  }
  const payload = c.body?.(f, ids);
  return (await h.app.inject({ method: c.method, url, headers, ...(payload ? { payload } : {}) })).statusCode;
}

describe('authz matrix', () => {
  it.each(Object.entries(cases))('%s', async (_name, c) => {
    const got: number[] = [];
    // Reads change nothing, so their callers share one fixture; every write gets its own.
    const shared = c.method === 'GET' ? await fixture() : null;
    for (const actor of ACTORS) got.push(await run(c, actor, shared ?? (await fixture())));
    expect(Object.fromEntries(ACTORS.map((a, i) => [a, got[i]]))).toEqual(Object.fromEntries(ACTORS.map((a, i) => [a, c.expect[i]])));
  });

  it('covers every route the app registers', () => {
    const covered = new Set(Object.keys(cases).map((k) => k.split(' (')[0]));
    const skip = /^(GET|HEAD|POST) \/(healthz|readyz|metrics|docs|files|auth\/(signup|login|refresh|google|oidc))|^HEAD |^OPTIONS /;
    const registered = registeredRoutes.filter((r) => !skip.test(r));
    expect(registered.filter((r) => !covered.has(r))).toEqual([]);
  });
});

const registeredRoutes: string[] = [];
beforeAll(() => {
  // Every registered route appears in the OpenAPI document (none is hidden except health and metrics).
  return h.app.inject({ method: 'GET', url: '/docs/json' }).then((res) => {
    const spec = res.json() as { paths: Record<string, Record<string, unknown>> };
    for (const [p, methods] of Object.entries(spec.paths)) {
      for (const m of Object.keys(methods)) registeredRoutes.push(`${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`);
    }
  });
});
