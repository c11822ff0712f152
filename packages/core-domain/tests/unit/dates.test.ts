import fc from 'fast-check';
import { addDays, daysBetween, utcDay } from '../../src/dates';

describe('Function: utcDay', () => {
  it('reads the UTC day of an ISO timestamp, converting an offset', () => {
    // Act / Assess
    expect(utcDay('2024-03-01T23:00:00Z')).toBe('2024-03-01');
    expect(utcDay('2024-03-01T23:00:00-05:00')).toBe('2024-03-02');
    expect(utcDay('2024-03-02T00:30:00+02:00')).toBe('2024-03-01');
    expect(utcDay('2024-03-01')).toBe('2024-03-01');
  });

  it('names the same day for epoch milliseconds, a Date and its ISO string', () => {
    // Prepare: the last millisecond of a day and the first of the next
    const lastOfDay = Date.UTC(2024, 1, 29, 23, 59, 59, 999);

    // Act / Assess
    expect(utcDay(lastOfDay)).toBe('2024-02-29');
    expect(utcDay(lastOfDay + 1)).toBe('2024-03-01');
    expect(utcDay(new Date(lastOfDay))).toBe('2024-02-29');
    expect(utcDay(Date.UTC(1969, 11, 31, 12))).toBe('1969-12-31');
  });

  it('keeps an unparsable value visible instead of inventing a day', () => {
    // Act / Assess
    expect(utcDay('not a date at all')).toBe('not a date');
  });
});

describe('Function: addDays', () => {
  it('moves across month ends, leap days and years, both ways', () => {
    // Act / Assess
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-01-01', -1)).toBe('2023-12-31');
    expect(addDays('2024-07-01', -180)).toBe('2024-01-03');
    expect(addDays('2024-07-01', 0)).toBe('2024-07-01');
  });
});

describe('Function: daysBetween', () => {
  it('counts calendar days across month ends and leap days', () => {
    // Act / Assess
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2024-03-01', '2024-02-28')).toBe(-2);
  });
});

describe('Property: addDays and daysBetween', () => {
  it('are inverse: the days between a day and that day plus n are n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: -5_000, max: 5_000 }), (daysSinceEpoch, n) => {
        // Prepare
        const day = utcDay(daysSinceEpoch * 86_400_000);
        // Act
        const moved = addDays(day, n);
        // Assess
        expect(daysBetween(day, moved)).toBe(n);
        expect(utcDay(`${moved}T12:00:00Z`)).toBe(moved);
      }),
    );
  });
});
