import { BusyError, DependencyError, TradebotError } from '@tradebot/core-domain';

/**
 * Many writers kept winning the race for the next sequence number, so this append gave up after
 * its bounded retries. Nothing was written; the caller may ask the person to try again.
 */
export class LedgerContentionError extends BusyError {
  constructor(
    readonly portfolioId: string,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(`The ledger of portfolio ${portfolioId} is busy: ${attempts} attempts lost the race to other writers. Nothing was recorded; try again.`, options);
  }
}

/** DynamoDB could not be reached or refused the request (throttling, permissions, missing table). */
export class StorageUnavailableError extends DependencyError {
  constructor(
    readonly operation: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super('DynamoDB', `DynamoDB ${operation} failed: ${message}`, options);
  }
}

/** A stored ledger item does not have the shape this code writes (edited by hand, or a newer format). */
export class CorruptLedgerItemError extends TradebotError {
  constructor(
    readonly pk: string,
    readonly sk: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`Stored ledger item ${pk} / ${sk} is unreadable: ${reason}`, options);
  }
}

/**
 * Another run of the same idempotency key is still in progress and did not finish within the wait
 * bound. Nothing was done by this run, and nothing will be unless the caller's sender tries again:
 * the webhook answers non-2xx so Telegram redelivers, and a redelivery gets the stored result (or
 * takes the key over once the other run's in-progress record has expired: it died).
 */
export class IdempotencyInProgressError extends TradebotError {
  constructor(
    readonly key: string,
    readonly waitedMs: number,
    options?: ErrorOptions,
  ) {
    super(`Work for ${key} is still in progress elsewhere (waited ${waitedMs} ms); not running it twice.`, options);
  }
}

/**
 * Another holder kept a document's lease for longer than this call would wait (many concurrent
 * changes, or a holder that died and whose lease has not expired yet). Nothing was done; the
 * caller may ask the person to try again.
 */
export class DocumentLockBusyError extends BusyError {
  constructor(
    readonly lockKey: string,
    readonly waitedMs: number,
    options?: ErrorOptions,
  ) {
    super(`${lockKey} is being changed by someone else (waited ${waitedMs} ms). Nothing was done; try again.`, options);
  }
}
