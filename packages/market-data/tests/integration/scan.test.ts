import { DEFAULT_RULES, RulesSchema, type Bar } from '@tradebot/core-domain';
import { startYahooServer, weekdaysBetween, yahooFetch, type HandBar, type YahooServer } from '@tradebot/local-stack';
import { runDrawdownScan, YahooPriceFeed, type DrawdownScanDeps, type UniverseMember } from '@tradebot/market-data';
import { FixedClock, MemoryHistoryCache, MemoryScanRepository, RecordingSleep } from '../helpers/memory-ports';

/** Weekday bars from `from` to `to`, close `base` except the given dates. */
function handSeries(from: string, to: string, base: number, points: Record<string, number>, volume = 1_000_000): HandBar[] {
  const dates = new Set([...weekdaysBetween(from, to), ...Object.keys(points)]);
  return [...dates].sort().map((date) => ({ date, close: points[date] ?? base, volume }));
}

const member = (symbol: string): UniverseMember => ({ symbol, name: `${symbol} Corp`, sector: 'Test' });
// Saturday 2026-11-21 11:00 UTC: the latest closed session is Friday 2026-11-20.
const SATURDAY = new Date('2026-11-21T11:00:00Z');
const fast = { initialBackoffMs: 1, maxBackoffMs: 4 };

function feedFor(server: YahooServer, clock: FixedClock, options: Partial<ConstructorParameters<typeof YahooPriceFeed>[0]> = {}): YahooPriceFeed {
  return new YahooPriceFeed({ fetch: yahooFetch(server), clock, ...fast, ...options });
}

