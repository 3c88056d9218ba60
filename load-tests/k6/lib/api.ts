// Calls to the Coope api that the scenarios need, over k6/http. Every request is tagged with a stable
// `name` so k6 groups /workspaces/<id>/documents into one series instead of one per id.
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { sleep } from 'k6';
import { API_URL, USER_PASSWORD, userEmail } from './env.ts';

export interface Session {
  userId: string;
  name: string;
  accessToken: string;
}

type Json = Record<string, unknown>;

function headers(token?: string): Record<string, string> {
  return { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

export function apiPost(path: string, body: unknown, name: string, token?: string): RefinedResponse<ResponseType> {
  return http.post(`${API_URL}${path}`, JSON.stringify(body), { headers: headers(token), tags: { name } });
}

export function apiGet(path: string, name: string, token?: string): RefinedResponse<ResponseType> {
  return http.get(`${API_URL}${path}`, { headers: headers(token), tags: { name } });
}

export function jsonOf<T = Json>(res: RefinedResponse<ResponseType>): T {
  return res.json() as unknown as T;
}

function expectStatus(res: RefinedResponse<ResponseType>, statuses: number[], what: string): void {
  if (!statuses.includes(res.status)) throw new Error(`${what}: HTTP ${res.status} ${String(res.body).slice(0, 200)}`);
}

/** Posts, waiting out 429s (login and sign-up are rate limited per IP): used by setup code only. */
function postPatiently(path: string, body: unknown, name: string, token?: string): RefinedResponse<ResponseType> {
  for (let attempt = 0; ; attempt++) {
    const res = apiPost(path, body, name, token);
    if (res.status !== 429 || attempt >= 20) return res;
    sleep(Number(res.headers['Retry-After'] ?? res.headers['retry-after'] ?? 5));
  }
}

function sessionOf(res: RefinedResponse<ResponseType>): Session {
  const body = jsonOf<{ accessToken: string; user: { id: string; name: string } }>(res);
  return { userId: body.user.id, name: body.user.name, accessToken: body.accessToken };
}

export function login(email: string, password: string): Session | null {
  const res = postPatiently('/auth/login', { email, password }, 'auth-login');
  return res.status === 200 ? sessionOf(res) : null;
}

/** Logs account `n` in, signing it up first when it does not exist yet. */
export function loginOrSignup(n: number): Session {
  const email = userEmail(n);
  const existing = login(email, USER_PASSWORD);
  if (existing) return existing;
  const res = postPatiently('/auth/signup', { email, password: USER_PASSWORD, name: `k6 user ${n}` }, 'auth-signup');
  expectStatus(res, [201], `sign up ${email}`);
  return sessionOf(res);
}

export function createWorkspace(owner: Session, name: string): string {
  const res = apiPost('/workspaces', { name }, 'workspace-create', owner.accessToken);
  expectStatus(res, [201], 'create workspace');
  return jsonOf<{ id: string }>(res).id;
}

/** Makes `member` an editor of the workspace (invite by user id, then accept). Idempotent enough for setup. */
export function addMember(owner: Session, workspaceId: string, member: Session, role = 'editor'): void {
  const res = apiPost(`/workspaces/${workspaceId}/invites`, { userId: member.userId, role }, 'invite-create', owner.accessToken);
  expectStatus(res, [200, 201], 'invite member');
  const invite = jsonOf<{ id: string }>(res);
  const accepted = apiPost(`/invites/${invite.id}/accept`, {}, 'invite-accept', member.accessToken);
  expectStatus(accepted, [200], 'accept invite');
}

export function createDocument(s: Session, workspaceId: string, title: string): RefinedResponse<ResponseType> {
  return apiPost(`/workspaces/${workspaceId}/documents`, { title }, 'documents-create', s.accessToken);
}

/** A call ticket for the workspace's meeting room (short-lived: fetch it right before join). */
export function workspaceTicket(s: Session, workspaceId: string): { token: string; roomId: string } | null {
  const res = apiPost('/calls/tickets', { kind: 'workspace', workspaceId }, 'call-ticket', s.accessToken);
  return res.status === 200 ? jsonOf<{ token: string; roomId: string }>(res) : null;
}

export function dmTicket(s: Session, friendUserId: string): { token: string; roomId: string } | null {
  const res = apiPost('/calls/tickets', { kind: 'dm', userId: friendUserId }, 'call-ticket', s.accessToken);
  return res.status === 200 ? jsonOf<{ token: string; roomId: string }>(res) : null;
}

/** Makes a and b friends (request + accept); a 409 means they already are. */
export function befriend(a: Session, b: Session): void {
  const res = apiPost('/friends/requests', { userId: b.userId }, 'friend-request', a.accessToken);
  if (res.status === 409) return;
  expectStatus(res, [201], 'friend request');
  const accepted = apiPost(`/friends/requests/${jsonOf<{ id: string }>(res).id}/accept`, {}, 'friend-accept', b.accessToken);
  expectStatus(accepted, [200], 'accept friend request');
}

/** Sends a DM without blocking the VU's event loop (its sockets keep receiving meanwhile). */
export function sendChatAsync(s: Session, toUserId: string, clientMessageId: string, body: string) {
  return http.asyncRequest('POST', `${API_URL}/chat/${toUserId}/messages`, JSON.stringify({ clientMessageId, body }), {
    headers: headers(s.accessToken),
    tags: { name: 'chat-send' },
  });
}
