/**
 * `PriceFeed` on yahoo-finance2: `chart()` for daily history, batched `quote()` for the latest
 * session. Every request goes through the injected `fetch`, behind cockatiel policies:
 * retry (exponential backoff with jitter) -> adaptive concurrency -> circuit breaker -> timeout, so
 * each attempt takes a concurrency slot, counts towards the breaker when the source fails (5xx,
 * timeout, network), and is cut off when slow. A 429 is back-pressure, handled inside the attempt by
 * `AdaptiveConcurrency` (pause for `Retry-After`, halve the concurrency, resume): it never counts as a failure.
 * yahoo-finance2 itself is behind `YahooClient` (its own validation off); the fields used are checked
 * with zod in `yahoo-responses.ts`, so a malformed answer is a clear per-symbol failure.
 */
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  IsolatedCircuitError,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  type CircuitBreakerPolicy,
  type RetryPolicy,
  type TimeoutPolicy,
} from 'cockatiel';
import { addDays, dec, describeError, utcDay, type Bar, type Clock, type Logger, type PriceFeed, type PriceProvenance, type Quote, type QuoteBatch, type ScanFailure, type Split } from '@tradebot/core-domain';
import { newYorkTime, SESSION_CLOSE_MINUTES } from './calendar';
import {
  CircuitOpenError,
  PriceSourceUnavailableError,
  RateLimitedError,
  RateLimitExhaustedError,
  SymbolNotFoundError,
  UnexpectedResponseError,
} from './errors';
import { AdaptiveConcurrency, parseRetryAfter, type BackPressureStats, type Slot } from './rate-limit';
import { httpFetchAsFetch } from './http-fetch';
import type { YahooClient } from './yahoo-client';
import { isSimulatedQuote, parseChart, parseQuotes, parseSplitEvents, type YahooQuote } from './yahoo-responses';

/** A quote with what is needed to turn it into a daily bar. */
export interface SessionQuote extends Quote {
  /** New York date of the session the price belongs to. */
  readonly sessionDate: string;
  /** True when that session has closed, so the price is the day's close (not an intraday tick). */
  readonly sessionClosed: boolean;
  readonly close: number;
  readonly previousCloseValue?: number;
  readonly volume?: number;
  readonly dayHigh?: number;
  readonly dayLow?: number;
}

/** Quotes for a batch; `unavailable` lists symbols whose batch request failed after retries. */
export interface SessionQuoteBatch extends QuoteBatch {
  readonly quotes: ReadonlyMap<string, SessionQuote>;
  readonly unavailable: readonly ScanFailure[];
}

/** What a feed has done so far: who answered, and how much it was held back by rate limiting. */
export interface FeedActivity extends BackPressureStats {
  /** Data requests (chart, quote) answered with data not labelled simulated: real Yahoo. */
  readonly liveAnswers: number;
  /** Data requests answered with data labelled `"simulated": true`: the local stand-in. */
  readonly simulatedAnswers: number;
}

/** Daily bars with where they came from: the chart's currency, and whether the source made them up. */
export interface ChartHistory {
  readonly bars: Bar[];
  /** The chart's currency (`meta.currency`); absent when the source did not say. */
  readonly currency?: string;
  /** True when the local stand-in made the bars up (`meta.simulated`). */
  readonly simulated: boolean;
}

/** A source of `ChartHistory` (what `CachedClosingPrices` fetches from). */
export interface ChartSource {
  chart(symbol: string, from: string, to: string): Promise<ChartHistory>;
}

/** A `PriceFeed` whose quotes carry session details (what the drawdown scan needs). */
export interface DailyPriceFeed extends PriceFeed {
  quotes(symbols: readonly string[]): Promise<SessionQuoteBatch>;
  /** Who answered so far; read it after a run to tell where its prices came from (`priceProvenance`). */
  activity(): FeedActivity;
}

/**
 * Where a run's prices came from, judged by what answered, never by configuration: `live` (only real
 * Yahoo answered), `simulated` (only the local stand-in), `mixed`, or `cache-only` (nothing answered:
 * every price came from the history cache).
 */
export function priceProvenance(activity: Pick<FeedActivity, 'liveAnswers' | 'simulatedAnswers'>): PriceProvenance {
  if (activity.liveAnswers > 0) return activity.simulatedAnswers > 0 ? 'mixed' : 'live';
  return activity.simulatedAnswers > 0 ? 'simulated' : 'cache-only';
}

