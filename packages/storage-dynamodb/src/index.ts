/**
 * @tradebot/storage-dynamodb: the trade ledger (optimistic, conditional appends), update
 * idempotency and document leases, in one DynamoDB table.
 */
export { TABLE_DEFINITION, createTableInput } from './table';
export { DYNAMODB_CLIENT_SETTINGS } from './documents';
export { LedgerContentionError, StorageUnavailableError, CorruptLedgerItemError, IdempotencyInProgressError, DocumentLockBusyError } from './errors';
export { DynamoTradeLedger, type DynamoTradeLedgerOptions } from './ledger';
export { DynamoDocumentLock, type DynamoDocumentLockOptions } from './document-lock';
export { DynamoIdempotencyStore, idempotencyKey, type DynamoIdempotencyStoreOptions } from './idempotency';
export { portfolioKey, tradeKey, PORTFOLIO_KEY_PREFIX, TRADE_KEY_PREFIX } from './ledger-item';
export { LEDGER_STREAM_FILTER, ledgerPortfolioOf, type StreamKeys } from './ledger-stream';
export { toItem as toLedgerItem, fromItem as fromLedgerItem, type LedgerItem } from './ledger-item';
export { DynamoPriceAlertStore, alertPartition, alertKey, type DynamoPriceAlertStoreOptions } from './alerts';
export { DynamoProposalStore, DynamoModelSpend, proposalKey, MODEL_SPEND_PARTITION, type DynamoProposalStoreOptions } from './proposals';
