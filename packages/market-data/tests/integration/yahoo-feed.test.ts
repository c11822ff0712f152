import { startYahooServer, yahooFetch, type YahooServer } from '@tradebot/local-stack';
import { CircuitOpenError, RateLimitedError, SymbolNotFoundError, YahooPriceFeed } from '@tradebot/market-data';
import { FixedClock } from '../helpers/memory-ports';

// Saturday 2026-11-21 11:00 UTC: the market is closed; the latest session is Friday 2026-11-20.
const clock = new FixedClock(new Date('2026-11-21T11:00:00Z'));
const fastRetries = { initialBackoffMs: 1, maxBackoffMs: 5, clock };

describe('Class: YahooPriceFeed', () => {
  let server: YahooServer;
  beforeAll(async () => {
    server = await startYahooServer({
      seed: 7,
      now: () => clock.now(),
      symbols: ['AAA', 'BBB', 'CCC'],
      series: { HAND: [{ date: '2026-11-18', close: 10, volume: 100 }, { date: '2026-11-19', close: 11 }, { date: '2026-11-20', close: 12.5, volume: 300 }] },
    });
  });
  afterAll(() => server.close());
  beforeEach(() => server.configure({ refuseAll: false, burst429: undefined, errorRate: 0 }));

  it('reads daily history as New York session dates through yahoo-finance2 chart()', async () => {
    // Prepare
    const feed = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries });
    // Act
    const bars = await feed.history('HAND', '2026-11-19', '2026-11-20');
    // Assess
    expect(bars).toEqual([
      { date: '2026-11-19', close: 11, high: 11, low: 11, volume: 0 },
      { date: '2026-11-20', close: 12.5, high: 12.5, low: 12.5, volume: 300 },
    ]);
  });

  it('quotes many symbols in one request after the crumb flow, listing unknown ones as missing', async () => {
    // Prepare
    const feed = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries });
    server.resetLog();
    // Act
    const batch = await feed.quotes(['AAA', 'BBB', 'HAND', 'NOPE']);
    // Assess
    expect([...batch.quotes.keys()].sort()).toEqual(['AAA', 'BBB', 'HAND']);
    expect(batch.missing).toEqual(['NOPE']);
    const hand = batch.quotes.get('HAND')!;
    expect(hand).toMatchObject({ sessionDate: '2026-11-20', sessionClosed: true, close: 12.5, previousCloseValue: 11, volume: 300 });
    expect(server.counts()).toMatchObject({ quote: 1, crumb: 1, cookie: 1 });
  });

  it('marks quotes whose source is simulated, and only those', async () => {
    // Prepare
    const feed = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries });
    // Act
    const simulated = await feed.quotes(['AAA']);
    server.configure({ quoteSourceName: 'Nasdaq Real Time Price' });
    const real = await new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries }).quotes(['AAA']).finally(() => server.configure({ quoteSourceName: undefined }));
    // Assess
    expect(simulated.quotes.get('AAA')?.simulated).toBe(true);
    expect(real.quotes.get('AAA')).toBeDefined();
    expect(real.quotes.get('AAA')?.simulated).toBeUndefined();
  });

  it('starts its own Yahoo session after another feed in the same process quoted twice', async () => {
    // Prepare: yahoo-finance2 keeps crumb state in module globals; a stale one would send a crumb without a cookie.
    const first = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries });
    await first.quotes(['AAA']);
    await first.quotes(['BBB']);
    server.resetLog();
    const second = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries, maxRetries: 0, quoteBatchSize: 1 });
    // Act
    const batch = await second.quotes(['AAA', 'BBB', 'CCC']);
    // Assess
    expect(batch.quotes.size).toBe(3);
    expect(server.counts()).toMatchObject({ cookie: 1, crumb: 1, quote: 3, failed: 0 });
  });

  it('turns a 404 into SymbolNotFoundError without retrying', async () => {
    const feed = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries });
    server.resetLog();
    await expect(feed.history('NOPE', '2026-11-01', '2026-11-20')).rejects.toBeInstanceOf(SymbolNotFoundError);
    expect(server.counts().chart).toBe(1);
  });

  it('retries through a burst of 429s and succeeds', async () => {
    // Prepare: the next two data requests are refused.
    const feed = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries });
    server.resetLog();
    server.configure({ burst429: { after: 0, count: 2 } });
    // Act
    const bars = await feed.history('AAA', '2026-11-02', '2026-11-20');
    // Assess
    expect(bars).toHaveLength(15);
    expect(server.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('gives up with RateLimitedError when 429s outlast the retries', async () => {
    const feed = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries, maxRetries: 2 });
    server.resetLog();
    server.configure({ burst429: { after: 0, count: 10 } });
    await expect(feed.history('AAA', '2026-11-02', '2026-11-20')).rejects.toBeInstanceOf(RateLimitedError);
    expect(server.counts().chart).toBe(3);
  });

  it('opens the breaker after consecutive failures and then stops sending requests', async () => {
    // Prepare
    const feed = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries, maxRetries: 1, breakerThreshold: 4 });
    server.resetLog();
    server.configure({ refuseAll: true });
    // Act
    const outcomes = [];
    for (const symbol of ['AAA', 'BBB', 'CCC', 'AAA']) outcomes.push(await feed.history(symbol, '2026-11-02', '2026-11-20').catch((e: unknown) => e));
    // Assess: 2 symbols x 2 attempts open it; the rest fail fast without a request.
    expect(outcomes[2]).toBeInstanceOf(CircuitOpenError);
    expect(outcomes[3]).toBeInstanceOf(CircuitOpenError);
    expect(server.counts().total).toBe(4);
  });
});
