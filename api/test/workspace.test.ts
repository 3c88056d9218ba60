import { importSPKI, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentRole, saveExtractedText } from '../src/collab-bridge.js';
import { createHarness, type Harness } from './helpers/harness.js';
import { signup, type TestUser } from './helpers/users.js';

let h: Harness;
let owner: TestUser;
let bob: TestUser;
let wsId: string;

beforeAll(async () => {
  h = await createHarness();
  owner = await signup(h.app, 'Owner');
  bob = await signup(h.app, 'Bob');
  const res = await h.app.inject({ method: 'POST', url: '/workspaces', headers: owner.headers, payload: { name: 'Team' } });
  wsId = res.json().id;
});
afterAll(async () => h.close());

const inject = (user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  h.app.inject({ method, url, headers: user.headers, ...(payload ? { payload } : {}) });

async function newDoc(title: string, parentId?: string): Promise<string> {
  const res = await inject(owner, 'POST', `/workspaces/${wsId}/documents`, { title, ...(parentId ? { parentId } : {}) });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

describe('invites', () => {
  it('invites a user by id, who accepts and gets the invited role', async () => {
    const inv = await inject(owner, 'POST', `/workspaces/${wsId}/invites`, { userId: bob.id, role: 'viewer' });
    expect(inv.statusCode).toBe(201);
    expect(inv.json().link).toBeUndefined();
    const mine = await inject(bob, 'GET', '/invites');
    expect(mine.json().map((i: { id: string }) => i.id)).toEqual([inv.json().id]);
    const accepted = await inject(bob, 'POST', `/invites/${inv.json().id}/accept`);
    expect(accepted.json()).toMatchObject({ id: wsId, role: 'viewer' });
    const again = await inject(bob, 'POST', `/invites/${inv.json().id}/accept`);
    expect(again.statusCode).toBe(404);
  });

  it('invites by email link; only that email may use it, and expired links fail', async () => {
    const carol = await signup(h.app, 'Carol');
    const inv = await inject(owner, 'POST', `/workspaces/${wsId}/invites`, { email: carol.email, role: 'editor' });
    const token = new URL(inv.json().link).searchParams.get('token')!;
    const wrong = await inject(bob, 'POST', '/invites/accept-link', { token });
    expect(wrong.statusCode).toBe(403);
    const ok = await inject(carol, 'POST', '/invites/accept-link', { token });
    expect(ok.json().role).toBe('editor');
    const dan = await signup(h.app, 'Dan');
    const late = await inject(owner, 'POST', `/workspaces/${wsId}/invites`, { email: dan.email });
    await h.db.updateTable('workspace_invites').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', late.json().id).execute();
    const lateToken = new URL(late.json().link).searchParams.get('token')!;
    const expired = await inject(dan, 'POST', '/invites/accept-link', { token: lateToken });
    expect(expired.statusCode).toBe(410);
  });

  it('answers an invite naming both a user and an email with a field message', async () => {
    const res = await inject(owner, 'POST', `/workspaces/${wsId}/invites`, { userId: bob.id, email: 'x@example.test' });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toEqual([{ path: 'body', message: 'Invite either a user or an email address' }]);
  });

  it('keeps at least one owner', async () => {
    const res = await inject(owner, 'PATCH', `/workspaces/${wsId}/members/${owner.id}`, { role: 'editor' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('last_owner');
  });
});

describe('documents', () => {
  it('archives a page with its children, restores them, and deletes them for good', async () => {
    const root = await newDoc('Root');
    const child = await newDoc('Child', root);
    const grandchild = await newDoc('Grandchild', child);
    expect((await inject(owner, 'POST', `/documents/${root}/archive`)).statusCode).toBe(200);
    const trash = await inject(owner, 'GET', `/workspaces/${wsId}/trash`);
    expect(trash.json().map((d: { id: string }) => d.id).sort()).toEqual([root, child, grandchild].sort());
    const live = await inject(owner, 'GET', `/workspaces/${wsId}/documents`);
    expect(live.json().map((d: { id: string }) => d.id)).not.toContain(child);
    const restored = await inject(owner, 'POST', `/documents/${root}/restore`);
    expect(restored.json().archivedAt).toBeNull();
    expect((await inject(owner, 'GET', `/documents/${grandchild}`)).json().archivedAt).toBeNull();
    const notTrashed = await inject(owner, 'DELETE', `/documents/${root}`);
    expect(notTrashed.statusCode).toBe(409);
    await inject(owner, 'POST', `/documents/${child}/archive`);
    expect((await inject(owner, 'DELETE', `/documents/${child}`)).statusCode).toBe(200);
    expect((await inject(owner, 'GET', `/documents/${grandchild}`)).statusCode).toBe(404);
    expect((await inject(owner, 'GET', `/documents/${root}`)).statusCode).toBe(200);
  });

  it('refuses to move a page under its own descendant', async () => {
    const a = await newDoc('A');
    const b = await newDoc('B', a);
    const res = await inject(owner, 'PATCH', `/documents/${a}`, { parentId: b });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'invalid_parent', message: 'A page cannot move under itself' });
  });

  it('finds pages by title and extracted content with FULLTEXT, and lists recently edited first', async () => {
    const plan = await newDoc('Quarterly planning');
    const notes = await newDoc('Notes');
    await saveExtractedText(h.db, notes, 'We discussed the zeppelin launch schedule in depth.');
    const byContent = await inject(owner, 'GET', `/workspaces/${wsId}/search?q=zeppel`);
    expect(byContent.json().map((d: { id: string }) => d.id)).toEqual([notes]);
    expect(byContent.json()[0].snippet).toContain('zeppelin');
    const byTitle = await inject(owner, 'GET', `/workspaces/${wsId}/search?q=quarterly`);
    expect(byTitle.json().map((d: { id: string }) => d.id)).toEqual([plan]);
    const recent = await inject(owner, 'GET', `/workspaces/${wsId}/recent?limit=1`);
    expect(recent.json().map((d: { id: string }) => d.id)).toEqual([notes]);
    // Stopwords and words shorter than InnoDB's minimum token still narrow the search.
    const ai = await newDoc('AI roadmap');
    for (const q of ['the zeppelin launch', 'we discussed', 'AI', 'ai road']) {
      const res = await inject(owner, 'GET', `/workspaces/${wsId}/search?q=${encodeURIComponent(q)}`);
      expect(res.json().map((d: { id: string }) => d.id), q).toEqual([q.includes('ai') || q === 'AI' ? ai : notes]);
    }
    const bad = await inject(owner, 'GET', `/workspaces/${wsId}/search?q=`);
    expect(bad.json().fields).toEqual([{ path: 'querystring.q', message: 'Search text is required' }]);
  });

  it('tells collab the caller’s role in a document', async () => {
    const id = await newDoc('Shared');
    expect(await documentRole(h.db, owner.id, id)).toBe('owner');
    expect(await documentRole(h.db, bob.id, id)).toBe('viewer');
    const stranger = await signup(h.app, 'Stranger');
    expect(await documentRole(h.db, stranger.id, id)).toBeNull();
  });
});

describe('call tickets', () => {
  it('issues an RS256 call ticket for a workspace meeting to members only', async () => {
    const res = await inject(bob, 'POST', '/calls/tickets', { kind: 'workspace', workspaceId: wsId });
    expect(res.statusCode).toBe(200);
    const { payload } = await jwtVerify(res.json().token, await importSPKI(h.keys.publicKeyPem, 'RS256'));
    expect(payload).toMatchObject({ sub: bob.id, name: 'Bob', roomId: `ws:${wsId}`, role: 'viewer', typ: 'call' });
    expect(payload.exp! - payload.iat!).toBe(h.config.CALL_TICKET_TTL_SECONDS);
    const stranger = await signup(h.app, 'Eve');
    const denied = await inject(stranger, 'POST', '/calls/tickets', { kind: 'workspace', workspaceId: wsId });
    expect(denied.statusCode).toBe(404);
  });

  it('issues DM tickets between friends only, with the same room id from either side', async () => {
    const denied = await inject(owner, 'POST', '/calls/tickets', { kind: 'dm', userId: bob.id });
    expect(denied.statusCode).toBe(403);
    await h.db.insertInto('friendships').values([{ user_id: owner.id, friend_id: bob.id }, { user_id: bob.id, friend_id: owner.id }]).execute();
    const a = await inject(owner, 'POST', '/calls/tickets', { kind: 'dm', userId: bob.id });
    const b = await inject(bob, 'POST', '/calls/tickets', { kind: 'dm', userId: owner.id });
    expect(a.json().roomId).toBe(b.json().roomId);
    expect(a.json().roomId).toBe(`dm:${[owner.id, bob.id].sort().join(':')}`);
    const bad = await inject(owner, 'POST', '/calls/tickets', { kind: 'video' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields).toEqual([{ path: 'body.kind', message: "kind must be 'workspace' or 'dm'" }]);
  });
});