/** Tuning of `YahooPriceFeed`; every field has a production default. */
export interface YahooPriceFeedOptions {
  /** Transport for every request (tests inject `yahooFetch(server)`). Default: `httpFetch` (Node's `https`, not its `fetch`: see http-fetch.ts). */
  readonly fetch?: typeof fetch;
  /** Receives yahoo-finance2's own log lines and the feed's retries. Default: silent. */
  readonly logger?: Logger;
  /** Used to tell a closed session from an intraday price. Default: wall clock. */
  readonly clock?: Clock;
  /** Requests in flight at once (the most: 429s lower it for a while). Default 8. */
  readonly concurrency?: number;
  /** Per-attempt timeout in ms. Default 10 000. */
  readonly timeoutMs?: number;
  /** Retries after the first attempt on 429/5xx/network/timeout. Default 3. */
  readonly maxRetries?: number;
  /**
   * First backoff delay in ms (then exponential, with decorrelated jitter), also the first pause after
   * a 429 that has no `Retry-After` (then doubling). Default 250.
   */
  readonly initialBackoffMs?: number;
  /** Longest backoff delay, and longest pause after a 429 without `Retry-After`, in ms. Default 8 000. */
  readonly maxBackoffMs?: number;
  /** Longest pause honoured for one `Retry-After`; a longer one is cut to this. Default 30 000. */
  readonly maxRetryAfterMs?: number;
  /**
   * Total pause time rate limiting may cost this feed (one run); beyond it every call fails with
   * `RateLimitExhaustedError`. Keep it well under the Lambda timeout. Default 120 000.
   */
  readonly rateLimitBudgetMs?: number;
  /** How the feed waits out a 429. Default: a timer. Tests inject one that records the waits. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Consecutive failed attempts that open the breaker. Default 10. */
  readonly breakerThreshold?: number;
  /** How long the breaker stays open before letting one probe through, in ms. Default 60 000. */
  readonly breakerHalfOpenAfterMs?: number;
  /** Symbols per quote request. Default 100. */
  readonly quoteBatchSize?: number;
  /**
   * Loads the yahoo-finance2 client on the feed's first request. Default: `import('./yahoo-client')`
   * (in a Lambda bundle, a file of its own beside `index.js`). Tests inject one that fails.
   */
  readonly loadClient?: () => Promise<{ readonly YahooClient: typeof YahooClient }>;
}

/** Thrown by the instrumented fetch so a refusal is classified before yahoo-finance2 parses it. */
class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    /** A 429's `Retry-After`, in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(`HTTP ${status}`);
  }
}

const SILENT: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** What the retry and the breaker handle: the source failing. A 429 is back-pressure, handled inside the attempt. */
const isOutage = (error: unknown): boolean => error instanceof PriceSourceUnavailableError && !(error instanceof RateLimitedError);
const timer = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Yahoo Finance price feed. Build one per run (each instance has its own cookie jar and breaker);
 * share it between the quote pass and the history calls of that run.
 */
export class YahooPriceFeed implements DailyPriceFeed, ChartSource {
  private client: Promise<YahooClient> | null = null;
  private readonly loadClient: () => Promise<{ readonly YahooClient: typeof YahooClient }>;
  private readonly retryPolicy: RetryPolicy;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly limiter: AdaptiveConcurrency;
  private readonly timeoutPolicy: TimeoutPolicy;
  private readonly answers = { liveAnswers: 0, simulatedAnswers: 0 };
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly transport: typeof fetch;
  private readonly batchSize: number;

