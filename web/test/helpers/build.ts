// Builds the web app once per test run (vitest global setup) with a manifest the budget test reads.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const artifactsDir = path.join(webRoot, 'test-artifacts');

export async function buildWeb(outDir: string): Promise<void> {
  await build({
    root: webRoot,
    configFile: path.join(webRoot, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, manifest: true, sourcemap: false },
  });
}
