import { addDays } from '../../src/dates';
import { computeDrawdown, rankByDrawdown, type DrawdownMetrics } from '../../src/drawdown';
import type { Bar } from '../../src/types/trading';

function metrics(bars: readonly Bar[], asOf: string, lookbackDays?: number): DrawdownMetrics {
  const result = computeDrawdown(bars, asOf, lookbackDays);
  if (!result.ok) throw new Error(`expected metrics, got ${result.error.code}`);
  return result.value;
}

describe('Function: computeDrawdown', () => {
  // As of 2024-07-01, 180 calendar days back is 2024-01-03: that day is out, 2024-01-04 is in.
  const bars: Bar[] = [
    { date: '2024-01-03', close: 500 }, // exactly 180 days before: outside
    { date: '2024-01-04', close: 100 },
    { date: '2024-02-01', close: 120 }, // the peak
    { date: '2024-03-01', close: 120 }, // same close later: not the peak
    { date: '2024-04-01', close: 90 },
    { date: '2024-05-01', close: 110 }, // partial recovery
    { date: '2024-06-03', close: 80 }, // new low
    { date: '2024-07-01', close: 102 }, // last
    { date: '2024-07-02', close: 999 }, // after asOf: ignored
  ];

  it('measures a peak, a partial recovery and a new low by hand', () => {
    // Act
    const m = metrics([...bars].reverse(), '2024-07-01');
    // Assess
    expect(m).toEqual({
      lastClose: 102,
      lastDate: '2024-07-01',
      peakClose: 120,
      peakDate: '2024-02-01',
      drawdownPct: 15, // (120 - 102) / 120
      daysSincePeak: 151, // Feb 1 -> Jul 1 (2024 is a leap year)
      lowClose: 80,
      aboveLowPct: 27.500000000000004, // (102 - 80) / 80 in floats
      avgVolume20: null,
    });
  });

  it('excludes the bar exactly lookbackDays before asOf and includes the one a day later', () => {
    // Act
    const at180 = metrics(bars, '2024-07-01', 180);
    const at181 = metrics(bars, '2024-07-01', 181);
    const onlyInside = metrics([{ date: '2024-01-04', close: 7 }], '2024-07-01', 180);
    // Assess
    expect(addDays('2024-07-01', -180)).toBe('2024-01-03');
    expect(at180.peakDate).toBe('2024-02-01');
    expect(at181).toMatchObject({ peakClose: 500, peakDate: '2024-01-03', daysSincePeak: 180 });
    expect(onlyInside).toMatchObject({ peakDate: '2024-01-04', lastDate: '2024-01-04', drawdownPct: 0, daysSincePeak: 0 });
    expect(computeDrawdown([{ date: '2024-01-03', close: 7 }], '2024-07-01', 180)).toMatchObject({ ok: false, error: { code: 'NO_BARS_IN_WINDOW' } });
  });

  it('averages the volume of the last 20 bars that have one', () => {
    // Prepare: 25 sessions with volume 1..25, the last one without volume
    const withVolume: Bar[] = Array.from({ length: 25 }, (_, i) => ({
      date: addDays('2024-07-01', -(24 - i)),
      close: 10,
      ...(i < 24 ? { volume: i + 1 } : {}),
    }));
    // Act
    const m = metrics(withVolume, '2024-07-01');
    // Assess: last 20 bars are i = 5..24; volumes 6..24 (19 values) => mean 15
    expect(m.avgVolume20).toBe(15);
  });

  it('refuses non-positive prices and bad arguments with a typed failure', () => {
    // Act / Assess
    expect(computeDrawdown([{ date: '2024-06-01', close: 0 }], '2024-07-01')).toMatchObject({ ok: false, error: { code: 'NON_POSITIVE_PRICE' } });
    expect(computeDrawdown([{ date: '2024-06-01', close: Number.NaN }], '2024-07-01')).toMatchObject({ ok: false, error: { code: 'NON_POSITIVE_PRICE' } });
    expect(computeDrawdown(bars, '2024-02-30')).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
    expect(computeDrawdown(bars, '2024-07-01', 0)).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
    expect(computeDrawdown([], '2024-07-01')).toMatchObject({ ok: false, error: { code: 'NO_BARS_IN_WINDOW' } });
  });

  it('says what is wrong in each failure, naming the value at fault', () => {
    // Act
    const messages = [
      computeDrawdown([{ date: '2024-06-01', close: -3 }], '2024-07-01'),
      computeDrawdown(bars, '2024-02-30'),
      computeDrawdown(bars, '2024-07-01', 2.5),
      computeDrawdown([], '2024-07-01', 10),
    ].map((r) => (r.ok ? null : r.error.message));
    // Assess
    expect(messages).toEqual([
      'The close of 2024-06-01 is -3, not a positive price.',
      'asOf must be a YYYY-MM-DD date (got 2024-02-30).',
      'lookbackDays must be a whole number of days, 1 or more (got 2.5).',
      'No daily bars after 2024-06-21 up to 2024-07-01.',
    ]);
  });

  it('takes a one-day window: the bar of asOf alone', () => {
    // Act
    const oneDay = metrics(bars, '2024-07-01', 1);
    // Assess
    expect(oneDay).toMatchObject({ lastClose: 102, peakClose: 102, lowClose: 102, drawdownPct: 0, daysSincePeak: 0 });
  });
});

describe('Function: rankByDrawdown', () => {
  it('ranks by drawdown descending, ties by symbol, from 1', () => {
    // Prepare
    const base = { name: '', sector: '', lastClose: 1, lastDate: '2024-07-01', peakClose: 1, peakDate: '2024-07-01', daysSincePeak: 0, lowClose: 1, aboveLowPct: 0, avgVolume20: null };
    const rows = [
      { ...base, symbol: 'MSFT', drawdownPct: 10 },
      { ...base, symbol: 'AAPL', drawdownPct: 10 },
      { ...base, symbol: 'NVDA', drawdownPct: 30 },
      { ...base, symbol: 'KO', drawdownPct: 0 },
    ];
    // Act
    const ranked = rankByDrawdown(rows);
    // Assess
    expect(ranked.map((r) => [r.rank, r.symbol])).toEqual([
      [1, 'NVDA'],
      [2, 'AAPL'],
      [3, 'MSFT'],
      [4, 'KO'],
    ]);
    expect(rankByDrawdown([...rows].reverse())).toEqual(ranked);
  });
});
