/** Small in-memory implementations of our own ports, for market-data tests (no vendor protocol here). */
import type { Bar, Clock, DocumentRead, PriceHistoryCache, ScanRepository, ScanRow, ScanSummary } from '@tradebot/core-domain';

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

export class MemoryScanRepository implements ScanRepository {
  latestSummary: ScanSummary | null = null;
  readonly csv = new Map<string, readonly ScanRow[]>();
  async save(rows: readonly ScanRow[], summary: ScanSummary): Promise<void> {
    this.csv.set(summary.csvKey, rows);
    this.latestSummary = summary;
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
