// Forgot and reset password in the browser, against the real api. The api mails nothing here (no SMTP in
// this cluster), so the test plants reset tokens in the database the way the api stores them (sha256).
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './helpers/browser.js';
import { type Stack, startStack } from './helpers/stack.js';
import { logIn, newUser, textOf } from './helpers/users.js';

function sql(databaseUrl: string, statement: string): string {
  const url = new URL(databaseUrl);
  return execFileSync('mariadb', [
    '--no-defaults', '-N', '-h', url.hostname, '-P', url.port, '-u', decodeURIComponent(url.username),
    `-p${decodeURIComponent(url.password)}`, url.pathname.slice(1), '-e', statement,
  ]).toString().trim();
}

describe('password reset in the browser', () => {
  let stack: Stack;
  const rosa = newUser('Rosa');

  /** A reset token for rosa, stored as the api stores it; `ageMs` in the past makes it expired. */
  function plantToken(expiresInMs: number): string {
    const token = randomBytes(32).toString('base64url');
    const hash = createHash('sha256').update(token).digest('hex');
    const expires = new Date(Date.now() + expiresInMs).toISOString().slice(0, 23).replace('T', ' ');
    sql(stack.cluster.env.databaseUrl, `INSERT INTO password_resets (id, user_id, token_hash, expires_at)
      SELECT '${randomUUID()}', id, '${hash}', '${expires}' FROM users WHERE email = '${rosa.email}'`);
    return token;
  }

  beforeAll(async () => {
    stack = await startStack('web_password');
    await stack.signUpUsers([rosa]);
  });
  afterEach((ctx) => stack?.reportFailure(ctx));
  afterAll(() => stack?.stop());

  it('links from log in to a forgot-password form that answers neutrally', async () => {
    const page = await stack.browser.newPage();
    await page.goto(`${stack.url}/login`);
    await expect.poll(() => page.locator('a[href="/forgot-password"]').count()).toBe(1);
    await screenshot(page, 'login-forgot-link');
    await page.click('text=Forgot password?');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/forgot-password');
    await page.fill('#forgot-email', 'nobody-at-all@example.com');
    await page.click('button[type="submit"]');
    await expect.poll(() => textOf(page, '[role="status"]')).toContain('If an account uses nobody-at-all@example.com');
    await screenshot(page, 'forgot-password-sent');
    await page.close();
  });

  it('sets a new password with a valid link, then the link is spent', async () => {
    const token = plantToken(3600_000);
    const page = await stack.browser.newPage();
    await page.goto(`${stack.url}/reset-password?token=${token}`);
    await page.fill('#reset-password', 'a new password 1');
    await page.fill('#reset-confirm', 'a new password 2');
    await page.click('button[type="submit"]');
    await expect.poll(() => textOf(page, '[role="alert"]')).toBe('The two passwords do not match.');
    await page.fill('#reset-confirm', 'a new password 1');
    await page.click('button[type="submit"]');
    await expect.poll(() => textOf(page, '[role="status"]')).toContain('signed you out on every device');
    await screenshot(page, 'reset-password-done');
    await logIn(page, stack.url, { ...rosa, password: 'a new password 1' });

    const again = await stack.browser.newPage();
    await again.goto(`${stack.url}/reset-password?token=${token}`);
    await again.fill('#reset-password', 'third password');
    await again.fill('#reset-confirm', 'third password');
    await again.click('button[type="submit"]');
    await expect.poll(() => textOf(again, 'h1')).toBe('This link was already used');
    expect(await again.locator('a[href="/forgot-password"]').count()).toBe(1);
    await Promise.all([page.close(), again.close()]);
  });

  it('explains an expired link and an incomplete one', async () => {
    const page = await stack.browser.newPage();
    await page.goto(`${stack.url}/reset-password?token=${plantToken(-1000)}`);
    await page.fill('#reset-password', 'too late password');
    await page.fill('#reset-confirm', 'too late password');
    await page.click('button[type="submit"]');
    await expect.poll(() => textOf(page, 'h1')).toBe('This link has expired');
    await page.goto(`${stack.url}/reset-password?token=abc`);
    await expect.poll(() => textOf(page, 'h1')).toBe('This link is incomplete');
    await page.close();
  });
});
