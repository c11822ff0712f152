/**
 * Daily closes reaching back to a portfolio's first trade, for `/performance` and the morning
 * report's weekly line. The scan's cache holds about a year of the Russell 1000; a portfolio needs
 * its own holdings (and the benchmark) from the first trade, so each symbol and range is fetched
 * once, kept in the same price-history documents (pinned with `keepFrom`, so the scan's trimming
 * never evicts it) and in memory while the process is warm.
 */
import { describeError, type CachedSeries, type ClosingPrices, type ClosingPricesBatch, type Clock, type Logger, type PriceRangeRequest, type PriceSeries, type PriceSeriesCache } from '@tradebot/core-domain';
import { lastClosedSession } from './calendar';
import { SymbolNotFoundError } from './errors';
import { mergeGap } from './history';
import type { ChartHistory, ChartSource } from './yahoo-feed';

/** What `CachedClosingPrices` works with. */
export interface CachedClosingPricesOptions {
  /** Where missing history comes from (`YahooPriceFeed`). */
  readonly source: ChartSource;
  /** The price-history documents (`S3PriceHistoryCache`). */
  readonly cache: PriceSeriesCache;
  readonly clock: Clock;
  readonly logger?: Logger;
  /** Series kept in memory between calls of a warm process. Default 256 symbols (a few MB at most). */
  readonly memoryLimit?: number;
}

/** What one call did, for the log line and the tests. */
export interface ClosingPricesActivity {
  readonly memory: number;
  readonly cached: number;
  readonly fetched: number;
  readonly failed: number;
}

const SILENT: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const firstDate = (series: CachedSeries): string | undefined => series.from ?? series.bars[0]?.date;
const lastDate = (series: CachedSeries): string | undefined => series.through ?? series.bars[series.bars.length - 1]?.date;
const earlier = (a: string | undefined, b: string): string => (a !== undefined && a < b ? a : b);

/**
 * Whether a cached series answers a request: it is complete from `from` through `through`, and its
 * provenance is recorded (a series written by the scan alone does not say whether it is simulated,
 * so it is fetched once more: a reply must say when its prices are simulated).
 */
export function coversRange(series: CachedSeries | undefined, from: string, through: string): boolean {
  if (!series || series.simulated === undefined) return false;
  const start = firstDate(series);
  const end = lastDate(series);
  return start !== undefined && end !== undefined && start <= from && end >= through;
}

const asPriceSeries = (series: CachedSeries): PriceSeries => ({
  bars: series.bars,
  ...(series.currency !== undefined ? { currency: series.currency } : {}),
  simulated: series.simulated === true,
});

/**
 * `ClosingPrices` on the price-history cache and a chart source. Build one per process (module
 * scope in a Lambda) so its memory serves the next calls: a second `/performance` on the same day
 * reads nothing. Per call: memory, then one read of the cached documents for the rest, then one
 * chart request per symbol still missing (only the missing end when the cached series starts early
 * enough), then one write of what was fetched. A symbol the source cannot give is listed in
 * `failed`, with its cached bars when there are some (carried forward by the caller).
 */
export class CachedClosingPrices implements ClosingPrices {
  private readonly memory = new Map<string, CachedSeries>();
  private readonly log: Logger;
  private last: ClosingPricesActivity = { memory: 0, cached: 0, fetched: 0, failed: 0 };

  constructor(private readonly options: CachedClosingPricesOptions) {
    this.log = options.logger ?? SILENT;
  }

  /** What the last call did: how many series came from memory, the cache, the source, or failed. */
  activity(): ClosingPricesActivity {
    return this.last;
  }

