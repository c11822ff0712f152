/**
 * Jest `globalSetup`: starts the embedded S3 and DynamoDB servers ONCE per jest run, in this (the
 * parent) process, and hands their endpoints to the test workers through environment variables
 * (workers are forked after this runs and inherit them). Test files get clients and fresh, isolated
 * names from `testAws()`. Startup is cheap (in-process, no table or bucket is created here), so a run
 * of a pure package pays well under a second.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_DYNAMODB_ENDPOINT_ENV, TEST_S3_ENDPOINT_ENV } from './jest-env';
import { startAwsServers, type LocalAwsServers } from './servers';

/** Where teardown finds what setup started (globalSetup and globalTeardown share this process). */
export interface JestAwsState {
  readonly servers: LocalAwsServers;
  readonly directory: string;
}

export const JEST_AWS_STATE_KEY = '__tradebotJestAws';

export default async function globalSetup(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const directory = mkdtempSync(join(tmpdir(), 'tradebot-jest-aws-'));
  // DynamoDB stays in memory for speed; s3rver needs a directory.
  const servers = await startAwsServers(directory, { persistDynamo: false });
  process.env[TEST_S3_ENDPOINT_ENV] = servers.s3Endpoint;
  process.env[TEST_DYNAMODB_ENDPOINT_ENV] = servers.dynamoEndpoint;
  const state: JestAwsState = { servers, directory };
  (globalThis as Record<string, unknown>)[JEST_AWS_STATE_KEY] = state;
}
