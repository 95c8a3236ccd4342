import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One moto for the run (test/setup-moto.ts); files run one after another and each resets moto
    // in beforeAll. The suites spawn the built CLI (dist/bin.js): run `pnpm -F @envelope-kit/cli build` first.
    globalSetup: ['test/setup-moto.ts'],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
