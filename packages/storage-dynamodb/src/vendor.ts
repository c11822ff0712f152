import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ExponentialBackoff, fullJitterGenerator } from 'cockatiel';
import { describeError } from '@tradebot/core-domain';
import { QueryCommand, type DocumentClient, type QueryCommandInput } from './documents';
import { StorageUnavailableError } from './errors';

/** Whether DynamoDB refused a write because its condition did not hold (a lost race, an existing key). */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}

/** Wraps an unexpected DynamoDB failure in the package's own error, keeping the cause. */
export function unavailable(operation: string, error: unknown): StorageUnavailableError {
  return new StorageUnavailableError(operation, describeError(error, { withName: true }), { cause: error });
}

/**
 * Exponential backoff with "full jitter": the n-th wait is random in [0, min(cap, base x 2^n)), so
 * writers that raced for the same key spread out instead of colliding again. Use it in the
 * cockatiel retry policies of the conditional writes.
 */
export function fullJitterBackoff(baseMs: number, capMs: number): ExponentialBackoff<number> {
  return new ExponentialBackoff({ initialDelay: baseMs, maxDelay: capMs, generator: fullJitterGenerator });
}

/** A conditional put found its key held by another writer: the signal the retry policies handle (never leaves the package). */
export class KeyTakenError extends Error {
  override readonly name = 'KeyTakenError';
}

/**
 * Every item a Query matches, following every page, each read with `read` (which may throw on an
 * item of the wrong shape). Use it for whole-partition reads (a ledger, a chat's alerts); a failed
 * request is `StorageUnavailableError`.
 */
export async function queryAll<T>(documents: DocumentClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>, read: (item: Record<string, unknown>) => T): Promise<T[]> {
  const found: T[] = [];
  let exclusiveStartKey: QueryCommandInput['ExclusiveStartKey'];
  do {
    let page;
    try {
      page = await documents.send(new QueryCommand({ ...input, ExclusiveStartKey: exclusiveStartKey }));
    } catch (error) {
      throw unavailable('Query', error);
    }
    for (const item of page.Items ?? []) found.push(read(item));
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
  return found;
}

/** The wall clock, for production; tests pass their own `Clock`. */
export const systemClock = { now: (): Date => new Date() };
