// Calls on the full local cluster (api, 2 signaling nodes, 2 media nodes): two users in separate
// browser contexts call each other and see decoded video, share a screen, leave and rejoin, settle a
// session conflict, and ride out a kill -9 of the media node hosting the call without any click.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './helpers/browser.js';
import { mediaNodeOfOnlyRoom } from './helpers/cluster.js';
import { type Stack, startStack } from './helpers/stack.js';
import { befriend, createWorkspace, newUser, textOf } from './helpers/users.js';
import { expectVideoFlowing } from './helpers/video.js';

const REMOTE_CAMERA = '[data-testid="remote-tile"] video[data-remote]';
const REMOTE_SCREEN = '[data-testid="screen-tile"] video[data-remote]';

/** Runs in the page: counts appearances of the "Reconnecting…" banner. */
function watchReconnectingBanner(): void {
  const w = window as unknown as { __reconnectingSeen: number };
  w.__reconnectingSeen = 0;
  let shown = false;
  new MutationObserver(() => {
    const now = document.querySelector('[data-testid="reconnecting"]') !== null;
    if (now && !shown) w.__reconnectingSeen++;
    shown = now;
  }).observe(document.body, { childList: true, subtree: true });
}

/** Runs in the page before its scripts: every microphone request is refused, as if permission were denied. */
function refuseMicrophone(): void {
  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints) =>
    constraints?.audio ? Promise.reject(new DOMException('Permission denied', 'NotAllowedError')) : getUserMedia(constraints);
}

