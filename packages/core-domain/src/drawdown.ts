import { isCalendarDate } from './commands/parse';
import { addDays, daysBetween } from './dates';
import { err, ok, type Result } from './result';
import type { ScanRow } from './types/scan';
import type { Bar } from './types/trading';
import { compareText } from './text';

/** A symbol's drawdown figures: a `ScanRow` before it is named and ranked. */
export type DrawdownMetrics = Omit<ScanRow, 'rank' | 'symbol' | 'name' | 'sector'>;

/** Why a drawdown could not be computed. */
export const DrawdownFailureCode = {
  NoBarsInWindow: 'NO_BARS_IN_WINDOW',
  NonPositivePrice: 'NON_POSITIVE_PRICE',
  BadArgument: 'BAD_ARGUMENT',
} as const;
export type DrawdownFailureCode = (typeof DrawdownFailureCode)[keyof typeof DrawdownFailureCode];

/** A typed refusal of `computeDrawdown`, fit for a `ScanFailure.reason`. */
export interface DrawdownFailure {
  readonly code: DrawdownFailureCode;
  readonly message: string;
}

/** Default look-back of the peak, in calendar days. */
export const DEFAULT_LOOKBACK_DAYS = 180;
/**
 * A stock's fall from its highest close in the look-back window, for the daily scan. Use it per
 * symbol on daily bars (any order); rank the results with `rankByDrawdown`.
 *
 * Window: bars dated in `(asOf - lookbackDays, asOf]` in calendar days: the bar exactly
 * `lookbackDays` before `asOf` is out, the bar on `asOf` is in, later bars are ignored.
 * Peak: the highest close; on ties the earliest date (when the high was first reached).
 * `daysSincePeak` counts calendar days from the peak to the last bar in the window.
 * `avgVolume20`: the mean volume of the window's last 20 bars that carry one; `null` when none does.
 */
export function computeDrawdown(bars: readonly Bar[], asOf: string, lookbackDays = DEFAULT_LOOKBACK_DAYS): Result<DrawdownMetrics, DrawdownFailure> {
  if (!isCalendarDate(asOf)) return err({ code: DrawdownFailureCode.BadArgument, message: `asOf must be a YYYY-MM-DD date (got ${asOf}).` });
  if (!Number.isInteger(lookbackDays) || lookbackDays < 1) {
    return err({ code: DrawdownFailureCode.BadArgument, message: `lookbackDays must be a whole number of days, 1 or more (got ${lookbackDays}).` });
  }
  const after = addDays(asOf, -lookbackDays);
  const window = bars.filter((b) => b.date > after && b.date <= asOf).sort((a, b) => compareText(a.date, b.date));
  const last = window[window.length - 1];
  if (!last) return err({ code: DrawdownFailureCode.NoBarsInWindow, message: `No daily bars after ${after} up to ${asOf}.` });
  const bad = window.find((b) => !(Number.isFinite(b.close) && b.close > 0));
  if (bad) return err({ code: DrawdownFailureCode.NonPositivePrice, message: `The close of ${bad.date} is ${bad.close}, not a positive price.` });

  let peak = window[0]!;
  let low = window[0]!;
  for (const bar of window) {
    if (bar.close > peak.close) peak = bar;
    if (bar.close < low.close) low = bar;
  }
  const volumes = window
    .slice(-20)
    .map((b) => b.volume)
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return ok({
    lastClose: last.close,
    lastDate: last.date,
    peakClose: peak.close,
    peakDate: peak.date,
    drawdownPct: ((peak.close - last.close) / peak.close) * 100,
    daysSincePeak: daysBetween(peak.date, last.date),
    lowClose: low.close,
    aboveLowPct: ((last.close - low.close) / low.close) * 100,
    avgVolume20: volumes.length > 0 ? volumes.reduce((a, v) => a + v, 0) / volumes.length : null,
  });
}

/**
 * Ranks scan rows: largest drawdown first, ties by symbol (code-point order), `rank` from 1.
 * Use it once per scan so the same data always gives the same ranking.
 */
export function rankByDrawdown(rows: readonly Omit<ScanRow, 'rank'>[]): ScanRow[] {
  return [...rows]
    .sort((a, b) => b.drawdownPct - a.drawdownPct || compareText(a.symbol, b.symbol))
    .map((row, index) => ({ ...row, rank: index + 1 }));
}
