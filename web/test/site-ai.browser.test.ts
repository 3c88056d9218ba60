// Site content and AI against the real api: an admin writes a notice and a user comments; a user asks
// support and the admin answers; the assistant streams an answer and keeps history; the recorder
// uploads microphone audio and opens the summary page.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './helpers/browser.js';
import { CHAT_ANSWER, type FakeOpenAi, SUMMARY, startFakeOpenAi } from './helpers/fake-openai.js';
import { type Stack, startStack } from './helpers/stack.js';
import { createWorkspace, newUser, textOf } from './helpers/users.js';

describe('site content and AI in the browser', () => {
  let ai: FakeOpenAi;
  let stack: Stack;
  let admin: Page;
  let user: Page;
  const root = newUser('Root');
  const carol = newUser('Carol');

  beforeAll(async () => {
    ai = await startFakeOpenAi();
    stack = await startStack('web_site', {
      realtime: true,
      adminEmails: [root.email],
      extraApiEnv: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: ai.baseUrl },
    });
    [admin, user] = await stack.signUpUsers([root, carol]);
  });
  afterEach((ctx) => stack?.reportFailure(ctx, 'site', { user }));
  afterAll(async () => {
    await stack?.stop();
    await ai?.close();
  });

  it('lets an admin publish a notice that users read and comment on', async () => {
    await admin.goto(`${stack.url}/notices`);
    await admin.click('a:has-text("Write a notice")');
    await admin.fill('#notice-title', 'Scheduled maintenance');
    await admin.fill('#notice-body', 'Coope will be read-only on Sunday from 02:00 to 03:00.');
    await admin.click('button:has-text("Publish")');
    await expect.poll(() => textOf(admin, 'h1')).toBe('Scheduled maintenance');
    await user.goto(`${stack.url}/notices`);
    await expect.poll(() => textOf(user, '[data-testid="notice-row"]')).toContain('Scheduled maintenance');
    expect(await user.locator('a:has-text("Write a notice")').count()).toBe(0);
    await user.click('[data-testid="notice-row"] a');
    await user.fill('#comment-body', 'Thanks for the heads-up!');
    await user.click('button:has-text("Comment")');
    await expect.poll(() => textOf(user, '[data-testid="comment"]')).toContain('Thanks for the heads-up!');
    await screenshot(user, 'notice-detail', true);
    await admin.reload();
    await expect.poll(() => textOf(admin, '[data-testid="comment"]')).toContain('Carol');
  });

  it('answers a support inquiry as an admin', async () => {
    await user.goto(`${stack.url}/support/new`);
    await user.fill('#inq-subject', 'Cannot find the trash');
    await user.fill('#inq-body', 'Where do deleted pages go?');
    await user.click('button:has-text("Send")');
    await expect.poll(() => textOf(user, '[data-testid="inquiry-status"]')).toBe('open');
    await admin.goto(`${stack.url}/admin/inquiries?status=open`);
    await admin.click('[data-testid="admin-inquiry"] a:has-text("Cannot find the trash")');
    await admin.fill('#answer-body', 'Open Trash at the bottom of the sidebar.');
    await admin.click('button:has-text("Send answer")');
    await expect.poll(() => textOf(admin, '[data-testid="inquiry-status"]')).toBe('answered');
    await screenshot(admin, 'admin-inquiry');
    await user.reload();
    await expect.poll(() => textOf(user, '[data-testid="inquiry-answer"]')).toContain('bottom of the sidebar');
  });

  it('streams the assistant answer and keeps the history', async () => {
    await user.goto(`${stack.url}/w`);
    await user.click('[data-testid="open-ai"]');
    const held = ai.holdStreams();
    await user.fill('input[aria-label="Ask the assistant"]', 'What is Coope?');
    await user.keyboard.press('Enter');
    // The first half of the answer shows while the rest has not even been sent.
    const streaming = '[data-testid="ai-assistant"][data-streaming="true"]';
    await expect.poll(() => textOf(user, streaming), { timeout: 30_000 }).toMatch(/^Coope keeps/);
    expect((await textOf(user, streaming)).length).toBeLessThan(CHAT_ANSWER.length);
    held.release();
    await expect.poll(() => textOf(user, '[data-testid="ai-assistant"][data-streaming="false"]'), { timeout: 30_000 }).toBe(CHAT_ANSWER);
    await screenshot(user, 'ai-chat');
    await user.keyboard.press('Escape');
    await user.reload();
    await user.click('[data-testid="open-ai"]');
    await expect.poll(() => textOf(user, '[data-testid="ai-user"]')).toBe('What is Coope?');
    expect(await textOf(user, '[data-testid="ai-assistant"]')).toBe(CHAT_ANSWER);
    await user.keyboard.press('Escape');
  });

  it('records a meeting and opens the summary page', async () => {
    await createWorkspace(user, 'Notes team');
    await user.click('button:has-text("Record meeting notes")');
    await user.click('button:has-text("Start recording")');
    await expect.poll(() => user.getAttribute('[data-testid="recorder"]', 'data-phase')).toBe('recording');
    await expect.poll(() => textOf(user, '[role="timer"]'), { timeout: 15_000 }).toBe('00:06');
    await user.click('button:has-text("Stop and summarize")');
    await expect.poll(() => user.getAttribute('[data-testid="recorder"]', 'data-phase'), { timeout: 30_000 }).toBe('done');
    expect(ai.audioBytes()).toBeGreaterThan(1000);
    await screenshot(user, 'recorder-done');
    await user.click('button:has-text("Open the summary")');
    await expect.poll(() => textOf(user, '.prose-editor'), { timeout: 15_000 }).toContain('ship the editor on Friday');
    expect(SUMMARY).toContain('Friday');
  });
});
