/**
 * yahoo-finance2 behind one small module: the only file that imports it, so its internals (the cookie
 * jar class, the crumb it keeps in module globals, its logger, queue and validation options) stay
 * here. Its own result validation is off: it answers `unknown`, and `yahoo-responses.ts` checks the
 * fields we use with zod (a new or missing field we do not use must not fail a scan).
 */
import createYahooFinance from 'yahoo-finance2/createYahooFinance';
import { ExtendedCookieJar } from 'yahoo-finance2/lib/cookieJar';
import { getCrumbClear } from 'yahoo-finance2/lib/getCrumb';
import quote from 'yahoo-finance2/modules/quote';
import type { Logger } from '@tradebot/core-domain';

/**
 * yahoo-finance2 with only the module whose requests need its session (quotes: cookie and crumb).
 * The default export carries every module and its result schema (options, screener, quoteSummary...),
 * about 250 KB of each Lambda bundle. Charts go through its fetch without its `chart` module: see
 * `YahooClient.chart`.
 */
const YahooFinance = createYahooFinance({ modules: { quote } });

/** yahoo-finance2's own chart query, less `return` (which it never sends) and with our dates. */
const CHART_QUERY = { useYfid: 'true', interval: '1d', includePrePost: 'false', events: '', lang: 'en-US' } as const;

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
   * (`meta`, `timestamp`, `indicators`, and `events` when asked: `'split'` for the splits), as
   * yahoo-finance2's `chart(..., { return: 'object' })` gives it: the same request through its fetch (URL, headers, cookie jar, error bodies), the same
   * clean-up of an empty answer, but not its result coercion, which walks every number of the answer
   * through its JSON schema (each value of `number | null` even re-serialised) and allocated about
   * 0.5 MB per chart: 500 MB of garbage in a cold scan of the Russell 1000, most of its peak memory.
   * `parseChart` checks what we read.
   */
  async chart(symbol: string, period1: string, period2: string, fetchImpl: typeof fetch, events = ''): Promise<unknown> {
    const seconds = (iso: string): string => String(Math.floor(Date.parse(iso) / 1000));
    const answer = (await this.yahoo._fetch(
      'https://${YF_QUERY_HOST}/v8/finance/chart/' + symbol,
      { ...CHART_QUERY, events, period1: seconds(period1), period2: seconds(period2) },
      { fetch: fetchImpl },
      'json',
      false,
    )) as { chart?: { result?: { timestamp?: unknown; indicators?: { quote?: unknown[] } }[] } } | null;
    const chart = answer?.chart?.result?.[0];
    if (!chart) throw new Error(`Unexpected chart answer: ${JSON.stringify(answer)?.slice(0, 200)}`);
    // No bars: Yahoo still sends one empty quote object; yahoo-finance2 drops it, and so do we.
    const quotes = chart.indicators?.quote;
    if (!chart.timestamp && quotes?.length === 1 && Object.keys(quotes[0] ?? {}).length === 0) quotes.pop();
    return chart;
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
