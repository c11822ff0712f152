import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { bootstrapLocalAws } from './bootstrap';
import { localDynamoClient, localS3Client } from './clients';
import { startAwsServers } from './servers';

/** The embedded AWS stand-ins, bootstrapped, with clients pointed at them. */
export interface LocalAws {
  readonly s3Endpoint: string;
  readonly dynamoEndpoint: string;
  readonly s3: S3Client;
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  readonly dataBucket: string;
  /** Where the data lives (`.local/aws` for `pnpm start`, a temp dir otherwise). */
  readonly directory: string;
  /** Destroys the clients and stops both servers (removes the temp dir when one was made). */
  stop(): Promise<void>;
}

/**
 * Starts S3 and DynamoDB in-process on free ports, creates the table and the `tradebot-data` bucket
 * (`bootstrapLocalAws`) and returns clients. Use it for `pnpm start` and scripts with
 * `directory: '.local/aws'` (data persists across runs) or without one for throwaway data.
 */
export async function startLocalAws(options: { readonly directory?: string; readonly tableName?: string; readonly dataBucket?: string } = {}): Promise<LocalAws> {
  const ownTemp = options.directory ? undefined : mkdtempSync(`${tmpdir()}/tradebot-aws-`);
  const directory = options.directory ?? ownTemp!;
  const servers = await startAwsServers(directory);
  const s3 = localS3Client(servers.s3Endpoint);
  const dynamo = localDynamoClient(servers.dynamoEndpoint);
  try {
    const names = await bootstrapLocalAws({ s3, dynamo }, options);
    return {
      s3Endpoint: servers.s3Endpoint,
      dynamoEndpoint: servers.dynamoEndpoint,
      s3,
      dynamo,
      ...names,
      directory,
      stop: async () => {
        s3.destroy();
        dynamo.destroy();
        await servers.stop();
        if (ownTemp) rmSync(ownTemp, { recursive: true, force: true });
      },
    };
  } catch (error) {
    s3.destroy();
    dynamo.destroy();
    await servers.stop();
    throw error;
  }
}

/**
 * Clients on S3 and DynamoDB servers that another process runs (found in a data directory's
 * `stack.json`). Use it when `pnpm start` already serves the data directory: LevelDB lets one
 * process open the DynamoDB data, so a second command must go through the running servers.
 * `stop()` destroys the clients only; the servers belong to their process.
 */
export function connectLocalAws(endpoints: { readonly s3Endpoint: string; readonly dynamoEndpoint: string; readonly tableName: string; readonly dataBucket: string }, directory: string): LocalAws {
  const s3 = localS3Client(endpoints.s3Endpoint);
  const dynamo = localDynamoClient(endpoints.dynamoEndpoint);
  return {
    ...endpoints,
    s3,
    dynamo,
    directory,
    stop: async () => {
      s3.destroy();
      dynamo.destroy();
    },
  };
}
