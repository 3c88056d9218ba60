import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'api',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'local/**/*.test.ts'],
    // Real MariaDB, Redis and child processes on a shared 2-core machine: allow for slow starts.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
