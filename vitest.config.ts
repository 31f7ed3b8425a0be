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
    // Test files share their worker's module graph (the AWS SDK, the emulator and the CLI are imported
    // once per worker, not once per file: a third of the suite's CPU); test/support/file-isolation.ts
    // puts back what a file changes in the process (environment, working directory, exit code).
    isolate: false,
    setupFiles: ['test/support/file-isolation.ts'],
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1' },
  },
});
