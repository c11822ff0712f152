import { ZERO, type Decimal } from './decimal';
import { fromScaled, scaledPnl } from './fixed';
import { utcDay } from './dates';
import type { StatsPeriod } from './types/commands';
import type { ClosedTrade } from './types/trading';
import { compareText } from './text';
import { percentOf } from './valuation';

/** The realized equity curve's worst fall from a peak. */
export interface MaxDrawdown {
  /** Peak cumulative P&L minus the lowest cumulative P&L after it (>= 0). */
  readonly absolute: Decimal;
  /** absolute / (startingBalance + peak cumulative P&L) x 100; `null` when that base is not positive. */
  readonly pct: number | null;
  /** Cumulative realized P&L at the peak and at the trough. */
  readonly peakEquity: Decimal;
  readonly troughEquity: Decimal;
  /** `closedAt` of the sale that set the peak (null: the peak is the start, before any sale). */
  readonly peakAt: string | null;
  readonly troughAt: string | null;
}

/**
 * Statistics of closed trades, the `/stats` figures, matching freqtrade's `/profit` where the
 * concepts coincide (see docs/core-domain.md for each definition and where it differs).
 * Money is exact; ratios are floats computed from exact sums once.
 */
export interface TradeStats {
  readonly closedTrades: number;
  readonly wins: number;
  readonly losses: number;
  /** Sales with exactly zero P&L. */
  readonly draws: number;
  /** wins / closedTrades (0..1); `null` with no closed trades. */
  readonly winRate: number | null;
  /** Sum of the P&L of every sale. */
  readonly realizedPnl: Decimal;
  /** Sum of winning P&L (>= 0). */
  readonly grossProfit: Decimal;
  /** Sum of losing P&L as a magnitude (>= 0). */
  readonly grossLoss: Decimal;
  /** Mean P&L of winning sales; `null` without wins. */
  readonly averageWin: Decimal | null;
  /** Mean P&L of losing sales (negative); `null` without losses. */
  readonly averageLoss: Decimal | null;
  /**
   * grossProfit / grossLoss. `Infinity` when there are wins and no losses (freqtrade's `inf`);
   * `null` when there is neither a win nor a loss.
   */
  readonly profitFactor: number | null;
  /** Expected P&L per sale: winRate x averageWin - lossRate x |averageLoss| (= realizedPnl / closedTrades). Zero with no trades. */
  readonly expectancy: Decimal;
  /** (1 + averageWin / |averageLoss|) x winRate - 1; `null` without losses (freqtrade shows 100 there). */
  readonly expectancyRatio: number | null;
  /** Best and worst sale by return % (pnl / costOfSold) and by money (pnl); earliest wins ties. */
  readonly bestByPct: ClosedTrade | null;
  readonly worstByPct: ClosedTrade | null;
  readonly bestByPnl: ClosedTrade | null;
  readonly worstByPnl: ClosedTrade | null;
  readonly maxDrawdown: MaxDrawdown;
  /** Mean of closedAt - openedAt over sales, in milliseconds; `null` with no closed trades. */
  readonly averageHoldingMs: number | null;
  /** Earliest `openedAt` among closed trades and latest `closedAt`; `null` with none. */
  readonly firstTradeAt: string | null;
  readonly lastTradeAt: string | null;
}

/** Options of `computeStats`. */
export interface StatsOptions {
  /**
   * Capital the realized equity curve starts from, for the drawdown %. Default 0: the % is then
   * measured against the peak realized profit alone (freqtrade's fallback), which overstates it.
   */
  readonly startingBalance?: Decimal;
}

/**
 * Computes closed-trade statistics (`/stats`) from `LedgerState.closed`. Use it on the sales in
 * ledger order; the equity curve follows that order (a sale recorded late with an earlier date
 * still counts where it was recorded, which keeps `/stats` stable when history is added).
 */
