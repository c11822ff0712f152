/**
 * The calendar date (`YYYY-MM-DD`) at `instant` in the IANA `timeZone`. Use it to name the day a
 * scheduled run belongs to: 08:00 in Madrid is still "today" in Madrid whatever UTC says.
 * Throws a `RangeError` naming the zone when it is not a valid IANA zone.
 */
export function localDate(instant: Date, timeZone: string): string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  } catch (error) {
    throw new RangeError(`Unknown time zone ${JSON.stringify(timeZone)} in rules.analysis.timezone; use an IANA name such as Europe/Madrid.`, { cause: error });
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Every date from the first of `date`'s month up to the day before `date`, oldest first. */
export function earlierDaysOfMonth(date: string): string[] {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const days: string[] = [];
  for (let d = 1; d < day; d += 1) days.push(`${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  return days;
}
