/** One row of a drawdown scan. Figures are floats: they rank stocks, they are never summed as money. */
export interface ScanRow {
  readonly rank: number;
  readonly symbol: string;
  readonly name: string;
  readonly sector: string;
  readonly lastClose: number;
  readonly lastDate: string;
  readonly peakClose: number;
  readonly peakDate: string;
  /** (peak - last) / peak x 100, >= 0. */
  readonly drawdownPct: number;
  readonly daysSincePeak: number;
  readonly lowClose: number;
  /** (last - low) / low x 100, >= 0. */
  readonly aboveLowPct: number;
  readonly avgVolume20: number | null;
}

/** A symbol the scan could not rank, with why. */
export interface ScanFailure {
  readonly symbol: string;
  readonly reason: string;
}

/**
 * Where a scan's prices came from, judged by what answered: `live` (real Yahoo), `simulated` (the
 * local stand-in, whose answers say so), `mixed`, or `cache-only` (no source answered).
 */
export type PriceProvenance = 'live' | 'simulated' | 'mixed' | 'cache-only';

/** `scans/drawdown/latest.json`: the newest scan in brief. */
export interface ScanSummary {
  /** Market date the scan is for, `YYYY-MM-DD`. */
  readonly date: string;
  readonly generatedAt: string;
  readonly lookbackDays: number;
  readonly universeSize: number;
  readonly scanned: number;
  readonly failed: number;
  readonly skipped: number;
  readonly durationMs: number;
  /** Key of the full CSV of this scan. */
  readonly csvKey: string;
  readonly top: readonly ScanRow[];
  readonly failures: readonly ScanFailure[];
  /** Where the prices came from (absent in scans saved before it was recorded). */
  readonly prices?: PriceProvenance;
}

/**
 * Why a scan failed as a whole (nothing was saved): the source kept refusing (the circuit breaker
 * opened), rate limiting outlasted the wait budget, or too many symbols failed. Data, so each reader
 * says it in its own words and language.
 */
export type ScanAbortReason =
  | { readonly kind: 'source-refusing' }
  | { readonly kind: 'rate-limited'; readonly answers: number }
  | { readonly kind: 'too-many-failures'; readonly failed: number; readonly attempted: number };
