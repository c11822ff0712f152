/**
 * @tradebot/storage-dynamodb: the trade ledger (optimistic, conditional appends) and update
 * idempotency, in one DynamoDB table.
 */
export { TABLE_DEFINITION, createTableInput } from './table';
export { LedgerContentionError, StorageUnavailableError, CorruptLedgerItemError, IdempotencyInProgressError } from './errors';
