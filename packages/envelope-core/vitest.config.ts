import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The legacy suites run the real openssl/base64/bash per case; on a loaded 2-core CI machine a
    // 30-run property through openssl takes longer than vitest's 5 s default.
    testTimeout: 60_000,
  },
});
