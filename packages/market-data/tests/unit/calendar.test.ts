import { isEarlyClose, isTradingDay, isUsMarketOpen, newYorkTime, nyseHolidays } from '../../src/calendar';

describe('Function: nyseHolidays', () => {
  it('gives the exchange\'s 2026 holidays, Independence Day observed on Friday 3 July', () => {
    // Act
    const holidays = [...nyseHolidays(2026)].sort();
    // Assess
    expect(holidays).toEqual(['2026-01-01', '2026-01-19', '2026-02-16', '2026-04-03', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25']);
  });

  it('observes weekend holidays on the nearest weekday, but not New Year\'s Day on a Saturday', () => {
    // Act / Assess: 2027: Juneteenth and Christmas on Saturdays, 4 July on a Sunday.
    expect([...nyseHolidays(2027)]).toEqual(expect.arrayContaining(['2027-06-18', '2027-07-05', '2027-12-24', '2027-03-26']));
    // 2022-01-01 was a Saturday: no holiday on Friday 2021-12-31; Juneteenth starts in 2022.
    expect(nyseHolidays(2021).has('2021-12-31')).toBe(false);
    expect([...nyseHolidays(2022)]).not.toContain('2021-12-31');
    expect([...nyseHolidays(2021)].some((d) => d.startsWith('2021-06'))).toBe(false);
    expect(nyseHolidays(2025).has('2025-04-18')).toBe(true);
  });
});

describe('Function: isUsMarketOpen', () => {
  it('is open from 09:30 to 16:00 New York on a trading day, in winter and in summer time', () => {
    // Act / Assess: Tuesday 2026-11-17 (EST, UTC-5) and Tuesday 2026-06-16 (EDT, UTC-4).
    expect(isUsMarketOpen(new Date('2026-11-17T14:29:00Z'))).toBe(false);
    expect(isUsMarketOpen(new Date('2026-11-17T14:30:00Z'))).toBe(true);
    expect(isUsMarketOpen(new Date('2026-11-17T21:00:00Z'))).toBe(true);
    expect(isUsMarketOpen(new Date('2026-11-17T21:15:00Z'))).toBe(false);
    expect(isUsMarketOpen(new Date('2026-06-16T13:30:00Z'))).toBe(true);
    expect(isUsMarketOpen(new Date('2026-06-16T20:15:00Z'))).toBe(false);
  });

  it('is closed on weekends and holidays, and after 13:00 on early-close days', () => {
    // Act / Assess
    expect(isUsMarketOpen(new Date('2026-11-21T16:00:00Z'))).toBe(false); // Saturday
    expect(isUsMarketOpen(new Date('2026-11-26T16:00:00Z'))).toBe(false); // Thanksgiving
    expect(isEarlyClose('2026-11-27')).toBe(true);
    expect(isUsMarketOpen(new Date('2026-11-27T17:45:00Z'))).toBe(true); // 12:45 New York
    expect(isUsMarketOpen(new Date('2026-11-27T18:15:00Z'))).toBe(false); // 13:15 New York
    expect(isTradingDay('2026-07-03')).toBe(false);
    expect(isEarlyClose('2026-07-03')).toBe(false);
  });
});

describe('Function: newYorkTime', () => {
  it('reads the New York date, minutes and UTC offset of an instant in winter and in summer time', () => {
    // Act / Assess: 2026-03-08 is the first day of EDT (02:00 EST becomes 03:00 EDT).
    expect(newYorkTime(new Date('2026-11-17T14:30:59Z'))).toEqual({ date: '2026-11-17', minutes: 9 * 60 + 30, offsetMinutes: -300 });
    expect(newYorkTime(new Date('2026-06-16T03:59:00Z'))).toEqual({ date: '2026-06-15', minutes: 23 * 60 + 59, offsetMinutes: -240 });
    expect(newYorkTime(new Date('2026-03-08T06:59:00Z'))).toEqual({ date: '2026-03-08', minutes: 60 + 59, offsetMinutes: -300 });
    expect(newYorkTime(new Date('2026-03-08T07:00:00Z'))).toEqual({ date: '2026-03-08', minutes: 3 * 60, offsetMinutes: -240 });
  });
});