describe('Function: runDrawdownScan', () => {
  describe('on hand-built series', () => {
    let server: YahooServer;
    const clock = new FixedClock(SATURDAY);
    beforeAll(async () => {
      server = await startYahooServer({
        now: () => clock.now(),
        series: {
          // Peak 200 on 07-15, partial recovery to 150, new low 80, last 100. A higher 500 just outside the window.
          DROP: handSeries('2025-11-03', '2026-11-20', 120, { '2026-05-22': 500, '2026-07-15': 200, '2026-09-15': 150, '2026-10-15': 80, '2026-11-20': 100 }),
          // The window is (asOf - 180 days, asOf]: 400 exactly 180 days back (2026-05-24) is out, 300 the next day is in.
          EDGE: handSeries('2025-11-03', '2026-11-20', 250, { '2026-05-24': 400, '2026-05-25': 300, '2026-11-20': 240 }),
          PENNY: handSeries('2025-11-03', '2026-11-20', 3, { '2026-11-20': 1.5 }),
          THIN: handSeries('2025-11-03', '2026-11-20', 50, { '2026-11-20': 10 }, 1_000),
          BANNED: handSeries('2025-11-03', '2026-11-20', 50, { '2026-11-20': 5 }),
        },
      });
    });
    afterAll(() => server.close());

    it('ranks by drawdown with hand-computed figures, filters by rules and lists failures', async () => {
      // Prepare
      const repository = new MemoryScanRepository();
      const deps: DrawdownScanDeps = { feed: feedFor(server, clock), cache: new MemoryHistoryCache(), repository, clock };
      const universe = ['DROP', 'EDGE', 'PENNY', 'THIN', 'BANNED', 'GONE'].map(member);
      // Act
      const outcome = await runDrawdownScan(deps, { universe, rules: DEFAULT_RULES, blacklist: ['banned'] });
      // Assess
      if (!outcome.ok) throw outcome.error;
      expect(outcome.rows).toEqual([
        {
          rank: 1, symbol: 'DROP', name: 'DROP Corp', sector: 'Test', lastClose: 100, lastDate: '2026-11-20',
          peakClose: 200, peakDate: '2026-07-15', drawdownPct: 50, daysSincePeak: 128, lowClose: 80, aboveLowPct: 25, avgVolume20: 1_000_000,
        },
        {
          rank: 2, symbol: 'EDGE', name: 'EDGE Corp', sector: 'Test', lastClose: 240, lastDate: '2026-11-20',
          peakClose: 300, peakDate: '2026-05-25', drawdownPct: 20, daysSincePeak: 179, lowClose: 240, aboveLowPct: 0, avgVolume20: 1_000_000,
        },
      ]);
      expect(outcome.skippedBy).toEqual({ blacklisted: 1, 'price below 5': 1, '20-day average volume below 500000': 1 });
      expect(repository.latestSummary).toMatchObject({
        date: '2026-11-20',
        universeSize: 6,
        scanned: 2,
        skipped: 3,
        failed: 1,
        csvKey: 'scans/drawdown/2026-11-20.csv',
        failures: [{ symbol: 'GONE', reason: expect.stringContaining('no data for GONE') }],
      });
      expect(repository.latestSummary?.top.map((r) => r.symbol)).toEqual(['DROP', 'EDGE']);
    });
  });

  describe('incrementally', () => {
    it('appends the next session from one quote request, with no chart request, matching a fresh backfill', async () => {
      // Prepare: backfill on Saturday 2026-11-14 (asOf Friday 11-13).
      const clock = new FixedClock(new Date('2026-11-14T11:00:00Z'));
      const server = await startYahooServer({ seed: 11, now: () => clock.now() });
      try {
        const cache = new MemoryHistoryCache();
        const universe = Array.from({ length: 30 }, (_, i) => member(`SIM${i}`));
        const rules = RulesSchema.parse({ scan: { minAvgVolume: 0, minPrice: 0 } });
        const first = await runDrawdownScan({ feed: feedFor(server, clock), cache, repository: new MemoryScanRepository(), clock }, { universe, rules });
        expect(first.ok && first.plans.backfill).toBe(30);
        // Tuesday 06:00 New York: Monday 11-16 has closed, the market is in pre-market.
        clock.instant = new Date('2026-11-17T11:00:00Z');
        server.resetLog();
        // Act
        const second = await runDrawdownScan({ feed: feedFor(server, clock), cache, repository: new MemoryScanRepository(), clock }, { universe, rules });
        // Assess
        if (!second.ok) throw second.error;
        expect(second.plans).toEqual({ current: 0, append: 30, gap: 0, backfill: 0 });
        expect(server.counts()).toMatchObject({ chart: 0, quote: 1 });
        const fresh = await feedFor(server, clock).history('SIM3', '2026-11-16', '2026-11-16');
        const cached = cache.series.get('SIM3') as Bar[];
        expect(cached[cached.length - 1]).toEqual(fresh[0]);
        expect(second.summary.date).toBe('2026-11-16');
      } finally {
        await server.close();
      }
    });
  });

  describe('with a cache filled by another source', () => {
    it('does not pass cached closes off as the answering source\'s: it fetches what disagrees again', async () => {
      // Prepare: the cache is filled from one source (seed 41); the same date is then scanned against
      // another (seed 42), as when `pnpm scan --live` follows a simulated `pnpm scan`.
      const clock = new FixedClock(SATURDAY);
      const first = await startYahooServer({ seed: 41, now: () => clock.now() });
      const second = await startYahooServer({ seed: 42, now: () => clock.now() });
      try {
        const cache = new MemoryHistoryCache();
        const universe = ['SIM1', 'SIM2', 'SIM3'].map(member);
        const rules = RulesSchema.parse({ scan: { minAvgVolume: 0, minPrice: 0 } });
        await runDrawdownScan({ feed: feedFor(first, clock), cache, repository: new MemoryScanRepository(), clock }, { universe, rules });
        // Act
        const outcome = await runDrawdownScan({ feed: feedFor(second, clock), cache, repository: new MemoryScanRepository(), clock }, { universe, rules });
        // Assess: every symbol was fetched again, and the closes are the second source's.
        if (!outcome.ok) throw outcome.error;
        expect(outcome.plans).toEqual({ current: 0, append: 0, gap: 3, backfill: 0 });
        const fresh = await feedFor(second, clock).history('SIM2', '2026-11-20', '2026-11-20');
        expect(outcome.rows.find((r) => r.symbol === 'SIM2')?.lastClose).toBe(fresh[0]?.close);
        expect(cache.series.get('SIM2')?.slice(-1)[0]?.close).toBe(fresh[0]?.close);
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    });
  });

  describe('during market hours', () => {
    it('never stores the intraday price as a close: it scans the last closed session', async () => {
      // Prepare: backfill on Saturday, then run on Tuesday 2026-11-17 at 11:00 New York (market open).
      const clock = new FixedClock(new Date('2026-11-14T11:00:00Z'));
      const server = await startYahooServer({ seed: 12, now: () => clock.now() });
      try {
        const cache = new MemoryHistoryCache();
        const universe = ['SIM1', 'SIM2'].map(member);
        const rules = RulesSchema.parse({ scan: { minAvgVolume: 0, minPrice: 0 } });
        await runDrawdownScan({ feed: feedFor(server, clock), cache, repository: new MemoryScanRepository(), clock }, { universe, rules });
        clock.instant = new Date('2026-11-17T16:00:00Z');
        // Act
        const outcome = await runDrawdownScan({ feed: feedFor(server, clock), cache, repository: new MemoryScanRepository(), clock }, { universe, rules });
        // Assess: Monday 11-16 came from the chart (a gap), Tuesday's running price was not stored.
        if (!outcome.ok) throw outcome.error;
        expect(outcome.summary.date).toBe('2026-11-16');
        expect(outcome.plans).toEqual({ current: 0, append: 0, gap: 2, backfill: 0 });
        const bars = cache.series.get('SIM1')!;
        expect(bars[bars.length - 1]!.date).toBe('2026-11-16');
      } finally {
        await server.close();
      }
    });
  });

  describe('concurrency', () => {
    let server: YahooServer;
    const clock = new FixedClock(SATURDAY);
    beforeEach(async () => {
      server = await startYahooServer({ seed: 24, now: () => clock.now() });
    });
    // Runs even when the test times out: nothing stays held, so a failing run cannot hang the suite.
    afterEach(async () => {
      server.release();
      await server.close();
    });

    it("keeps exactly as many requests in flight as the feed allows: the feed's limit is the scan's only one", async () => {
      // Prepare: 40 backfills against a feed allowing 12 at once; the stand-in holds its answers.
      const universe = Array.from({ length: 40 }, (_, i) => member(`SIM${i}`));
      const rules = RulesSchema.parse({ scan: { minAvgVolume: 0, minPrice: 0 } });
      // No request gives up while held (a timeout would free its slot and let a retry in).
      const feed = feedFor(server, clock, { concurrency: 12, timeoutMs: 60_000 });
      server.hold();
      // Act: the scan fills every slot the feed has, then runs to the end once released.
      const scanning = runDrawdownScan({ feed, cache: new MemoryHistoryCache(), repository: new MemoryScanRepository(), clock }, { universe, rules });
      await server.holding(12);
      server.release();
      const outcome = await scanning;
      // Assess
      expect(outcome.ok && outcome.summary.scanned).toBe(40);
      expect(server.peakInFlight).toBe(12);
    }, 15_000);
  });

  describe('against a flaky source', () => {
    it('completes through 20% random failures and a 429 burst, listing the symbols that really failed', async () => {
      // Prepare
      const clock = new FixedClock(SATURDAY);
      const server = await startYahooServer({
        seed: 5,
        now: () => clock.now(),
        errorRate: 0.2,
        burst429: { after: 20, count: 5 },
        brokenSymbols: ['BROKEN'],
        symbols: [...Array.from({ length: 60 }, (_, i) => `SIM${i}`), 'BROKEN'],
      });
      try {
        const repository = new MemoryScanRepository();
        const universe = [...Array.from({ length: 60 }, (_, i) => member(`SIM${i}`)), member('BROKEN'), member('NOPE1'), member('NOPE2')];
        const rules = RulesSchema.parse({ scan: { minAvgVolume: 0, minPrice: 0 } });
        const feed = feedFor(server, clock, { maxRetries: 4 });
        // Act
        const outcome = await runDrawdownScan({ feed, cache: new MemoryHistoryCache(), repository, clock }, { universe, rules });
        // Assess
        if (!outcome.ok) throw outcome.error;
        const statuses = server.requests.map((r) => r.status);
        expect(statuses.filter((s) => s === 429)).toHaveLength(5);
        expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(10);
        expect(outcome.summary.scanned).toBe(60);
        expect(outcome.summary.failures).toEqual([
          { symbol: 'BROKEN', reason: expect.stringContaining('HTTP 500') },
          { symbol: 'NOPE1', reason: expect.stringContaining('no data') },
          { symbol: 'NOPE2', reason: expect.stringContaining('no data') },
        ]);
        expect(repository.latestSummary).toBe(outcome.summary);
      } finally {
        await server.close();
      }
    });

    it('lists symbols whose answers are malformed as failures with the reason, and ranks the rest', async () => {
      // Prepare: three symbols answered 200 with bodies the feed cannot use, each broken another way.
      const clock = new FixedClock(SATURDAY);
      const good = Array.from({ length: 10 }, (_, i) => `SIM${i}`);
      const server = await startYahooServer({ seed: 23, now: () => clock.now(), malformed: { BAD1: 'no-result', BAD2: 'wrong-types', BAD3: 'not-json' } });
      try {
        const repository = new MemoryScanRepository();
        const rules = RulesSchema.parse({ scan: { minAvgVolume: 0, minPrice: 0 } });
        const universe = [...good, 'BAD1', 'BAD2', 'BAD3'].map(member);
        // Act
        const outcome = await runDrawdownScan({ feed: feedFor(server, clock), cache: new MemoryHistoryCache(), repository, clock }, { universe, rules });
        // Assess
        if (!outcome.ok) throw outcome.error;
        expect(outcome.summary.scanned).toBe(10);
        expect(outcome.summary.failures).toEqual([
          { symbol: 'BAD1', reason: expect.stringMatching(/^Yahoo answered BAD1 with an unexpected shape: /) },
          { symbol: 'BAD2', reason: expect.stringMatching(/^Yahoo answered BAD2 with an unexpected shape: indicators\.quote\.0\.close/) },
          { symbol: 'BAD3', reason: expect.stringMatching(/^Yahoo answered BAD3 with an unexpected shape: .*not parsable/) },
        ]);
      } finally {
        await server.close();
      }
    });

    it('completes at concurrency 8 through 20% 500s and a burst of 30 429s, slowing down and honouring Retry-After', async () => {
      // Prepare: 120 symbols; data requests 10..39 are answered 429 "come back in 2 s"; 20% of the rest fail with 500.
      const clock = new FixedClock(SATURDAY);
      const symbols = Array.from({ length: 120 }, (_, i) => `SIM${i}`);
      const server = await startYahooServer({
        seed: 21,
        now: () => clock.now(),
        errorRate: 0.2,
        burst429: { after: 10, count: 30, retryAfterSeconds: 2 },
        symbols,
      });
      try {
        const repository = new MemoryScanRepository();
        const rules = RulesSchema.parse({ scan: { minAvgVolume: 0, minPrice: 0 } });
        const pauses = new RecordingSleep(clock);
        const feed = feedFor(server, clock, { concurrency: 8, sleep: pauses.sleep });
        // Act
        const outcome = await runDrawdownScan({ feed, cache: new MemoryHistoryCache(), repository, clock }, { universe: symbols.map(member), rules });
        // Assess
        if (!outcome.ok) throw outcome.error;
        const statuses = server.requests.map((r) => r.status);
        expect(statuses.filter((s) => s === 429)).toHaveLength(30);
        expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(10);
        expect(outcome.summary).toMatchObject({ scanned: 120, failed: 0 });
        expect(repository.latestSummary).toBe(outcome.summary);
        // Back-pressure: it paused exactly as asked and went down to one request at a time.
        expect(pauses.waits.length).toBeGreaterThan(0);
        expect(new Set(pauses.waits)).toEqual(new Set([2_000]));
        expect(feed.activity()).toMatchObject({ rateLimited: 30, lowestConcurrency: 1 });
      } finally {
        await server.close();
      }
    });

    it('stops when rate limiting outlasts the wait budget, saving nothing and saying why', async () => {
      // Prepare: every request is answered 429; pauses of 1, 2, 4, 4... ms against a 20 ms budget.
      const clock = new FixedClock(SATURDAY);
      const server = await startYahooServer({ seed: 22, now: () => clock.now(), refuseAll: 429 });
      try {
        const repository = new MemoryScanRepository();
        const pauses = new RecordingSleep(clock);
        const feed = feedFor(server, clock, { maxBackoffMs: 4, rateLimitBudgetMs: 20, sleep: pauses.sleep });
        const universe = Array.from({ length: 50 }, (_, i) => member(`SIM${i}`));
        // Act
        const outcome = await runDrawdownScan({ feed, cache: new MemoryHistoryCache(), repository, clock }, { universe, rules: DEFAULT_RULES });
        // Assess
        expect(outcome.ok).toBe(false);
        if (outcome.ok) return;
        expect(outcome.error.reason).toMatch(/rate limiting/);
        expect(outcome.error.why).toEqual({ kind: 'rate-limited', answers: feed.activity().rateLimited });
        expect(pauses.waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(20);
        expect(server.counts().total).toBeLessThan(50);
        expect(repository.latestSummary).toBeNull();
      } finally {
        await server.close();
      }
    });

    it('fails as a whole when most symbols fail, saving nothing and saying why', async () => {
      // Prepare: 2 known symbols, 4 the source has never heard of.
      const clock = new FixedClock(SATURDAY);
      const server = await startYahooServer({ seed: 6, now: () => clock.now(), symbols: ['SIM1', 'SIM2'] });
      try {
        const repository = new MemoryScanRepository();
        const universe = ['SIM1', 'SIM2', 'GONE1', 'GONE2', 'GONE3', 'GONE4'].map(member);
        // Act
        const outcome = await runDrawdownScan({ feed: feedFor(server, clock), cache: new MemoryHistoryCache(), repository, clock }, { universe, rules: DEFAULT_RULES });
        // Assess
        expect(outcome.ok).toBe(false);
        if (outcome.ok) return;
        expect(outcome.error.reason).toBe('4 of 6 symbols failed');
        expect(outcome.error.why).toEqual({ kind: 'too-many-failures', failed: 4, attempted: 6 });
        expect(outcome.failures.map((f) => f.symbol).sort()).toEqual(['GONE1', 'GONE2', 'GONE3', 'GONE4']);
        expect(repository.latestSummary).toBeNull();
      } finally {
        await server.close();
      }
    });

    it('stops within a bounded number of requests when the source refuses everything, keeps latest.json and says why', async () => {
      // Prepare: a good scan first, then the source refuses everything the next day.
      const clock = new FixedClock(new Date('2026-11-20T11:00:00Z'));
      const server = await startYahooServer({ seed: 9, now: () => clock.now() });
      try {
        const repository = new MemoryScanRepository();
        const cache = new MemoryHistoryCache();
        const rules = RulesSchema.parse({ scan: { minAvgVolume: 0, minPrice: 0 } });
        const universe = Array.from({ length: 200 }, (_, i) => member(`SIM${i}`));
        const good = await runDrawdownScan({ feed: feedFor(server, clock), cache, repository, clock }, { universe: universe.slice(0, 5), rules });
        expect(good.ok).toBe(true);
        const previous = repository.latestSummary;
        clock.instant = SATURDAY;
        server.configure({ refuseAll: true });
        server.resetLog();
        const threshold = 6;
        const concurrency = 4;
        const feed = feedFor(server, clock, { breakerThreshold: threshold, concurrency, maxRetries: 3 });
        // Act
        const outcome = await runDrawdownScan({ feed, cache, repository, clock }, { universe, rules });
        // Assess
        expect(outcome.ok).toBe(false);
        if (outcome.ok) return;
        expect(outcome.error.reason).toMatch(/circuit breaker open/);
        expect(outcome.error.why).toEqual({ kind: 'source-refusing' });
        // Attempts pass the breaker one by one: it opens at `threshold` consecutive failures, and at most
        // `concurrency - 1` other attempts can already be in flight (quote batches waiting on one crumb
        // request share it, so there may be fewer requests than failed attempts).
        expect(server.counts().total).toBeLessThanOrEqual(threshold + concurrency - 1);
        expect(server.counts().total).toBeGreaterThan(0);
        expect(repository.latestSummary).toBe(previous);
      } finally {
        await server.close();
      }
    });
  });
});
