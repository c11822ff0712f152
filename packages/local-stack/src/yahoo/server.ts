/**
 * A local HTTP server that speaks the parts of Yahoo Finance that yahoo-finance2 uses: the
 * cookie + crumb flow (`finance.yahoo.com/quote/AAPL`, `/v1/test/getcrumb`), `/v8/finance/chart/:symbol`
 * and `/v7/finance/quote`. Prices are SIMULATED (see `simulated-series.ts`, served by `market.ts`) or
 * hand-built by a test; responses carry `"simulated": true` so nobody mistakes them for market data.
 * Faults are configurable: latency, a seeded rate of 500s, a burst of 429s (with `Retry-After` in
 * seconds or as an HTTP-date), a source that refuses everything (`faults.ts`), broken symbols and
 * malformed bodies. Every request is logged so tests can count them, and data answers can be held
 * to see how many requests a client keeps in flight.
 *
 * A request goes: classify -> latency -> a fault, or the source's answer (`serve`) -> the gate
 * (held while `hold()` is on) -> logged and sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector, yahooError, type Answer } from './faults';
import { SimulatedMarket } from './market';
import { hashString } from './simulated-series';

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

/**
 * How a malformed answer is broken: a 200 whose body a client cannot use. `no-result`: the envelope
 * without data (`result: null`); `wrong-types`: the usual body with the prices as text (`"n/a"`);
 * `not-json`: an HTML page.
 */
export type MalformedAnswer = 'no-result' | 'wrong-types' | 'not-json';

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
  /**
   * Split events per symbol, served by the chart endpoint when asked (`events=split`), as Yahoo does:
   * `numerator` new shares for every `denominator`, effective on session `date`.
   */
  readonly splits?: Readonly<Record<string, readonly { readonly date: string; readonly numerator: number; readonly denominator: number }[]>>;
  /** Symbols whose chart requests always fail with 500 (a persistently broken feed for them). */
  readonly brokenSymbols?: readonly string[];
  /**
   * Symbols whose answers are malformed (200 OK, unusable body), and how. A chart of the symbol is
   * broken that way; in a quote batch, `wrong-types` breaks only the symbol's quote, while `no-result`
   * and `not-json` break the whole batch's body (as a real envelope change would).
   */
  readonly malformed?: Readonly<Record<string, MalformedAnswer>>;
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
  /** A chart's `events` parameter (`'split'` for a split check, `''` for closes only); absent for other kinds. */
  readonly events?: string;
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
  /**
   * Holds every data answer (chart, quote) until `release()`, so a test can see how many requests a
   * client keeps in flight at once (`holding`, `peakInFlight`) without timing anything.
   */
  hold(): void;
  /** Resolves once `count` data requests are held at the same time. */
  holding(count: number): Promise<void>;
  /** Sends every held answer and stops holding. */
  release(): void;
  /** The most data requests that were in flight (received, not yet answered) at once since the last `resetLog`. */
  readonly peakInFlight: number;
  close(): Promise<void>;
}

const CRUMB_COOKIE = 'A3';

const NOT_JSON: Answer = { status: 200, body: '<html><body>Yahoo is down for maintenance (simulated)</body></html>', headers: { 'content-type': 'text/html' } };

/** What a request asks for: its kind (for the log and the faults), path, query and symbols. */
interface Asked {
  readonly kind: YahooRequestLog['kind'];
  readonly path: string;
  readonly url: URL;
  readonly symbols: readonly string[];
}

function classify(req: IncomingMessage): Asked {
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
  return { kind, path, url, symbols };
}

/** Yahoo's cookie and crumb: `/quote/...` sets a cookie, the crumb needs it, quotes need both. */
class CrumbSession {
  private issued = new Set<string>();
  private counter = 0;
  readonly crumb: string;

  constructor(seed: number) {
    this.crumb = `simCrumb${hashString(String(seed)).toString(36)}`;
  }

  /** A new cookie, as `Set-Cookie`. */
  issueCookie(): string {
    const value = `sim-${++this.counter}-${this.crumb}`;
    this.issued.add(value);
    return `${CRUMB_COOKIE}=${value}; Max-Age=31536000; Domain=.yahoo.com; Path=/; Secure; HttpOnly; SameSite=None`;
  }

  /** Whether the request carries a cookie this server issued. */
  hasCookie(req: IncomingMessage): boolean {
    return (req.headers.cookie ?? '')
      .split(';')
      .map((c) => c.trim())
      .some((c) => c.startsWith(`${CRUMB_COOKIE}=`) && this.issued.has(c.slice(CRUMB_COOKIE.length + 1)));
  }
}