export function computeStats(closed: readonly ClosedTrade[], opts: StatsOptions = {}): TradeStats {
  // Money runs on scaled BigInts (exact, and far faster than big.js over 10,000 sales).
  const { scale, scaled: pnls } = scaledPnl(closed);
  const money = (v: bigint): Decimal => fromScaled(v, scale);
  const start = opts.startingBalance ?? ZERO;
  let wins = 0;
  let losses = 0;
  let grossProfit = 0n;
  let grossLoss = 0n;
  let equity = 0n;
  let best = -1;
  let worst = -1;
  let bestPct = -1;
  let worstPct = -1;
  let holdingTotal = 0;
  let firstTradeAt: string | null = null;
  let lastTradeAt: string | null = null;
  // The curve starts at 0 (no sale yet), so a first losing sale is already a drawdown.
  let peak = 0n;
  let peakAt: string | null = null;
  let dd = { absolute: 0n, peak: 0n, trough: 0n, peakAt: null as string | null, troughAt: null as string | null };

  for (let i = 0; i < closed.length; i += 1) {
    const t = closed[i]!;
    const pnl = pnls[i]!;
    if (pnl > 0n) {
      wins += 1;
      grossProfit += pnl;
    } else if (pnl < 0n) {
      losses += 1;
      grossLoss -= pnl;
    }
    // Strict comparisons: the earliest sale keeps a tie.
    if (bestPct < 0 || t.returnPct > closed[bestPct]!.returnPct) bestPct = i;
    if (worstPct < 0 || t.returnPct < closed[worstPct]!.returnPct) worstPct = i;
    if (best < 0 || pnl > pnls[best]!) best = i;
    if (worst < 0 || pnl < pnls[worst]!) worst = i;
    holdingTotal += Date.parse(t.closedAt) - Date.parse(t.openedAt);
    // Stryker disable next-line EqualityOperator: on equal instants either one is the same string.
    if (firstTradeAt === null || t.openedAt < firstTradeAt) firstTradeAt = t.openedAt;
    // Stryker disable next-line EqualityOperator: as above.
    if (lastTradeAt === null || t.closedAt > lastTradeAt) lastTradeAt = t.closedAt;

    equity += pnl;
    if (equity > peak) {
      peak = equity;
      peakAt = t.closedAt;
    } else if (peak - equity > dd.absolute) {
      dd = { absolute: peak - equity, peak, trough: equity, peakAt, troughAt: t.closedAt };
    }
  }

  const n = closed.length;
  const absolute = money(dd.absolute);
  const base = start.plus(money(dd.peak));
  const maxDrawdown: MaxDrawdown = {
    absolute,
    pct: dd.absolute === 0n ? 0 : base.gt(0) ? percentOf(absolute, base) : null,
    peakEquity: money(dd.peak),
    troughEquity: money(dd.trough),
    peakAt: dd.peakAt,
    troughAt: dd.troughAt,
  };
  const gross = money(grossProfit);
  const loss = money(grossLoss);
  const averageWin = wins > 0 ? gross.div(wins) : null;
  const averageLoss = losses > 0 ? loss.div(losses).neg() : null;
  const winRate = n > 0 ? wins / n : null;
  let expectancyRatio: number | null = null;
  // Stryker disable next-line ConditionalExpression: winRate is null only without sales, when averageLoss is null too.
  if (averageLoss && winRate !== null) {
    const riskReward = toFloat((averageWin ?? ZERO).div(averageLoss.neg()));
    expectancyRatio = (1 + riskReward) * winRate - 1;
  }
  const pick = (i: number): ClosedTrade | null => (i < 0 ? null : closed[i]!);
  return {
    closedTrades: n,
    wins,
    losses,
    draws: n - wins - losses,
    winRate,
    realizedPnl: money(grossProfit - grossLoss),
    grossProfit: gross,
    grossLoss: loss,
    averageWin,
    averageLoss,
    profitFactor: grossLoss > 0n ? toFloat(gross.div(loss)) : grossProfit > 0n ? Number.POSITIVE_INFINITY : null,
    expectancy: n > 0 ? money(grossProfit - grossLoss).div(n) : ZERO,
    expectancyRatio,
    bestByPct: pick(bestPct),
    worstByPct: pick(worstPct),
    bestByPnl: pick(best),
    worstByPnl: pick(worst),
    maxDrawdown,
    averageHoldingMs: n > 0 ? holdingTotal / n : null,
    firstTradeAt,
    lastTradeAt,
  };
}

