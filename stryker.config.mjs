// Mutation testing of core-domain (`pnpm mutate`; docs/core-domain.md, "Mutation testing").
// StrykerJS 9.x: 10.x needs Node 22, and tradebot runs on Node 20.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

// Property tests run a twelfth of their runs, at least 25 (packages/core-domain/tests/helpers/runs.ts):
// Jest cannot stop at a mutant's first failing test, so each mutant pays for every property that
// covers it (the ledger's properties alone are most of a mutant's time).
process.env.TRADEBOT_MUTATION_RUNS_DIVISOR = '12';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  plugins: ['@stryker-mutator/jest-runner'],
  packageManager: 'pnpm',
  mutate: ['packages/core-domain/src/**/*.ts', '!packages/core-domain/src/index.ts'],
  // The sandbox holds only what core-domain's tests read: the package and the TypeScript configs.
  ignorePatterns: ['/*', '!/packages', '/packages/*', '!/packages/core-domain', '!/tsconfig.json', '!/tsconfig.base.json', '!/package.json'],
  jest: {
    projectType: 'custom',
    // The root jest config starts the embedded S3 and DynamoDB for every package; core-domain's
    // tests need neither, so the mutation runs use a config of their own.
    config: {
      testEnvironment: 'node',
      roots: ['<rootDir>/packages/core-domain'],
      testMatch: ['**/tests/**/*.test.ts'],
      transform: {
        '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
      },
      // Stryker never copies node_modules into its sandbox, and pnpm keeps core-domain's
      // dependencies (big.js, zod) in the package's own node_modules: resolve them from the original.
      modulePaths: [join(root, 'packages/core-domain/node_modules')],
    },
    // Each mutant runs only the test files that import its source file (and, of those, only the
    // tests that covered it in the dry run).
    enableFindRelatedTests: true,
  },
  coverageAnalysis: 'perTest',
  // A static mutant (module-level code: the command catalogue, the rules schema, message tables)
  // has no per-test coverage, so each one reruns the whole suite: 17% of the mutants took two thirds
  // of the time. They are skipped here (reported as ignored); `pnpm mutate --ignoreStatic false`
  // tests them too. See docs/core-domain.md.
  ignoreStatic: true,
  // Only mutants whose code or tests changed since the last run are tested again.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/core-domain.html' },
  thresholds: { high: 90, low: 85, break: 85 },
  // Two cores shared with other runs: one test process per core.
  concurrency: 2,
  timeoutMS: 30000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
