import type { Clock, PriceFeed, Quote, QuoteBatch } from '@tradebot/core-domain';

/**
 * Wraps a `PriceFeed` so quotes fetched in the last `ttlMs` are reused. Use it in a warm process
 * that answers people: `/portfolio` twice in a few seconds then costs one Yahoo call, and Yahoo's
 * rate limits are spared. Only quotes are cached (never "missing" or failures), per symbol.
 */
export function cachePriceFeed(feed: PriceFeed, ttlMs: number, clock: Clock): PriceFeed {
  if (ttlMs <= 0) return feed;
  const cache = new Map<string, { quote: Quote; until: number }>();
  return {
    history: (symbol, from, to) => feed.history(symbol, from, to),
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
