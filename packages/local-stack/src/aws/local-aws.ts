import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { LEDGER_STREAM_FILTER } from '@tradebot/storage-dynamodb';
import { bootstrapLocalAws, LOCAL_TABLE_NAME } from './bootstrap';
import { localDynamoClient, localS3Client } from './clients';
import { startDynamoStream, type DynamoStreamProxy } from './dynamo-stream';
import { startAwsServers } from './servers';

/** The embedded AWS stand-ins, bootstrapped, with clients pointed at them. */
export interface LocalAws {
  readonly s3Endpoint: string;
  /** DynamoDB for writers and readers: with `stream`, the stream's endpoint in front of dynalite. */
  readonly dynamoEndpoint: string;
  readonly s3: S3Client;
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  readonly dataBucket: string;
  /** Where the data lives (`.local/aws` for `pnpm start`, a temp dir otherwise). */
  readonly directory: string;
  /**
   * The table's DynamoDB stream (`startLocalAws({ stream: true })`), filtered to the ledger's items
   * as in AWS; `attach` the consumer (the positions snapshot writer). Absent otherwise.
   */
  readonly stream?: DynamoStreamProxy;
  /** Drains the stream (when there is one), destroys the clients and stops both servers (removes the temp dir when one was made). */
  stop(): Promise<void>;
}

/**
 * Starts S3 and DynamoDB in-process on free ports, creates the table and the `tradebot-data` bucket
 * (`bootstrapLocalAws`) and returns clients. Use it for `pnpm start` and scripts with
 * `directory: '.local/aws'` (data persists across runs) or without one for throwaway data. With
 * `stream: true` the table has its DynamoDB stream, as in AWS: `dynamoEndpoint` and `dynamo` are
 * the stream's proxy (every writer that uses them is streamed), and `stream` takes the consumer.
 */
export async function startLocalAws(
  options: { readonly directory?: string; readonly tableName?: string; readonly dataBucket?: string; readonly stream?: boolean } = {},
): Promise<LocalAws> {
  const ownTemp = options.directory ? undefined : mkdtempSync(`${tmpdir()}/tradebot-aws-`);
  const directory = options.directory ?? ownTemp!;
  const servers = await startAwsServers(directory);
  let stream: DynamoStreamProxy | undefined;
  const s3 = localS3Client(servers.s3Endpoint);
  let dynamo = localDynamoClient(servers.dynamoEndpoint);
  try {
    if (options.stream) {
      stream = await startDynamoStream({ target: servers.dynamoEndpoint, tableName: options.tableName ?? LOCAL_TABLE_NAME, filter: LEDGER_STREAM_FILTER });
      dynamo.destroy();
      dynamo = localDynamoClient(stream.endpoint);
    }
    const names = await bootstrapLocalAws({ s3, dynamo }, options);
    return {
      s3Endpoint: servers.s3Endpoint,
      dynamoEndpoint: stream?.endpoint ?? servers.dynamoEndpoint,
      s3,
      dynamo,
      ...names,
      directory,
      ...(stream ? { stream } : {}),
      stop: async () => {
        // What is still in the stream is written first: the consumer uses these clients.
        await stream?.stop();
        s3.destroy();
        dynamo.destroy();
        await servers.stop();
        if (ownTemp) rmSync(ownTemp, { recursive: true, force: true });
      },
    };
  } catch (error) {
    s3.destroy();
    dynamo.destroy();
    await stream?.stop();
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
