import { defineConfig } from 'vitest/config';

// One DynamoDB Local and one SES v2 local per test run (test/support/global-setup.ts); each test file makes
// its own table. Files run in parallel on the machine's cores.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
