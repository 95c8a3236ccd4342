import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One moto per run (test/setup-moto.ts). Files run one after another and each resets moto in
    // beforeAll, so no file sees another's secrets or keys: robust, and on small CI machines barely slower.
    globalSetup: ['test/setup-moto.ts'],
    fileParallelism: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