/** The source's answer to a request no fault answered: the crumb flow, charts and quotes. */
function serve(asked: Asked, req: IncomingMessage, config: YahooServerOptions, market: SimulatedMarket, session: CrumbSession): Answer {
  const { kind, url, symbols } = asked;
  switch (kind) {
    case 'cookie':
      return { status: 200, body: '<html><body>simulated Yahoo Finance</body></html>', headers: { 'content-type': 'text/html', 'set-cookie': session.issueCookie() } };
    case 'crumb':
      return session.hasCookie(req) ? { status: 200, body: session.crumb } : { status: 403, body: yahooError('finance', 'Forbidden', 'Invalid Cookie') };
    case 'chart': {
      const symbol = symbols[0] ?? '';
      if (config.brokenSymbols?.includes(symbol)) return { status: 500, body: yahooError('chart', 'Internal Server Error', 'simulated broken symbol') };
      if (!market.knows(symbol)) return { status: 404, body: yahooError('chart', 'Not Found', 'No data found, symbol may be delisted') };
      const period1 = Number(url.searchParams.get('period1') ?? 0);
      const period2 = Number(url.searchParams.get('period2') ?? Math.floor(market.now().getTime() / 1000));
      const malformed = config.malformed?.[symbol];
      if (malformed === 'not-json') return NOT_JSON;
      if (malformed === 'no-result') return { status: 200, body: { chart: { result: null, error: null } } };
      return { status: 200, body: market.chart(symbol, period1, period2, malformed === 'wrong-types', url.searchParams.get('events') ?? '') };
    }
    case 'quote': {
      if (!session.hasCookie(req) || url.searchParams.get('crumb') !== session.crumb) return { status: 401, body: yahooError('finance', 'Unauthorized', 'Invalid Crumb') };
      const broken = symbols.map((symbol) => config.malformed?.[symbol]).find((how) => how === 'no-result' || how === 'not-json');
      if (broken === 'not-json') return NOT_JSON;
      if (broken === 'no-result') return { status: 200, body: { quoteResponse: { result: null, error: null, simulated: true } } };
      const result = symbols
        .filter((symbol) => market.knows(symbol))
        .map((symbol) => market.quote(symbol))
        .filter((quote) => quote !== null)
        .map((quote) => (config.malformed?.[quote.symbol] ? { ...quote, regularMarketPrice: 'n/a' } : quote));
      return { status: 200, body: { quoteResponse: { result, error: null, simulated: true } } };
    }
    default:
      return { status: 404, body: 'Not Found' };
  }
}

function send(res: ServerResponse, answer: Answer): void {
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': typeof answer.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json;charset=utf-8',
    ...answer.headers,
  });
  res.end(text);
}

/** Data answers held back by `hold()`, and how many data requests are in flight (a client that gave up no longer counts). */
class Gate {
  private held: { readonly res: ServerResponse; readonly send: () => void }[] = [];
  private holdingAnswers = false;
  private waiters: { count: number; resolve: () => void }[] = [];
  inFlight = 0;
  peak = 0;

  started(): void {
    this.inFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
  }

  /** Sends now, or when released while holding. */
  pass(res: ServerResponse, sendAnswer: () => void): void {
    const done = (): void => {
      this.inFlight--;
      sendAnswer();
    };
    if (!this.holdingAnswers) return done();
    const entry = { res, send: done };
    this.held.push(entry);
    res.once('close', () => {
      if (res.writableEnded || !this.held.includes(entry)) return;
      this.held = this.held.filter((e) => e !== entry);
      this.inFlight--;
    });
    const reached = this.waiters.filter((waiter) => this.held.length >= waiter.count);
    this.waiters = this.waiters.filter((waiter) => !reached.includes(waiter));
    for (const waiter of reached) waiter.resolve();
  }

  hold(): void {
    this.holdingAnswers = true;
  }

  holding(count: number): Promise<void> {
    return this.held.length >= count ? Promise.resolve() : new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  release(): void {
    this.holdingAnswers = false;
    for (const entry of this.held.splice(0)) entry.send();
  }
}

/**
 * Starts the server on 127.0.0.1 and a free port. Point yahoo-finance2 at it with
 * `new YahooFinance({ fetch: yahooFetch(server) })`. Close it in `afterAll`.
 */
export async function startYahooServer(options: YahooServerOptions = {}): Promise<YahooServer> {
  let config: YahooServerOptions = { ...options };
  let log: YahooRequestLog[] = [];
  const market = new SimulatedMarket(() => config);
  const faults = new FaultInjector(() => config, () => market.now());
  const session = new CrumbSession(config.seed ?? 1);
  const gate = new Gate();

  const handle = (asked: Asked, req: IncomingMessage, res: ServerResponse): void => {
    const data = asked.kind === 'chart' || asked.kind === 'quote';
    const answer = faults.meet(asked.kind, asked.symbols) ?? serve(asked, req, config, market, session);
    const respond = (): void => {
      const events = asked.kind === 'chart' ? (asked.url.searchParams.get('events') ?? '') : undefined;
      log.push({ kind: asked.kind, path: asked.path, status: answer.status, symbols: asked.symbols, ...(events !== undefined ? { events } : {}) });
      send(res, answer);
    };
    if (data) gate.pass(res, respond);
    else respond();
  };

  const server: Server = createServer((req, res) => {
    // Drain the body (the crumb flow may POST) before answering.
    req.resume();
    req.on('end', () => {
      const asked = classify(req);
      if (asked.kind === 'chart' || asked.kind === 'quote') gate.started();
      const latency = config.latencyMs ?? 0;
      if (latency > 0) setTimeout(() => handle(asked, req, res), latency);
      else handle(asked, req, res);
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
    get peakInFlight() {
      return gate.peak;
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
    warm: (symbols, through) => market.warm(symbols, through),
    resetLog() {
      log = [];
      faults.reset();
      gate.peak = gate.inFlight;
    },
    configure(change) {
      config = { ...config, ...change };
      if (change.seed !== undefined) market.reseed();
    },
    hold: () => gate.hold(),
    holding: (count) => gate.holding(count),
    release: () => gate.release(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        gate.release();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
