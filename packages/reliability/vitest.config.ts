import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One moto_server for the run (test/setup-moto.ts). Files run one after another: they share it,
    // and the fault runs measure time, which a second file competing for 2 cores would distort.
    globalSetup: ['test/setup-moto.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
