// Workspace flows against the real api: create a workspace and pages, edit with the block editor,
// nest, rename, move, trash and restore, delete forever, search with Ctrl-K, settings.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './helpers/browser.js';
import { makePng } from './helpers/png.js';
import { type Stack, startStack } from './helpers/stack.js';
import { createWorkspace, newUser, textOf } from './helpers/users.js';

async function newPage(page: Page, title: string): Promise<string> {
  await page.click('button[aria-label="New page"]');
  await expect.poll(() => new URL(page.url()).pathname).toMatch(/\/d\/[0-9a-f-]{36}$/);
  await page.fill('textarea[aria-label="Title"]', title);
  await expect.poll(() => textOf(page, '.tree-row[data-active="true"]')).toContain(title);
  return new URL(page.url()).pathname.split('/').pop()!;
}

describe('workspace in the browser', () => {
  let stack: Stack;
  let page: Page;
  let wsId = '';

  beforeAll(async () => {
    stack = await startStack('web_ws');
    [page] = await stack.signUpUsers([newUser('Grace')], { viewport: { width: 1280, height: 860 } });
  });
  afterEach((ctx) => stack?.reportFailure(ctx));
  afterAll(() => stack?.stop());

  it('creates a workspace and writes a page with blocks that survive a reload', async () => {
    wsId = await createWorkspace(page, 'Research');
    await newPage(page, 'Plan');
    await expect.poll(() => textOf(page, '[data-testid="collab-status"]')).toContain('Live');
    await page.click('.prose-editor');
    await page.keyboard.type('/head');
    await expect.poll(() => page.locator('[data-testid="slash-menu"]').isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await page.keyboard.type('Goals');
    await page.keyboard.press('Enter');
    await page.keyboard.type('/to-do');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Ship the editor');
    await expect.poll(() => page.locator('.prose-editor h1').textContent()).toBe('Goals');
    expect(await page.locator('.prose-editor ul[data-type="taskList"] li').count()).toBe(1);
    await screenshot(page, 'doc-editor');
    await page.reload();
    await expect.poll(() => textOf(page, '.prose-editor h1'), { timeout: 15_000 }).toBe('Goals');
    expect(await textOf(page, '.prose-editor ul[data-type="taskList"]')).toContain('Ship the editor');
    expect(await page.inputValue('textarea[aria-label="Title"]')).toBe('Plan');
  });

  it('uploads a cover with progress and sets an icon', async () => {
    const progress: number[] = [];
    await page.exposeFunction('__coverProgress', (v: number) => progress.push(v));
    await page.evaluate(() => {
      new MutationObserver(() => {
        const bar = document.querySelector('[aria-label="Uploading cover"]');
        const v = bar?.getAttribute('aria-valuenow');
        if (v) (window as unknown as { __coverProgress(v: number): void }).__coverProgress(Number(v));
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.setInputFiles('[data-testid="cover-input"]', { name: 'cover.png', mimeType: 'image/png', buffer: makePng(900, 300) });
    await expect.poll(() => page.locator('[data-testid="doc-cover"]').count(), { timeout: 20_000 }).toBe(1);
    expect(progress.length).toBeGreaterThan(0);
    expect(await page.getAttribute('[data-testid="doc-cover"]', 'style')).toMatch(/\/files\//);
    await page.click('button[aria-label="Add icon"]');
    await page.click('.icon-grid button >> nth=5');
    await expect.poll(() => textOf(page, '.tree-row[data-active="true"]')).toContain('🚀');
    await screenshot(page, 'doc-cover');
  });

  it('moves a block down and up with the block controls', async () => {
    await page.click('.prose-editor h1');
    await page.click('button[aria-label="Move block down"]');
    await expect.poll(() => page.evaluate(() => document.querySelector('.prose-editor')?.firstElementChild?.tagName)).toBe('UL');
    await page.click('button[aria-label="Move block up"]');
    await expect.poll(() => page.evaluate(() => document.querySelector('.prose-editor')?.firstElementChild?.tagName)).toBe('H1');
  });

  it('nests, renames and moves pages in the sidebar', async () => {
    const planRow = page.locator('.tree-row', { hasText: 'Plan' });
    await planRow.hover();
    await planRow.locator('button[aria-label="Add a page inside Plan"]').click();
    await expect.poll(() => page.locator('.tree .tree .tree-row').count()).toBe(1);
    await page.fill('textarea[aria-label="Title"]', 'Child notes');
    await expect.poll(() => textOf(page, '.tree .tree .tree-row')).toContain('Child notes');
    const child = page.locator('.tree .tree .tree-row');
    await child.hover();
    await child.locator('button[aria-label^="More actions"]').click();
    await page.click('[role="menuitem"]:has-text("Rename")');
    await page.fill('.tree-row input[aria-label="Page title"]', 'Meeting notes');
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, '.tree .tree .tree-row')).toContain('Meeting notes');
    const renamed = page.locator('.tree .tree .tree-row');
    await renamed.hover();
    await renamed.locator('button[aria-label^="More actions"]').click();
    await page.click('[role="menuitem"]:has-text("Move to")');
    await page.keyboard.type('Top level');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.tree .tree .tree-row').count()).toBe(0);
    expect(await page.locator('.ws-sidebar > .tree > li').count()).toBe(2);
    await screenshot(page, 'sidebar-tree');
  });

  it('finds pages with Ctrl-K using only the keyboard', async () => {
    await page.click(`a[href="/w/${wsId}"]`);
    await page.keyboard.press('Control+k');
    await expect.poll(() => page.locator('[data-testid="search-palette"]').isVisible()).toBe(true);
    await page.keyboard.type('meeting');
    await expect.poll(() => textOf(page, '[role="option"][aria-selected="true"]')).toContain('Meeting notes');
    await screenshot(page, 'search-palette');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.inputValue('textarea[aria-label="Title"]')).toBe('Meeting notes');
    await page.keyboard.press('Control+k');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="search-palette"]').count()).toBe(0);
  });

  it('moves a page to the trash, restores it, and deletes another forever', async () => {
    const row = page.locator('.tree-row', { hasText: 'Meeting notes' });
    await row.hover();
    await row.locator('button[aria-label^="More actions"]').click();
    await page.click('[role="menuitem"]:has-text("Move to trash")');
    await expect.poll(() => page.locator('.tree-row', { hasText: 'Meeting notes' }).count()).toBe(0);
    await page.click(`a[href="/w/${wsId}/trash"]`);
    await expect.poll(() => textOf(page, '[data-testid="trash-row"]')).toContain('Meeting notes');
    await screenshot(page, 'trash');
    await page.click('[data-testid="trash-row"] button:has-text("Restore")');
    await expect.poll(() => page.locator('.tree-row', { hasText: 'Meeting notes' }).count()).toBe(1);
    expect(await page.locator('[data-testid="trash-row"]').count()).toBe(0);

    const plan = page.locator('.tree-row', { hasText: 'Plan' });
    await plan.hover();
    await plan.locator('button[aria-label^="More actions"]').click();
    await page.click('[role="menuitem"]:has-text("Move to trash")');
    await expect.poll(() => textOf(page, '[data-testid="trash-row"]')).toContain('Plan');
    page.once('dialog', (d) => void d.accept());
    await page.click('[data-testid="trash-row"] button:has-text("Delete forever")');
    await expect.poll(() => page.locator('[data-testid="trash-row"]').count()).toBe(0);
    await page.reload();
    await expect.poll(() => textOf(page, 'p.faint')).toContain('The trash is empty');
  });

  it('fits a phone: the sidebar opens over the page', async () => {
    const phone = await page.context().newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${stack.url}/w/${wsId}`);
    await expect.poll(() => phone.locator('.ws-mobile-bar').isVisible()).toBe(true);
    const sidebarX = () => phone.locator('.ws-sidebar').evaluate((el) => el.getBoundingClientRect().right);
    await expect.poll(sidebarX).toBeLessThanOrEqual(0);
    await phone.click('.ws-mobile-bar button[aria-label="Pages"]');
    await expect.poll(sidebarX).toBeGreaterThan(200);
    await screenshot(phone, 'workspace-mobile-sidebar');
    await phone.close();
  });

  it('shows settings with the member list', async () => {
    await page.click(`a[href="/w/${wsId}/settings"]`);
    await expect.poll(() => page.locator('[data-testid="member-row"]').count()).toBe(1);
    expect(await textOf(page, '[data-testid="member-row"]')).toContain('Grace');
    await page.click('section.card button:has-text("Invite")');
    await page.fill('#invite-email', 'newcomer@example.com');
    await page.selectOption('#invite-role', 'viewer');
    await page.click('button:has-text("Send invite")');
    await expect.poll(() => page.inputValue('#invite-link')).toContain('/invite?token=');
    await screenshot(page, 'invite-modal');
    await page.click('button:has-text("Done")');
    await expect.poll(() => textOf(page, 'section.card')).toContain('newcomer@example.com');
    await screenshot(page, 'settings', true);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.click(`a[href="/w/${wsId}"]`);
    await expect.poll(() => page.getAttribute('html', 'data-theme')).toBe('dark');
    await screenshot(page, 'workspace-dark');
  });
});