/** P&L of the sales closed in one day, ISO week or month (UTC). */
export interface PeriodPnl {
  /** `2024-03-15`, `2024-W11` (ISO week-numbering year) or `2024-03`. */
  readonly period: string;
  /** First day of the period, `YYYY-MM-DD` (a Monday for weeks). */
  readonly start: string;
  readonly trades: number;
  readonly wins: number;
  readonly losses: number;
  readonly pnl: Decimal;
}

/**
 * Groups sales by the UTC day, ISO week (Monday start) or month of `closedAt`, oldest first,
 * only periods with at least one sale. Use it for `/stats day|week|month` and for
 * `learning/monthly_performance.json`.
 */
export function pnlByPeriod(closed: readonly ClosedTrade[], period: StatsPeriod): PeriodPnl[] {
  const { scale, scaled: pnls } = scaledPnl(closed);
  const buckets = new Map<string, { period: string; start: string; trades: number; wins: number; losses: number; pnl: bigint }>();
  const weekOfDay = new Map<string, { period: string; start: string }>();
  const weekOfMondayCache = new Map<number, { period: string; start: string }>();
  for (let i = 0; i < closed.length; i += 1) {
    const day = utcDay(closed[i]!.closedAt);
    const pnl = pnls[i]!;
    let key = day;
    let start = day;
    if (period === 'month') {
      key = day.slice(0, 7);
      start = `${key}-01`;
    } else if (period === 'week') {
      let week = weekOfDay.get(day);
      // Stryker disable next-line ConditionalExpression: a cache; computing the week again gives the same week.
      if (!week) {
        const monday = mondayOf(day);
        week = weekOfMondayCache.get(monday) ?? weekOfMonday(monday);
        weekOfMondayCache.set(monday, week);
        weekOfDay.set(day, week);
      }
      key = week.period;
      start = week.start;
    }
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { period: key, start, trades: 0, wins: 0, losses: 0, pnl: 0n };
      buckets.set(key, bucket);
    }
    bucket.trades += 1;
    if (pnl > 0n) bucket.wins += 1;
    else if (pnl < 0n) bucket.losses += 1;
    bucket.pnl += pnl;
  }
  return [...buckets.values()]
    .sort((a, b) => compareText(a.start, b.start))
    .map((b) => ({ period: b.period, start: b.start, trades: b.trades, wins: b.wins, losses: b.losses, pnl: fromScaled(b.pnl, scale) }));
}

const DAY_MS = 86_400_000;

/** The ISO week (`2025-W01`) and its Monday for a `YYYY-MM-DD` day. */
export function isoWeek(day: string): { period: string; start: string } {
  return weekOfMonday(mondayOf(day));
}

/** Days since 1970-01-01 of the Monday starting the ISO week of `day`. */
function mondayOf(day: string): number {
  const days = Math.floor(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY_MS);
  // 1970-01-01 was a Thursday: index 3 when Monday is 0.
  return days - (((days + 3) % 7) + 7) % 7;
}

function weekOfMonday(monday: number): { period: string; start: string } {
  // The ISO year is the year of the week's Thursday; week 1 holds the year's first Thursday.
  const isoYear = new Date((monday + 3) * DAY_MS).getUTCFullYear();
  const week = Math.floor((monday + 3 - Date.UTC(isoYear, 0, 1) / DAY_MS) / 7) + 1;
  return { period: `${isoYear}-W${String(week).padStart(2, '0')}`, start: utcDay(monday * DAY_MS) };
}

function toFloat(value: Decimal): number {
  return Number(value.toPrecision(15));
}
