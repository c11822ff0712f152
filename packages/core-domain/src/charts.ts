/**
 * What the charts show, as data: a ticker's closes with its rolling 180-day peak and the investor's
 * trades, the portfolio's value and invested capital over time, and text sparklines. Pure: the bot
 * draws these (SVG, then PNG) and the tests check the data that was drawn.
 */
import { addDays, utcDay } from './dates';
import { DEFAULT_LOOKBACK_DAYS } from './drawdown';
import { toNumber } from './decimal';
import { effectiveTrades, replay, type LedgerState } from './ledger';
import type { Bar, LedgerEntry, Side, TradeEntry } from './types/trading';
import { compareText } from './text';

/** The periods a chart can cover. */
export type ChartRange = '6m' | '1y';

/** Calendar days each range covers, ending at the newest bar. */
export const CHART_RANGE_DAYS: Readonly<Record<ChartRange, number>> = { '6m': 182, '1y': 365 };

/** The default range of `/chart`. */
export const DEFAULT_CHART_RANGE: ChartRange = '1y';

/** One session of a price chart. */
export interface PricePoint {
  readonly date: string;
  readonly close: number;
  /** Highest close of the `lookbackDays` calendar days up to and including `date`. */
  readonly peak: number;
  /** close / peak - 1, x 100 (0 or negative). */
  readonly drawdownPct: number;
}

/** A trade drawn on a chart, at the price it was made. */
export interface TradeMarker {
  readonly seq: number;
  readonly side: Side;
  /** `YYYY-MM-DD` of the trade. */
  readonly date: string;
  readonly price: number;
  /** Plain decimal, as recorded. */
  readonly quantity: string;
}

/** `/chart TICKER`: closes, rolling peak, drawdown band and the investor's trades in the range. */
export interface PriceChart {
  readonly symbol: string;
  readonly currency: string;
  readonly range: ChartRange;
  /** Oldest first, only the sessions inside the range. */
  readonly points: readonly PricePoint[];
  /** Trades of the symbol dated inside the range (and not voided), oldest first. */
  readonly markers: readonly TradeMarker[];
  readonly lookbackDays: number;
}

/**
 * Builds a ticker's chart from its daily bars (any order; give `lookbackDays` more than the range
 * so the first points have a full peak window) and the ledger. Use it for `/chart TICKER`; `null`
 * when no bar falls inside the range.
 */
export function priceChart(input: {
  readonly symbol: string;
  readonly currency: string;
  readonly range: ChartRange;
  readonly bars: readonly Bar[];
  readonly entries: readonly LedgerEntry[];
  readonly lookbackDays?: number;
}): PriceChart | null {
  const lookbackDays = input.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
  const bars = [...input.bars].filter((b) => Number.isFinite(b.close) && b.close > 0).sort((a, b) => compareText(a.date, b.date));
  const last = bars[bars.length - 1];
  if (!last) return null;
  const from = addDays(last.date, -CHART_RANGE_DAYS[input.range]);
  const points: PricePoint[] = [];
  // A monotonic deque of indices with decreasing closes: the rolling maximum in O(n).
  const window: number[] = [];
  let start = 0;
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i]!;
    const after = addDays(bar.date, -lookbackDays);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: `start <= i` never decides: bar i itself is always after `after` (a look-back of at least a day)
    while (start <= i && bars[start]!.date <= after) start++;
    // Stryker disable next-line EqualityOperator: at `<`, an equal older close stays in front instead; the peak is the same value either way
    while (window.length > 0 && bars[window[window.length - 1]!]!.close <= bar.close) window.pop();
    window.push(i);
    while (window[0]! < start) window.shift();
    if (bar.date <= from) continue;
    const peak = bars[window[0]!]!.close;
    points.push({ date: bar.date, close: bar.close, peak, drawdownPct: (bar.close / peak - 1) * 100 });
  }
  // Stryker disable next-line ConditionalExpression: the last usable bar is always inside the range, so there is always a point; kept as a guard
  if (points.length === 0) return null;
  const markers = effectiveTrades(input.entries)
    .filter((e) => e.trade.symbol === input.symbol && utcDay(e.trade.executedAt) > from)
    .map(markerOf)
    .sort((a, b) => compareText(a.date, b.date) || a.seq - b.seq);
  return { symbol: input.symbol, currency: input.currency, range: input.range, points, markers, lookbackDays };
}

function markerOf(entry: TradeEntry): TradeMarker {
  const t = entry.trade;
  return { seq: entry.seq, side: t.side, date: utcDay(t.executedAt), price: toNumber(t.price), quantity: t.quantity.toFixed() };
}

/** One day of the portfolio chart. */
export interface PortfolioPoint {
  readonly date: string;
  /** Open positions at that day's closes (the last known close on days a symbol has no bar). */
  readonly value: number;
  /** Cost basis of the positions open at the end of that day. */
  readonly invested: number;
}

/** `/chart portfolio`: value and invested capital over time, in one currency. */
export interface PortfolioChart {
  readonly currency: string;
  readonly range: ChartRange;
  readonly points: readonly PortfolioPoint[];
  /** Symbols held in the range whose currency is not `currency`: left out of the sums (never mixed). */
  readonly excluded: readonly string[];
  /** Symbols held in the range without a close on some day they were held: valued at cost then. */
  readonly unpriced: readonly string[];
}

/**
 * The symbols a portfolio chart needs bars for: every symbol held at some time in the range
 * ending at `to`. Use it to fetch the history before `portfolioChart`.
 */
