import { measureDrawdown } from '@tradebot/market-data';

describe('Function: measureDrawdown', () => {
  // Hand-built: rise to a peak, fall, partial recovery, new low, partial recovery.
  const bars = [
    { date: '2026-01-02', close: 100, volume: 1_000 }, // first bar of the 180-day window ending 2026-07-01
    { date: '2026-02-02', close: 120, volume: 1_000 },
    { date: '2026-03-02', close: 150, volume: 1_000 }, // peak
    { date: '2026-04-01', close: 90, volume: 1_000 },
    { date: '2026-05-01', close: 130, volume: 1_000 }, // partial recovery
    { date: '2026-06-01', close: 75, volume: 2_000 }, // new low
    { date: '2026-07-01', close: 90, volume: 3_000 },
  ];

  it('reports the peak, the drawdown, days since the peak and the distance from the low', () => {
    // Prepare: asOf 2026-07-01, 180 days back is 2026-01-02 (inclusive).
    // Act
    const figures = measureDrawdown(bars, '2026-07-01', 180);
    // Assess: by hand, (150 - 90) / 150 = 40 %; (90 - 75) / 75 = 20 %; 2026-03-02 -> 2026-07-01 = 121 days.
    expect(figures).toEqual({
      lastClose: 90,
      lastDate: '2026-07-01',
      peakClose: 150,
      peakDate: '2026-03-02',
      drawdownPct: 40,
      daysSincePeak: 121,
      lowClose: 75,
      aboveLowPct: 20,
      avgVolume20: 10_000 / 7,
    });
  });

  it('counts a bar exactly lookbackDays before asOf and ignores the one just before', () => {
    // Prepare: a higher close the day before the window and one exactly on its first day.
    const edge = [{ date: '2026-01-01', close: 500 }, { date: '2026-01-02', close: 200 }, ...bars.slice(1)];
    // Act
    const figures = measureDrawdown(edge, '2026-07-01', 180);
    // Assess: 500 is outside (181 days back), 200 on the boundary is the peak: (200 - 90) / 200 = 55 %.
    expect(figures?.peakClose).toBe(200);
    expect(figures?.peakDate).toBe('2026-01-02');
    expect(figures?.drawdownPct).toBeCloseTo(55, 10);
  });

  it('ignores bars after asOf and returns null when the window is empty', () => {
    // Act
    const before = measureDrawdown(bars, '2026-04-15', 180);
    const none = measureDrawdown(bars, '2025-06-01', 180);
    // Assess
    expect(before?.lastClose).toBe(90);
    expect(before?.drawdownPct).toBeCloseTo(40, 10);
    expect(none).toBeNull();
  });
});
