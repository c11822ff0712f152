import { CreateTableCommand, DescribeTableCommand, ResourceInUseException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { createTableInput } from '@tradebot/storage-dynamodb';

/** Table name used by `pnpm start` (the cloud name comes from Terraform). */
export const LOCAL_TABLE_NAME = 'tradebot';
/** Data bucket used by `pnpm start`. */
export const LOCAL_DATA_BUCKET = 'tradebot-data';

/**
 * Creates the table (from storage-dynamodb's `createTableInput`, the same definition Terraform
 * mirrors) if it does not exist and waits until it is ACTIVE. Idempotent.
 */
export async function ensureTable(dynamo: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await dynamo.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Table ${tableName} did not become ACTIVE`);
}

/** Creates the bucket if it does not exist. Idempotent. */
export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch {
    // Missing (404): create it below. Any other failure resurfaces from CreateBucket.
  }
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
}

/**
 * Local-only bootstrap: creates the DynamoDB table and the data bucket on the embedded servers,
 * as Terraform does in the cloud. Use it after starting the servers for `pnpm start`, scripts and
 * benches (`startLocalAws` calls it). Never used against AWS.
 */
export async function bootstrapLocalAws(
  clients: { readonly s3: S3Client; readonly dynamo: DynamoDBClient },
  names: { readonly tableName?: string; readonly dataBucket?: string } = {},
): Promise<{ tableName: string; dataBucket: string }> {
  const tableName = names.tableName ?? LOCAL_TABLE_NAME;
  const dataBucket = names.dataBucket ?? LOCAL_DATA_BUCKET;
  await Promise.all([ensureTable(clients.dynamo, tableName), ensureBucket(clients.s3, dataBucket)]);
  return { tableName, dataBucket };
}
