import { yahooFetch } from '@tradebot/local-stack';
import { CachedClosingPrices, YahooPriceFeed } from '@tradebot/market-data';
import { startCollectorStack, type CollectorStack } from '../helpers/collector-stack';

describe('The price-history documents shared by the collector and /performance', () => {
  let stack: CollectorStack;
  beforeAll(async () => {
    // Saturday 2026-11-14 06:00 New York: the last close is Friday 11-13's.
    stack = await startCollectorStack(5, new Date('2026-11-14T11:00:00Z'));
  });
  afterAll(async () => {
    await stack?.close();
  });

  const reader = (): { prices: CachedClosingPrices; charts: () => number } => {
    let charts = 0;
    const feed = new YahooPriceFeed({ fetch: yahooFetch(stack.yahoo), clock: stack.clock, maxRetries: 0 });
    const source = { chart: (symbol: string, from: string, to: string) => ((charts += 1), feed.chart(symbol, from, to)) };
    return { prices: new CachedClosingPrices({ source, cache: stack.documents.priceHistory, clock: stack.clock }), charts: () => charts };
  };

  it("keeps a held symbol's history back to its first trade through the collector's scan, which trims its own window to a year", async () => {
    // Prepare: /performance fetched SIM3 from a first trade two and a half years back
    await reader().prices.closes([{ symbol: 'SIM3', from: '2024-06-03' }]);
    // Act: Tuesday's scan appends Monday's close to every symbol and trims each series to its window
    stack.clock.instant = new Date('2026-11-17T11:00:00Z');
    const scan = await stack.collector().run({});
    const stored = (await stack.documents.priceHistory.loadSeries(['SIM3'])).get('SIM3')!;
    const cold = reader();
    const batch = await cold.prices.closes([{ symbol: 'SIM3', from: '2024-06-03' }]);
    // Assess: the scan ran and saved, the early bars survived, and a cold reader needs no request
    expect(scan).toMatchObject({ ok: true, date: '2026-11-16' });
    expect(stored.bars[0]!.date).toBe('2024-06-03');
    expect(stored.bars.at(-1)!.date).toBe('2026-11-16');
    expect(stored).toMatchObject({ from: '2024-06-03', keepFrom: '2024-06-03', simulated: true });
    expect(cold.charts()).toBe(0);
    expect(batch.series.get('SIM3')!.bars[0]!.date).toBe('2024-06-03');
    // A symbol nobody holds is still trimmed to the scan's window.
    const other = (await stack.documents.priceHistory.load(['SIM4'])).get('SIM4')!;
    expect(other[0]!.date > '2025-06-01').toBe(true);
  });
});
