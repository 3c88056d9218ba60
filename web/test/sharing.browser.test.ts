// Per-document sharing against the real api: the owner shares a page with someone outside the workspace
// (a guest), who finds it under "Shared with me", reads it at /d/:docId, then edits once made an editor,
// and loses it when the share is removed.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './helpers/browser.js';
import { type Stack, startStack } from './helpers/stack.js';
import { createWorkspace, newUser, textOf } from './helpers/users.js';

const editable = (p: Page) => p.getAttribute('.prose-editor', 'contenteditable');

describe('page sharing in the browser', () => {
  let stack: Stack;
  let owner: Page;
  let guest: Page;
  let docId = '';
  let wsId = '';
  let childId = '';
  const ann = newUser('Ann');
  const ben = newUser('Ben');

  beforeAll(async () => {
    // Realtime (signaling) for the live `document.shared` event.
    stack = await startStack('web_share', { realtime: true });
    [owner, guest] = await stack.signUpUsers([ann, ben], { viewport: { width: 1200, height: 800 } });
  });
  afterEach((ctx) => stack?.reportFailure(ctx, 'share', { owner, guest }));
  afterAll(() => stack?.stop());

  it('shows an empty Shared with me to someone with no workspace', async () => {
    await expect.poll(() => textOf(guest, '[data-testid="shared-with-me"]')).toContain('No pages yet');
  });

  it('shares a page with a non-member as viewer; a bad email is told apart', async () => {
    wsId = await createWorkspace(owner, 'Studio');
    await owner.click('button[aria-label="New page"]');
    await expect.poll(() => new URL(owner.url()).pathname).toMatch(/\/d\/[0-9a-f-]{36}$/);
    docId = new URL(owner.url()).pathname.split('/').pop()!;
    await owner.fill('textarea[aria-label="Title"]', 'Launch plan');
    await expect.poll(() => textOf(owner, '[data-testid="collab-status"]')).toContain('Live');
    await owner.click('.prose-editor');
    await owner.keyboard.type('Hello guest.');

    await owner.click('.doc-bar button:has-text("Share")');
    await owner.fill('#share-email', 'nobody-here@example.com');
    await owner.click('[data-testid="share-modal"] button[type="submit"]');
    await expect.poll(() => textOf(owner, '#share-email-error')).toBe('No Coope account uses this email');
    expect(await owner.getAttribute('#share-email', 'aria-invalid')).toBe('true');

    await owner.fill('#share-email', ben.email);
    await owner.selectOption('#share-role', 'viewer');
    await owner.click('[data-testid="share-modal"] button[type="submit"]');
    await expect.poll(() => textOf(owner, '[data-testid="share-row"]')).toContain(ben.email);
    expect(await owner.locator('#share-email-error').count()).toBe(0);
    expect(await owner.inputValue('[data-testid="share-row"] select')).toBe('viewer');
    // The guest hears of it at once (the toast fades after a few seconds).
    await expect.poll(() => textOf(guest, '.toast')).toContain('Ann shared “Launch plan” with you');
    await screenshot(owner, 'share-modal');
    await owner.keyboard.press('Escape');
    await expect.poll(() => owner.locator('[data-testid="share-modal"]').count()).toBe(0);
  });

  it('lists the page under Shared with me for the guest, who opens it read-only', async () => {
    await expect.poll(() => textOf(guest, '[data-testid="shared-doc"]')).toContain('Launch plan');
    expect(await textOf(guest, '[data-testid="shared-doc"]')).toContain('Studio');
    await guest.click(`[data-testid="shared-doc"] a[href="/d/${docId}"]`);
    await expect.poll(() => new URL(guest.url()).pathname).toBe(`/d/${docId}`);
    await expect.poll(() => textOf(guest, '.prose-editor')).toContain('Hello guest.');
    expect(await guest.getAttribute('[data-testid="doc-page"]', 'data-role')).toBe('viewer');
    expect(await guest.locator('.ws-sidebar').count()).toBe(0);
    expect(await guest.locator('.doc-bar button:has-text("Share")').count()).toBe(0);
    expect(await textOf(guest, '.doc-bar')).toContain('Leave page');
    await expect.poll(() => editable(guest)).toBe('false');
    await guest.click('.prose-editor');
    await guest.keyboard.type('Sneaky edit');
    expect(await guest.getAttribute('textarea[aria-label="Title"]', 'readonly')).not.toBeNull();
    await owner.click('.prose-editor');
    await owner.keyboard.press('Control+End');
    await owner.keyboard.type(' Still mine.');
    await expect.poll(() => textOf(guest, '.prose-editor')).toContain('Still mine.');
    expect(await textOf(owner, '.prose-editor')).not.toContain('Sneaky');
    await screenshot(guest, 'shared-doc-viewer');
  });

  it('makes the guest an editor, whose edits reach the owner without a reload', async () => {
    await owner.click('.doc-bar button:has-text("Share")');
    await owner.selectOption('[data-testid="share-row"] select', 'editor');
    await expect.poll(() => guest.getAttribute('[data-testid="doc-page"]', 'data-role'), { timeout: 20_000 }).toBe('editor');
    await expect.poll(() => editable(guest)).toBe('true');
    await expect.poll(() => textOf(guest, '[data-testid="collab-status"]')).toContain('Live');
    await guest.click('.prose-editor');
    await guest.keyboard.press('Control+End');
    await guest.keyboard.type(' Ben was here.');
    await expect.poll(() => textOf(owner, '.prose-editor')).toContain('Ben was here.');
  });

  it('shows a parent page\'s share read-only on a child page', async () => {
    await owner.keyboard.press('Escape');
    const row = owner.locator('.tree-row', { hasText: 'Launch plan' });
    await row.hover();
    await row.locator('button[aria-label="Add a page inside Launch plan"]').click();
    await expect.poll(() => new URL(owner.url()).pathname).not.toContain(docId);
    childId = new URL(owner.url()).pathname.split('/').pop()!;
    await owner.click('.doc-bar button:has-text("Share")');
    const inherited = owner.locator('[data-testid="share-row"][data-inherited="true"]');
    await expect.poll(() => inherited.count()).toBe(1);
    expect(await inherited.textContent()).toContain('from parent page');
    expect(await inherited.locator('select').count()).toBe(0);
    await owner.keyboard.press('Escape');
  });

  it('opens /d/:docId for a member too, with Share, and fits a phone in dark mode', async () => {
    await owner.setViewportSize({ width: 390, height: 844 });
    await owner.emulateMedia({ colorScheme: 'dark' });
    await owner.goto(`${stack.url}/d/${docId}`);
    await expect.poll(() => textOf(owner, '.doc-bar')).toContain('Open in Studio');
    expect(await owner.getAttribute(`.doc-bar a`, 'href')).toBe(`/w/${wsId}/d/${docId}`);
    expect(await textOf(owner, '.doc-bar')).not.toContain('Leave page');
    await owner.click('.doc-bar button:has-text("Share")');
    await expect.poll(() => owner.locator('[data-testid="share-row"]').count()).toBe(1);
    const overflow = await owner.locator('.modal').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await owner.getAttribute('html', 'data-theme')).toBe('dark');
    await screenshot(owner, 'share-modal-phone-dark');
    await owner.keyboard.press('Escape');
    await owner.setViewportSize({ width: 1200, height: 800 });
    await owner.emulateMedia({ colorScheme: 'light' });
  });

  it('removes the share: the guest has no access after a reload, and the page leaves Shared with me', async () => {
    await owner.goto(`${stack.url}/w/${wsId}/d/${docId}`);
    await owner.click('.doc-bar button:has-text("Share")');
    await owner.click(`[data-testid="share-row"] button[aria-label="Remove Ben"]`);
    await expect.poll(() => owner.locator('[data-testid="share-row"]').count()).toBe(0);
    // Live: the api closes the guest's editor, whose reconnect is refused.
    await expect.poll(() => guest.locator('[data-testid="doc-no-access"]').count()).toBe(1);
    await guest.reload();
    await expect.poll(() => textOf(guest, '[data-testid="doc-no-access"]')).toContain("This page isn't available");
    expect(await guest.locator('.prose-editor').count()).toBe(0);
    await screenshot(guest, 'shared-doc-no-access');
    await guest.goto(`${stack.url}/w`);
    await expect.poll(() => textOf(guest, '[data-testid="shared-with-me"]')).toContain('No pages yet');
  });

  it('sends a guest on a workspace link to the page alone, and lets them leave it from a child page', async () => {
    await owner.fill('#share-email', ben.email);
    await owner.click('[data-testid="share-modal"] button[type="submit"]');
    await expect.poll(() => owner.locator('[data-testid="share-row"]').count()).toBe(1);
    await expect.poll(() => guest.locator('[data-testid="shared-doc"]').count()).toBe(1);
    // A member's link into the workspace falls back to the page on its own.
    await guest.goto(`${stack.url}/w/${wsId}/d/${docId}`);
    await expect.poll(() => new URL(guest.url()).pathname).toBe(`/d/${docId}`);
    await expect.poll(() => textOf(guest, '.prose-editor')).toContain('Ben was here.');
    // Leaving from a child page leaves the parent's share, which is what gives access.
    await guest.goto(`${stack.url}/d/${childId}`);
    await expect.poll(() => guest.locator('.doc-bar button:has-text("Leave page")').count()).toBe(1);
    guest.once('dialog', (d) => void d.accept());
    await guest.click('.doc-bar button:has-text("Leave page")');
    await expect.poll(() => new URL(guest.url()).pathname).toBe('/w');
    await expect.poll(() => textOf(guest, '[data-testid="shared-with-me"]')).toContain('No pages yet');
    await owner.reload();
    await owner.click('.doc-bar button:has-text("Share")');
    await expect.poll(() => textOf(owner, '[data-testid="share-modal"]')).toContain('Only the workspace');
    expect(await owner.locator('[data-testid="share-row"]').count()).toBe(0);
  });
});
