import { earlierDaysOfMonth, localDate } from '../../src/date';

describe('Function: localDate', () => {
  it('gives the date in the rules time zone, not in UTC', () => {
    // Prepare: 23:30 UTC on 30 June is already 1 July in Madrid (UTC+2 in summer)
    const instant = new Date('2026-06-30T23:30:00Z');

    // Act and Assess
    expect(localDate(instant, 'Europe/Madrid')).toBe('2026-07-01');
    expect(localDate(instant, 'America/New_York')).toBe('2026-06-30');
  });

  it('keeps 08:00 in Madrid on the right day across the daylight-saving change', () => {
    // Act and Assess: 08:00 local is 06:00 UTC in summer and 07:00 UTC in winter
    expect(localDate(new Date('2026-10-24T06:00:00Z'), 'Europe/Madrid')).toBe('2026-10-24');
    expect(localDate(new Date('2026-10-26T07:00:00Z'), 'Europe/Madrid')).toBe('2026-10-26');
  });

  it('names the bad zone when the rules hold an unknown one', () => {
    // Act and Assess
    expect(() => localDate(new Date('2026-11-21T07:00:00Z'), 'Europe/Atlantis')).toThrow(/Unknown time zone "Europe\/Atlantis".*Europe\/Madrid/);
  });
});

describe('Function: earlierDaysOfMonth', () => {
  it('lists the days of the month before the date', () => {
    // Act and Assess
    expect(earlierDaysOfMonth('2026-11-04')).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(earlierDaysOfMonth('2026-11-01')).toEqual([]);
  });
});
