import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One moto_server for the run (test/setup-moto.ts); test/ files run the real bundle on Node 24
    // against it, one file after another (each resets moto first), so no file sees another's secrets.
    globalSetup: ['test/setup-moto.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
