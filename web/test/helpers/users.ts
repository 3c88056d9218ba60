// Browser-side steps shared by the full-stack tests: sign up, log in, befriend, create a workspace through the real forms.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect, vi } from 'vitest';

export interface TestUser {
  name: string;
  email: string;
  password: string;
}

export function newUser(name: string): TestUser {
  return { name, email: `${name.toLowerCase()}-${randomBytes(3).toString('hex')}@example.com`, password: 'correct-horse-battery' };
}

export async function signUp(page: Page, baseUrl: string, user: TestUser): Promise<void> {
  await page.goto(`${baseUrl}/signup`);
  await page.fill('#signup-name', user.name);
  await page.fill('#signup-email', user.email);
  await page.fill('#signup-password', user.password);
  await page.click('button[type="submit"]');
  await vi.waitFor(async () => expect(await whereOrWhy(page)).toMatch(/^\/w/), { timeout: 20_000, interval: 100 });
}

/** The path once navigated, or the form's error text (so a failure says why). */
async function whereOrWhy(page: Page): Promise<string> {
  const path = new URL(page.url()).pathname;
  if (path.startsWith('/w')) return path;
  const alert = await textOf(page, '[role="alert"]');
  return alert ? `${path}: ${alert}` : path;
}

export async function logIn(page: Page, baseUrl: string, user: TestUser): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('#login-email', user.email);
  await page.fill('#login-password', user.password);
  await page.click('button[type="submit"]');
  await vi.waitFor(async () => expect(await whereOrWhy(page)).toMatch(/^\/w/), { timeout: 20_000, interval: 100 });
}

/** Text of the first element matching, or '' while it is absent (for expect.poll). */
export async function textOf(page: Page, selector: string): Promise<string> {
  const el = page.locator(selector).first();
  return (await el.count()) ? ((await el.textContent()) ?? '') : '';
}

/** Makes two signed-in users friends through the People page. */
export async function befriend(a: Page, b: Page, baseUrl: string, userB: TestUser): Promise<void> {
  await a.goto(`${baseUrl}/people`);
  await a.fill('#friend-email', userB.email);
  await a.click('button:has-text("Send request")');
  await b.goto(`${baseUrl}/people`);
  await vi.waitFor(async () => expect(await b.locator('[data-testid="incoming-request"]').count()).toBe(1), { timeout: 15_000, interval: 100 });
  await b.click('[data-testid="incoming-request"] button:has-text("Accept")');
  await vi.waitFor(async () => expect(await b.locator('[data-testid="friend-row"]').count()).toBe(1), { timeout: 15_000, interval: 100 });
}

/** Creates a workspace from the workspaces home (/w) and returns its id once the app has opened it. */
export async function createWorkspace(page: Page, name: string): Promise<string> {
  await page.fill('#new-ws-name', name);
  await page.click('button:has-text("Create workspace")');
  await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/w\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname.split('/')[2]!;
}
