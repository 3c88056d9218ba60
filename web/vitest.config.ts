import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'web',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser steps (a reload, a lazy chunk, a live event) take longer than vitest's 1 s default.
    expect: { poll: { timeout: 10_000, interval: 100 } },
  },
});
