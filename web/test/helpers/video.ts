// Proof that video really plays: decoded size and a growing count of decoded frames, not just an element.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export interface VideoStats {
  width: number;
  frames: number;
}

export async function videoStats(video: Locator): Promise<VideoStats> {
  if ((await video.count()) === 0) return { width: 0, frames: 0 };
  return video.first().evaluate((el: HTMLVideoElement) => ({
    width: el.videoWidth,
    frames: el.getVideoPlaybackQuality().totalVideoFrames,
  }));
}

/** Waits until the video has a decoded size and its decoded frame count keeps increasing. */
export async function expectVideoFlowing(page: Page, selector: string, timeout = 20_000): Promise<void> {
  const video = page.locator(selector);
  await expect.poll(async () => (await videoStats(video)).width, { timeout }).toBeGreaterThan(0);
  const before = (await videoStats(video)).frames;
  await expect.poll(async () => (await videoStats(video)).frames, { timeout }).toBeGreaterThan(before + 10);
}
