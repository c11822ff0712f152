import { BatchWriteItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EntryDraft } from '@tradebot/core-domain';
import { toLedgerItem } from '@tradebot/storage-dynamodb';

function marshal(item: Record<string, unknown>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    if (typeof value === 'number') out[name] = { N: String(value) };
    else if (typeof value === 'string') out[name] = { S: value };
    else throw new Error(`Cannot seed attribute ${name} of type ${typeof value}`);
  }
  return out;
}

/**
 * Writes `drafts` as ledger entries seq 1..n with BatchWriteItem (25 items a request), in the exact
 * item format `DynamoTradeLedger` writes. For benches and large test fixtures ONLY: it skips
 * validation and the conditional put, so never point it at a ledger that matters.
 */
export async function seedLedger(options: {
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  readonly portfolioId: string;
  readonly drafts: readonly EntryDraft[];
  readonly recordedAt: string;
}): Promise<void> {
  const items = options.drafts.map((draft, index) => marshal({ ...toLedgerItem(options.portfolioId, index + 1, options.recordedAt, draft) }));
  for (let start = 0; start < items.length; start += 25) {
    let requests = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt > 10) throw new Error('seedLedger: DynamoDB kept returning unprocessed items');
      const { UnprocessedItems } = await options.dynamo.send(new BatchWriteItemCommand({ RequestItems: { [options.tableName]: requests } }));
      requests = (UnprocessedItems?.[options.tableName] ?? []) as typeof requests;
    }
  }
}
