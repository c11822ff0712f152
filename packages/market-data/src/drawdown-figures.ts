/**
 * Per-symbol drawdown figures over a look-back window. Pure.
 * Window: bars with `asOf - lookbackDays <= date <= asOf` (calendar days, both ends included).
 */
import type { Bar } from '@tradebot/core-domain';
import { addDays, daysBetween } from './calendar';

/** Figures of one symbol (the numeric part of a `ScanRow`). */
export interface DrawdownFigures {
  readonly lastClose: number;
  readonly lastDate: string;
  readonly peakClose: number;
  readonly peakDate: string;
  /** (peak - last) / peak x 100. */
  readonly drawdownPct: number;
  /** Calendar days from the peak to the last close. */
  readonly daysSincePeak: number;
  readonly lowClose: number;
  /** (last - low) / low x 100. */
  readonly aboveLowPct: number;
  /** Mean volume of the last 20 bars that report one; null when none does. */
  readonly avgVolume20: number | null;
}

/**
 * Computes the figures from bars sorted oldest first. Returns null when no bar falls in the
 * window. When the peak close occurs more than once, the most recent occurrence is the peak date
 * (the stock has been there lately); likewise for the low.
 */
export function measureDrawdown(bars: readonly Bar[], asOf: string, lookbackDays: number): DrawdownFigures | null {
  const start = addDays(asOf, -lookbackDays);
  let last: Bar | undefined;
  let peak: Bar | undefined;
  let low: Bar | undefined;
  const volumes: number[] = [];
  for (const bar of bars) {
    if (bar.date > asOf) break;
    if (bar.volume !== undefined && Number.isFinite(bar.volume)) volumes.push(bar.volume);
    if (bar.date < start || !(bar.close > 0)) continue;
    last = bar;
    if (!peak || bar.close >= peak.close) peak = bar;
    if (!low || bar.close <= low.close) low = bar;
  }
  if (!last || !peak || !low) return null;
  const recent = volumes.slice(-20);
  return {
    lastClose: last.close,
    lastDate: last.date,
    peakClose: peak.close,
    peakDate: peak.date,
    drawdownPct: ((peak.close - last.close) / peak.close) * 100,
    daysSincePeak: daysBetween(peak.date, last.date),
    lowClose: low.close,
    aboveLowPct: ((last.close - low.close) / low.close) * 100,
    avgVolume20: recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : null,
  };
}