  constructor(options: YahooPriceFeedOptions = {}) {
    this.logger = options.logger ?? SILENT;
    this.clock = options.clock ?? { now: () => new Date() };
    this.transport = options.fetch ?? httpFetchAsFetch;
    this.batchSize = options.quoteBatchSize ?? 100;
    this.loadClient = options.loadClient ?? (() => import('./yahoo-client'));

    const outage = handleWhen(isOutage);
    const initialBackoffMs = options.initialBackoffMs ?? 250;
    const maxBackoffMs = options.maxBackoffMs ?? 8_000;
    this.retryPolicy = retry(outage, {
      maxAttempts: options.maxRetries ?? 3,
      backoff: new ExponentialBackoff({ initialDelay: initialBackoffMs, maxDelay: maxBackoffMs }),
    });
    this.retryPolicy.onRetry((event) =>
      this.logger.debug({ attempt: event.attempt, delayMs: event.delay, error: 'error' in event ? event.error.message : undefined }, 'yahoo request retry'),
    );
    this.breaker = circuitBreaker(outage, {
      halfOpenAfter: options.breakerHalfOpenAfterMs ?? 60_000,
      breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 10),
    });
    this.breaker.onBreak(() => this.logger.warn({ source: 'yahoo' }, 'circuit breaker opened: Yahoo keeps refusing'));
    this.limiter = new AdaptiveConcurrency({
      max: options.concurrency ?? 8,
      initialPauseMs: initialBackoffMs,
      maxPauseMs: maxBackoffMs,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
      budgetMs: options.rateLimitBudgetMs ?? 120_000,
      sleep: options.sleep ?? timer,
    });
    // abortOnReturn off: aborting a finished request's signal tears down its keep-alive socket.
    this.timeoutPolicy = timeout(options.timeoutMs ?? 10_000, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  }

  /** Who answered so far and how rate limiting held this feed back. */
  activity(): FeedActivity {
    return { ...this.answers, ...this.limiter.snapshot() };
  }

  /**
   * Latest quotes in batches of `quoteBatchSize` symbols (1,000 symbols: 10 requests + the crumb
   * flow). A batch that still fails after retries lists its symbols in `unavailable`; an open
   * breaker throws `CircuitOpenError`, a spent rate-limit budget `RateLimitExhaustedError`.
   */
  async quotes(symbols: readonly string[]): Promise<SessionQuoteBatch> {
    const unique = [...new Set(symbols)];
    const batches: string[][] = [];
    for (let i = 0; i < unique.length; i += this.batchSize) batches.push(unique.slice(i, i + this.batchSize));
    const quotes = new Map<string, SessionQuote>();
    const unavailable: ScanFailure[] = [];
    const today = newYorkTime(this.clock.now()).date;
    const yahoo = await this.yahoo();
    await yahoo.startSession();
    await Promise.all(
      batches.map(async (batch) => {
        try {
          const answer = parseQuotes(await this.call('quote', (fetchImpl) => yahoo.quote(batch, fetchImpl)), batch);
          if (answer.quotes.length > 0) this.answered(answer.quotes.some(isSimulatedQuote));
          for (const quote of answer.quotes) quotes.set(quote.symbol, toSessionQuote(quote, today));
          unavailable.push(...answer.rejected);
        } catch (error) {
          if (error instanceof CircuitOpenError || error instanceof RateLimitExhaustedError) throw error;
          const reason = describeError(error);
          for (const symbol of batch) unavailable.push({ symbol, reason: `quote failed: ${reason}` });
        }
      }),
    );
    const failed = new Set(unavailable.map((f) => f.symbol));
    const missing = unique.filter((s) => !quotes.has(s) && !failed.has(s));
    return { quotes, missing, unavailable };
  }

  /**
   * Daily bars `from <= date <= to` (New York session dates), oldest first; null closes are dropped.
   * An answer that does not fit what we read rejects with `UnexpectedResponseError` (not retried).
   */
  async history(symbol: string, from: string, to: string): Promise<Bar[]> {
    return (await this.chart(symbol, from, to)).bars;
  }

  /** `history` with the chart's currency and provenance: use it where a reply must say which prices it used. */
  async chart(symbol: string, from: string, to: string): Promise<ChartHistory> {
    const yahoo = await this.yahoo();
    const raw = await this.call(symbol, (fetchImpl) => yahoo.chart(symbol, `${from}T00:00:00Z`, `${addDays(to, 1)}T00:00:00Z`, fetchImpl));
    const chart = parseChart(raw, symbol);
    this.answered(chart.meta.simulated === true);
    const offset = chart.meta.gmtoffset ?? undefined;
    const { close, high, low, volume } = chart.indicators.quote[0] ?? { close: [] };
    const bars: Bar[] = [];
    (chart.timestamp ?? []).forEach((seconds, i) => {
      const closed = close[i];
      if (typeof closed !== 'number') return;
      const date = offset === undefined ? newYorkTime(new Date(seconds * 1000)).date : utcDay((seconds + offset) * 1000);
      if (date < from || date > to) return;
      const h = high?.[i];
      const l = low?.[i];
      const v = volume?.[i];
      // One shape for every bar (absent fields undefined), as `CompactHistory` builds them.
      const bar: Bar = {
        date,
        close: closed,
        high: typeof h === 'number' ? h : undefined,
        low: typeof l === 'number' ? l : undefined,
        volume: typeof v === 'number' ? v : undefined,
      };
      // Yahoo repeats a bar when a dividend or split lands on it; keep the last one per date.
      if (bars.length && bars[bars.length - 1]!.date === date) bars[bars.length - 1] = bar;
      else bars.push(bar);
    });
    return { bars, ...(typeof chart.meta.currency === 'string' ? { currency: chart.meta.currency } : {}), simulated: chart.meta.simulated === true };
  }

