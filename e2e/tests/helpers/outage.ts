/**
 * S3 and DynamoDB stand-ins of a test's own, persisting to a temp directory, that can be stopped
 * and started again on the same port with the same data: an outage and its recovery.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBucket, ensureTable, localDynamoClient, localS3Client, startDynamoServer, startS3Server, type LambdaStackAws, type RunningServer } from '@tradebot/local-stack';

/** The two servers and their switches. */
export interface RestartableAws {
  readonly aws: LambdaStackAws;
  stopS3(): Promise<void>;
  startS3(): Promise<void>;
  stopDynamo(): Promise<void>;
  startDynamo(): Promise<void>;
  destroy(): Promise<void>;
}

const portOf = (endpoint: string): number => Number(new URL(endpoint).port);

/** Starts both servers, with a bucket and a table, under a fresh temp directory. */
export async function startRestartableAws(): Promise<RestartableAws> {
  const directory = mkdtempSync(join(tmpdir(), 'tradebot-outage-'));
  const s3Options = { directory: join(directory, 's3') };
  const dynamoOptions = { directory: join(directory, 'dynamodb') };
  let s3: RunningServer | null = await startS3Server(s3Options);
  let dynamo: RunningServer | null = await startDynamoServer(dynamoOptions);
  const aws: LambdaStackAws = { s3Endpoint: s3.endpoint, dynamoEndpoint: dynamo.endpoint, bucket: 'tradebot-outage', tableName: 'tradebot-outage' };
  const s3Client = localS3Client(aws.s3Endpoint);
  const dynamoClient = localDynamoClient(aws.dynamoEndpoint);
  await Promise.all([ensureBucket(s3Client, aws.bucket), ensureTable(dynamoClient, aws.tableName)]);
  s3Client.destroy();
  dynamoClient.destroy();
  return {
    aws,
    async stopS3() {
      await s3?.stop();
      s3 = null;
    },
    async startS3() {
      s3 ??= await startS3Server({ ...s3Options, port: portOf(aws.s3Endpoint) });
    },
    async stopDynamo() {
      await dynamo?.stop();
      dynamo = null;
    },
    async startDynamo() {
      dynamo ??= await startDynamoServer({ ...dynamoOptions, port: portOf(aws.dynamoEndpoint) });
    },
    async destroy() {
      await Promise.all([s3?.stop(), dynamo?.stop()]);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
