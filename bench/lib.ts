/**
 * Bench contract. Every `bench/*.bench.ts` default-exports a `BenchSuite`; `pnpm bench`
 * (bench/run.ts) runs them all and writes `bench/results.json`.
 */
export interface BenchRow {
  /** Stable, unique name, e.g. `core.stats.10k_trades.median`. */
  readonly name: string;
  readonly value: number;
  /** `ms`, `s`, `requests`, `MB`, `tokens`, `usd`, ... */
  readonly unit: string;
  /** Human-readable target, e.g. `<= 50`. */
  readonly target: string;
  /** Whether `value` meets `target`. */
  readonly pass: boolean;
  /** Anything that helps read the row (sample size, setup). */
  readonly note?: string;
}

export interface BenchSuite {
  readonly name: string;
  run(): Promise<BenchRow[]>;
}

/** Builds a row whose target is an upper bound. */
export function atMost(name: string, value: number, unit: string, limit: number, note?: string): BenchRow {
  return { name, value, unit, target: `<= ${limit}`, pass: value <= limit, ...(note ? { note } : {}) };
}

/** Builds a row with no target (reported for information). */
export function info(name: string, value: number, unit: string, note?: string): BenchRow {
  return { name, value, unit, target: 'none', pass: true, ...(note ? { note } : {}) };
}

/** Median of samples. */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The p-th percentile (0..100) of samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
