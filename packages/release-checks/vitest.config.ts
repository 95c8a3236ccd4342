import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The pack-and-install test packs three packages and runs npm install: minutes, not seconds.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