  async closes(requests: readonly PriceRangeRequest[]): Promise<ClosingPricesBatch> {
    const through = lastClosedSession(this.options.clock.now());
    const wanted = new Map<string, string>();
    for (const { symbol, from } of requests) wanted.set(symbol, earlier(wanted.get(symbol), from));

    const series = new Map<string, PriceSeries>();
    const failed: { symbol: string; reason: string; unknown: boolean }[] = [];
    const misses: [string, string][] = [];
    let fromMemory = 0;
    for (const [symbol, from] of wanted) {
      // A symbol first traded after the last close has no history to fetch yet.
      if (from > through) continue;
      const known = this.memory.get(symbol);
      if (coversRange(known, from, through)) {
        series.set(symbol, asPriceSeries(known!));
        this.remember(symbol, known!);
        fromMemory += 1;
      } else misses.push([symbol, from]);
    }
    if (misses.length === 0) {
      this.last = { memory: fromMemory, cached: 0, fetched: 0, failed: 0 };
      return { through, series, failed };
    }

    // One read of the documents for every miss. An unreadable cache costs fetches, never the answer;
    // it is then not written either (the adapter never overwrites what it cannot read).
    let stored = new Map<string, CachedSeries>();
    let writable = true;
    try {
      stored = await this.options.cache.loadSeries(misses.map(([symbol]) => symbol));
    } catch (error) {
      writable = false;
      this.log.warn({ err: describeError(error) }, 'price history cache unreadable; fetching without it and not saving');
    }

    const changed = new Map<string, CachedSeries>();
    let fromCache = 0;
    await Promise.all(
      misses.map(async ([symbol, from]) => {
        const known = stored.get(symbol) ?? this.memory.get(symbol);
        if (coversRange(known, from, through)) {
          series.set(symbol, asPriceSeries(known!));
          this.remember(symbol, known!);
          fromCache += 1;
          return;
        }
        try {
          const updated = await this.update(symbol, known, from, through);
          changed.set(symbol, updated);
          series.set(symbol, asPriceSeries(updated));
          this.remember(symbol, updated);
        } catch (error) {
          const unknown = error instanceof SymbolNotFoundError;
          failed.push({ symbol, reason: unknown ? 'unknown to the price source' : describeError(error), unknown });
          // Bars cached earlier still value the holding up to their last close (carried forward after it).
          if (known && known.bars.length > 0 && known.simulated !== undefined) series.set(symbol, asPriceSeries(known));
        }
      }),
    );
    if (changed.size > 0 && writable) {
      try {
        await this.options.cache.saveSeries(changed);
      } catch (error) {
        this.log.warn({ err: describeError(error), symbols: changed.size }, 'price history not saved; the next cold start fetches it again');
      }
    }
    this.last = { memory: fromMemory, cached: fromCache, fetched: changed.size, failed: failed.length };
    this.log.info({ through, ...this.last }, 'closing prices');
    failed.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
    return { through, series, failed };
  }

  /**
   * The series extended to cover `from` .. `through`: only the missing end when the known series
   * starts early enough and is this source's (same currency, overlapping close unchanged), else the
   * whole range in one request.
   */
  private async update(symbol: string, known: CachedSeries | undefined, from: string, through: string): Promise<CachedSeries> {
    const start = known ? firstDate(known) : undefined;
    const lastBar = known?.bars[known.bars.length - 1];
    if (known && known.simulated !== undefined && start !== undefined && start <= from && lastBar) {
      const fetched = await this.options.source.chart(symbol, lastBar.date, through);
      const merged = mergeGap(known.bars, fetched.bars);
      if (merged && (fetched.currency === undefined || known.currency === undefined || fetched.currency === known.currency)) {
        return {
          bars: merged,
          from: start,
          through,
          keepFrom: earlier(known.keepFrom, from),
          ...this.provenance(fetched, known),
        };
      }
      // The overlapping close changed (a split, a correction, another source): fetch the whole range again.
    }
    const fetched = await this.options.source.chart(symbol, from, through);
    return { bars: fetched.bars, from, through, keepFrom: earlier(known?.keepFrom, from), ...this.provenance(fetched) };
  }

  private provenance(fetched: ChartHistory, kept?: CachedSeries): Pick<CachedSeries, 'currency' | 'simulated'> {
    const currency = fetched.currency ?? kept?.currency;
    return { ...(currency !== undefined ? { currency } : {}), simulated: fetched.simulated || kept?.simulated === true };
  }

  /** Keeps a series in memory, most recently used last; the least recently used goes past the limit. */
  private remember(symbol: string, series: CachedSeries): void {
    this.memory.delete(symbol);
    this.memory.set(symbol, series);
    const limit = this.options.memoryLimit ?? 256;
    while (this.memory.size > limit) this.memory.delete(this.memory.keys().next().value!);
  }
}
