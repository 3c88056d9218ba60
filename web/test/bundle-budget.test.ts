// Budget: the initial JS of the landing page and of the call page stay under 150 KB gzip each,
// and the heavy parts (editor, call stack) never leak into the landing page's initial load.
import { inject } from 'vitest';
import { describe, expect, it } from 'vitest';
import { filesOf, gzipBytes, readManifest, staticClosure } from './helpers/bundle-stats.js';

const BUDGET = 150 * 1024;
const ENTRY = 'index.html';
const CALL_PAGE = 'src/pages/call/index.ts';
const EDITOR = 'src/editor/index.ts';

describe('bundle budget', () => {
  const dist = inject('webDist');
  const manifest = readManifest(dist);
  const landing = staticClosure(manifest, [ENTRY]);

  it('keeps the landing page initial JS under 150 KB gzip', () => {
    const bytes = gzipBytes(dist, manifest, landing);
    console.log(`landing initial JS: ${(bytes / 1024).toFixed(1)} KB gzip (${filesOf(manifest, landing).join(', ')})`);
    expect(bytes).toBeGreaterThan(1000);
    expect(bytes).toBeLessThanOrEqual(BUDGET);
  });

  it('keeps the call page initial JS under 150 KB gzip', () => {
    expect(manifest[CALL_PAGE]?.isDynamicEntry, 'the call page is lazy-loaded').toBe(true);
    const call = staticClosure(manifest, [ENTRY, CALL_PAGE]);
    const bytes = gzipBytes(dist, manifest, call);
    console.log(`call page initial JS: ${(bytes / 1024).toFixed(1)} KB gzip`);
    expect(bytes).toBeLessThanOrEqual(BUDGET);
  });

  it('loads the editor and the call stack lazily', () => {
    expect(manifest[EDITOR]?.isDynamicEntry, 'the editor is lazy-loaded').toBe(true);
    for (const key of landing) {
      expect(key).not.toMatch(/mediasoup-client|@tiptap|prosemirror|socket\.io-client/);
    }
    expect(landing.has(CALL_PAGE)).toBe(false);
    expect(landing.has(EDITOR)).toBe(false);
  });
});
