/**
 * A local HTTP server that speaks the parts of Yahoo Finance that yahoo-finance2 uses: the
 * cookie + crumb flow (`finance.yahoo.com/quote/AAPL`, `/v1/test/getcrumb`), `/v8/finance/chart/:symbol`
 * and `/v7/finance/quote`. Prices are SIMULATED (see `simulated-series.ts`) or hand-built by a
 * test; responses carry `"simulated": true` so nobody mistakes them for market data.
 * Faults are configurable: latency, a seeded rate of 500s, a burst of 429s (with `Retry-After` in
 * seconds or as an HTTP-date), broken symbols, or a source that refuses everything. Every request is logged so tests can count them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addDays, utcDay } from '@tradebot/core-domain';
import { SIMULATION_ANCHOR, SIMULATION_START, SimulatedSeries, hashString, mulberry32, weekdaysBetween, type SimulatedBar } from './simulated-series';

/** A bar of a hand-built series; missing open/high/low default to the close. */
export interface HandBar {
  readonly date: string;
  readonly close: number;
  readonly open?: number;
  readonly high?: number;
  readonly low?: number;
  readonly volume?: number;
}

/** A run of HTTP 429 answers, optionally with a `Retry-After` header. */
export interface Burst429 {
  /** 0-based index of the first data request (chart or quote) answered 429. */
  readonly after: number;
  /** How many consecutive data requests are answered 429. */
  readonly count: number;
  /** Sends `Retry-After` with this many seconds; absent: no header (what Yahoo usually does). */
  readonly retryAfterSeconds?: number;
  /** `seconds` (default: `Retry-After: 2`) or `http-date` (the server's clock plus the seconds, RFC 9110 IMF-fixdate). */
  readonly retryAfterFormat?: 'seconds' | 'http-date';
}

/** Yahoo `marketState` values the server reports. */
export type SimulatedMarketState = 'PRE' | 'REGULAR' | 'POST' | 'CLOSED';

/** Behaviour of the server; every field can be changed later with `configure`. */
export interface YahooServerOptions {
  /** Seed of the simulated series and of the random faults. Default 1. */
  readonly seed?: number;
  /** Delay before every response, in ms. Default 0. */
  readonly latencyMs?: number;
  /**
   * Probability (0..1) that a chart/quote request fails with a transient 500. Decided per request
   * from the seed, the request (kind and symbols) and how often that request was asked before, so a
   * symbol meets the same faults whatever order concurrent requests arrive in. Default 0.
   */
  readonly errorRate?: number;
  /** Data requests number `after` .. `after + count - 1` (0-based) are answered 429. */
  readonly burst429?: Burst429;
  /** Answer every request (crumb flow included) with this status (`true` = 503). */
  readonly refuseAll?: boolean | number;
  /** Symbols the source knows; others get Yahoo's 404. Default: every symbol (simulated). */
  readonly symbols?: readonly string[];
  /** Hand-built series per symbol (known symbols too); they replace the simulation for those symbols. */
  readonly series?: Readonly<Record<string, readonly HandBar[]>>;
  /** Symbols whose chart requests always fail with 500 (a persistently broken feed for them). */
  readonly brokenSymbols?: readonly string[];
  /** The server's clock; decides the latest session and the market state. Default: wall clock. */
  readonly now?: () => Date;
  /** Forces the reported market state (otherwise derived from `now` in New York). */
  readonly marketState?: SimulatedMarketState;
  /**
   * The quotes' `quoteSourceName`. Default `Simulated`, which price feeds read as "not market data"
   * (`Quote.simulated`); a test sets a real source's name (`Nasdaq Real Time Price`) to play real Yahoo.
   */
  readonly quoteSourceName?: string;
}

/** One logged request. */
export interface YahooRequestLog {
  readonly kind: 'cookie' | 'crumb' | 'chart' | 'quote' | 'other';
  readonly path: string;
  readonly status: number;
  /** Symbols asked for (chart: one; quote: the batch). */
  readonly symbols: readonly string[];
}

