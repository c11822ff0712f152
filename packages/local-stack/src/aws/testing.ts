import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { ensureBucket, ensureTable } from './bootstrap';
import { localDynamoClient, localS3Client } from './clients';
import { TEST_DYNAMODB_ENDPOINT_ENV, TEST_S3_ENDPOINT_ENV } from './jest-env';
import { startAwsServers } from './servers';

/** Clients on the embedded servers and names that belong to one test file only. */
export interface TestAws {
  readonly s3: S3Client;
  readonly dynamo: DynamoDBClient;
  readonly s3Endpoint: string;
  readonly dynamoEndpoint: string;
  /** A table created for this call, already ACTIVE, with the production key schema. */
  readonly tableName: string;
  /** A bucket created for this call. */
  readonly bucket: string;
  /** Destroys the clients (and stops servers this call had to start itself). */
  destroy(): Promise<void>;
}

/**
 * For integration tests: clients pointed at the servers jest's global setup started, plus a FRESH
 * table and bucket, so test files stay isolated when jest runs them in parallel workers. Call it in
 * `beforeAll` and `destroy()` in `afterAll`. Outside jest's global setup (a script, another runner)
 * it starts its own servers, so it always works.
 */
export async function testAws(): Promise<TestAws> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let s3Endpoint = process.env[TEST_S3_ENDPOINT_ENV];
  let dynamoEndpoint = process.env[TEST_DYNAMODB_ENDPOINT_ENV];
  let stopOwn: (() => Promise<void>) | undefined;
  if (!s3Endpoint || !dynamoEndpoint) {
    const directory = mkdtempSync(join(tmpdir(), 'tradebot-testaws-'));
    const servers = await startAwsServers(directory, { persistDynamo: false });
    s3Endpoint = servers.s3Endpoint;
    dynamoEndpoint = servers.dynamoEndpoint;
    stopOwn = async () => {
      await servers.stop();
      rmSync(directory, { recursive: true, force: true });
    };
  }
  const s3 = localS3Client(s3Endpoint);
  const dynamo = localDynamoClient(dynamoEndpoint);
  const unique = randomUUID().replace(/-/g, '').slice(0, 16);
  const tableName = `test-${unique}`;
  const bucket = `test-${unique}`;
  await Promise.all([ensureTable(dynamo, tableName), ensureBucket(s3, bucket)]);
  return {
    s3,
    dynamo,
    s3Endpoint,
    dynamoEndpoint,
    tableName,
    bucket,
    destroy: async () => {
      s3.destroy();
      dynamo.destroy();
      await stopOwn?.();
    },
  };
}
