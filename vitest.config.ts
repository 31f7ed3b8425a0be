import { defineConfig } from 'vitest/config';

// Tests run against the embedded emulator over real HTTP on loopback. On a 2-core CI machine,
// a few forks in parallel keep the suite fast without starving the emulators they start.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // dist/ rebuilt first when any src/ module is newer than its build (the process-boundary tests run
    // dist/cli/bin.js); one PostgreSQL server for the whole run (the store's tests run on both backends).
    globalSetup: ['test/support/dist-guard.ts', 'test/global-postgres.ts'],
    pool: 'forks',
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1' },
  },
});