  /**
   * The splits Yahoo reports for `symbol` effective `from <= date <= to` (the chart endpoint with
   * `events=split`), oldest first: `numerator` new shares for every `denominator`. Events that are
   * not whole positive numbers of shares are left out.
   */
  async splits(symbol: string, from: string, to: string): Promise<Split[]> {
    const yahoo = await this.yahoo();
    const raw = await this.call(symbol, (fetchImpl) => yahoo.chart(symbol, `${from}T00:00:00Z`, `${addDays(to, 1)}T00:00:00Z`, fetchImpl, 'split'));
    const events = parseSplitEvents(raw, symbol);
    this.answered(events.simulated);
    const splits: Split[] = [];
    for (const event of events.splits) {
      const effectiveDate = newYorkTime(new Date(event.date * 1000)).date;
      if (effectiveDate < from || effectiveDate > to) continue;
      splits.push({ symbol, numerator: event.numerator, denominator: event.denominator, effectiveDate });
    }
    return splits.sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : 0));
  }

  /**
   * This feed's `YahooClient`, built on the first request: yahoo-finance2 and its cookie jar
   * (`yahoo-client.ts`, ~140 KB of a Lambda bundle) load with it, so a process that never asks Yahoo
   * never loads them. A load that fails (never expected: the file ships in the same zip) rejects with
   * `PriceSourceUnavailableError`, like Yahoo being down, outside the retry and the breaker (no request
   * was sent), and is not kept: the next request tries again.
   */
  private yahoo(): Promise<YahooClient> {
    const client = (this.client ??= this.loadClient().then(({ YahooClient }) => new YahooClient(this.transport, this.logger)));
    return client.catch((error: unknown) => {
      if (this.client === client) this.client = null;
      throw new PriceSourceUnavailableError(`Yahoo could not be asked: its client did not load (${describeError(error)})`, undefined, { cause: error });
    });
  }

  private answered(simulated: boolean): void {
    if (simulated) this.answers.simulatedAnswers++;
    else this.answers.liveAnswers++;
  }

  /** Runs one yahoo-finance2 call under the policies, translating what went wrong. */
  private async call<T>(subject: string, work: (fetchImpl: typeof fetch, signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await this.retryPolicy.execute(({ signal }) => this.attempt(subject, work, signal));
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) throw new CircuitOpenError({ cause: error });
      throw error;
    }
  }

  /**
   * One attempt, as the retry sees it: a concurrency slot, then the breaker, then the request. The
   * slot is given back only once the breaker has recorded the outcome, so an attempt that waited for
   * a slot meets an open breaker and sends nothing. A 429 is back-pressure: the limiter pauses every
   * request (for `Retry-After` when given) and lowers the concurrency, then the request is asked again
   * within the same attempt, so it spends no retry and never counts towards the breaker.
   */
  private async attempt<T>(subject: string, work: (fetchImpl: typeof fetch, signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
    for (;;) {
      const slot: Slot = await this.limiter.acquire();
      try {
        const result = await this.breaker.execute(({ signal: inner }) => this.timed(subject, work, inner), signal);
        this.limiter.succeeded(slot);
        return result;
      } catch (error) {
        if (!(error instanceof RateLimitedError)) {
          this.limiter.failed(slot);
          throw error;
        }
        this.limiter.rateLimited(slot, error.retryAfterMs);
        this.logger.debug({ subject, retryAfterMs: error.retryAfterMs }, 'yahoo rate limited: pausing and lowering concurrency');
      }
    }
  }

  /** One request under the per-attempt timeout; a timeout is an outage like a 5xx (retried, counted by the breaker). */
  private async timed<T>(subject: string, work: (fetchImpl: typeof fetch, signal: AbortSignal) => Promise<T>, outer: AbortSignal): Promise<T> {
    try {
      return await this.timeoutPolicy.execute(({ signal }) => this.request(subject, work, signal), outer);
    } catch (error) {
      if (error instanceof TaskCancelledError) throw new PriceSourceUnavailableError('Yahoo did not answer in time', undefined, { cause: error });
      throw error;
    }
  }

  private async request<T>(subject: string, work: (fetchImpl: typeof fetch, signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
    let lastStatus: number | undefined;
    const instrumented: typeof fetch = async (input, init) => {
      let response: Response;
      try {
        response = await this.transport(input, { ...init, signal });
      } catch (error) {
        if (signal.aborted) throw new PriceSourceUnavailableError('Yahoo did not answer in time', undefined, { cause: error });
        throw new PriceSourceUnavailableError(`Yahoo could not be reached: ${(error as Error).message}`, undefined, { cause: error });
      }
      lastStatus = response.status;
      if (response.status === 429 || response.status >= 500) {
        const retryAfterMs = response.status === 429 ? parseRetryAfter(response.headers.get('retry-after'), this.clock.now()) : undefined;
        await response.body?.cancel();
        throw new HttpStatusError(response.status, retryAfterMs);
      }
      return response;
    };
    try {
      return await work(instrumented, signal);
    } catch (error) {
      throw await this.translate(error, subject, lastStatus);
    }
  }

  private async translate(error: unknown, subject: string, status: number | undefined): Promise<unknown> {
    if (error instanceof PriceSourceUnavailableError || error instanceof SymbolNotFoundError) return error;
    if (error instanceof HttpStatusError) {
      return error.status === 429
        ? new RateLimitedError('Yahoo is rate limiting (HTTP 429)', error.retryAfterMs, { cause: error })
        : new PriceSourceUnavailableError(`Yahoo failed (HTTP ${error.status})`, error.status, { cause: error });
    }
    if (status === 404) return new SymbolNotFoundError(subject, { cause: error });
    if (status === 401 || status === 403) {
      // A stale cookie or crumb: forget them (the module-global crumb too) so the retry starts afresh.
      await (await this.yahoo()).resetSession();
      return new PriceSourceUnavailableError(`Yahoo refused the session (HTTP ${status})`, status, { cause: error });
    }
    // Yahoo answered 2xx and yahoo-finance2 could not read the body (not JSON, or a shape its own
    // transform trips over): the answer is unusable, whatever the library threw.
    if (status !== undefined && status >= 200 && status < 300) {
      return new UnexpectedResponseError(`Yahoo answered ${subject} with an unexpected shape: ${describeError(error).slice(0, 200)}`, { cause: error });
    }
    return error;
  }
}

function toSessionQuote(raw: YahooQuote, today: string): SessionQuote {
  const price = raw.regularMarketPrice;
  const time = raw.regularMarketTime;
  const session = newYorkTime(time);
  const trading = raw.marketState === 'REGULAR';
  const sessionClosed = !trading && (session.minutes >= SESSION_CLOSE_MINUTES || session.date < today);
  const name = raw.longName ?? raw.shortName;
  return {
    symbol: raw.symbol,
    price: dec(price),
    currency: raw.currency ?? 'USD',
    asOf: time.toISOString(),
    ...(typeof raw.regularMarketPreviousClose === 'number'
      ? { previousClose: dec(raw.regularMarketPreviousClose), previousCloseValue: raw.regularMarketPreviousClose }
      : {}),
    ...(name ? { name } : {}),
    // Provenance travels with the price, so whoever shows it can say it is not market data.
    ...(isSimulatedQuote(raw) ? { simulated: true } : {}),
    sessionDate: session.date,
    sessionClosed,
    close: price,
    ...(typeof raw.regularMarketVolume === 'number' ? { volume: raw.regularMarketVolume } : {}),
    ...(typeof raw.regularMarketDayHigh === 'number' ? { dayHigh: raw.regularMarketDayHigh } : {}),
    ...(typeof raw.regularMarketDayLow === 'number' ? { dayLow: raw.regularMarketDayLow } : {}),
  };
}
