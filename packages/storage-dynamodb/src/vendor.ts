import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { StorageUnavailableError } from './errors';

/** Whether DynamoDB refused a write because its condition did not hold (a lost race, an existing key). */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}

/** Wraps an unexpected DynamoDB failure in the package's own error, keeping the cause. */
export function unavailable(operation: string, error: unknown): StorageUnavailableError {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new StorageUnavailableError(operation, message, { cause: error });
}

/** Sleeps for a random time in [0, min(cap, base * 2^attempt)) ("full jitter"), so racing writers spread out. */
export function backoff(attempt: number, baseMs: number, capMs: number): Promise<void> {
  const ms = Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The wall clock, for production; tests pass their own `Clock`. */
export const systemClock = { now: (): Date => new Date() };
