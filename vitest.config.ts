import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['signaling', 'media-node', 'api', 'web', 'load-tests', 'deploy'],
    globalSetup: ['./deploy/local/src/test-global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
