// Accounts against the real api: sign up, log out, log in, silent token refresh, profile, admin guard.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './helpers/browser.js';
import { makePng } from './helpers/png.js';
import { type Stack, startStack } from './helpers/stack.js';
import { logIn, newUser, signUp, textOf } from './helpers/users.js';

describe('accounts in the browser', () => {
  let stack: Stack;
  const ada = newUser('Ada');

  beforeAll(async () => {
    stack = await startStack('web_accounts');
  });
  afterEach((ctx) => stack?.reportFailure(ctx));
  afterAll(() => stack?.stop());

  it('signs up, logs out, and logs back in', async () => {
    const page = await stack.browser.newPage();
    await signUp(page, stack.url, ada);
    await screenshot(page, 'after-signup');
    await page.click('button[aria-label="Account menu"]');
    await page.click('text=Log out');
    await expect.poll(() => page.locator('a[href="/login"]').count()).toBeGreaterThan(0);
    await logIn(page, stack.url, ada);
    await page.close();
  });

  it('shows the server message for a wrong password', async () => {
    const page = await stack.browser.newPage();
    await page.goto(`${stack.url}/login`);
    await page.fill('#login-email', ada.email);
    await page.fill('#login-password', 'not-the-password');
    await page.click('button[type="submit"]');
    await expect.poll(() => textOf(page, '[role="alert"]')).toMatch(/password|credentials/i);
    await page.close();
  });

  it('keeps the session across a reload and refreshes a rejected access token silently', async () => {
    const page = await stack.browser.newPage();
    await logIn(page, stack.url, ada);
    await page.goto(`${stack.url}/profile`);
    await expect.poll(() => page.inputValue('#profile-name')).toBe('Ada');
    // The api answers 401 to a bad token exactly as to an expired one; the app must refresh and retry.
    let spoiled = 0;
    await page.route('**/api/me', async (route) => {
      if (spoiled++ === 0 && route.request().method() === 'PATCH') {
        await route.continue({ headers: { ...route.request().headers(), authorization: 'Bearer expired.token.value' } });
      } else await route.continue();
    });
    await page.fill('#profile-name', 'Ada Lovelace');
    await page.click('button:has-text("Save")');
    await expect.poll(() => textOf(page, '[role="status"]')).toContain('Profile saved');
    expect(spoiled).toBeGreaterThanOrEqual(2);
    await page.reload();
    await expect.poll(() => page.inputValue('#profile-name')).toBe('Ada Lovelace');
    await screenshot(page, 'profile');
    await page.close();
  });

  it('uploads an avatar that shows in the header', async () => {
    const page = await stack.browser.newPage();
    await logIn(page, stack.url, ada);
    await page.goto(`${stack.url}/profile`);
    await page.setInputFiles('[data-testid="avatar-input"]', { name: 'me.png', mimeType: 'image/png', buffer: makePng(64, 64) });
    const headerImg = page.locator('button[aria-label="Account menu"] img');
    await expect.poll(() => headerImg.count()).toBe(1);
    await expect.poll(() => headerImg.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
    expect(await headerImg.getAttribute('src')).toMatch(/^\/files\//);
    await page.setInputFiles('[data-testid="avatar-input"]', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await expect.poll(() => textOf(page, '[role="alert"]')).toContain('Choose an image');
    await page.close();
  });

  it('explains when Google sign-in is not configured', async () => {
    const page = await stack.browser.newPage();
    await page.goto(`${stack.url}/login`);
    await page.click('button:has-text("Continue with Google")');
    await expect.poll(() => textOf(page, '[role="alert"]')).toMatch(/Google/);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });

  it('guards admin screens and signed-in screens', async () => {
    const page = await stack.browser.newPage();
    await page.goto(`${stack.url}/profile`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/profile');
    await logIn(page, stack.url, ada);
    await page.goto(`${stack.url}/admin/inquiries`);
    await expect.poll(() => textOf(page, 'h1')).toBe('Admins only');
    await page.close();
  });
});
