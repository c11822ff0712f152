import { DependencyError, TradebotError, type ScanAbortReason } from '@tradebot/core-domain';

/** Base of every error the price feed throws; `dependency` is `yahoo`. */
export class MarketDataError extends DependencyError {
  constructor(message: string, options?: ErrorOptions) {
    super('yahoo', message, options);
  }
}

/**
 * The source could not answer right now (HTTP 5xx, network error, timeout, or 429 for the subclass
 * `RateLimitedError`). Transient: the feed retries these with backoff; callers see it only once the
 * retries are spent. All but the 429s count towards the circuit breaker.
 */
export class PriceSourceUnavailableError extends MarketDataError {
  constructor(
    message: string,
    /** HTTP status when there was one. */
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * The source asked us to slow down (HTTP 429). Back-pressure, not an outage: the feed pauses (as long
 * as `Retry-After` says), lowers its concurrency and asks again; it never opens the breaker.
 */
export class RateLimitedError extends PriceSourceUnavailableError {
  constructor(
    message: string,
    /** What `Retry-After` asked for, in ms; undefined when the answer did not say. */
    readonly retryAfterMs?: number,
    options?: ErrorOptions,
  ) {
    super(message, 429, options);
  }
}

/**
 * Rate limiting went on beyond the feed's wait budget (`rateLimitBudgetMs` of pauses in one run), so
 * the feed sends no further requests in this run. A scan that sees this stops, like on an open breaker.
 */
export class RateLimitExhaustedError extends RateLimitedError {
  constructor(
    readonly rateLimited: number,
    readonly pausedMs: number,
    options?: ErrorOptions,
  ) {
    super(
      `Yahoo kept rate limiting (${rateLimited} answers of HTTP 429, ${Math.round(pausedMs / 1000)} s of pauses, beyond the wait budget); no further requests are sent in this run.`,
      undefined,
      options,
    );
  }
}

/** The source does not know the symbol (Yahoo's 404 "No data found, symbol may be delisted"). */
export class SymbolNotFoundError extends MarketDataError {
  constructor(
    readonly symbol: string,
    options?: ErrorOptions,
  ) {
    super(`Yahoo has no data for ${symbol} (unknown or delisted symbol).`, options);
  }
}

/** The source answered, but not with what we expected (schema change, malformed body). */
export class UnexpectedResponseError extends MarketDataError {}

/**
 * The circuit breaker is open: the source kept refusing, so calls fail fast without a request.
 * A scan that sees this stops early instead of hammering the source.
 */
export class CircuitOpenError extends MarketDataError {
  constructor(options?: ErrorOptions) {
    super('Yahoo keeps refusing requests; the circuit breaker is open and no further requests are sent for now.', options);
  }
}

/** A universe file (shipped JSON, S3 override CSV or iShares export) that cannot be used. */
export class UniverseFormatError extends TradebotError {
  constructor(
    readonly source: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`Universe ${source} is not usable: ${reason}`, options);
  }
}

/** A `ScanAbortReason` in English, for logs and results. */
export function describeScanAbort(why: ScanAbortReason): string {
  switch (why.kind) {
    case 'source-refusing':
      return 'Yahoo keeps refusing requests (circuit breaker open)';
    case 'rate-limited':
      return `Yahoo kept rate limiting beyond the wait budget (${why.answers} answers of HTTP 429)`;
    case 'too-many-failures':
      return `${why.failed} of ${why.attempted} symbols failed`;
  }
}

/**
 * The scan failed as a whole (breaker open, rate limiting beyond the budget, too many failed
 * symbols). Nothing was saved, so the previous `latest.json` stays in place. `why` says which, as
 * data (messages to people are worded from it); `reason` is the same in English, for logs.
 */
export class ScanAbortedError extends TradebotError {
  readonly reason: string;

  constructor(
    readonly why: ScanAbortReason,
    readonly progress: { readonly attempted: number; readonly failed: number; readonly universeSize: number },
    options?: ErrorOptions,
  ) {
    const reason = describeScanAbort(why);
    super(`Drawdown scan aborted: ${reason}. The previous scan was left in place.`, options);
    this.reason = reason;
  }
}
