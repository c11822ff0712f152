/**
 * The simulated market behind the local Yahoo server: the New York session clock, each symbol's
 * bars (SIMULATED, or hand-built by a test), and the chart and quote bodies Yahoo would answer with.
 * It knows nothing about HTTP or faults (`server.ts`, `faults.ts`).
 */
import { addDays, utcDay } from '@tradebot/core-domain';
import { isWeekend, newYorkTime } from '@tradebot/market-data';
import { SIMULATION_ANCHOR, SIMULATION_START, SimulatedSeries, weekdaysBetween, type SimulatedBar } from './simulated-series';
import type { SimulatedMarketState, YahooServerOptions } from './server';

const NY = 'America/New_York';

interface NyClock {
  readonly date: string;
  readonly minutes: number;
  readonly weekday: boolean;
  readonly offsetSeconds: number;
  readonly zone: string;
}

// The clock is asked for on every request; it is memoised per minute.
let lastClock: { minute: number; clock: NyClock } | null = null;

function newYorkClock(now: Date): NyClock {
  const minute = Math.floor(now.getTime() / 60_000);
  if (lastClock?.minute === minute) return lastClock.clock;
  const clock = computeNewYorkClock(now);
  lastClock = { minute, clock };
  return clock;
}

/** New York's clock (market-data's `newYorkTime`) in the terms of Yahoo's answers. */
function computeNewYorkClock(now: Date): NyClock {
  const { date, minutes, offsetMinutes } = newYorkTime(now);
  return { date, minutes, weekday: !isWeekend(date), offsetSeconds: offsetMinutes * 60, zone: offsetMinutes === -240 ? 'EDT' : 'EST' };
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

/** A v7 quote of one symbol, as Yahoo lists it in `quoteResponse.result`. */
export type QuoteBody = { readonly symbol: string } & Readonly<Record<string, unknown>>;

/**
 * Prices and bodies of the simulated market. It reads the server's options through `config` on
 * every call, so `configure()` takes effect at once.
 */
export class SimulatedMarket {
  private readonly simulated = new Map<string, SimulatedSeries>();
  private readonly datesThrough = new Map<string, readonly string[]>();

  constructor(private readonly config: () => YahooServerOptions) {}

  /** The server's clock. */
  now(): Date {
    return (this.config().now ?? (() => new Date()))();
  }

  /** Whether the source knows `symbol` (others get Yahoo's 404). */
  knows(symbol: string): boolean {
    const { series, symbols } = this.config();
    if (series?.[symbol]) return true;
    if (symbols) return symbols.includes(symbol);
    if (series) return false;
    return /^[A-Z0-9][A-Z0-9.\-=^]{0,11}$/.test(symbol);
  }

  /** Forgets the generated series (after a change of seed). */
  reseed(): void {
    this.simulated.clear();
  }

  /** Generates the series of `symbols` through `through` now (for benches: the server's first-touch work). */
  warm(symbols: readonly string[], through: string): void {
    for (const symbol of symbols) if (!this.config().series?.[symbol]) this.barsOf(symbol, through, through);
  }

  /**
   * A chart answer (Yahoo v8); `pricesAsText` breaks it as a `wrong-types` malformed answer. With
   * `events` naming `split`, the configured splits of the period come as Yahoo's `events.splits`
   * (an object keyed by the event's epoch seconds).
   */
  chart(symbol: string, period1: number, period2: number, pricesAsText = false, events = ''): unknown {
    const splits = events.split('|').includes('split')
      ? (this.config().splits?.[symbol] ?? []).filter((e) => barTimestamp(e.date) >= period1 && barTimestamp(e.date) <= period2)
      : [];
    const { date: through, clock } = this.session();
    const from = utcDay((period1 - 86_400) * 1000);
    const bars = this.barsOf(symbol, through, from).filter((b) => barTimestamp(b.date) >= period1 && barTimestamp(b.date) <= period2);
    const hand = this.config().series?.[symbol];
    const firstDate = hand ? hand[0]?.date : SIMULATION_START;
    const last = this.barsOf(symbol, through, hand ? undefined : twoWeeksBefore(through)).slice(-1)[0];
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
              currency: currencyOf(symbol),
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
                  close: bars.map((b) => (pricesAsText ? 'n/a' : b.close)),
                  volume: bars.map((b) => b.volume),
                },
              ],
              adjclose: [{ adjclose: bars.map((b) => b.close) }],
            },
            ...(splits.length > 0
              ? {
                  events: {
                    splits: Object.fromEntries(
                      splits.map((e) => [String(barTimestamp(e.date)), { date: barTimestamp(e.date), numerator: e.numerator, denominator: e.denominator, splitRatio: `${e.numerator}:${e.denominator}` }]),
                    ),
                  },
                }
              : {}),
          },
        ],
        error: null,
      },
    };
  }

  /** The latest quote of `symbol` (Yahoo v7), or null when it has no bar yet. */
  quote(symbol: string): QuoteBody | null {
    const { date, state, clock } = this.session();
    // Two weeks back is enough for the last two sessions of a simulated series; hand-built ones may be sparse.
    const bars = this.barsOf(symbol, date, this.config().series?.[symbol] ? undefined : twoWeeksBefore(date));
    const last = bars[bars.length - 1];
    if (!last) return null;
    const previous = bars[bars.length - 2] ?? last;
    const trading = state === 'REGULAR';
    const source = this.config().quoteSourceName ?? 'Simulated';
    return {
      ...(source === 'Simulated' ? { simulated: true } : {}),
      language: 'en-US',
      region: 'US',
      quoteType: 'EQUITY',
      typeDisp: 'Equity',
      quoteSourceName: source,
      triggerable: true,
      customPriceAlertConfidence: 'HIGH',
      currency: currencyOf(symbol),
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
      regularMarketTime: trading ? Math.floor(this.now().getTime() / 1000) : closeTimestamp(last.date),
      regularMarketChange: Math.round((last.close - previous.close) * 100) / 100,
      regularMarketChangePercent: ((last.close - previous.close) / previous.close) * 100,
      regularMarketPreviousClose: previous.close,
      regularMarketOpen: last.open,
      regularMarketDayHigh: last.high,
      regularMarketDayLow: last.low,
      regularMarketVolume: last.volume,
    };
  }

  /** The latest session with data, and whether it is still trading. */
  private session(): { date: string; state: SimulatedMarketState; clock: NyClock } {
    const clock = newYorkClock(this.now());
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
    return { date, state: this.config().marketState ?? state, clock };
  }

  /** Bars of `symbol` dated `from <= date <= through` (only those are built: a quote needs two). */
  private barsOf(symbol: string, through: string, from = '0000-00-00'): SimulatedBar[] {
    const hand = this.config().series?.[symbol];
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
    let series = this.simulated.get(symbol);
    if (!series || series.dates[series.dates.length - 1]! < through) {
      // Generated at least through the anchor, so every series is scaled to its level the same way.
      const end = through > SIMULATION_ANCHOR ? through : SIMULATION_ANCHOR;
      let dates = this.datesThrough.get(end);
      if (!dates) {
        dates = weekdaysBetween(SIMULATION_START, end);
        this.datesThrough.set(end, dates);
      }
      series = new SimulatedSeries(symbol, this.config().seed ?? 1, dates);
      this.simulated.set(symbol, series);
    }
    const out: SimulatedBar[] = [];
    for (let i = series.indexFrom(from); i < series.dates.length && series.dates[i]! <= through; i++) out.push(series.bar(i));
    return out;
  }
}

/** Yahoo suffixes of exchanges that quote in euros. */
const EURO_EXCHANGES = new Set(['MC', 'DE', 'F', 'PA', 'AS', 'MI', 'BR', 'LS', 'VI', 'HE', 'IR']);

/**
 * The currency the stand-in quotes `symbol` in, as Yahoo does: an FX pair (`EURUSD=X`) in the
 * currency it converts into, a ticker of a euro exchange (`SAN.MC`, `SAP.DE`) in EUR, the rest in USD.
 */
export function currencyOf(symbol: string): string {
  const pair = /^([A-Z]{3})([A-Z]{3})=X$/.exec(symbol);
  if (pair) return pair[2]!;
  const suffix = symbol.includes('.') ? symbol.slice(symbol.lastIndexOf('.') + 1) : '';
  return EURO_EXCHANGES.has(suffix) ? 'EUR' : 'USD';
}