describe('calls in the browser', () => {
  let stack: Stack;
  let a: Page;
  let b: Page;
  let callUrlA = '';
  let callUrlB = '';
  const dana = newUser('Dana');
  const eli = newUser('Eli');

  beforeAll(async () => {
    stack = await startStack('web_calls', { realtime: true, media: true });
    [a, b] = await stack.signUpUsers([dana, eli], { viewport: { width: 1100, height: 760 } });
    await stack.logOnError(() => befriend(a, b, stack.url, eli));
  });
  afterEach((ctx) => stack?.reportFailure(ctx, 'call', { a, b }));
  afterAll(() => stack?.stop());

  it('starts a call from the chat, rings the friend, and both see each other\'s decoded video', async () => {
    // Eli is elsewhere in the app, live (he sees Dana online), when she calls.
    await b.goto(`${stack.url}/people`);
    await expect.poll(() => b.getAttribute('[data-testid="friend-row"] .presence-dot', 'data-online'), { timeout: 15_000 }).toBe('true');
    await a.goto(`${stack.url}/people`);
    await a.click('[data-testid="friend-row"]');
    await a.click('[data-testid="start-call"]');
    await expect.poll(() => new URL(a.url()).pathname).toMatch(/^\/call\/dm\//);
    callUrlA = a.url();
    // Eli hears it ring and answers.
    await expect.poll(() => textOf(b, '[data-testid="incoming-call"]'), { timeout: 15_000 }).toContain('Dana is calling you');
    await screenshot(b, 'call-incoming');
    await b.click('[data-testid="incoming-call"] button:has-text("Join")');
    await expect.poll(() => new URL(b.url()).pathname).toMatch(/^\/call\/dm\//);
    expect(await b.locator('[data-testid="incoming-call"]').count()).toBe(0);
    callUrlB = b.url();
    await expectVideoFlowing(a, REMOTE_CAMERA);
    await expectVideoFlowing(b, REMOTE_CAMERA);
    expect(await textOf(a, '[data-testid="remote-tile"] .tile-label')).toContain('Eli');
    // Both fake microphones beep: one of the two is the active speaker, highlighted on both screens.
    await expect.poll(() => a.locator('[data-speaking="true"]').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => b.locator('[data-speaking="true"]').count(), { timeout: 15_000 }).toBe(1);
    await screenshot(a, 'call-two-people');
  });

  it('shares a screen that the other side decodes', async () => {
    await a.click('button[aria-label="Share screen"]');
    await expectVideoFlowing(b, REMOTE_SCREEN);
    await screenshot(b, 'call-screen-share');
    await a.click('button[aria-label="Stop sharing screen"]');
    await expect.poll(() => b.locator('[data-testid="screen-tile"]').count()).toBe(0);
  });

  it('mutes, turns the camera off, and shows it on the other side', async () => {
    await a.click('button[aria-label="Mute microphone"]');
    await expect.poll(() => b.locator('[data-testid="remote-tile"] [aria-label="muted"]').count()).toBe(1);
    await a.click('button[aria-label="Unmute microphone"]');
    await expect.poll(() => b.locator('[data-testid="remote-tile"] [aria-label="muted"]').count()).toBe(0);
    await a.click('button[aria-label="Turn camera off"]');
    await expect.poll(() => b.locator(REMOTE_CAMERA).count()).toBe(0);
    await a.click('button[aria-label="Turn camera on"]');
    await expectVideoFlowing(b, REMOTE_CAMERA);
    // Any tile can go full screen.
    await a.hover('[data-testid="remote-tile"]');
    await a.click('[data-testid="remote-tile"] .tile-fs');
    await expect.poll(() => a.evaluate(() => (document.fullscreenElement as HTMLElement | null)?.dataset.testid ?? null)).toBe('remote-tile');
    await a.evaluate(() => document.exitFullscreen());
    await a.click('button[aria-label="Choose camera and microphone"]');
    await expect.poll(() => a.locator('#pick-camera option').count()).toBeGreaterThan(0);
    expect(await a.locator('#pick-mic option').count()).toBeGreaterThan(0);
    await a.keyboard.press('Escape');
    await expect.poll(() => a.locator('#pick-camera').count()).toBe(0);
  });

  it('leaves and rejoins', async () => {
    await a.click('button[aria-label="Leave call"]');
    await expect.poll(() => a.getAttribute('[data-testid="call-end"]', 'data-phase')).toBe('left');
    await expect.poll(() => b.locator('[data-testid="remote-tile"]').count(), { timeout: 20_000 }).toBe(0);
    await a.click('button:has-text("Rejoin")');
    await expectVideoFlowing(a, REMOTE_CAMERA);
    await expectVideoFlowing(b, REMOTE_CAMERA);
  });

  it('recovers from kill -9 of the media node hosting the call, with no click', async () => {
    const host = mediaNodeOfOnlyRoom(stack.cluster);
    expect(host).toMatch(/^media-[12]$/);
    // Recovery can take well under a second: record every time the banner appears.
    for (const p of [a, b]) await p.evaluate(watchReconnectingBanner);
    const killedAt = Date.now();
    await stack.cluster.services.get(host!)!.kill9();
    for (const p of [a, b]) await expect.poll(() => p.evaluate(() => (window as unknown as { __reconnectingSeen: number }).__reconnectingSeen), { timeout: 10_000 }).toBeGreaterThan(0);
    const seenAt = Date.now() - killedAt;
    await expect.poll(() => a.locator('[data-testid="reconnecting"]').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => b.locator('[data-testid="reconnecting"]').count(), { timeout: 20_000 }).toBe(0);
    console.log(`reconnecting shown by ${seenAt} ms, gone by ${Date.now() - killedAt} ms after kill -9`);
    await expectVideoFlowing(a, REMOTE_CAMERA);
    await expectVideoFlowing(b, REMOTE_CAMERA);
    console.log(`media flowing again ${Date.now() - killedAt} ms after kill -9 (includes frame counting)`);
    await screenshot(a, 'call-after-failover');
  });

  it('asks the first device when the same user joins from a second one', async () => {
    const second = await a.context().newPage();
    await second.goto(callUrlA);
    await expect.poll(() => textOf(a, '[role="dialog"]'), { timeout: 15_000 }).toContain('Joined from another device');
    await screenshot(a, 'call-session-conflict');
    await a.click('button:has-text("Keep this device")');
    await expect.poll(() => second.getAttribute('[data-testid="call-end"]', 'data-phase'), { timeout: 15_000 }).toBe('kept-elsewhere');
    await second.click('button:has-text("Move the call here")');
    await expect.poll(() => a.getAttribute('[data-testid="call-end"]', 'data-phase'), { timeout: 15_000 }).toBe('moved');
    await expectVideoFlowing(second, REMOTE_CAMERA);
    await expectVideoFlowing(b, REMOTE_CAMERA);
    await second.close();
    expect(callUrlB).toContain('/call/dm/');
  });

  it('starts a workspace meeting from the workspace', async () => {
    await b.goto(`${stack.url}/w`);
    await createWorkspace(b, 'Standup');
    await b.click('.ws-content a:has-text("Start meeting")');
    await expect.poll(() => b.getAttribute('.call', 'data-phase'), { timeout: 20_000 }).toBe('in-call');
    await expect.poll(() => textOf(b, '.call-head')).toContain('Standup meeting');
    await expect.poll(() => b.locator('[data-testid="local-tile"] video').count()).toBe(1);
    await screenshot(b, 'call-workspace-meeting');
  });

  it('tells a late joiner who never speaks who is already speaking', async () => {
    // Dana alone in the call takes the floor. Eli then joins without a microphone, so he can never take
    // it himself: only the speaker repeated to a joining peer can tell him (the observer reports changes).
    await b.goto(`${stack.url}/people`);
    await a.goto(callUrlA);
    await expect.poll(() => a.getAttribute('.call', 'data-phase'), { timeout: 20_000 }).toBe('in-call');
    await expect.poll(() => a.locator('[data-testid="local-tile"][data-speaking="true"]').count(), { timeout: 30_000 }).toBe(1);
    await b.addInitScript(refuseMicrophone);
    await b.goto(callUrlB);
    await expectVideoFlowing(b, REMOTE_CAMERA);
    await expect.poll(() => b.locator('[data-testid="remote-tile"][data-speaking="true"]').count(), { timeout: 10_000 }).toBe(1);
    expect(await b.locator('[data-testid="local-tile"][data-speaking="true"]').count()).toBe(0);
  }, 90_000);

  it('switches camera and microphone from the device picker, and the other side decodes the new camera', async () => {
    const remoteTrack = () => b.locator(REMOTE_CAMERA).first().evaluate((v: HTMLVideoElement) => (v.srcObject as MediaStream | null)?.getVideoTracks()[0]?.id ?? null);
    const localCamera = () => a.locator('[data-testid="local-tile"] video').first().evaluate((v: HTMLVideoElement) => (v.srcObject as MediaStream | null)?.getVideoTracks()[0]?.label ?? null);
    const picked = (select: string) => a.locator(select).evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? null);
    const before = await remoteTrack();
    expect(await localCamera()).toBe('fake_device_0');
    await a.click('button[aria-label="Choose camera and microphone"]');
    await expect.poll(() => a.locator('#pick-camera option').allTextContents()).toEqual(['fake_device_0', 'fake_device_1', 'fake_device_2']);
    // The dialog sits inside the window (it once opened inside the toolbar, below the window's edge).
    const box = await a.locator('[role="dialog"]').boundingBox();
    const view = a.viewportSize()!;
    expect(box && box.y >= 0 && box.y + box.height <= view.height && box.x >= 0 && box.x + box.width <= view.width).toBe(true);
    await a.selectOption('#pick-camera', { label: 'fake_device_2' });
    await expect.poll(() => localCamera()).toBe('fake_device_2');
    await a.selectOption('#pick-mic', { label: 'Fake Audio Input 1' });
    await expect.poll(() => picked('#pick-mic')).toBe('Fake Audio Input 1');
    expect(await picked('#pick-camera')).toBe('fake_device_2');
    await a.click('[role="dialog"] button:has-text("Done")');
    // The other side consumes the new camera (a new track), and it plays.
    await expect.poll(async () => ((await remoteTrack().catch(() => null)) ?? before) !== before, { timeout: 15_000 }).toBe(true);
    await expectVideoFlowing(b, REMOTE_CAMERA);
    expect(await textOf(a, '.call')).not.toContain('could not');
  });

  it('fits a phone: two people one above the other, the whole toolbar inside the window, no sideways scroll', async () => {
    await a.setViewportSize({ width: 390, height: 844 });
    try {
      await expectVideoFlowing(a, REMOTE_CAMERA);
      const inside = async (selector: string) => {
        const box = await a.locator(selector).first().boundingBox();
        return !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= 390 && box.y + box.height <= 844;
      };
      expect(await inside('[role="toolbar"]')).toBe(true);
      expect(await inside('[data-testid="local-tile"]')).toBe(true);
      expect(await inside('[data-testid="remote-tile"]')).toBe(true);
      expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // Stacked: each tile spans the width (side by side, each was a 190 px wide sliver).
      for (const tile of ['local-tile', 'remote-tile']) expect((await a.locator(`[data-testid="${tile}"]`).boundingBox())!.width).toBeGreaterThan(300);
      await a.click('button[aria-label="Choose camera and microphone"]');
      expect(await inside('[role="dialog"]')).toBe(true);
      await a.keyboard.press('Escape');
      await screenshot(a, 'call-phone');
    } finally {
      await a.setViewportSize({ width: 1100, height: 760 });
    }
  });
});
