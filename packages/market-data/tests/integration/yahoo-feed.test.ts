import { startYahooServer, yahooFetch, type YahooServer } from '@tradebot/local-stack';
import { CircuitOpenError, PriceSourceUnavailableError, RateLimitExhaustedError, SymbolNotFoundError, UnexpectedResponseError, YahooPriceFeed } from '@tradebot/market-data';
import { FixedClock, RecordingSleep } from '../helpers/memory-ports';

// Saturday 2026-11-21 11:00 UTC: the market is closed; the latest session is Friday 2026-11-20.
const SATURDAY = new Date('2026-11-21T11:00:00Z');
const clock = new FixedClock(SATURDAY);
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
  beforeEach(() => {
    clock.instant = SATURDAY;
    server.configure({ refuseAll: false, burst429: undefined, errorRate: 0, latencyMs: 0, malformed: undefined });
  });

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
    expect(real.missing).toEqual([]);
    expect(real.quotes.get('AAA')).toMatchObject({ symbol: 'AAA', currency: 'USD' });
    expect(real.quotes.get('AAA')).not.toHaveProperty('simulated');
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

  it('waits out a burst of 429s without Retry-After with a growing pause, and succeeds', async () => {
    // Prepare: the next three data requests are refused.
    const pauses = new RecordingSleep(clock);
    const feed = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries, sleep: pauses.sleep });
    server.resetLog();
    server.configure({ burst429: { after: 0, count: 3 } });
    // Act
    const bars = await feed.history('AAA', '2026-11-02', '2026-11-20');
    // Assess
    expect(bars).toHaveLength(15);
    expect(server.requests.map((r) => r.status)).toEqual([429, 429, 429, 200]);
    expect(pauses.waits).toEqual([1, 2, 4]);
    expect(feed.activity()).toMatchObject({ rateLimited: 3, pausedMs: 7, lowestConcurrency: 1 });
  });

  it('waits as long as Retry-After says, in seconds or as an HTTP-date', async () => {
    // Prepare
    const pauses = new RecordingSleep(clock);
    const feed = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries, sleep: pauses.sleep });
    server.resetLog();
    server.configure({ burst429: { after: 0, count: 1, retryAfterSeconds: 7 } });
    // Act
    await feed.history('AAA', '2026-11-02', '2026-11-20');
    server.resetLog();
    server.configure({ burst429: { after: 0, count: 1, retryAfterSeconds: 5, retryAfterFormat: 'http-date' } });
    await feed.history('BBB', '2026-11-02', '2026-11-20');
    // Assess
    expect(pauses.waits).toEqual([7_000, 5_000]);
    expect(server.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('does not count 429s towards the circuit breaker', async () => {
    // Prepare: twelve 429s in a row against a breaker that opens at three failures.
    const pauses = new RecordingSleep(clock);
    const feed = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries, breakerThreshold: 3, sleep: pauses.sleep });
    server.resetLog();
    server.configure({ burst429: { after: 0, count: 12, retryAfterSeconds: 1 } });
    // Act
    const bars = await feed.history('AAA', '2026-11-02', '2026-11-20');
    // Assess
    expect(bars).toHaveLength(15);
    expect(server.counts()).toMatchObject({ chart: 13, failed: 12 });
    expect(pauses.waits).toEqual(Array(12).fill(1_000));
  });

  it('gives up with RateLimitExhaustedError once rate limiting outlasts the wait budget, then sends nothing more', async () => {
    // Prepare: pauses of 1, 2 and 4 ms fit a 10 ms budget; the next (4 ms) would not.
    const pauses = new RecordingSleep(clock);
    const feed = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries, maxBackoffMs: 4, rateLimitBudgetMs: 10, sleep: pauses.sleep });
    server.resetLog();
    server.configure({ refuseAll: 429 });
    // Act
    const first = await feed.history('AAA', '2026-11-02', '2026-11-20').catch((e: unknown) => e);
    const second = await feed.history('BBB', '2026-11-02', '2026-11-20').catch((e: unknown) => e);
    // Assess
    expect(first).toBeInstanceOf(RateLimitExhaustedError);
    expect(second).toBeInstanceOf(RateLimitExhaustedError);
    expect(pauses.waits).toEqual([1, 2, 4]);
    expect(server.counts().chart).toBe(4);
  });

  it('counts timeouts towards the circuit breaker, like 5xx', async () => {
    // Prepare: every answer takes 300 ms; the feed gives each attempt 20 ms.
    const feed = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries, timeoutMs: 20, maxRetries: 0, breakerThreshold: 2 });
    server.configure({ latencyMs: 300 });
    // Act
    const outcomes = [];
    for (const symbol of ['AAA', 'BBB', 'CCC']) outcomes.push(await feed.history(symbol, '2026-11-02', '2026-11-20').catch((e: unknown) => e));
    // Assess
    expect(outcomes[0]).toBeInstanceOf(PriceSourceUnavailableError);
    expect((outcomes[0] as Error).message).toMatch(/did not answer in time/);
    expect(outcomes[2]).toBeInstanceOf(CircuitOpenError);
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

  describe('its yahoo-finance2 client, loaded on the first request', () => {
    const yahooClient = () => import('../../src/yahoo-client');

    it('loads the client once, on the first request, not when the feed is built', async () => {
      // Prepare
      let loads = 0;
      const feed = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries, loadClient: () => (loads++, yahooClient()) });
      const loadsWhenBuilt = loads;
      // Act
      const [batch, bars] = await Promise.all([feed.quotes(['AAA']), feed.history('HAND', '2026-11-20', '2026-11-20')]);
      await feed.splits('AAA', '2026-11-01', '2026-11-20');
      // Assess
      expect(loadsWhenBuilt).toBe(0);
      expect(loads).toBe(1);
      expect(batch.quotes.get('AAA')).toMatchObject({ symbol: 'AAA' });
      expect(bars).toEqual([{ date: '2026-11-20', close: 12.5, high: 12.5, low: 12.5, volume: 300 }]);
    });

    it('rejects with PriceSourceUnavailableError when the client does not load, sends nothing, and loads it again on the next request', async () => {
      // Prepare: the first load fails as a missing file of the bundle would.
      let loads = 0;
      const missing = Object.assign(new Error("Cannot find module './yahoo-client.0123456789ab.js'"), { code: 'MODULE_NOT_FOUND' });
      const feed = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries, loadClient: () => (++loads === 1 ? Promise.reject(missing) : yahooClient()) });
      server.resetLog();
      // Act
      const quoted = await feed.quotes(['AAA']).catch((error: unknown) => error);
      const countsAfterFailure = server.counts();
      const retried = await feed.quotes(['AAA']);
      // Assess: the feed's own error (a dependency error of Yahoo) naming the cause, no request; then the next load works.
      expect(quoted).toBeInstanceOf(PriceSourceUnavailableError);
      expect(quoted).toMatchObject({ dependency: 'yahoo', message: expect.stringContaining("Cannot find module './yahoo-client"), cause: missing });
      expect(countsAfterFailure).toMatchObject({ quote: 0, crumb: 0, cookie: 0 });
      expect(retried.quotes.get('AAA')).toMatchObject({ symbol: 'AAA' });
      expect(loads).toBe(2);
    });

    it('rejects a chart the same way when the client does not load, without counting it towards the breaker', async () => {
      // Prepare: a breaker that one outage would open.
      const feed = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries, breakerThreshold: 1, loadClient: () => Promise.reject(new Error('chunk gone')) });
      server.resetLog();
      // Act
      const charted = await feed.history('AAA', '2026-11-02', '2026-11-20').catch((error: unknown) => error);
      const split = await feed.splits('AAA', '2026-11-02', '2026-11-20').catch((error: unknown) => error);
      // Assess: each call tried to load (not an open breaker) and sent nothing.
      expect(charted).toBeInstanceOf(PriceSourceUnavailableError);
      expect(split).toBeInstanceOf(PriceSourceUnavailableError);
      expect(split).not.toBeInstanceOf(CircuitOpenError);
      expect((split as Error).message).toContain('chunk gone');
      expect(server.counts().chart).toBe(0);
    });
  });

  describe('with malformed answers', () => {
    it.each([
      ['no-result', /AAA with an unexpected shape: .*null/],
      ['wrong-types', /AAA with an unexpected shape: indicators\.quote\.0\.close: expected a list of numbers or nulls/],
      ['not-json', /AAA with an unexpected shape: .*not parsable/],
    ] as const)('rejects a %s chart with UnexpectedResponseError naming the symbol and the field, without retrying', async (kind, reason) => {
      // Prepare
      const feed = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries });
      server.resetLog();
      server.configure({ malformed: { AAA: kind } });
      // Act
      const outcome = await feed.history('AAA', '2026-11-02', '2026-11-20').catch((e: unknown) => e);
      // Assess
      expect(outcome).toBeInstanceOf(UnexpectedResponseError);
      expect(outcome).not.toBeInstanceOf(TypeError);
      expect((outcome as Error).message).toMatch(reason);
      expect(server.counts()).toMatchObject({ chart: 1, failed: 0 });
    });

    it('lists a quote with a price that is not a number as unavailable, with the reason, and quotes the others', async () => {
      // Prepare
      const feed = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries });
      server.configure({ malformed: { BBB: 'wrong-types' } });
      // Act
      const batch = await feed.quotes(['AAA', 'BBB', 'NOPE']);
      // Assess
      expect([...batch.quotes.keys()]).toEqual(['AAA']);
      expect(batch.unavailable).toEqual([{ symbol: 'BBB', reason: expect.stringMatching(/unexpected shape: regularMarketPrice: .*expected number/) }]);
      expect(batch.missing).toEqual(['NOPE']);
    });

    it.each(['no-result', 'not-json'] as const)('lists a whole batch as unavailable when the quote answer is %s', async (kind) => {
      // Prepare
      const feed = new YahooPriceFeed({ fetch: yahooFetch(server), ...fastRetries });
      server.configure({ malformed: { BBB: kind } });
      // Act
      const batch = await feed.quotes(['AAA', 'BBB']);
      // Assess
      expect(batch.quotes.size).toBe(0);
      expect(batch.missing).toEqual([]);
      expect(batch.unavailable).toEqual(['AAA', 'BBB'].map((symbol) => ({ symbol, reason: expect.stringContaining('unexpected shape') })));
    });
  });
});
