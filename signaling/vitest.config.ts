import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'signaling',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'local/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
