import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handleType, retry, type RetryPolicy } from 'cockatiel';
import type { Clock, DocumentLease, DocumentLock } from '@tradebot/core-domain';
import { DeleteCommand, DocumentClient, PutCommand } from './documents';
import { DocumentLockBusyError } from './errors';
import { fullJitterBackoff, isConditionFailure, KeyTakenError, systemClock, unavailable } from './vendor';

/** Tuning of `DynamoDocumentLock`. */
export interface DynamoDocumentLockOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Reads the time for lease expiry. Default: the wall clock. */
  readonly clock?: Clock;
  /**
   * Partition-key prefix of the lease items: `DOC#` (default) for S3 documents changed by the
   * webhook; fn-daily uses `UPDATE#` (its records live under `UPDATE#daily#...`).
   */
  readonly keyPrefix?: string;
  /** How long a lease lasts; a holder that died is taken over after it. Keep it above the longest `work`. Default 30 s. */
  readonly leaseSeconds?: number;
  /** How long `withLock` waits for a busy lease before giving up. Default 15 s. */
  readonly waitTimeoutMs?: number;
  /**
   * `lease.held()` turns false this long before the lease really ends, leaving time for the write
   * it guards to land. Default a fifth of the lease, at most 5 s.
   */
  readonly safetyMarginMs?: number;
}

/** Sort key of every lease item. */
const SORT_KEY = 'LOCK';

/**
 * `DocumentLock` on the DynamoDB table: one item per name (`PK=<prefix><name>`, `SK=LOCK`) with
 * the holder (`owner`, random per call) and `expiresAt` (epoch seconds, also the table's TTL).
 *
 * - acquire: conditional Put (`attribute_not_exists(PK) OR expiresAt <= now`), so a lease left by
 *   a holder that died is taken over once it has expired;
 * - busy: retries with full-jitter backoff (5..40 ms, a cockatiel retry policy) until `waitTimeoutMs`, then
 *   `DocumentLockBusyError` (nothing ran);
 * - release: conditional Delete on `owner` after `work` settles. A failed release is not an error
 *   of the work (the work is done; the lease expires by itself), so it is swallowed.
 *
 * Use it where an S3 document is changed by read-modify-write (S3 conditional writes cannot be
 * exercised on the local stand-in) and where overlapping runs must not both do a piece of work.
 */
export class DynamoDocumentLock implements DocumentLock {
  private readonly documents: DocumentClient;
  private readonly clock: Clock;
  private readonly leaseMs: number;
  private readonly marginMs: number;
  /** Tries a busy lease again with full-jitter backoff (5..40 ms). */
  private readonly busyPolicy: RetryPolicy;

  constructor(private readonly options: DynamoDocumentLockOptions) {
    this.documents = DocumentClient.from(options.client);
    this.clock = options.clock ?? systemClock;
    this.leaseMs = (options.leaseSeconds ?? 30) * 1000;
    this.marginMs = options.safetyMarginMs ?? Math.min(5_000, this.leaseMs / 5);
    // Until `waitTimeoutMs` (checked in the attempt, which then throws DocumentLockBusyError).
    this.busyPolicy = retry(handleType(KeyTakenError), { maxAttempts: Infinity, backoff: fullJitterBackoff(5, 40) });
  }

  /** The partition key of `name`'s lease item. */
  keyOf(name: string): string {
    return `${this.options.keyPrefix ?? 'DOC#'}${name}`;
  }

  async withLock<T>(name: string, work: (lease: DocumentLease) => Promise<T>, options: { readonly onWait?: () => void } = {}): Promise<T> {
    const waitTimeoutMs = this.options.waitTimeoutMs ?? 15_000;
    const owner = randomUUID();
    const started = Date.now();
    const until = await this.busyPolicy.execute(async ({ attempt }) => {
      const claimed = await this.acquire(name, owner);
      if (claimed !== null) return claimed;
      if (attempt === 0) options.onWait?.();
      const waited = Date.now() - started;
      if (waited >= waitTimeoutMs) throw new DocumentLockBusyError(this.keyOf(name), waited);
      throw new KeyTakenError();
    });
    const lease: DocumentLease = { held: () => this.clock.now().getTime() < until - this.marginMs };
    try {
      return await work(lease);
    } finally {
      await this.release(name, owner);
    }
  }

  /** Claims the lease; returns when it ends (epoch ms), or null when someone else holds it. */
  private async acquire(name: string, owner: string): Promise<number | null> {
    const now = this.clock.now().getTime();
    const until = now + this.leaseMs;
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: { PK: this.keyOf(name), SK: SORT_KEY, owner, expiresAt: Math.ceil(until / 1000) },
          ConditionExpression: 'attribute_not_exists(PK) OR expiresAt <= :now',
          ExpressionAttributeValues: { ':now': Math.floor(now / 1000) },
        }),
      );
      return until;
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw unavailable('PutItem', error);
    }
  }

  private async release(name: string, owner: string): Promise<void> {
    try {
      await this.documents.send(
        new DeleteCommand({
          TableName: this.options.tableName,
          Key: { PK: this.keyOf(name), SK: SORT_KEY },
          // Only our own lease: if it expired and someone took it over, theirs stands.
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch {
      // Taken over (condition failed) or DynamoDB unreachable: either way the lease ends by expiry.
    }
  }
}
