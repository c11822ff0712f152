/**
 * Update ids for `pnpm start`'s terminal chat. The webhook runs every write command once per
 * `update_id` and keeps the record in the data directory, so an id used in an earlier run would
 * be swallowed ("(no reply)", nothing recorded). Ids therefore continue from a counter kept in the
 * data directory; a directory without one (made before the counter existed) starts above the
 * highest id its table holds.
 */
import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { idempotencyKey } from '@tradebot/storage-dynamodb';
import { UPDATE_ID_FILE } from '../local-data/data-dir';

/** Where Telegram-like ids start in a new data directory (as `makeUpdate` numbers them). */
const FIRST_ID_BASE = 100_000;

/** Hands out update ids; each one is on disk before it is returned. */
export interface UpdateIdSource {
  next(): number;
}

/**
 * The highest Telegram update id stored in the table: idempotency records (`UPDATE#<id>`) and the
 * `updateId` of ledger entries. Reads the whole table, so call it once, for a directory without a counter.
 */
export async function highestStoredUpdateId(dynamo: DynamoDBClient, tableName: string): Promise<number> {
  const prefix = idempotencyKey('');
  let highest = 0;
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamo.send(
      new ScanCommand({
        TableName: tableName,
        ProjectionExpression: '#pk, updateId',
        ExpressionAttributeNames: { '#pk': 'PK' },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const pk = item.PK?.S ?? '';
      const fromKey = pk.startsWith(prefix) && /^\d+$/.test(pk.slice(prefix.length)) ? Number(pk.slice(prefix.length)) : 0;
      const fromEntry = item.updateId?.N !== undefined ? Number(item.updateId.N) : 0;
      highest = Math.max(highest, fromKey, fromEntry);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return highest;
}

/**
 * Opens the update-id counter of data directory `dir`. Without a readable counter it starts above
 * `highestStored()` (ids that were never stored cannot be swallowed, so that is enough). Every
 * `next()` writes the counter (atomically) before returning the id, so a crash never reuses one.
 */
export async function openUpdateIds(dir: string, highestStored: () => Promise<number>): Promise<UpdateIdSource> {
  const file = join(dir, UPDATE_ID_FILE);
  let last: number | null = null;
  try {
    const text = readFileSync(file, 'utf8').trim();
    if (/^\d+$/.test(text)) last = Number(text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  let current = last ?? Math.max(FIRST_ID_BASE, await highestStored());
  return {
    next() {
      current += 1;
      const temp = join(dir, `${UPDATE_ID_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      writeFileSync(temp, `${current}\n`);
      renameSync(temp, file);
      return current;
    },
  };
}
