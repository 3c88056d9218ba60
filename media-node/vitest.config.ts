import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'media-node',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'local/**/*.test.ts'],
  },
});
