/**
 * yahoo-finance2 behind one small module: the only file that imports it, so its internals (the cookie
 * jar class, the crumb it keeps in module globals, its logger, queue and validation options) stay
 * here. Its own result validation is off: it answers `unknown`, and `yahoo-responses.ts` checks the
 * fields we use with zod (a new or missing field we do not use must not fail a scan).
 */
import createYahooFinance from 'yahoo-finance2/createYahooFinance';
import { ExtendedCookieJar } from 'yahoo-finance2/lib/cookieJar';
import { getCrumbClear } from 'yahoo-finance2/lib/getCrumb';
import chart from 'yahoo-finance2/modules/chart';
import quote from 'yahoo-finance2/modules/quote';
import type { Logger } from '@tradebot/core-domain';

/**
 * yahoo-finance2 with only the two modules the feed calls. The default export carries every module
 * and its result schema (options, screener, quoteSummary...), about 250 KB of each Lambda bundle.
 */
const YahooFinance = createYahooFinance({ modules: { quote, chart } });

/** What the per-call options of every request say: our fetch, and no validation by yahoo-finance2. */
const UNVALIDATED = { validateResult: false, validateOptions: false } as const;

/**
 * One Yahoo session (its own cookie jar) over yahoo-finance2. Build one per `YahooPriceFeed`; every
 * call takes the `fetch` to send its requests through (the feed's instrumented one).
 */
export class YahooClient {
  private readonly yahoo: InstanceType<typeof YahooFinance>;
  private readonly cookieJar = new ExtendedCookieJar();
  private session: Promise<void> | null = null;

  constructor(transport: typeof fetch, logger: Logger) {
    const log = (level: keyof Logger) => (...args: unknown[]) => {
      const text = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      logger[yahooLogLevel(level, text)]({ source: 'yahoo-finance2' }, text);
    };
    this.yahoo = new YahooFinance({
      fetch: transport,
      cookieJar: this.cookieJar,
      suppressNotices: ['yahooSurvey'],
      versionCheck: false,
      // Concurrency is the feed's job; yahoo-finance2's own (process-wide) queue must not throttle under it.
      queue: { concurrency: 1_000 },
      validation: { logErrors: false, logOptionsErrors: false, allowAdditionalProps: true },
      logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), dir: log('debug') },
    });
  }

  /**
   * Call before this client's first crumb-protected request (quotes). yahoo-finance2 keeps the crumb,
   * and a settled crumb promise, in module globals shared by every instance: a new client would reuse
   * the previous one's crumb without its cookie and get 401s. Resets that state once per client.
   */
  startSession(): Promise<void> {
    this.session ??= getCrumbClear(this.cookieJar);
    return this.session;
  }

  /** Forgets the cookie and the crumb (the module-global one too), so the next request starts afresh: after a 401/403. */
  resetSession(): Promise<void> {
    return getCrumbClear(this.cookieJar);
  }

  /** Yahoo's v7 quotes of `symbols` as answered (`quoteResponse.result`, delisted entries dropped). */
  quote(symbols: readonly string[], fetchImpl: typeof fetch): Promise<unknown> {
    return this.yahoo.quote([...symbols], { return: 'array' }, { fetch: fetchImpl, ...UNVALIDATED });
  }

  /**
   * Yahoo's v8 daily chart of `symbol` for `[period1, period2)` (ISO instants), in its object form
   * (`meta`, `timestamp`, `indicators`, and `events` when asked: `'split'` for the splits).
   */
  chart(symbol: string, period1: string, period2: string, fetchImpl: typeof fetch, events = ''): Promise<unknown> {
    return this.yahoo.chart(symbol, { period1, period2, interval: '1d', events, includePrePost: false, return: 'object' }, { fetch: fetchImpl, ...UNVALIDATED });
  }
}

/**
 * The level a yahoo-finance2 message is logged at. Its "Unsupported environment: Requires Node >= 22"
 * warning is expected: the feed is bundled for node20 and verified there (docs/market-data.md), so
 * repeating it at warn on every cold start and every local run would only teach people to ignore warnings.
 */
export function yahooLogLevel(level: keyof Logger, text: string): keyof Logger {
  return level === 'warn' && /Unsupported environment: Requires Node >= ?\d+/.test(text) ? 'debug' : level;
}
