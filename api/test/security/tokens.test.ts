// Expired, wrong-key, revoked, wrong-type and unsigned tokens are refused by every authenticated route
// (walked from the app's route list) and by the collab WebSocket upgrade; a valid token gets past auth.
import { randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CloseCode } from '../../src/collab/index.js';
import { createHarness, type Harness, testKeys } from '../helpers/harness.js';
import { signup, type TestUser } from '../helpers/users.js';
import { type CapturedRoute, routeCapture } from './helpers/route-requests.js';

const routes: CapturedRoute[] = [];
let h: Harness;
let collab: Harness;
let user: TestUser;
const bad: Record<string, string> = {};

async function sign(keyPem: string, claims: Record<string, unknown>, exp: number | string, alg = 'RS256'): Promise<string> {
  // HS256 keyed with the PEM text: the classic algorithm-confusion attack on verifiers that trust the header.
  const key = alg === 'HS256' ? new TextEncoder().encode(keyPem) : await importPKCS8(keyPem, alg);
  return new SignJWT(claims).setProtectedHeader({ alg }).setIssuedAt().setExpirationTime(exp).sign(key);
}

/** Every kind of token that must not authenticate `u` on an app signing with `keys`. */
async function badTokens(app: Harness, u: TestUser): Promise<Record<string, string>> {
  const claims = { sub: u.id, name: 'n', role: 'admin', typ: 'access', jti: randomUUID() };
  const now = Math.floor(Date.now() / 1000);
  const valid = await sign(app.keys.privateKeyPem, claims, '5m');
  const [header, payload] = valid.split('.');
  // The real logout path: a token the api itself issued, then denylisted.
  const revoked = (await app.app.inject({ method: 'POST', url: '/auth/login', payload: { email: u.email, password: u.password } })).json().accessToken as string;
  await app.app.inject({ method: 'POST', url: '/auth/logout', headers: { authorization: `Bearer ${revoked}` } });
  return {
    expired: await sign(app.keys.privateKeyPem, claims, now - 60),
    'signed by another key': await sign(testKeys().privateKeyPem, claims, '5m'),
    'signed by an EC key (ES256)': await sign(testKeys('ec').privateKeyPem, claims, '5m', 'ES256'),
    revoked,
    'a call ticket': app.app.tokens.signCall({ sub: u.id, name: 'n', roomId: 'r', role: 'member' }).token,
    'alg none': `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`,
    'HS256 keyed with the public key': await sign(app.keys.publicKeyPem, claims, '5m', 'HS256'),
    'a tampered payload': `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString('base64url')}.${valid.split('.')[2]}`,
  };
}

beforeAll(async () => {
  h = await createHarness({ deps: { collab: routeCapture(routes) as never } });
  user = await signup(h.app, 'Holder');
  Object.assign(bad, await badTokens(h, user));
});
afterAll(async () => {
  await h?.close();
  await collab?.close();
});

const urlOf = (r: CapturedRoute) => r.url.replace(/:\w+/g, () => randomUUID());
const call = (r: CapturedRoute, token?: string) =>
  h.app.inject({ method: r.method as 'GET', url: urlOf(r), headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('tokens on every authenticated api route', () => {
  it('finds the authenticated routes, and a valid token gets past auth on each', async () => {
    const guarded: string[] = [];
    for (const r of routes) if ((await call(r)).statusCode === 401) guarded.push(`${r.method} ${r.url}`);
    expect(guarded.length).toBeGreaterThan(50);
    for (const r of routes.filter((x) => guarded.includes(`${x.method} ${x.url}`))) {
      // A fresh token each time: POST /auth/logout revokes the one it carries.
      const token = h.app.tokens.signAccess({ id: user.id, name: 'n', role: 'admin' }, 'test-session').token;
      expect({ route: `${r.method} ${r.url}`, status: (await call(r, token)).statusCode }).not.toMatchObject({ status: 401 });
    }
  });

  it.each(['expired', 'signed by another key', 'revoked', 'a call ticket', 'alg none', 'HS256 keyed with the public key', 'a tampered payload'])(
    'refuses %s with 401 everywhere',
    async (kind) => {
      const refusedBy: string[] = [];
      const guarded = [];
      for (const r of routes) if ((await call(r)).statusCode === 401) guarded.push(r);
      for (const r of guarded) {
        const res = await call(r, bad[kind]);
        if (res.statusCode === 401 && res.json().code === 'unauthenticated') refusedBy.push(`${r.method} ${r.url}`);
      }
      expect(refusedBy).toEqual(guarded.map((r) => `${r.method} ${r.url}`));
    },
  );

  it('refuses a refresh token once it has been rotated, and then revokes the whole family', async () => {
    const first = (await h.app.inject({ method: 'POST', url: '/auth/login', payload: { email: user.email, password: user.password } })).json();
    const second = (await h.app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: first.refreshToken } })).json();
    const reuse = await h.app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: first.refreshToken } });
    expect(reuse.json()).toMatchObject({ code: 'refresh_token_reused' });
    const stolen = await h.app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: second.refreshToken } });
    expect(stolen.statusCode).toBe(401);
  });
});

/** Opens /collab/<doc> and resolves with the close code, or 'open' once the server has synced it. */
function collabOutcome(base: string, doc: string, token: string): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${base}/collab/${doc}?token=${encodeURIComponent(token)}`);
    ws.once('message', () => {
      resolve('open');
      ws.close();
    });
    ws.once('close', (code) => resolve(code));
    ws.once('error', () => resolve(-1));
  });
}

describe('tokens on the collab WebSocket upgrade', () => {
  it('refuses every bad token with 4401 and lets a valid one sync', async () => {
    collab = await createHarness({ deps: { collab: true } });
    const owner = await signup(collab.app, 'Writer');
    const ws = (await collab.app.inject({ method: 'POST', url: '/workspaces', headers: owner.headers, payload: { name: 'W' } })).json().id;
    const doc = (await collab.app.inject({ method: 'POST', url: `/workspaces/${ws}/documents`, headers: owner.headers, payload: { title: 'D' } })).json().id;
    const base = (await collab.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
    const tokens = await badTokens(collab, owner);
    const outcomes: Record<string, number | 'open'> = {};
    for (const [kind, token] of Object.entries(tokens)) outcomes[kind] = await collabOutcome(base, doc, token);
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(tokens).map((k) => [k, CloseCode.unauthenticated])));
    const fresh = collab.app.tokens.signAccess({ id: owner.id, name: 'n', role: 'user' }, 'test-session').token;
    expect(await collabOutcome(base, doc, fresh)).toBe('open');
  });
});
