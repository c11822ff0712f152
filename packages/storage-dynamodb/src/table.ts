import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The one table tradebot keeps in DynamoDB: the trade ledger and the update-idempotency records.
 * Use it (through `createTableInput`) wherever the table is created, so Terraform's definition,
 * the local bootstrap and the tests all mirror one source.
 */
export const TABLE_DEFINITION = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Epoch seconds; DynamoDB's TTL deletes idempotency records after it (best effort). */
  ttlAttribute: 'expiresAt',
  billingMode: 'PAY_PER_REQUEST',
} as const;

/**
 * The `CreateTable` request for a table called `tableName`. Use it in bootstraps and tests.
 * TTL is a separate `UpdateTimeToLive` call in the cloud (Terraform's `ttl` block); dynalite has
 * no TTL, so the code never relies on expired items disappearing: it checks `expiresAt` itself.
 */
export function createTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: TABLE_DEFINITION.billingMode,
    AttributeDefinitions: [
      { AttributeName: TABLE_DEFINITION.partitionKey, AttributeType: 'S' },
      { AttributeName: TABLE_DEFINITION.sortKey, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
    ],
  };
}
