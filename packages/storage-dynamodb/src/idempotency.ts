import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Clock, IdempotencyStore, Json } from '@tradebot/core-domain';
import * as z from '@tradebot/core-domain/zod';
import { ConstantBackoff, handleType, retry, type RetryPolicy } from 'cockatiel';
import { DeleteCommand, DocumentClient, GetCommand, PutCommand, UpdateCommand } from './documents';
import { CorruptLedgerItemError, IdempotencyInProgressError } from './errors';
import { isConditionFailure, KeyTakenError, systemClock, unavailable } from './vendor';

/** Tuning of `DynamoIdempotencyStore`. */
export interface DynamoIdempotencyStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Reads the time for expiries. Default: the wall clock. */
  readonly clock?: Clock;
  /** How long a finished key keeps its stored result (default 3 days: Telegram redelivers for 24 h). */
  readonly completedTtlSeconds?: number;
  /**
   * After this long an IN_PROGRESS record counts as a dead worker and may be taken over (default
   * 120 s). Keep it above the timeout of the function running the work, which cannot outlive it:
   * shorter, a slow run would be taken over while alive; much longer, a dead run blocks its key.
   */
  readonly inProgressTimeoutSeconds?: number;
  /** How long a repeat waits for a concurrent first run to finish (default 10 s). */
  readonly waitTimeoutMs?: number;
  /** Pause between polls while waiting (default 50 ms). */
  readonly pollIntervalMs?: number;
}

/** `UPDATE#<key>`: the idempotency record's partition. */
export const idempotencyKey = (key: string): string => `UPDATE#${key}`;
const SORT_KEY = 'UPDATE';

const RecordSchema = z.object({
  status: z.enum(['IN_PROGRESS', 'COMPLETED']),
  /** Epoch seconds; DynamoDB TTL removes the record after it (best effort, so it is also checked here). */
  expiresAt: z.number(),
  owner: z.string(),
  result: z.optional(z.string()),
});

/**
 * Runs work at most once per key (a Telegram `update_id`) using the ledger's DynamoDB table.
 * Use it around each update's handling, so a redelivered update has one effect and gets the first
 * reply again.
 *
 * - The first caller writes `IN_PROGRESS` with a conditional put and runs the work; on success it
 *   stores `COMPLETED` with the JSON result (kept `completedTtlSeconds`), on failure it deletes its
 *   record so a retry can run the work again.
 * - A repeat (sequential or concurrent) gets the stored result; while the first run is still going it
 *   polls up to `waitTimeoutMs`, then throws `IdempotencyInProgressError` (nothing was done twice).
 * - An `IN_PROGRESS` older than `inProgressTimeoutSeconds` (a crashed worker) is taken over.
 * - `replaceResult` rewrites a `COMPLETED` record's result (the webhook: "the reply was delivered").
 *
 * Same semantics as Powertools' idempotency utility, implemented here because Powertools answers a
 * concurrent repeat with an error instead of waiting for the stored reply, and would be one more
 * dependency in every bundle.
 */
export class DynamoIdempotencyStore implements IdempotencyStore {
  private readonly documents: DocumentClient;
  private readonly clock: Clock;
  /** Polls a key another run holds, every `pollIntervalMs`. */
  private readonly pollPolicy: RetryPolicy;

  constructor(private readonly options: DynamoIdempotencyStoreOptions) {
    this.documents = DocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
    this.clock = options.clock ?? systemClock;
    // Until `waitTimeoutMs` (checked in the attempt, which then throws IdempotencyInProgressError).
    this.pollPolicy = retry(handleType(KeyTakenError), { maxAttempts: Infinity, backoff: new ConstantBackoff(options.pollIntervalMs ?? 50) });
  }

  async once<T extends Json>(key: string, work: () => Promise<T>): Promise<T> {
    const waitTimeoutMs = this.options.waitTimeoutMs ?? 10_000;
    const started = Date.now();
    const claim = await this.pollPolicy.execute(async (): Promise<{ readonly owner: string } | { readonly stored: T }> => {
      const owner = randomUUID();
      if (await this.acquire(key, owner)) return { owner };
      const record = await this.read(key);
      if (record?.status === 'COMPLETED' && record.expiresAt > this.nowSeconds()) return { stored: JSON.parse(record.result ?? 'null') as T };
      // Still in progress elsewhere; or released/expired between our put and get, and the next
      // acquire will tell. Either way wait a little, within the bound.
      const waited = Date.now() - started;
      if (waited >= waitTimeoutMs) throw new IdempotencyInProgressError(key, waited);
      throw new KeyTakenError();
    });
    return 'owner' in claim ? this.run(key, claim.owner, work) : claim.stored;
  }

  async replaceResult<T extends Json>(key: string, result: T): Promise<boolean> {
    const now = this.nowSeconds();
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: { PK: idempotencyKey(key), SK: SORT_KEY },
          UpdateExpression: 'SET #result = :result',
          // Only a live COMPLETED record: never create one, never touch a run still in progress.
          ConditionExpression: '#status = :completed AND expiresAt > :now',
          ExpressionAttributeNames: { '#result': 'result', '#status': 'status' },
          ExpressionAttributeValues: { ':result': JSON.stringify(result), ':completed': 'COMPLETED', ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw unavailable('UpdateItem', error);
    }
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  /** Claims the key: succeeds when no live record exists (absent, or expired either way). */
  private async acquire(key: string, owner: string): Promise<boolean> {
    const now = this.nowSeconds();
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: { PK: idempotencyKey(key), SK: SORT_KEY, status: 'IN_PROGRESS', owner, expiresAt: now + (this.options.inProgressTimeoutSeconds ?? 120) },
          ConditionExpression: 'attribute_not_exists(PK) OR expiresAt <= :now',
          ExpressionAttributeValues: { ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw unavailable('PutItem', error);
    }
  }

  private async run<T extends Json>(key: string, owner: string, work: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await this.release(key, owner);
      throw error;
    }
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: {
            PK: idempotencyKey(key),
            SK: SORT_KEY,
            status: 'COMPLETED',
            owner,
            result: JSON.stringify(result),
            expiresAt: this.nowSeconds() + (this.options.completedTtlSeconds ?? 3 * 24 * 3600),
          },
          // Only the owner completes: if a slow run was taken over, the newer run's record stands.
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw unavailable('PutItem', error);
    }
    return result;
  }

  /** Deletes our IN_PROGRESS record after the work failed, so a retry can do the work. */
  private async release(key: string, owner: string): Promise<void> {
    try {
      await this.documents.send(
        new DeleteCommand({
          TableName: this.options.tableName,
          Key: { PK: idempotencyKey(key), SK: SORT_KEY },
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw unavailable('DeleteItem', error);
    }
  }

  private async read(key: string): Promise<z.infer<typeof RecordSchema> | null> {
    let item;
    try {
      ({ Item: item } = await this.documents.send(
        new GetCommand({ TableName: this.options.tableName, Key: { PK: idempotencyKey(key), SK: SORT_KEY }, ConsistentRead: true }),
      ));
    } catch (error) {
      throw unavailable('GetItem', error);
    }
    if (!item) return null;
    const parsed = RecordSchema.safeParse(item);
    if (!parsed.success) {
      throw new CorruptLedgerItemError(idempotencyKey(key), SORT_KEY, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    }
    return parsed.data;
  }
}
