// The public site in a real browser: landing page, dark mode (system default + toggle), a phone layout.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot, watchPageErrors } from './helpers/browser.js';
import { serveWeb, type WebServer } from './helpers/web-server.js';

describe('site in the browser', () => {
  let web: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    web = await serveWeb(inject('webDist'));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('shows the landing page with hero and features', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' });
    const errors = watchPageErrors(page);
    await page.goto(web.url);
    await expect.poll(() => page.locator('h1').first().textContent()).toContain('Meet, write and decide');
    expect(await page.locator('.feature').count()).toBe(6);
    expect(await page.getAttribute('html', 'data-theme')).toBe('light');
    await screenshot(page, 'landing-light', true);
    await page.click('a[href="/faq"]');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Frequently asked questions');
    expect(new URL(page.url()).pathname).toBe('/faq');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('follows the system dark mode and remembers the toggle', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: 'dark' });
    const page = await ctx.newPage();
    await page.goto(web.url);
    await expect.poll(() => page.getAttribute('html', 'data-theme')).toBe('dark');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(25, 25, 25)');
    await screenshot(page, 'landing-dark');
    await page.click('[data-testid="theme-toggle"]');
    await expect.poll(() => page.getAttribute('html', 'data-theme')).toBe('light');
    await page.reload();
    await expect.poll(() => page.locator('h1').first().textContent()).toContain('Meet');
    expect(await page.getAttribute('html', 'data-theme')).toBe('light');
    await ctx.close();
  });

  it('fits a phone: menu button, one-column features, no horizontal scroll', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    await page.goto(web.url);
    await expect.poll(() => page.locator('h1').first().isVisible()).toBe(true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.locator('.nav').isVisible()).toBe(false);
    await page.click('button[aria-label="Menu"]');
    await expect.poll(() => page.locator('.nav').isVisible()).toBe(true);
    await screenshot(page, 'landing-mobile-menu');
    await page.click('.nav a[href="/faq"]');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Frequently asked questions');
    await screenshot(page, 'faq-mobile', true);
    await ctx.close();
  });

  it('shows a human message when the api cannot be reached', async () => {
    const page = await browser.newPage();
    await page.goto(`${web.url}/login`);
    await page.fill('#login-email', 'someone@example.com');
    await page.fill('#login-password', 'password123');
    await page.click('button[type="submit"]');
    const alert = page.locator('[role="alert"]');
    await expect.poll(() => alert.textContent()).toMatch(/temporarily unavailable|Cannot reach Coope/);
    await screenshot(page, 'login-api-down');
    await page.close();
  });
});
