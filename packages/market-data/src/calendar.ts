/**
 * New York session dates. The scan works in exchange dates (`YYYY-MM-DD` in America/New_York); it
 * does not need holidays (a holiday simply has no bar, and the history logic copes with that).
 * Intraday work (the price-alert checks) asks `isUsMarketOpen`, which knows the NYSE holidays and
 * early closes.
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

/** An instant on New York's wall clock. */
export interface NewYorkTime {
  /** Calendar date, `YYYY-MM-DD`. */
  readonly date: string;
  /** Minutes after midnight. */
  readonly minutes: number;
  /** New York's offset from UTC at that instant, in minutes (-300 in EST, -240 in EDT). */
  readonly offsetMinutes: number;
}

/**
 * New York calendar date, minutes after midnight and UTC offset of an instant. The one New York
 * clock of the code base (the local Yahoo stand-in uses it too). The offset is the wall clock read
 * as UTC minus the instant, so no time zone name is formatted (slow in ICU).
 */
export function newYorkTime(instant: Date): NewYorkTime {
  const parts = Object.fromEntries(NEW_YORK().formatToParts(instant).map((p) => [p.type, p.value]));
  const [year, month, day, hour, minute] = [parts.year, parts.month, parts.day, parts.hour, parts.minute].map(Number) as [number, number, number, number, number];
  const wallClockAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  const minuteOfInstant = Math.floor(instant.getTime() / 60_000) * 60_000;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: hour * 60 + minute, offsetMinutes: (wallClockAsUtc - minuteOfInstant) / 60_000 };
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

/** Easter Sunday of `year` (Gregorian; the anonymous algorithm), as `YYYY-MM-DD`. */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const iso = (year: number, month: number, day: number): string => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** The `n`th `weekday` (0 Sunday .. 6 Saturday) of a month; `n = -1` for the last one. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n > 0) {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    return iso(year, month, 1 + ((weekday - first + 7) % 7) + (n - 1) * 7);
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = new Date(Date.UTC(year, month - 1, lastDay)).getUTCDay();
  return iso(year, month, lastDay - ((last - weekday + 7) % 7));
}

/** A fixed-date holiday as the exchange observes it: Saturday -> Friday before, Sunday -> Monday after. */
function observed(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 6 ? addDays(date, -1) : day === 0 ? addDays(date, 1) : date;
}

const holidayCache = new Map<number, ReadonlySet<string>>();

/**
 * The NYSE full-day holidays of `year` by the exchange's standing rules: New Year's Day, Martin
 * Luther King Jr. Day, Washington's Birthday, Good Friday, Memorial Day, Juneteenth (from 2022),
 * Independence Day, Labor Day, Thanksgiving and Christmas, with weekend dates observed on the
 * nearest weekday (New Year's Day on a Saturday is not observed on the Friday before, which closes
 * the previous year). One-off closures (national mourning, storms) are not predictable and not here.
 */
export function nyseHolidays(year: number): ReadonlySet<string> {
  let found = holidayCache.get(year);
  if (found) return found;
  const newYear = iso(year, 1, 1);
  const days = [
    ...(new Date(`${newYear}T00:00:00Z`).getUTCDay() === 6 ? [] : [observed(newYear)]),
    nthWeekday(year, 1, 1, 3),
    nthWeekday(year, 2, 1, 3),
    addDays(easterSunday(year), -2),
    nthWeekday(year, 5, 1, -1),
    ...(year >= 2022 ? [observed(iso(year, 6, 19))] : []),
    observed(iso(year, 7, 4)),
    nthWeekday(year, 9, 1, 1),
    nthWeekday(year, 11, 4, 4),
    observed(iso(year, 12, 25)),
  ];
  found = new Set(days);
  holidayCache.set(year, found);
  return found;
}

/** Whether New York session date `date` is a regular trading day (a weekday that is no NYSE holiday). */
export function isTradingDay(date: string): boolean {
  return !isWeekend(date) && !nyseHolidays(Number(date.slice(0, 4))).has(date);
}

/** Minutes after midnight when the regular session opens (09:30 New York). */
export const SESSION_OPEN_MINUTES = 9 * 60 + 30;

/**
 * The days the NYSE closes early, at 13:00 New York: the day before Independence Day (when a
 * weekday trading day), the day after Thanksgiving, and Christmas Eve (when a weekday trading day).
 */
export function isEarlyClose(date: string): boolean {
  const year = Number(date.slice(0, 4));
  const thanksgiving = nthWeekday(year, 11, 4, 4);
  const candidates = [iso(year, 7, 3), addDays(thanksgiving, 1), iso(year, 12, 24)];
  return candidates.includes(date) && isTradingDay(date);
}

/**
 * Whether the US regular session is open at `instant` (09:30 to the close, both ends included, so
 * a check at 16:00 sees the closing price), on trading days only: weekends and NYSE holidays are
 * closed, early-close days end at 13:00. Use it to skip intraday work when there is no market.
 */
export function isUsMarketOpen(instant: Date): boolean {
  const { date, minutes } = newYorkTime(instant);
  if (!isTradingDay(date)) return false;
  const close = isEarlyClose(date) ? 13 * 60 : SESSION_CLOSE_MINUTES;
  return minutes >= SESSION_OPEN_MINUTES && minutes <= close;
}
