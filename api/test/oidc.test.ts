import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.js';
import { startOidcProvider, TinyBrowser, type TestProvider } from './helpers/oidc-provider.js';

const API = 'http://api.test';
const WEB = 'http://web.test';
let h: Harness;
let provider: TestProvider;

beforeAll(async () => {
  provider = await startOidcProvider({ id: 'coope-web', secret: 'coope-secret', redirectUri: `${API}/auth/google/callback` });
  h = await createHarness({
    env: {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: 'coope-web',
      OIDC_CLIENT_SECRET: 'coope-secret',
      OIDC_ALLOW_INSECURE: 'true',
      PUBLIC_API_URL: API,
      PUBLIC_WEB_URL: WEB,
    },
  });
});
afterAll(async () => {
  await h.close();
  await provider.close();
});

/** Runs the whole browser dance: start → provider login → consent → api callback → web app. */
async function signInWithProvider(account: string): Promise<URL> {
  const start = await h.app.inject({ method: 'GET', url: '/auth/google/start' });
  expect(start.statusCode).toBe(302);
  const authUrl = new URL(start.headers.location as string);
  expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
  const browser = new TinyBrowser();
  const loginPage = await browser.go(authUrl.toString(), API);
  expect(loginPage).toMatch(/\/interaction\//);
  const consentPage = await browser.postForm(loginPage, { prompt: 'login', login: account, password: 'x' }, API);
  const callback = await browser.postForm(consentPage, { prompt: 'consent' }, API);
  expect(callback.startsWith(`${API}/auth/google/callback?`)).toBe(true);
  const back = await h.app.inject({ method: 'GET', url: callback.slice(API.length) });
  expect(back.statusCode).toBe(302);
  return new URL(back.headers.location as string);
}

describe('sign in with an OIDC provider', () => {
  it('runs authorization code + PKCE end to end and yields a session for a new user', async () => {
    const landing = await signInWithProvider('olive');
    expect(landing.origin + landing.pathname).toBe(`${WEB}/auth/callback`);
    const code = landing.searchParams.get('code')!;
    const res = await h.app.inject({ method: 'POST', url: '/auth/oidc/exchange', payload: { code } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ email: 'olive@example.test', name: 'Olive olive', role: 'user' });
    // The login code is single-use.
    const again = await h.app.inject({ method: 'POST', url: '/auth/oidc/exchange', payload: { code } });
    expect(again.statusCode).toBe(401);
  });

  it('signs the same identity into the same account the second time', async () => {
    const first = await signInWithProvider('pat');
    const second = await signInWithProvider('pat');
    const a = await h.app.inject({ method: 'POST', url: '/auth/oidc/exchange', payload: { code: first.searchParams.get('code') } });
    const b = await h.app.inject({ method: 'POST', url: '/auth/oidc/exchange', payload: { code: second.searchParams.get('code') } });
    expect(a.json().user.id).toBe(b.json().user.id);
  });

  it('refuses a callback whose state was never issued', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/auth/google/callback?code=abc&state=forged' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`${WEB}/auth/callback?error=oidc_failed`);
  });
});
