// People against the real api and two signaling nodes: two users in separate browser contexts
// become friends, see each other online, chat live with unread badges, and scroll back through history.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './helpers/browser.js';
import { type Stack, startStack } from './helpers/stack.js';
import { newUser, textOf } from './helpers/users.js';

describe('people and chat in the browser', () => {
  let stack: Stack;
  let a: Page;
  let b: Page;
  const alice = newUser('Alice');
  const bob = newUser('Bob');
  let bSockets = 0;

  beforeAll(async () => {
    stack = await startStack('web_people', { realtime: true });
    [a, b] = await stack.signUpUsers([alice, bob], {
      viewport: { width: 1200, height: 800 },
      // Count sockets open at once: a reconnect on a loaded machine is fine, two live sockets are not.
      beforeSignUp: ([, bobPage]) => {
        bobPage!.on('websocket', (ws) => {
          bSockets++;
          ws.on('close', () => bSockets--);
        });
      },
    });
  });
  afterEach((ctx) => stack?.reportFailure(ctx, 'people', { a, b }));
  afterAll(() => stack?.stop());

  it('sends, receives live and accepts a friend request', async () => {
    await b.goto(`${stack.url}/people`);
    await a.goto(`${stack.url}/people`);
    await a.fill('#friend-email', bob.email);
    await a.click('button:has-text("Send request")');
    await expect.poll(() => textOf(a, '[data-testid="outgoing-request"]')).toContain('Bob');
    // Bob's page updates from the live friend event, without a reload.
    await expect.poll(() => textOf(b, '[data-testid="incoming-request"]'), { timeout: 15_000 }).toContain('Alice');
    await screenshot(b, 'friend-request');
    await b.click('[data-testid="incoming-request"] button:has-text("Accept")');
    await expect.poll(() => textOf(b, '[data-testid="friend-row"]')).toContain('Alice');
    await expect.poll(() => textOf(a, '[data-testid="friend-row"]'), { timeout: 15_000 }).toContain('Bob');
  });

  it('shows friends online with a live dot', async () => {
    await expect.poll(() => a.getAttribute('[data-testid="friend-row"] .presence-dot', 'data-online'), { timeout: 15_000 }).toBe('true');
    await expect.poll(() => b.getAttribute('[data-testid="friend-row"] .presence-dot', 'data-online'), { timeout: 15_000 }).toBe('true');
  });

  it('delivers chat messages live with unread badges', async () => {
    await a.click('[data-testid="friend-row"]');
    await expect.poll(() => a.locator('[data-testid="chat-thread"]').count()).toBe(1);
    await a.fill('textarea[aria-label="Message"]', 'Hi Bob!');
    await a.keyboard.press('Enter');
    await expect.poll(() => textOf(a, '[data-testid="chat-message"]')).toContain('Hi Bob!');
    await expect.poll(() => textOf(b, '[data-testid="unread-badge"]'), { timeout: 15_000 }).toBe('1');
    expect(await textOf(b, '[data-testid="nav-unread"]')).toBe('1');
    // One realtime socket per tab, whatever screens asked for it.
    await expect.poll(() => bSockets, { timeout: 10_000 }).toBe(1);
    await screenshot(b, 'unread-badge');
    await b.click('[data-testid="friend-row"]');
    await expect.poll(() => textOf(b, '[data-testid="chat-log"]')).toContain('Hi Bob!');
    await expect.poll(() => b.locator('[data-testid="nav-unread"]').count()).toBe(0);
    await b.fill('textarea[aria-label="Message"]', 'Hello Alice, good to see you.');
    await b.keyboard.press('Enter');
    await expect.poll(() => textOf(a, '[data-testid="chat-log"]'), { timeout: 15_000 }).toContain('good to see you');
    await screenshot(a, 'chat-desktop');
  });

  it('scrolls back through history', async () => {
    for (let i = 1; i <= 32; i++) {
      await a.fill('textarea[aria-label="Message"]', `Numbered message ${i}`);
      await a.keyboard.press('Enter');
    }
    await expect.poll(() => a.locator('[data-testid="chat-message"][data-pending="false"]').count(), { timeout: 20_000 }).toBe(34);
    await b.reload();
    await expect.poll(() => textOf(b, '[data-testid="chat-log"]')).toContain('Numbered message 32');
    expect(await b.locator('[data-testid="chat-message"]').count()).toBe(30);
    await b.locator('[data-testid="chat-log"]').evaluate((el) => {
      el.scrollTop = 0;
    });
    await expect.poll(() => b.locator('[data-testid="chat-message"]').count()).toBe(34);
    expect(await textOf(b, '[data-testid="chat-message"]')).toContain('Hi Bob!');
    const order = await b.locator('[data-testid="chat-message"]').allTextContents();
    const numbers = order.map((t) => /Numbered message (\d+)/.exec(t)?.[1]).filter(Boolean).map(Number);
    expect(numbers).toEqual(numbers.toSorted((x, y) => x - y));
  });

  it('fits a phone: one pane at a time', async () => {
    const phone = await b.context().newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${stack.url}/people`);
    await expect.poll(() => textOf(phone, '[data-testid="friend-row"]')).toContain('Alice');
    await phone.click('[data-testid="friend-row"]');
    await expect.poll(() => phone.locator('[data-testid="chat-thread"]').isVisible()).toBe(true);
    expect(await phone.locator('.people-side').isVisible()).toBe(false);
    await screenshot(phone, 'chat-mobile');
    await phone.close();
  });
});