/** Request counts by kind; `failed` counts non-2xx answers. */
export interface YahooRequestCounts {
  readonly total: number;
  readonly cookie: number;
  readonly crumb: number;
  readonly chart: number;
  readonly quote: number;
  readonly other: number;
  readonly failed: number;
}

/** A running local Yahoo server. */
export interface YahooServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request answered so far, oldest first. */
  readonly requests: readonly YahooRequestLog[];
  counts(): YahooRequestCounts;
  /** Forgets the request log and the data-request counter (for `burst429`). */
  resetLog(): void;
  /**
   * Generates the simulated series of `symbols` through `through` now, so a bench measures the
   * client and not the server's first-touch work.
   */
  warm(symbols: readonly string[], through: string): void;
  /** Changes behaviour from now on (e.g. start refusing after a backfill). */
  configure(change: Partial<YahooServerOptions>): void;
  close(): Promise<void>;
}

const CRUMB_COOKIE = 'A3';
const NY = 'America/New_York';
const nyParts = new Intl.DateTimeFormat('en-US', {
  timeZone: NY,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'shortOffset',
});

interface NyClock {
  readonly date: string;
  readonly minutes: number;
  readonly weekday: boolean;
  readonly offsetSeconds: number;
  readonly zone: string;
}

// Formatting a time zone name is slow in ICU (milliseconds); the clock is memoised per minute.
let lastClock: { minute: number; clock: NyClock } | null = null;

function newYorkClock(now: Date): NyClock {
  const minute = Math.floor(now.getTime() / 60_000);
  if (lastClock?.minute === minute) return lastClock.clock;
  const clock = computeNewYorkClock(now);
  lastClock = { minute, clock };
  return clock;
}

