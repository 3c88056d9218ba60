import { describe, expect, it } from 'vitest';
import { CAMERA_ENCODINGS, layerForHeight } from './media.js';

describe('simulcast layer by tile size', () => {
  it('asks for the smallest layer for thumbnails and the full one for large tiles', () => {
    expect(layerForHeight(120)).toBe(0);
    expect(layerForHeight(300)).toBe(1);
    expect(layerForHeight(720)).toBe(2);
  });

  it('sends three layers, smallest first', () => {
    expect(CAMERA_ENCODINGS.map((e) => e.scaleResolutionDownBy)).toEqual([4, 2, 1]);
  });
});
