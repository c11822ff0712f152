import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DYNAMODB_CLIENT_SETTINGS } from '@tradebot/storage-dynamodb';
import { S3_CLIENT_SETTINGS } from '@tradebot/storage-s3';

/** Region every local client uses; the embedded servers ignore it but the SDK needs one. */
export const LOCAL_REGION = 'us-east-1';

/** Credentials s3rver accepts (it checks signatures against these). dynalite accepts any. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/**
 * An S3 client pointed at an embedded s3rver (`forcePathStyle`, its credentials), with the settings
 * every Lambda's client has (`S3_CLIENT_SETTINGS`). Use it for local runs, tests and benches; a
 * Lambda builds its own client from the environment.
 */
export function localS3Client(endpoint: string): S3Client {
  return new S3Client({ ...S3_CLIENT_SETTINGS, endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, forcePathStyle: true, maxAttempts: 3 });
}

/**
 * A DynamoDB client pointed at an embedded dynalite, with the settings every Lambda's client has
 * (`DYNAMODB_CLIENT_SETTINGS`). Use it for local runs, tests and benches.
 */
export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ ...DYNAMODB_CLIENT_SETTINGS, endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 3 });
}
