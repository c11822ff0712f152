/**
 * Hand-built daily prices for the Yahoo stand-in, and the drawdown figures a scan of them must give,
 * worked out here with plain arithmetic (the scan's own code is not used to compute what it should say).
 */
import type { HandBar } from '@tradebot/local-stack';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a UTC instant. */
export const isoDay = (at: Date): string => at.toISOString().slice(0, 10);
/** The day `days` after `day`. */
export const addDays = (day: string, days: number): string => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
const weekday = (day: string): number => new Date(`${day}T12:00:00Z`).getUTCDay();
/** Monday to Friday (the stand-in's market has no holidays). */
export const isWeekday = (day: string): boolean => weekday(day) !== 0 && weekday(day) !== 6;

/** Every weekday from `from` to `to`, inclusive. */
export function weekdays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) if (isWeekday(day)) out.push(day);
  return out;
}

/** The weekday before `day`. */
export function previousWeekday(day: string): string {
  let d = addDays(day, -1);
  while (!isWeekday(d)) d = addDays(d, -1);
  return d;
}

/** How one symbol's closes are made. */
export interface SymbolPlan {
  readonly symbol: string;
  readonly name: string;
  readonly sector: string;
  /** Highest close, reached `peakDaysBeforeEnd` weekdays before the last date. */
  readonly peak: number;
  readonly peakDaysBeforeEnd: number;
  /** Fall from the peak at the last date (0.2 = 20 %), reached in a straight line. */
  readonly fallAtEnd: number;
  /** Exact closes for given dates (the week being played), overriding the line. */
  readonly closes?: Readonly<Record<string, number>>;
}

const cents = (value: number): number => Math.round(value * 100) / 100;

/**
 * Daily bars of `plan` on every weekday from `from` to `to`: a climb from 85 % of the peak, the peak,
 * then a straight fall to `fallAtEnd` below it, rounded to cents; volume 1,000,000.
 */
export function barsOf(plan: SymbolPlan, from: string, to: string): HandBar[] {
  const dates = weekdays(from, to);
  const peakIndex = dates.length - 1 - plan.peakDaysBeforeEnd;
  return dates.map((date, i) => {
    const line = i <= peakIndex ? plan.peak * (0.85 + (0.15 * i) / peakIndex) : plan.peak * (1 - (plan.fallAtEnd * (i - peakIndex)) / (dates.length - 1 - peakIndex));
    return { date, close: plan.closes?.[date] ?? cents(line), volume: 1_000_000 };
  });
}

/** What a drawdown scan of one symbol must report on `asOf`. */
export interface ExpectedScanRow {
  readonly symbol: string;
  readonly lastClose: number;
  readonly peakClose: number;
  readonly peakDate: string;
  readonly drawdownPct: number;
  readonly daysSincePeak: number;
}

/**
 * The drawdown of `bars` on `asOf` over a 180-day look-back: the highest close in (asOf - 180 days,
 * asOf] (the earliest on ties) against the last close in that window.
 */
export function expectedDrawdown(symbol: string, bars: readonly HandBar[], asOf: string, lookbackDays = 180): ExpectedScanRow {
  const after = addDays(asOf, -lookbackDays);
  const window = bars.filter((b) => b.date > after && b.date <= asOf);
  let peak = window[0]!;
  for (const bar of window) if (bar.close > peak.close) peak = bar;
  const last = window[window.length - 1]!;
  return {
    symbol,
    lastClose: last.close,
    peakClose: peak.close,
    peakDate: peak.date,
    drawdownPct: ((peak.close - last.close) / peak.close) * 100,
    daysSincePeak: Math.round((Date.parse(`${last.date}T00:00:00Z`) - Date.parse(`${peak.date}T00:00:00Z`)) / DAY_MS),
  };
}

/** The ranking a scan must give: largest drawdown first, ties by symbol. */
export function expectedRanking(rows: readonly ExpectedScanRow[]): ExpectedScanRow[] {
  return [...rows].sort((a, b) => b.drawdownPct - a.drawdownPct || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}
