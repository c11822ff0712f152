/**
 * yahoo-finance2 itself: the only file that imports it, so its internals (the cookie jar class, the
 * crumb it keeps in module globals, its queue and validation options) stay here. `YahooClient`
 * (`yahoo-client.ts`) loads this module with `import()` on its first request: in a Lambda bundle it
 * is a file of its own (yahoo-finance2 and tough-cookie, ~140 KB), which the webhook reads only for
 * a command that needs a price (docs/packaging.md).
 */
import createYahooFinance from 'yahoo-finance2/createYahooFinance';
import { ExtendedCookieJar } from 'yahoo-finance2/lib/cookieJar';
import { getCrumbClear } from 'yahoo-finance2/lib/getCrumb';
import quote from 'yahoo-finance2/modules/quote';

/**
 * yahoo-finance2 with only the module whose requests need its session (quotes: cookie and crumb).
 * The default export carries every module and its result schema (options, screener, quoteSummary...),
 * about 250 KB of each Lambda bundle. Charts go through its fetch without its `chart` module: see
 * `YahooClient.chart`.
 */
const YahooFinance = createYahooFinance({ modules: { quote } });

/** Where yahoo-finance2's own messages go. */
export type VendorLog = Record<'debug' | 'info' | 'warn' | 'error' | 'dir', (...args: unknown[]) => void>;

/** One yahoo-finance2 instance and its cookie jar: what `YahooClient` calls. */
export interface YahooSession {
  readonly yahoo: InstanceType<typeof YahooFinance>;
  /** Clears the crumb (the module-global one too) and this session's cookie, then fetches both again. */
  renew(): Promise<void>;
}

/** A yahoo-finance2 instance with a cookie jar of its own, sending its requests through `transport`. */
export function openYahooSession(transport: typeof fetch, log: VendorLog): YahooSession {
  const cookieJar = new ExtendedCookieJar();
  const yahoo = new YahooFinance({
    fetch: transport,
    cookieJar,
    suppressNotices: ['yahooSurvey'],
    versionCheck: false,
    // Concurrency is the feed's job; yahoo-finance2's own (process-wide) queue must not throttle under it.
    queue: { concurrency: 1_000 },
    validation: { logErrors: false, logOptionsErrors: false, allowAdditionalProps: true },
    logger: log,
  });
  return { yahoo, renew: () => getCrumbClear(cookieJar) };
}
