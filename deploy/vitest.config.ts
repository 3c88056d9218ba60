import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'deploy',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'local/**/*.test.ts'],
    // Spawns real processes (promtool, nginx, a media node): seconds each on a loaded 2-core box.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
