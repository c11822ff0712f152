/**
 * New York session dates. The scan works in exchange dates (`YYYY-MM-DD` in America/New_York);
 * holidays are not modelled: a holiday simply has no bar, and the history logic copes with that.
 */
import { addDays } from '@tradebot/core-domain';

// Built on first use, not at module load: the first time-zone-aware Intl.DateTimeFormat of a
// process loads ICU's zone data (tens of ms), which a Lambda cold start should pay only when needed.
let newYork: Intl.DateTimeFormat | undefined;
const NEW_YORK = (): Intl.DateTimeFormat =>
  (newYork ??= new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }));

/** Minutes after midnight when the regular session closes (16:00 New York). */
export const SESSION_CLOSE_MINUTES = 16 * 60;

/** New York calendar date and minutes after midnight of an instant. */
export function newYorkTime(instant: Date): { readonly date: string; readonly minutes: number } {
  const parts = Object.fromEntries(NEW_YORK().formatToParts(instant).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** Whether `date` is a Saturday or Sunday. */
export function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

/**
 * The most recent weekday whose regular session has closed at `now`. A scan for this date uses
 * final closes only; an intraday price is never stored as a close.
 */
export function lastClosedSession(now: Date): string {
  const { date, minutes } = newYorkTime(now);
  let candidate = minutes >= SESSION_CLOSE_MINUTES ? date : addDays(date, -1);
  while (isWeekend(candidate)) candidate = addDays(candidate, -1);
  return candidate;
}
