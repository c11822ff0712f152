/**
 * Incremental price history: decides per symbol what the cache lacks, and merges what was fetched.
 * A daily run needs one batched quote pass; `chart()` only for symbols with a gap (or no cache).
 */
import { sameClose, type Bar } from '@tradebot/core-domain';
import type { SessionQuote } from './yahoo-feed';

// Defined in core-domain, where the cache's merge (`mergeCachedSeries`) uses it too; re-exported for this package's users.
export { sameClose };

/** What to do for one symbol. */
export type HistoryPlan =
  /** The cache already ends at the latest session. */
  | { readonly kind: 'current' }
  /** The quote is the close of the session right after the cached one: append it, no request. */
  | { readonly kind: 'append'; readonly bar: Bar }
  /** Bars are missing after `from` (the cached last date, re-fetched to check continuity). */
  | { readonly kind: 'gap'; readonly from: string }
  /** Nothing usable is cached: fetch the whole window from `from`. */
  | { readonly kind: 'backfill'; readonly from: string };

/**
 * Plans one symbol. A quote becomes a bar only when its session has closed (`sessionClosed`) and
 * its previous close equals the cached last close, which proves no session is missing in
 * between (holidays included) and no split or adjustment changed the history. A closed quote for
 * the cached last session must repeat its close, or the cache is fetched again (`gap`, which
 * `mergeGap` turns into a full re-fetch when the overlap disagrees).
 */
export function planHistory(
  cached: readonly Bar[] | undefined,
  quote: SessionQuote | undefined,
  asOf: string,
  windowStart: string,
): HistoryPlan {
  const last = cached?.[cached.length - 1];
  if (!last || last.date < windowStart) return { kind: 'backfill', from: windowStart };
  // The source disagrees with the cache about the session both have: the cached bars are not this
  // source's (another source filled the cache, or the close was corrected). Fetch them from it again.
  if (quote && quote.sessionClosed && quote.sessionDate === last.date && !sameClose(quote.close, last.close)) return { kind: 'gap', from: last.date };
  if (last.date >= asOf) return { kind: 'current' };
  if (quote && quote.sessionClosed && quote.sessionDate <= asOf) {
    if (quote.sessionDate === last.date) return { kind: 'current' };
    if (quote.sessionDate > last.date && quote.previousCloseValue !== undefined && sameClose(quote.previousCloseValue, last.close)) {
      return {
        kind: 'append',
        bar: {
          date: quote.sessionDate,
          close: quote.close,
          ...(quote.dayHigh !== undefined ? { high: quote.dayHigh } : {}),
          ...(quote.dayLow !== undefined ? { low: quote.dayLow } : {}),
          ...(quote.volume !== undefined ? { volume: quote.volume } : {}),
        },
      };
    }
  }
  return { kind: 'gap', from: last.date };
}

/**
 * Merges fetched bars (which start at the cached last date) into the cached series. Returns null
 * when the overlapping bar disagrees with the cache: the history was adjusted (split, correction)
 * and the caller must re-fetch the whole window.
 */
export function mergeGap(cached: readonly Bar[], fetched: readonly Bar[]): Bar[] | null {
  if (fetched.length === 0) return [...cached];
  const firstNew = fetched[0]!;
  const overlap = cached.find((b) => b.date === firstNew.date);
  if (overlap && !sameClose(overlap.close, firstNew.close)) return null;
  return [...cached.filter((b) => b.date < firstNew.date), ...fetched];
}

/** Drops bars older than `windowStart` so the cache stays bounded. */
export function trimHistory(bars: readonly Bar[], windowStart: string): Bar[] {
  const start = bars.findIndex((b) => b.date >= windowStart);
  return start < 0 ? [] : bars.slice(start);
}
