// Co-editing against the real api's /collab endpoint: an invited editor and the owner type into one
// page and see each other's text and named cursor; made a viewer, the editor can no longer type.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './helpers/browser.js';
import { type Stack, startStack } from './helpers/stack.js';
import { createWorkspace, newUser, textOf } from './helpers/users.js';

describe('co-editing in the browser', () => {
  let stack: Stack;
  let a: Page;
  let b: Page;
  let docUrl = '';
  let wsId = '';
  const fay = newUser('Fay');
  const gus = newUser('Gus');

  beforeAll(async () => {
    stack = await startStack('web_coedit');
    [a, b] = await stack.signUpUsers([fay, gus], { viewport: { width: 1200, height: 800 } });
  });
  afterEach((ctx) => stack?.reportFailure(ctx, 'coedit', { a, b }));
  afterAll(() => stack?.stop());

  it('invites an editor by email link', async () => {
    await a.goto(`${stack.url}/w`);
    wsId = await createWorkspace(a, 'Shared space');
    await a.click('button[aria-label="New page"]');
    await expect.poll(() => new URL(a.url()).pathname).toMatch(/\/d\//);
    docUrl = a.url();
    await a.fill('textarea[aria-label="Title"]', 'Launch plan');
    await a.click('button:has-text("Invite people")');
    await a.fill('#invite-email', gus.email);
    await a.selectOption('#invite-role', 'editor');
    await a.click('button:has-text("Send invite")');
    await expect.poll(() => a.inputValue('#invite-link')).toContain('/invite?token=');
    const link = new URL(await a.inputValue('#invite-link'));
    await a.click('button:has-text("Done")');
    await b.goto(`${stack.url}${link.pathname}${link.search}`);
    await expect.poll(() => new URL(b.url()).pathname).toBe(`/w/${wsId}`);
  });

  it('shows each other\'s text and cursor live', async () => {
    await b.goto(docUrl);
    await expect.poll(() => textOf(a, '[data-testid="collab-status"]')).toContain('Live');
    await expect.poll(() => textOf(b, '[data-testid="collab-status"]')).toContain('Live');
    await a.click('.prose-editor');
    await a.keyboard.type('Hello from Fay.');
    await expect.poll(() => textOf(b, '.prose-editor')).toContain('Hello from Fay.');
    await b.click('.prose-editor');
    await b.keyboard.press('End');
    await b.keyboard.type(' Gus was here.');
    await expect.poll(() => textOf(a, '.prose-editor')).toContain('Gus was here.');
    await expect.poll(() => textOf(a, '.collaboration-carets__label')).toBe('Gus');
    await expect.poll(() => textOf(b, '.collaboration-carets__label')).toBe('Fay');
    await screenshot(a, 'coedit-cursors');
  });

  it('makes the editor a viewer, who can no longer type', async () => {
    await a.goto(`${stack.url}/w/${wsId}/settings`);
    const gusRow = a.locator('[data-testid="member-row"]', { hasText: 'Gus' });
    await gusRow.locator('select').selectOption('viewer');
    await expect.poll(() => gusRow.locator('select').inputValue()).toBe('viewer');
    await b.reload();
    await expect.poll(() => b.getAttribute('[data-testid="doc-page"]', 'data-role')).toBe('viewer');
    await expect.poll(() => b.getAttribute('.prose-editor', 'contenteditable')).toBe('false');
    expect(await textOf(b, '.doc-meta')).toContain('View only');
    await b.click('.prose-editor');
    await b.keyboard.type('Sneaky edit');
    await a.goto(docUrl);
    await expect.poll(() => textOf(a, '.prose-editor')).toContain('Gus was here.');
    expect(await textOf(a, '.prose-editor')).not.toContain('Sneaky');
    expect(await textOf(b, '.prose-editor')).not.toContain('Sneaky');
    expect(await b.getAttribute('textarea[aria-label="Title"]', 'readonly')).not.toBeNull();
    await screenshot(b, 'coedit-viewer');
  });
});