function computeNewYorkClock(now: Date): NyClock {
  const parts = Object.fromEntries(nyParts.formatToParts(now).map((p) => [p.type, p.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const offsetHours = Number(/GMT([+-]\d+)/.exec(parts.timeZoneName ?? '')?.[1] ?? -5);
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return {
    date,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: day !== 0 && day !== 6,
    offsetSeconds: offsetHours * 3600,
    zone: offsetHours === -4 ? 'EDT' : 'EST',
  };
}

function previousWeekday(date: string): string {
  let t = Date.parse(`${date}T12:00:00Z`);
  do t -= 86_400_000;
  while ([0, 6].includes(new Date(t).getUTCDay()));
  return utcDay(t);
}

/** Two weeks before `date`: enough to hold a simulated series' last two sessions. */
const twoWeeksBefore = (date: string): string => addDays(date, -14);

/** Epoch seconds a daily bar is stamped with (14:30 UTC: the New York morning in both EST and EDT). */
const barTimestamp = (date: string): number => Date.parse(`${date}T14:30:00Z`) / 1000;
/** Epoch seconds of a session's close as reported by quotes (21:00 UTC: at or after 16:00 New York). */
const closeTimestamp = (date: string): number => Date.parse(`${date}T21:00:00Z`) / 1000;

/** The `Retry-After` header of a 429 in a burst, if the burst sends one. */
function retryAfterHeader(burst: Burst429, now: Date): Record<string, string> {
  if (burst.retryAfterSeconds === undefined) return {};
  if (burst.retryAfterFormat === 'http-date') return { 'retry-after': new Date(now.getTime() + burst.retryAfterSeconds * 1000).toUTCString() };
  return { 'retry-after': String(burst.retryAfterSeconds) };
}

/**
 * Starts the server on 127.0.0.1 and a free port. Point yahoo-finance2 at it with
 * `new YahooFinance({ fetch: yahooFetch(server) })`. Close it in `afterAll`.
 */
export async function startYahooServer(options: YahooServerOptions = {}): Promise<YahooServer> {
  let config: YahooServerOptions = { ...options };
  let log: YahooRequestLog[] = [];
  let dataRequests = 0;
  /** How often each data request (kind + symbols) got past the 429 burst: the key of its seeded fault. */
  let askedBefore = new Map<string, number>();
  let cookieCounter = 0;
  const issuedCookies = new Set<string>();
  const crumb = `simCrumb${hashString(String(config.seed ?? 1)).toString(36)}`;
  const simulated = new Map<string, SimulatedSeries>();

  const now = (): Date => (config.now ?? (() => new Date()))();

  const knows = (symbol: string): boolean => {
    if (config.series?.[symbol]) return true;
    if (config.symbols) return config.symbols.includes(symbol);
    if (config.series) return false;
    return /^[A-Z0-9][A-Z0-9.\-=^]{0,11}$/.test(symbol);
  };

  /** The latest session with data, and whether it is still trading. */
  const session = (): { date: string; state: SimulatedMarketState; clock: NyClock } => {
    const clock = newYorkClock(now());
    const open = 9 * 60 + 30;
    const close = 16 * 60;
    let date: string;
    let state: SimulatedMarketState;
    if (!clock.weekday) {
      date = clock.date;
      while ([0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay())) date = previousWeekday(date);
      state = 'CLOSED';
    } else if (clock.minutes < open) {
      date = previousWeekday(clock.date);
      state = 'PRE';
    } else if (clock.minutes < close) {
      date = clock.date;
      state = 'REGULAR';
    } else {
      date = clock.date;
      state = 'POST';
    }
    return { date, state: config.marketState ?? state, clock };
  };

  const datesThrough = new Map<string, readonly string[]>();
  /** Bars of `symbol` dated `from <= date <= through` (only those are built: a quote needs two). */
  const barsOf = (symbol: string, through: string, from = '0000-00-00'): SimulatedBar[] => {
    const hand = config.series?.[symbol];
    if (hand) {
      return hand
        .filter((b) => b.date >= from && b.date <= through)
        .map((b) => ({
          date: b.date,
          close: b.close,
          open: b.open ?? b.close,
          high: b.high ?? b.close,
          low: b.low ?? b.close,
          volume: b.volume ?? 0,
        }));
    }
    let series = simulated.get(symbol);
    if (!series || series.dates[series.dates.length - 1]! < through) {
      // Generated at least through the anchor, so every series is scaled to its level the same way.
      const end = through > SIMULATION_ANCHOR ? through : SIMULATION_ANCHOR;
      let dates = datesThrough.get(end);
      if (!dates) {
        dates = weekdaysBetween(SIMULATION_START, end);
        datesThrough.set(end, dates);
      }
      series = new SimulatedSeries(symbol, config.seed ?? 1, dates);
      simulated.set(symbol, series);
    }
    const out: SimulatedBar[] = [];
    for (let i = series.indexFrom(from); i < series.dates.length && series.dates[i]! <= through; i++) out.push(series.bar(i));
    return out;
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json;charset=utf-8',
      ...headers,
    });
    res.end(text);
  };

  const yahooError = (key: string, code: string, description: string): unknown => ({
    [key]: { result: null, error: { code, description } },
  });

  const hasCookie = (req: IncomingMessage): boolean => {
    const header = req.headers.cookie ?? '';
    return header
      .split(';')
      .map((c) => c.trim())
      .some((c) => c.startsWith(`${CRUMB_COOKIE}=`) && issuedCookies.has(c.slice(CRUMB_COOKIE.length + 1)));
  };

  const chartBody = (symbol: string, period1: number, period2: number): unknown => {
    const { date: through, clock } = session();
    const from = utcDay((period1 - 86_400) * 1000);
    const bars = barsOf(symbol, through, from).filter((b) => barTimestamp(b.date) >= period1 && barTimestamp(b.date) <= period2);
    const hand = config.series?.[symbol];
    const firstDate = hand ? hand[0]?.date : SIMULATION_START;
    const last = barsOf(symbol, through, hand ? undefined : twoWeeksBefore(through)).slice(-1)[0];
    const tradingPeriod = (start: string, end: string): unknown => ({
      timezone: clock.zone,
      start: Date.parse(`${clock.date}T${start}:00Z`) / 1000 - clock.offsetSeconds,
      end: Date.parse(`${clock.date}T${end}:00Z`) / 1000 - clock.offsetSeconds,
      gmtoffset: clock.offsetSeconds,
    });
    return {
      chart: {
        result: [
          {
            simulated: true,
            meta: {
              simulated: true,
              currency: 'USD',
              symbol,
              exchangeName: 'NMS',
              fullExchangeName: 'NasdaqGS (simulated)',
              instrumentType: 'EQUITY',
              firstTradeDate: firstDate ? barTimestamp(firstDate) : 0,
              regularMarketTime: last ? closeTimestamp(last.date) : 0,
              hasPrePostMarketData: false,
              gmtoffset: clock.offsetSeconds,
              timezone: clock.zone,
              exchangeTimezoneName: NY,
              regularMarketPrice: last?.close ?? 0,
              chartPreviousClose: bars[0]?.close ?? 0,
              priceHint: 2,
              currentTradingPeriod: {
                pre: tradingPeriod('04:00', '09:30'),
                regular: tradingPeriod('09:30', '16:00'),
                post: tradingPeriod('16:00', '20:00'),
              },
              dataGranularity: '1d',
              range: '',
              validRanges: ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', 'max'],
            },
            timestamp: bars.map((b) => barTimestamp(b.date)),
            indicators: {
              quote: [
                {
                  open: bars.map((b) => b.open),
                  high: bars.map((b) => b.high),
                  low: bars.map((b) => b.low),
                  close: bars.map((b) => b.close),
                  volume: bars.map((b) => b.volume),
                },
              ],
              adjclose: [{ adjclose: bars.map((b) => b.close) }],
            },
          },
        ],
        error: null,
      },
    };
  };

  const quoteOf = (symbol: string): unknown => {
    const { date, state, clock } = session();
    // Two weeks back is enough for the last two sessions of a simulated series; hand-built ones may be sparse.
    const bars = barsOf(symbol, date, config.series?.[symbol] ? undefined : twoWeeksBefore(date));
    const last = bars[bars.length - 1];
    if (!last) return null;
    const previous = bars[bars.length - 2] ?? last;
    const trading = state === 'REGULAR';
    const source = config.quoteSourceName ?? 'Simulated';
    return {
      ...(source === 'Simulated' ? { simulated: true } : {}),
      language: 'en-US',
      region: 'US',
      quoteType: 'EQUITY',
      typeDisp: 'Equity',
      quoteSourceName: source,
      triggerable: true,
      customPriceAlertConfidence: 'HIGH',
      currency: 'USD',
      marketState: state,
      tradeable: false,
      cryptoTradeable: false,
      exchange: 'NMS',
      shortName: `${symbol} (simulated)`,
      longName: `${symbol} simulated equity`,
      exchangeTimezoneName: NY,
      exchangeTimezoneShortName: clock.zone,
      gmtOffSetMilliseconds: clock.offsetSeconds * 1000,
      market: 'us_market',
      esgPopulated: false,
      sourceInterval: 15,
      exchangeDataDelayedBy: 0,
      fullExchangeName: 'NasdaqGS (simulated)',
      priceHint: 2,
      symbol,
      regularMarketPrice: last.close,
      regularMarketTime: trading ? Math.floor(now().getTime() / 1000) : closeTimestamp(last.date),
      regularMarketChange: Math.round((last.close - previous.close) * 100) / 100,
      regularMarketChangePercent: ((last.close - previous.close) / previous.close) * 100,
      regularMarketPreviousClose: previous.close,
      regularMarketOpen: last.open,
      regularMarketDayHigh: last.high,
      regularMarketDayLow: last.low,
      regularMarketVolume: last.volume,
    };
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const kind: YahooRequestLog['kind'] = path.startsWith('/v8/finance/chart/')
      ? 'chart'
      : path.startsWith('/v7/finance/quote')
        ? 'quote'
        : path === '/v1/test/getcrumb'
          ? 'crumb'
          : path.startsWith('/quote/') || path === '/'
            ? 'cookie'
            : 'other';
    const symbols =
      kind === 'chart'
        ? [decodeURIComponent(path.slice('/v8/finance/chart/'.length))]
        : kind === 'quote'
          ? (url.searchParams.get('symbols') ?? '').split(',').filter(Boolean)
          : [];
    const answer = (status: number, body: unknown, headers?: Record<string, string | string[]>): void => {
      log.push({ kind, path, status, symbols });
      send(res, status, body, headers);
    };

    if (config.refuseAll) {
      const status = typeof config.refuseAll === 'number' ? config.refuseAll : 503;
      answer(status, status === 429 ? 'Too Many Requests' : 'Service Unavailable (simulated refusal)');
      return;
    }
    if (kind === 'chart' || kind === 'quote') {
      const index = dataRequests++;
      const burst = config.burst429;
      if (burst && index >= burst.after && index < burst.after + burst.count) {
        answer(429, 'Too Many Requests', retryAfterHeader(burst, now()));
        return;
      }
      const request = `${kind} ${symbols.join(',')}`;
      const asked = askedBefore.get(request) ?? 0;
      askedBefore.set(request, asked + 1);
      if ((config.errorRate ?? 0) > 0 && mulberry32(hashString(`${request} ${asked}`, config.seed ?? 1))() < (config.errorRate ?? 0)) {
        answer(500, yahooError(kind === 'chart' ? 'chart' : 'finance', 'Internal Server Error', 'simulated transient failure'));
        return;
      }
    }

    switch (kind) {
      case 'cookie': {
        const value = `sim-${++cookieCounter}-${crumb}`;
        issuedCookies.add(value);
        answer(200, '<html><body>simulated Yahoo Finance</body></html>', {
          'content-type': 'text/html',
          'set-cookie': `${CRUMB_COOKIE}=${value}; Max-Age=31536000; Domain=.yahoo.com; Path=/; Secure; HttpOnly; SameSite=None`,
        });
        return;
      }
      case 'crumb':
        if (!hasCookie(req)) answer(403, yahooError('finance', 'Forbidden', 'Invalid Cookie'));
        else answer(200, crumb);
        return;
      case 'chart': {
        const symbol = symbols[0] ?? '';
        if (config.brokenSymbols?.includes(symbol)) {
          answer(500, yahooError('chart', 'Internal Server Error', 'simulated broken symbol'));
          return;
        }
        if (!knows(symbol)) {
          answer(404, yahooError('chart', 'Not Found', 'No data found, symbol may be delisted'));
          return;
        }
        const period1 = Number(url.searchParams.get('period1') ?? 0);
        const period2 = Number(url.searchParams.get('period2') ?? Math.floor(now().getTime() / 1000));
        answer(200, chartBody(symbol, period1, period2));
        return;
      }
      case 'quote': {
        if (!hasCookie(req) || url.searchParams.get('crumb') !== crumb) {
          answer(401, yahooError('finance', 'Unauthorized', 'Invalid Crumb'));
          return;
        }
        const result = symbols.filter(knows).map(quoteOf).filter((q) => q !== null);
        answer(200, { quoteResponse: { result, error: null, simulated: true } });
        return;
      }
      default:
        answer(404, 'Not Found');
    }
  };

  const server: Server = createServer((req, res) => {
    const latency = config.latencyMs ?? 0;
    // Drain the body (the crumb flow may POST) before answering.
    req.resume();
    req.on('end', () => {
      if (latency > 0) setTimeout(() => handle(req, res), latency);
      else handle(req, res);
    });
  });
  // undici (Node's fetch) keeps a socket for the hinted timeout minus 1 s: 1 s would mean a new
  // connection per request. `close()` ends idle sockets anyway.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return log;
    },
    counts() {
      const by = (k: YahooRequestLog['kind']): number => log.filter((r) => r.kind === k).length;
      return {
        total: log.length,
        cookie: by('cookie'),
        crumb: by('crumb'),
        chart: by('chart'),
        quote: by('quote'),
        other: by('other'),
        failed: log.filter((r) => r.status >= 300).length,
      };
    },
    warm(symbols, through) {
      for (const symbol of symbols) if (!config.series?.[symbol]) barsOf(symbol, through, through);
    },
    resetLog() {
      log = [];
      dataRequests = 0;
      askedBefore = new Map();
    },
    configure(change) {
      config = { ...config, ...change };
      if (change.seed !== undefined) simulated.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
