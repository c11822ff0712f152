/**
 * A symbol's cached daily bars with what a reader needs to trust them: the dates they are complete
 * for, the earliest date a portfolio needs kept, the currency and whether they are simulated. Two
 * writers share the cache (the daily scan keeps about a year of the Russell 1000; a portfolio's
 * performance needs its holdings back to the first trade), so a save merges with what is stored
 * instead of replacing it (`mergeCachedSeries`).
 */
import { lowerBound } from './sorted';
import type { Bar } from './types/trading';

/** One symbol's cached daily bars and what they are known to cover. */
export interface CachedSeries {
  /** Oldest first, one bar per session date. */
  readonly bars: readonly Bar[];
  /**
   * Every session from this date up to the last bar is in `bars` (the start of the range that was
   * fetched). Absent: unknown (a series written before this was recorded), so only its first bar counts.
   */
  readonly from?: string;
  /** The range fetched ended on this date, so sessions up to it without a bar have none at the source. */
  readonly through?: string;
  /**
   * A portfolio needs this symbol's bars from this date on: every writer keeps them (the scan's
   * trimming included). It only ever moves earlier.
   */
  readonly keepFrom?: string;
  /** The currency of the prices, from the source. Absent: unknown. */
  readonly currency?: string;
  /** True when any of the bars came from a simulated source (the local stand-in): a reply must say so. */
  readonly simulated?: boolean;
}

/**
 * Whether two closes are the same price (a cent or 0.01%, whichever is larger). Use it to decide
 * whether two sources, or a cache and a fresh fetch, agree on a session: they do not after a split,
 * a correction, or when another source filled the cache.
 */
export function sameClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(0.005, Math.abs(b) * 1e-4);
}

const earlier = (a: string | undefined, b: string | undefined): string | undefined => (a === undefined ? b : b === undefined ? a : a < b ? a : b);
const later = (a: string | undefined, b: string | undefined): string | undefined => (a === undefined ? b : b === undefined ? a : a > b ? a : b);

/** Index of the bar dated `date` in `bars` (sorted), -1 when there is none. */
function indexOfDate(bars: readonly Bar[], date: string): number {
  const at = lowerBound(bars, date, (b) => b.date);
  return bars[at]?.date === date ? at : -1;
}

/**
 * What to store when `given` is saved over `stored`. Use it in every `PriceSeriesCache` adapter,
 * right before writing, on the freshly read stored series: a writer that loaded the series earlier
 * (the scan, minutes before) must not evict what another writer added since.
 *
 * - `keepFrom` is the earlier of the two; stored bars from `keepFrom` that `given` no longer has
 *   (the scan trims its window to about a year) are kept, before and after `given`'s bars, but only
 *   when they join up: the stored bar on `given`'s first (or last) date has the same close
 *   (`sameClose`). A disagreement means the history was adjusted (a split) or came from another
 *   source: then `given` wins alone and the stored coverage is dropped, so a reader fetches again.
 * - Coverage (`from`, `through`) and provenance (`currency`, `simulated`) of `given` win where it
 *   has them; those of `stored` carry over only together with its bars. `simulated` sticks: a series
 *   with any simulated bar stays marked.
 */
export function mergeCachedSeries(stored: CachedSeries | undefined, given: CachedSeries): CachedSeries {
  const keepFrom = earlier(stored?.keepFrom, given.keepFrom);
  const bars = given.bars;
  const base: CachedSeries = { ...given, ...(keepFrom !== undefined ? { keepFrom } : {}) };
  if (!stored || stored.bars.length === 0 || bars.length === 0) return base;
  // Prices in two currencies are two sources, whatever their closes say.
  if (stored.currency !== undefined && given.currency !== undefined && stored.currency !== given.currency) return base;
  const first = bars[0]!;
  const last = bars[bars.length - 1]!;
  const startJoin = indexOfDate(stored.bars, first.date);
  const endJoin = indexOfDate(stored.bars, last.date);
  const joinsAtStart = startJoin >= 0 && sameClose(stored.bars[startJoin]!.close, first.close);
  const joinsAtEnd = endJoin >= 0 && sameClose(stored.bars[endJoin]!.close, last.close);
  const before = joinsAtStart && keepFrom !== undefined ? stored.bars.slice(0, startJoin).filter((b) => b.date >= keepFrom) : [];
  const after = joinsAtEnd ? stored.bars.slice(endJoin + 1) : [];
  if (before.length === 0 && after.length === 0) return base;
  // Kept older bars bring the stored coverage with them, from where they were cut (keepFrom) on.
  const from = before.length > 0 ? later(stored.from ?? stored.bars[0]!.date, keepFrom)! : (given.from ?? first.date);
  const through = later(given.through ?? last.date, after.length > 0 ? (stored.through ?? after[after.length - 1]!.date) : undefined)!;
  const currency = given.currency ?? stored.currency;
  const simulated = given.simulated === true || stored.simulated === true ? true : given.simulated ?? stored.simulated;
  return {
    bars: [...before, ...bars, ...after],
    from,
    through,
    ...(keepFrom !== undefined ? { keepFrom } : {}),
    ...(currency !== undefined ? { currency } : {}),
    ...(simulated !== undefined ? { simulated } : {}),
  };
}
