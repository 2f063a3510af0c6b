import { defineConfig } from 'vitest/config';

// Projects let CI re-run only the database-backed suite against PostgreSQL (`npm run test:db`).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'core',
          include: ['packages/core/src/**/*.test.ts', 'packages/core/test/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'evidence',
          include: ['packages/evidence/src/**/*.test.ts', 'packages/evidence/test/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        // Root scripts: the detection eval (static engine + offline council in-process).
        test: {
          name: 'scripts',
          include: ['scripts/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'contracts',
          include: ['packages/contracts/src/**/*.test.ts', 'packages/contracts/test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'server',
          include: ['packages/server/src/**/*.test.ts', 'packages/server/test/**/*.test.ts'],
          globalSetup: ['packages/server/test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'cli',
          include: ['packages/cli/src/**/*.test.ts', 'packages/cli/test/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        // Web unit tests: pure modules and components rendered to static markup (no DOM needed).
        oxc: { jsx: { runtime: 'automatic' } },
        test: {
          name: 'web',
          include: ['packages/web/src/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
