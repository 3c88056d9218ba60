// No OIDC secret in the logs: the real api process (src/main.ts, its production logger at LOG_LEVEL=info)
// signs a user in through an OIDC provider (authorization code + PKCE), exchanges the one-time login code,
// and handles a callback with a forged state; then its whole output is searched for the client secret, the
// authorization code, the state, the login code and the session tokens. (The cross-service flow without
// OIDC is deploy/test/secrets-in-logs.test.ts.)
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, testKeys } from '../helpers/harness.js';
import { startOidcProvider, type TestProvider, TinyBrowser } from '../helpers/oidc-provider.js';

const apiDir = path.resolve(import.meta.dirname, '../..');
const tsx = path.resolve(apiDir, '../node_modules/.bin/tsx');
const clientSecret = `oidc-secret-${randomBytes(12).toString('hex')}`;
let dir: string;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let provider: TestProvider;
let child: ChildProcess;
let output = '';
let api: string;

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'coope-oidc-logs-'));
  const keys = testKeys();
  await writeFile(path.join(dir, 'priv.pem'), keys.privateKeyPem);
  await writeFile(path.join(dir, 'pub.pem'), keys.publicKeyPem);
  database = await createTestDatabase();
  const port = await freePort();
  api = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({ id: 'coope-web', secret: clientSecret, redirectUri: `${api}/auth/google/callback` });
  const env = {
    PATH: process.env.PATH!,
    DATABASE_URL: database.url,
    REDIS_URL: process.env.COOPE_TEST_REDIS_URL!,
    JWT_PRIVATE_KEY_FILE: path.join(dir, 'priv.pem'),
    JWT_PUBLIC_KEY_FILE: path.join(dir, 'pub.pem'),
    STORAGE_DIR: path.join(dir, 'uploads'),
    LOG_LEVEL: 'info',
    API_PORT: String(port),
    API_HOST: '127.0.0.1',
    PUBLIC_API_URL: api,
    PUBLIC_WEB_URL: 'http://web.test',
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: 'coope-web',
    OIDC_CLIENT_SECRET: clientSecret,
    OIDC_ALLOW_INSECURE: 'true',
    ARGON2_MEMORY_KIB: '256',
    ARGON2_TIME_COST: '1',
  };
  child = spawn(tsx, ['src/main.ts'], { cwd: apiDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await vi.waitFor(
    async () => {
      expect((await fetch(`${api}/readyz`).catch(() => null))?.status, output.slice(-500)).toBe(200);
    },
    { timeout: 60_000, interval: 250 },
  );
}, 120_000);
afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  await provider?.close();
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

/** start → provider login and consent → the callback URL the browser would open (not yet opened). */
async function callbackUrl(account: string): Promise<URL> {
  const start = await fetch(`${api}/auth/google/start`, { redirect: 'manual' });
  const browser = new TinyBrowser();
  const loginPage = await browser.go(start.headers.get('location')!, api);
  const consentPage = await browser.postForm(loginPage, { prompt: 'login', login: account, password: 'x' }, api);
  return new URL(await browser.postForm(consentPage, { prompt: 'consent' }, api));
}

describe('OIDC secrets in the api logs', () => {
  it('never prints the client secret, codes, state or tokens', async () => {
    const callback = await callbackUrl('logan');
    const landing = new URL((await fetch(callback, { redirect: 'manual' })).headers.get('location')!);
    const loginCode = landing.searchParams.get('code')!;
    expect(loginCode).toBeTruthy();
    const exchange = await fetch(`${api}/auth/oidc/exchange`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: loginCode }) });
    const session = (await exchange.json()) as { accessToken: string; refreshToken: string };
    expect(session.accessToken).toBeTruthy();
    // A callback with a forged state fails, and its failure is logged (with the error, at warn).
    const forged = await callbackUrl('logan');
    const forgedState = `${forged.searchParams.get('state')}x`;
    forged.searchParams.set('state', forgedState);
    expect((await fetch(forged, { redirect: 'manual' })).headers.get('location')).toContain('error=oidc_failed');
    await expect.poll(() => output).toContain('oidc sign-in failed');
    child.kill('SIGTERM');
    await once(child, 'exit');

    const secrets: Record<string, string> = {
      clientSecret,
      authorizationCode: callback.searchParams.get('code')!,
      state: callback.searchParams.get('state')!,
      forgedAuthorizationCode: forged.searchParams.get('code')!,
      forgedState,
      loginCode,
      accessToken: session.accessToken,
      accessTokenSignature: session.accessToken.split('.')[2]!,
      refreshToken: session.refreshToken,
    };
    const lines = output.split('\n');
    const leaks = Object.entries(secrets).flatMap(([name, value]) => lines.filter((l) => l.includes(value)).map((l) => `${name}: ${l.slice(0, 300)}`));
    expect(leaks).toEqual([]);
  }, 90_000);
});
