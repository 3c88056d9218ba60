import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'media-node',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'local/**/*.test.ts'],
    // Integration tests start real node processes and mediasoup workers.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
