import { startYahooServer, yahooFetch, type YahooServer } from '@tradebot/local-stack';

const saturday = () => new Date('2026-11-21T11:00:00Z');

describe('Function: startYahooServer', () => {
  let server: YahooServer;
  beforeAll(async () => {
    server = await startYahooServer({ seed: 4, now: saturday, symbols: ['AAA'] });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.configure({ refuseAll: false, burst429: undefined, errorRate: 0 });
    server.resetLog();
  });

  const chart = async (symbol: string): Promise<Response> =>
    yahooFetch(server)(`https://query2.finance.yahoo.com/v8/finance/chart/${symbol}?period1=1762000000&period2=1763700000&interval=1d`);

  it('serves the same simulated series for the same seed, labelled as simulated', async () => {
    // Act
    const first = (await (await chart('AAA')).json()) as { chart: { result: [{ simulated: boolean; indicators: { quote: [{ close: number[] }] } }] } };
    const other = await startYahooServer({ seed: 4, now: saturday });
    let second: typeof first;
    try {
      second = (await (await yahooFetch(other)('https://query1.finance.yahoo.com/v8/finance/chart/AAA?period1=1762000000&period2=1763700000')).json()) as typeof first;
    } finally {
      await other.close();
    }
    // Assess
    const closes = first.chart.result[0].indicators.quote[0].close;
    expect(first.chart.result[0].simulated).toBe(true);
    expect(closes.length).toBeGreaterThan(10);
    expect(second.chart.result[0].indicators.quote[0].close).toEqual(closes);
  });

  it("answers Yahoo's 404 for a symbol it does not know", async () => {
    const response = await chart('ZZZ');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } });
  });

  it('answers a burst of 429s, then recovers, and counts every request', async () => {
    server.configure({ burst429: { after: 1, count: 2 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await chart('AAA')).status);
    expect(statuses).toEqual([200, 429, 429, 200]);
    expect(server.counts()).toMatchObject({ total: 4, chart: 4, failed: 2 });
  });

  it('tells the client when to come back, in seconds or as an HTTP-date', async () => {
    // Prepare
    server.configure({ burst429: { after: 0, count: 2, retryAfterSeconds: 30 } });
    // Act
    const seconds = await chart('AAA');
    server.configure({ burst429: { after: 0, count: 2, retryAfterSeconds: 30, retryAfterFormat: 'http-date' } });
    const date = await chart('AAA');
    // Assess: the server's clock is Saturday 2026-11-21 11:00 UTC.
    expect(seconds.headers.get('retry-after')).toBe('30');
    expect(date.headers.get('retry-after')).toBe('Sat, 21 Nov 2026 11:00:30 GMT');
  });

  it('fails the same requests for the same seed, whatever order they arrive in', async () => {
    // Prepare
    const symbols = Array.from({ length: 40 }, (_, i) => `S${i}`);
    const statuses = async (target: YahooServer, order: readonly string[]): Promise<Map<string, number>> => {
      const out = new Map<string, number>();
      for (const symbol of order) {
        const response = await yahooFetch(target)(`https://query2.finance.yahoo.com/v8/finance/chart/${symbol}?period1=1763000000&period2=1763700000`);
        out.set(symbol, response.status);
      }
      return out;
    };
    const other = await startYahooServer({ seed: 4, now: saturday, errorRate: 0.3 });
    server.configure({ symbols: undefined, errorRate: 0.3 });
    try {
      // Act
      const forward = await statuses(server, symbols);
      const backward = await statuses(other, [...symbols].reverse());
      // Assess
      expect(new Map([...backward].sort())).toEqual(new Map([...forward].sort()));
      const failed = [...forward.values()].filter((s) => s === 500).length;
      expect(failed).toBeGreaterThan(0);
      expect(failed).toBeLessThan(symbols.length);
    } finally {
      server.configure({ symbols: ['AAA'] });
      await other.close();
    }
  });

  it('refuses quotes without the cookie and crumb of its own flow', async () => {
    const response = await yahooFetch(server)('https://query2.finance.yahoo.com/v7/finance/quote?symbols=AAA&crumb=guess');
    expect(response.status).toBe(401);
  });

  it('holds data answers until released, so a test can see how many requests were in flight at once', async () => {
    // Prepare
    server.hold();
    // Act
    const pending = [chart('AAA'), chart('AAA'), chart('AAA')];
    await server.holding(3);
    const loggedWhileHeld = server.counts().total;
    server.release();
    const statuses = (await Promise.all(pending)).map((response) => response.status);
    // Assess
    expect(loggedWhileHeld).toBe(0);
    expect(statuses).toEqual([200, 200, 200]);
    expect(server.peakInFlight).toBe(3);
    expect(server.counts()).toMatchObject({ chart: 3 });
  });
});

describe('Function: yahooFetch', () => {
  it('refuses any host that is not Yahoo, so a test cannot reach the internet', async () => {
    await expect(yahooFetch('http://127.0.0.1:9')('https://example.com/')).rejects.toThrow(/only serves Yahoo hosts/);
    await expect(yahooFetch('http://127.0.0.1:9')('https://yahoo.com.evil.example/')).rejects.toThrow(/only serves Yahoo hosts/);
  });
});
