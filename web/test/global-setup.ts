// Web project setup: one production build shared by the bundle budget and the browser tests.
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { artifactsDir, buildWeb } from './helpers/build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    webDist: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const outDir = path.join(artifactsDir, 'dist');
  const started = Date.now();
  await buildWeb(outDir);
  console.log(`web: production build in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide('webDist', outDir);
}
