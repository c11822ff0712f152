import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DYNAMODB_CLIENT_SETTINGS } from '@tradebot/storage-dynamodb';
import { S3_CLIENT_SETTINGS } from '@tradebot/storage-s3';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { loadSnapshotConfig } from './config';
import { createLogger } from './logger';
import { createSnapshotConsumer } from './snapshot-consumer';
import { createSnapshotAdapters } from './snapshot-wiring';

// The second entry of fn-webhook's zip (`snapshot.handler`): the positions snapshot writer, fed by
// the ledger's DynamoDB stream. Built once per cold start, with no Telegram and no secrets.
const config = loadSnapshotConfig(process.env);
const logger = createLogger(config.LOG_LEVEL, undefined, 'fn-webhook-snapshot');
const clock = { now: () => new Date() };
const consumer = createSnapshotConsumer({
  ...createSnapshotAdapters({
    s3: new S3Client({ ...S3_CLIENT_SETTINGS }),
    dynamo: new DynamoDBClient({ ...DYNAMODB_CLIENT_SETTINGS }),
    bucket: config.DATA_BUCKET,
    tableName: config.TABLE_NAME,
    clock,
  }),
  clock,
  logger,
});

/** DynamoDB stream batch (KEYS_ONLY, ledger items only) -> `portfolio/current_positions.json`, once per chat. */
export async function handler(event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> {
  return consumer.handle(event, context);
}
