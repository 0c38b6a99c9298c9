import { defineConfig } from 'vitest/config';

// Two projects. `unit`: the core against the in-memory ports, adapters against files, pdfkit and poppler, the CLI
// over an in-memory runtime, the CDK stacks synthesised: no Java, no local AWS, under a minute (`npm run test:unit`).
// `integration` (`*.int.test.ts`): the real parts, with one DynamoDB Local and one SES v2 local per run
// (test/support/global-setup.ts), each file on its own table, and Chromium. `npm test` runs both.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/**/*.int.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'integration', include: ['test/**/*.int.test.ts'], globalSetup: ['test/support/global-setup.ts'] },
      },
    ],
  },
});
