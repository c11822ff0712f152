/** Small in-memory implementations of our own ports, for market-data tests (no vendor protocol here). */
import { mergeCachedSeries } from '@tradebot/core-domain';
import type { Bar, CachedSeries, Clock, DocumentRead, PriceHistoryCache, PriceSeriesCache, ScanRepository, ScanRow, ScanSummary } from '@tradebot/core-domain';

export class MemoryHistoryCache implements PriceHistoryCache {
  readonly series = new Map<string, readonly Bar[]>();
  saves = 0;
  async load(symbols: readonly string[]): Promise<Map<string, readonly Bar[]>> {
    return new Map(symbols.filter((s) => this.series.has(s)).map((s) => [s, this.series.get(s)!]));
  }
  async save(series: ReadonlyMap<string, readonly Bar[]>): Promise<void> {
    this.saves++;
    for (const [symbol, bars] of series) this.series.set(symbol, bars);
  }
}

/** The price-history cache with coverage and provenance, merging on save like the S3 adapter does. */
export class MemorySeriesCache implements PriceSeriesCache {
  readonly stored = new Map<string, CachedSeries>();
  loads = 0;
  saves = 0;
  /** Set to make every read fail (an unreadable cache). */
  failLoads = false;
  async load(symbols: readonly string[]): Promise<Map<string, readonly Bar[]>> {
    return new Map([...(await this.loadSeries(symbols))].map(([symbol, series]) => [symbol, series.bars]));
  }
  async save(series: ReadonlyMap<string, readonly Bar[]>): Promise<void> {
    await this.saveSeries(new Map([...series].map(([symbol, bars]) => [symbol, { bars }])));
  }
  async loadSeries(symbols: readonly string[]): Promise<Map<string, CachedSeries>> {
    this.loads++;
    if (this.failLoads) throw new Error('cache unreadable');
    return new Map(symbols.filter((s) => this.stored.has(s)).map((s) => [s, this.stored.get(s)!]));
  }
  async saveSeries(series: ReadonlyMap<string, CachedSeries>): Promise<void> {
    this.saves++;
    for (const [symbol, given] of series) this.stored.set(symbol, mergeCachedSeries(this.stored.get(symbol), given));
  }
}

export class MemoryScanRepository implements ScanRepository {
  latestSummary: ScanSummary | null = null;
  readonly csv = new Map<string, readonly ScanRow[]>();
  async save(rows: readonly ScanRow[], summary: ScanSummary): Promise<void> {
    this.csv.set(summary.csvKey, rows);
    // As S3ScanRepository: an earlier day's scan never moves the latest back.
    if (!this.latestSummary || this.latestSummary.date <= summary.date) this.latestSummary = summary;
  }
  async latest(): Promise<ScanSummary | null> {
    return this.latestSummary;
  }
  async readLatest(): Promise<DocumentRead<ScanSummary | null>> {
    return { ok: true, value: this.latestSummary };
  }
}

/** A clock fixed at an instant (moved by tests). */
export class FixedClock implements Clock {
  constructor(public instant: Date) {}
  now(): Date {
    return this.instant;
  }
  advance(ms: number): void {
    this.instant = new Date(this.instant.getTime() + ms);
  }
}

/**
 * The feed's `sleep` for tests: records every wait and moves the clock by it instead of waiting, so a
 * test sees exactly how long the feed chose to pause (and the Yahoo stand-in, sharing the clock, sees
 * the time pass).
 */
export class RecordingSleep {
  readonly waits: number[] = [];
  constructor(private readonly clock: FixedClock) {}
  readonly sleep = async (ms: number): Promise<void> => {
    this.waits.push(ms);
    this.clock.advance(ms);
  };
}
