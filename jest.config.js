/** Runs every package's tests from the root, straight from TypeScript sources. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/scripts', '<rootDir>/infra', '<rootDir>/e2e'],
  testMatch: ['**/tests/**/*.test.ts'],
  transform: {
    // Type errors are `pnpm typecheck`'s job; ts-jest only transpiles, which keeps the suite fast.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  moduleNameMapper: {
    '^@tradebot/([a-z0-9-]+)$': '<rootDir>/packages/$1/src/index.ts',
    // The zod every schema is written with (zod/mini with English messages), a subpath so bundles keep only what is used.
    '^@tradebot/core-domain/zod$': '<rootDir>/packages/core-domain/src/zod.ts',
    // The plain-language interpreter alone: the webhook's bundle then loads the Anthropic SDK on the first reading only (docs/packaging.md).
    '^@tradebot/llm-claude/interpreter$': '<rootDir>/packages/llm-claude/src/claude-interpreter.ts',
    // The Lambda bundles replace Telegraf's node-fetch and abort-controller with shims on
    // market-data's httpFetch and Node's AbortController (scripts/build/lambda-plugins.ts); tests run the same shims, so
    // every Telegraf call they make checks them.
    '^node-fetch$': '<rootDir>/scripts/build/shims/node-fetch.ts',
    '^abort-controller$': '<rootDir>/scripts/build/shims/abort-controller.ts',
  },
  testTimeout: 30000,
  // Node's fetch lives in another realm than a test file's; see the file for why this matters.
  setupFiles: ['<rootDir>/packages/local-stack/src/jest/same-realm-headers.ts'],
  // Embedded S3 and DynamoDB, started once per run; tests reach them through testAws() (local-stack).
  // When the run includes an e2e suite, the Lambda packages it runs are built first (e2e/packages.ts).
  globalSetup: '<rootDir>/e2e/global-setup.ts',
  globalTeardown: '<rootDir>/packages/local-stack/src/aws/jest-global-teardown.ts',
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
};
