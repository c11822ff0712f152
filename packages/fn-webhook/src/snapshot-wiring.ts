import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Clock } from '@tradebot/core-domain';
import { DynamoTradeLedger } from '@tradebot/storage-dynamodb';
import { S3SnapshotRepository } from '@tradebot/storage-s3';
import type { SnapshotConsumerDependencies } from './snapshot-consumer';

// Apart from wiring.ts on purpose: the snapshot writer's bundle (snapshot.js) takes this module
// whole, and wiring.ts would bring the webhook's adapters (Yahoo, the documents, the locks) along.

/** What `createSnapshotAdapters` needs: the clients and names of the table and the data bucket. */
export interface SnapshotAdapterOptions {
  readonly s3: S3Client;
  readonly dynamo: DynamoDBClient;
  readonly bucket: string;
  readonly tableName: string;
  readonly clock: Clock;
}

/**
 * The positions snapshot writer's adapters: the ledger it replays and the document it writes. Use it
 * wherever the writer is wired (its Lambda module scope, `pnpm start`, tests), so they run the same code.
 */
export function createSnapshotAdapters(options: SnapshotAdapterOptions): Pick<SnapshotConsumerDependencies, 'ledger' | 'snapshots'> {
  return {
    ledger: new DynamoTradeLedger({ client: options.dynamo, tableName: options.tableName, clock: options.clock }),
    snapshots: new S3SnapshotRepository({ client: options.s3, bucket: options.bucket }),
  };
}
