import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'load-tests',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'local/**/*.test.ts'],
    // Real processes (api, signaling, media nodes) start in these tests; a loaded 2-core machine is slow.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