export function symbolsHeldSince(entries: readonly LedgerEntry[], range: ChartRange, to: string): string[] {
  const from = addDays(to, -CHART_RANGE_DAYS[range]);
  const symbols = new Set<string>();
  const states = statesByDate(entries);
  for (const state of states) {
    if (state.date > from) for (const symbol of state.state.positions.keys()) symbols.add(symbol);
  }
  const before = states.filter((s) => s.date <= from).pop();
  for (const symbol of before?.state.positions.keys() ?? []) symbols.add(symbol);
  return [...symbols].sort(compareText);
}

/**
 * The ledger's state at the end of each trade date (trades ordered by date, then by `seq`), so a
 * chart can ask "what was held on day D" (the last state on or before D). A date whose prefix does
 * not replay (a sale dated before the buy that backs it) has no state: D keeps the previous one.
 */
function statesByDate(entries: readonly LedgerEntry[]): { readonly date: string; readonly state: LedgerState }[] {
  const trades = effectiveTrades(entries);
  const dates = [...new Set(trades.map((t) => utcDay(t.trade.executedAt)))].sort(compareText);
  const states: { date: string; state: LedgerState }[] = [];
  for (const date of dates) {
    const upTo = trades.filter((t) => utcDay(t.trade.executedAt) <= date);
    try {
      states.push({ date, state: replay(upTo) });
    } catch {
      // Out-of-order dates: this prefix is not a valid ledger and gets no state of its own; the day
      // keeps what came before, since readers take the last state on or before a day.
    }
  }
  return states;
}

/**
 * Builds the portfolio chart: for every session in the range (the dates of the given bars), the value
 * of what was held at that day's closes and the capital invested in it. Positions in another currency
 * than `currency` are left out and listed. Use it for `/chart portfolio`; `null` when nothing was
 * held in the range or no bar falls in it.
 */
export function portfolioChart(input: {
  readonly entries: readonly LedgerEntry[];
  readonly bars: ReadonlyMap<string, readonly Bar[]>;
  readonly currency: string;
  readonly range: ChartRange;
  /** The last day of the chart (`YYYY-MM-DD`), normally today. */
  readonly to: string;
}): PortfolioChart | null {
  const from = addDays(input.to, -CHART_RANGE_DAYS[input.range]);
  const states = statesByDate(input.entries);
  const closes = new Map<string, Map<string, number>>();
  const dates = new Set<string>();
  for (const [symbol, bars] of input.bars) {
    const byDate = new Map<string, number>();
    for (const bar of bars) {
      if (!Number.isFinite(bar.close) || bar.close <= 0) continue;
      byDate.set(bar.date, bar.close);
      if (bar.date > from && bar.date <= input.to) dates.add(bar.date);
    }
    closes.set(symbol, byDate);
  }
  const sessions = [...dates].sort(compareText);
  const excluded = new Set<string>();
  const unpriced = new Set<string>();
  const lastClose = new Map<string, number>();
  // Closes before the range seed the "last known close" of each symbol.
  for (const [symbol, byDate] of closes) {
    const earlier = [...byDate.keys()].filter((d) => d <= from).sort(compareText).pop();
    if (earlier) lastClose.set(symbol, byDate.get(earlier)!);
  }
  const points: PortfolioPoint[] = [];
  let stateIndex = -1;
  let held = false;
  for (const date of sessions) {
    while (stateIndex + 1 < states.length && states[stateIndex + 1]!.date <= date) stateIndex++;
    for (const [symbol, byDate] of closes) {
      const close = byDate.get(date);
      if (close !== undefined) lastClose.set(symbol, close);
    }
    const state = stateIndex >= 0 ? states[stateIndex]!.state : null;
    let value = 0;
    let invested = 0;
    for (const position of state?.positions.values() ?? []) {
      if (position.currency !== input.currency) {
        excluded.add(position.symbol);
        continue;
      }
      held = true;
      const cost = toNumber(position.costBasis);
      invested += cost;
      const close = lastClose.get(position.symbol);
      if (close === undefined) {
        unpriced.add(position.symbol);
        value += cost;
      } else {
        value += toNumber(position.quantity) * close;
      }
    }
    points.push({ date, value, invested });
  }
  if (!held || points.length === 0) return null;
  // Days before the first purchase carry nothing: start the chart at the first day something was held.
  const first = points.findIndex((p) => p.invested > 0 || p.value > 0);
  return {
    currency: input.currency,
    range: input.range,
    points: points.slice(Math.max(0, first)),
    excluded: [...excluded].sort(compareText),
    unpriced: [...unpriced].sort(compareText),
  };
}

const SPARK_LEVELS = '▁▂▃▄▅▆▇█';

/**
 * A text sparkline of `values` (oldest first) in `width` characters, each the mean of its share of
 * the values, scaled between their minimum and maximum. Use it for a compact trend next to a
 * position; an empty string when there are fewer than two values.
 */
export function sparkline(values: readonly number[], width = 8): string {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length < 2 || width < 1) return '';
  const cells = Math.min(width, finite.length);
  const buckets: number[] = [];
  for (let i = 0; i < cells; i++) {
    const start = Math.floor((i * finite.length) / cells);
    const end = Math.max(start + 1, Math.floor(((i + 1) * finite.length) / cells));
    const slice = finite.slice(start, end);
    buckets.push(slice.reduce((a, b) => a + b, 0) / slice.length);
  }
  const min = Math.min(...buckets);
  const max = Math.max(...buckets);
  const top = SPARK_LEVELS.length - 1;
  return buckets.map((v) => SPARK_LEVELS[max === min ? Math.floor(top / 2) : Math.round(((v - min) / (max - min)) * top)]).join('');
}
