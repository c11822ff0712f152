/**
 * Codes for every way the domain refuses something. Exhaustive `switch`es over
 * `DomainErrorCode` are checked by the compiler.
 */
export const DomainErrorCode = {
  InsufficientQuantity: 'INSUFFICIENT_QUANTITY',
  NonPositiveQuantity: 'NON_POSITIVE_QUANTITY',
  NegativePrice: 'NEGATIVE_PRICE',
  NegativeFees: 'NEGATIVE_FEES',
  CurrencyMismatch: 'CURRENCY_MISMATCH',
  MixedCurrencies: 'MIXED_CURRENCIES',
  UnknownEntry: 'UNKNOWN_ENTRY',
  AlreadyVoided: 'ALREADY_VOIDED',
  VoidBreaksHistory: 'VOID_BREAKS_HISTORY',
  Blacklisted: 'BLACKLISTED',
  InvalidTicker: 'INVALID_TICKER',
  /** A dividend or a split for a symbol the ledger never held (or does not hold). */
  NeverHeld: 'NEVER_HELD',
} as const;
export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];

/** An expected refusal, carried in a `Result`. `message` is fit to show a person. */
export interface DomainError {
  readonly code: DomainErrorCode;
  readonly message: string;
  readonly context?: Readonly<Record<string, string | number>>;
}

/** Base class for errors the adapters throw; each adapter subclasses it per kind of failure. */
export class TradebotError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A dependency (S3, DynamoDB, Yahoo, Claude, Telegram) could not be reached or refused to work. */
export class DependencyError extends TradebotError {
  constructor(
    readonly dependency: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Others were changing the same thing (a shared document under its lease, the ledger's next
 * sequence number) for longer than this call may wait. Nothing was done; the person may try again.
 * Not a `DependencyError`: the stores answered, they were busy.
 */
export class BusyError extends TradebotError {}

/** A stored document exists but cannot be read (bad JSON, bad CSV, schema violation). */
export class CorruptDocumentError extends TradebotError {
  constructor(
    readonly key: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`Stored document ${key} is corrupt: ${reason}. It was left untouched; fix or delete it.`, options);
  }
}

/**
 * Says what went wrong from anything thrown: an `Error`'s message (`withName`: `Name: message`),
 * anything else as text. Never includes a stack. Use it in logs, stored failure records and
 * notices; when the text may carry a secret (a URL with a token), redact it after.
 */
export function describeError(error: unknown, options: { readonly withName?: boolean } = {}): string {
  if (!(error instanceof Error)) return String(error);
  return options.withName ? `${error.name}: ${error.message}` : error.message;
}
