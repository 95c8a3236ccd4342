import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The tarball tests pack the packages and install them with npm, pnpm and yarn; the release
    // rehearsal also starts Verdaccio and installs a scratch copy of the workspace: minutes, not seconds.
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
