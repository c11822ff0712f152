import { startYahooServer, yahooFetch, type YahooServer } from '@tradebot/local-stack';
import { CachedClosingPrices, YahooPriceFeed, type ChartHistory, type ChartSource } from '@tradebot/market-data';
import { FixedClock, MemorySeriesCache } from '../helpers/memory-ports';

// Saturday 2026-11-21 11:00 UTC: the last closed session is Friday 2026-11-20.
const SATURDAY = new Date('2026-11-21T11:00:00Z');

/** The feed, with every chart request it is asked for written down (symbol, from, to). */
class RecordingSource implements ChartSource {
  readonly calls: [string, string, string][] = [];
  constructor(private readonly feed: YahooPriceFeed) {}
  chart(symbol: string, from: string, to: string): Promise<ChartHistory> {
    this.calls.push([symbol, from, to]);
    return this.feed.chart(symbol, from, to);
  }
}

describe('Class: CachedClosingPrices', () => {
  let server: YahooServer;
  const clock = new FixedClock(SATURDAY);
  beforeAll(async () => {
    server = await startYahooServer({ seed: 11, now: () => clock.now() });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    clock.instant = SATURDAY;
    server.configure({ refuseAll: false });
  });

  const build = (cache = new MemorySeriesCache(), options: { memoryLimit?: number } = {}) => {
    const source = new RecordingSource(new YahooPriceFeed({ fetch: yahooFetch(server), clock, maxRetries: 0, initialBackoffMs: 1, breakerThreshold: 50 }));
    return { cache, source, prices: new CachedClosingPrices({ source, cache, clock, ...options }) };
  };

  it('fetches each symbol once from its first date through the last close, and keeps it pinned in the cache', async () => {
    // Prepare
    const { cache, source, prices } = build();
    // Act
    const batch = await prices.closes([
      { symbol: 'AAPL', from: '2024-07-22' },
      { symbol: 'SPY', from: '2024-07-12' },
      { symbol: 'AAPL', from: '2024-09-02' },
    ]);
    // Assess
    expect(batch.through).toBe('2026-11-20');
    expect(batch.failed).toEqual([]);
    expect(source.calls.sort()).toEqual([
      ['AAPL', '2024-07-22', '2026-11-20'],
      ['SPY', '2024-07-12', '2026-11-20'],
    ]);
    const aapl = batch.series.get('AAPL')!;
    expect(aapl.bars[0]!.date).toBe('2024-07-22');
    expect(aapl.bars.at(-1)!.date).toBe('2026-11-20');
    expect(aapl).toMatchObject({ currency: 'USD', simulated: true });
    expect(cache.stored.get('AAPL')).toMatchObject({ from: '2024-07-22', through: '2026-11-20', keepFrom: '2024-07-22', currency: 'USD', simulated: true });
    expect(cache.saves).toBe(1);
  });

  it('answers again from memory, and a new instance (a cold start) from the cache, without asking the source', async () => {
    // Prepare
    const { cache, source, prices } = build();
    const requests = [{ symbol: 'MSFT', from: '2025-01-02' }];
    await prices.closes(requests);
    const cold = build(cache);
    // Act
    const warm = await prices.closes(requests);
    const loadsBefore = cache.loads;
    const fromCache = await cold.prices.closes(requests);
    // Assess
    expect(source.calls).toHaveLength(1);
    expect(prices.activity()).toEqual({ memory: 1, cached: 0, fetched: 0, failed: 0 });
    expect(cold.source.calls).toHaveLength(0);
    expect(cache.loads).toBe(loadsBefore + 1);
    expect(fromCache.series.get('MSFT')!.bars).toEqual(warm.series.get('MSFT')!.bars);
  });

  it('after the next close fetches only the missing end, from the last cached date', async () => {
    // Prepare
    const { source, prices } = build();
    await prices.closes([{ symbol: 'KO', from: '2025-06-02' }]);
    clock.instant = new Date('2026-11-24T22:00:00Z'); // Tuesday evening: Monday and Tuesday closed
    // Act
    const batch = await prices.closes([{ symbol: 'KO', from: '2025-06-02' }]);
    // Assess
    expect(source.calls).toEqual([
      ['KO', '2025-06-02', '2026-11-20'],
      ['KO', '2026-11-20', '2026-11-24'],
    ]);
    const dates = batch.series.get('KO')!.bars.map((b) => b.date);
    expect(dates.slice(-3)).toEqual(['2026-11-20', '2026-11-23', '2026-11-24']);
    expect(new Set(dates).size).toBe(dates.length);
  });

  it('fetches the whole range when the cached series starts too late or does not say where it came from', async () => {
    // Prepare: the scan's window (no provenance) and an earlier need than what is cached
    const cache = new MemorySeriesCache();
    await cache.save(new Map([['PEP', [{ date: '2026-11-19', close: 1 }, { date: '2026-11-20', close: 2 }]]]));
    const { source, prices } = build(cache);
    // Act
    const batch = await prices.closes([{ symbol: 'PEP', from: '2025-11-03' }]);
    // Assess
    expect(source.calls).toEqual([['PEP', '2025-11-03', '2026-11-20']]);
    expect(batch.series.get('PEP')!.bars[0]!.date).toBe('2025-11-03');
  });

  it('keeps answering when the source is down: cached bars carried, the symbol listed as failed', async () => {
    // Prepare
    const cache = new MemorySeriesCache();
    await build(cache).prices.closes([{ symbol: 'JNJ', from: '2026-01-05' }]);
    clock.instant = new Date('2026-11-24T22:00:00Z');
    server.configure({ refuseAll: true });
    const { prices } = build(cache);
    // Act
    const batch = await prices.closes([
      { symbol: 'JNJ', from: '2026-01-05' },
      { symbol: 'NVDA', from: '2026-01-05' },
    ]);
    // Assess
    expect(batch.series.get('JNJ')!.bars.at(-1)!.date).toBe('2026-11-20');
    expect(batch.series.has('NVDA')).toBe(false);
    expect(batch.failed.map((f) => [f.symbol, f.unknown])).toEqual([
      ['JNJ', false],
      ['NVDA', false],
    ]);
  });

  it('lists a symbol the source does not know as unknown, and skips one first traded after the last close', async () => {
    // Prepare
    server.configure({ symbols: ['AAPL'] });
    const { source, prices } = build();
    try {
      // Act
      const batch = await prices.closes([
        { symbol: 'NOPE', from: '2026-01-05' },
        { symbol: 'AAPL', from: '2026-11-23' },
      ]);
      // Assess
      expect(batch.failed).toEqual([{ symbol: 'NOPE', reason: 'unknown to the price source', unknown: true }]);
      expect(batch.series.size).toBe(0);
      expect(source.calls.map((c) => c[0])).toEqual(['NOPE']);
    } finally {
      server.configure({ symbols: undefined });
    }
  });

  it('fetches without the cache when it cannot be read, and then does not write it', async () => {
    // Prepare
    const cache = new MemorySeriesCache();
    cache.failLoads = true;
    const { prices } = build(cache);
    // Act
    const batch = await prices.closes([{ symbol: 'TSLA', from: '2026-06-01' }]);
    // Assess
    expect(batch.series.get('TSLA')!.bars.length).toBeGreaterThan(100);
    expect(cache.saves).toBe(0);
  });

  it('keeps at most memoryLimit series in memory, dropping the least recently used', async () => {
    // Prepare
    const cache = new MemorySeriesCache();
    const { prices } = build(cache, { memoryLimit: 2 });
    await prices.closes([{ symbol: 'AAPL', from: '2026-10-01' }]);
    await prices.closes([{ symbol: 'MSFT', from: '2026-10-01' }]);
    await prices.closes([{ symbol: 'AAPL', from: '2026-10-01' }]);
    await prices.closes([{ symbol: 'KO', from: '2026-10-01' }]);
    const loads = cache.loads;
    // Act
    await prices.closes([{ symbol: 'AAPL', from: '2026-10-01' }]);
    const aaplFromMemory = cache.loads === loads;
    await prices.closes([{ symbol: 'MSFT', from: '2026-10-01' }]);
    // Assess: MSFT was the least recently used, so it is read again
    expect(aaplFromMemory).toBe(true);
    expect(cache.loads).toBe(loads + 1);
  });
});
