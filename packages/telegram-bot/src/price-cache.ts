import type { Bar, Clock, PriceFeed, Quote, QuoteBatch } from '@tradebot/core-domain';

/** How long fetched daily bars are reused. */
const HISTORY_TTL_MS = 10 * 60_000;

/**
 * Wraps a `PriceFeed` so quotes fetched in the last `ttlMs` are reused. Use it in a warm process
 * that answers people: `/portfolio` twice in a few seconds then costs one Yahoo call, and Yahoo's
 * rate limits are spared. Only quotes are cached (never "missing" or failures), per symbol.
 */
export function cachePriceFeed(feed: PriceFeed, ttlMs: number, clock: Clock, historyTtlMs = HISTORY_TTL_MS): PriceFeed {
  if (ttlMs <= 0) return feed;
  const cache = new Map<string, { quote: Quote; until: number }>();
  const histories = new Map<string, { bars: Promise<Bar[]>; until: number }>();
  return {
    ...(feed.splits ? { splits: (symbol: string, from: string, to: string) => feed.splits!(symbol, from, to) } : {}),
    // Daily bars of past sessions do not change within minutes: /portfolio's sparklines and a
    // /chart right after reuse them. A failed request is not kept.
    history(symbol, from, to) {
      const now = clock.now().getTime();
      const key = `${symbol}|${from}|${to}`;
      const hit = histories.get(key);
      if (hit && hit.until > now) return hit.bars;
      const bars = feed.history(symbol, from, to);
      histories.set(key, { bars, until: now + historyTtlMs });
      bars.catch(() => histories.delete(key));
      if (histories.size > 500) histories.delete(histories.keys().next().value!);
      return bars;
    },
    async quotes(symbols: readonly string[]): Promise<QuoteBatch> {
      const now = clock.now().getTime();
      const quotes = new Map<string, Quote>();
      const wanted: string[] = [];
      for (const symbol of new Set(symbols)) {
        const hit = cache.get(symbol);
        if (hit && hit.until > now) quotes.set(symbol, hit.quote);
        else wanted.push(symbol);
      }
      if (wanted.length === 0) return { quotes, missing: [] };
      const fresh = await feed.quotes(wanted);
      for (const [symbol, quote] of fresh.quotes) {
        quotes.set(symbol, quote);
        cache.set(symbol, { quote, until: now + ttlMs });
      }
      return { ...fresh, quotes, missing: fresh.missing };
    },
  };
}
