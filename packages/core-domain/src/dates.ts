/**
 * Calendar days as `YYYY-MM-DD` strings in UTC: naming the day of an instant, and day arithmetic.
 * Pure (no clock): instants come in as arguments. Time-zone dates (New York sessions, the job's
 * local day) are the adapters' business; these are the plain UTC calendar.
 */

const DAY_MS = 86_400_000;

/** Day names already formatted, by days since the epoch: a scan names the same ~250 days a thousand times. */
const dayNames = new Map<number, string>();

function dayOfEpochMs(epochMs: number): string {
  const day = Math.floor(epochMs / DAY_MS);
  let name = dayNames.get(day);
  // Stryker disable next-line ConditionalExpression: a cache; formatting the day again gives the same name.
  if (name === undefined) {
    name = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayNames.set(day, name);
  }
  return name;
}

/**
 * The UTC calendar day (`YYYY-MM-DD`) of an instant: an ISO 8601 timestamp (an offset such as
 * `+02:00` is converted; a bare `YYYY-MM-DD` is itself), epoch milliseconds, or a `Date`. Use it
 * wherever a timestamp is grouped or stored by day. An unparsable string gives its first 10
 * characters back, so a bad stored value stays visible instead of becoming a made-up day.
 */
export function utcDay(instant: string | number | Date): string {
  if (typeof instant === 'number') return dayOfEpochMs(instant);
  // Two fast paths: without them the string path below gives the same day (a Date's string keeps
  // its second; an ISO day or UTC timestamp parses to its own first 10 characters, and what does
  // not parse is given back cut to 10), only slower. Mutants that merely skip or narrow them
  // survive as equivalent (docs/core-domain.md, "Mutation testing").
  // Stryker disable next-line ConditionalExpression: see above.
  if (instant instanceof Date) return dayOfEpochMs(instant.getTime());
  if (instant.length >= 10 && (instant.endsWith('Z') || instant.length === 10) && instant[4] === '-' && instant[7] === '-') return instant.slice(0, 10);
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? instant.slice(0, 10) : dayOfEpochMs(ms);
}

const dayMs = (day: string): number => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));

/** `day` (`YYYY-MM-DD`) plus `days` calendar days (negative: earlier). */
export function addDays(day: string, days: number): string {
  return dayOfEpochMs(dayMs(day) + days * DAY_MS);
}

/** Calendar days from `from` to `to` (`YYYY-MM-DD`), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / DAY_MS);
}
