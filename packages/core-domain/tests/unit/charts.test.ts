import { portfolioChart, priceChart, sparkline, symbolsHeldSince } from '../../src/charts';
import type { Bar } from '../../src/types/trading';
import { ledger } from '../helpers/ledger';

/** One bar per calendar day from `from`, closes as given. */
function daily(from: string, closes: readonly number[]): Bar[] {
  return closes.map((close, i) => ({ date: new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10), close }));
}

describe('Function: priceChart', () => {
  it('carries the rolling high of the look-back window and the drawdown from it', () => {
    // Prepare: a high of 20 on day 2, then 10s; a 3-day window forgets the high after 3 days.
    const bars = daily('2026-01-01', [10, 20, 10, 10, 10, 10]);
    // Act
    const chart = priceChart({ symbol: 'KO', currency: 'USD', range: '1y', bars, entries: [], lookbackDays: 3 })!;
    // Assess
    expect(chart.points.map((p) => [p.date.slice(8), p.peak, Math.round(p.drawdownPct)])).toEqual([
      ['01', 10, 0],
      ['02', 20, 0],
      ['03', 20, -50],
      ['04', 20, -50],
      ['05', 10, 0],
      ['06', 10, 0],
    ]);
  });

  it('keeps only the sessions of the range, with the trades of that symbol inside it and not voided', () => {
    // Prepare: 400 days of bars; trades before and inside the last 182 days, one voided, one of another symbol.
    const bars = daily('2025-01-01', Array.from({ length: 400 }, (_, i) => 50 + i / 10));
    const entries = ledger()
      .buy('KO', '10', '51', '0', '2025-02-01T15:00:00Z')
      .buy('KO', '5', '80', '0', '2025-12-01T15:00:00Z')
      .sell('KO', '3', '85', '0', '2026-01-10T15:00:00Z')
      .buy('PEP', '1', '150', '0', '2025-12-02T15:00:00Z')
      .buy('KO', '1', '82', '0', '2025-12-03T15:00:00Z')
      .void(5).entries;
    // Act
    const chart = priceChart({ symbol: 'KO', currency: 'USD', range: '6m', bars, entries })!;
    // Assess
    expect(chart.points[0]!.date).toBe('2025-08-07');
    expect(chart.points[chart.points.length - 1]!.date).toBe('2026-02-04');
    expect(chart.points).toHaveLength(182);
    expect(chart.markers).toEqual([
      { seq: 2, side: 'buy', date: '2025-12-01', price: 80, quantity: '5' },
      { seq: 3, side: 'sell', date: '2026-01-10', price: 85, quantity: '3' },
    ]);
  });

  it('takes bars in any order, skips closes that are not positive numbers, and marks only trades after the range start', () => {
    // Prepare: 1y = 365 days before 2026-01-10 is 2025-01-10; the bars come newest first, two unusable
    const bars: Bar[] = [
      { date: '2026-01-10', close: 12 },
      { date: '2026-01-09', close: Number.NaN },
      { date: '2025-06-01', close: 0 },
      { date: '2025-03-01', close: 11 },
      { date: '2025-01-10', close: 10 },
    ];
    const entries = ledger()
      .buy('KO', '1', '10', '0', '2025-01-10T15:00:00Z')
      .buy('KO', '1', '11', '0', '2025-03-01T15:00:00Z')
      .buy('KO', '1', '10.5', '0', '2025-02-01T15:00:00Z').entries;
    // Act
    const chart = priceChart({ symbol: 'KO', currency: 'USD', range: '1y', bars, entries })!;
    // Assess
    expect(chart.points.map((p) => [p.date, p.close, p.peak])).toEqual([
      ['2025-03-01', 11, 11],
      ['2026-01-10', 12, 12],
    ]);
    expect(chart.markers.map((m) => [m.date, m.seq])).toEqual([
      ['2025-02-01', 3],
      ['2025-03-01', 2],
    ]);
  });

  it('gives null when there is no usable bar', () => {
    // Act / Assess
    expect(priceChart({ symbol: 'KO', currency: 'USD', range: '1y', bars: [{ date: '2026-01-01', close: 0 }], entries: [] })).toBeNull();
  });
});

describe('Function: portfolioChart', () => {
  it('values what was held each day at that day\'s close, and the capital invested in it, from the first day held', () => {
    // Prepare: buy 10 KO at 10 on day 3, sell 5 on day 5; closes 10, 11, 12...
    const entries = ledger().buy('KO', '10', '10', '0', '2026-01-03T15:00:00Z').sell('KO', '5', '14', '0', '2026-01-05T15:00:00Z').entries;
    const bars = new Map([['KO', daily('2026-01-01', [10, 11, 12, 13, 14, 15])]]);
    // Act
    const chart = portfolioChart({ entries, bars, currency: 'USD', range: '6m', to: '2026-01-06' })!;
    // Assess
    expect(chart.points).toEqual([
      { date: '2026-01-03', value: 120, invested: 100 },
      { date: '2026-01-04', value: 130, invested: 100 },
      { date: '2026-01-05', value: 70, invested: 50 },
      { date: '2026-01-06', value: 75, invested: 50 },
    ]);
    expect(chart.excluded).toEqual([]);
  });

  it('never sums another currency into the totals: such positions are left out and named', () => {
    // Prepare
    const entries = ledger().buy('KO', '1', '10', '0', '2026-01-01T15:00:00Z').buy('SAN.MC', '100', '4', '0', '2026-01-01T15:00:00Z', 'EUR').entries;
    const bars = new Map([
      ['KO', daily('2026-01-01', [10, 10])],
      ['SAN.MC', daily('2026-01-01', [4, 5])],
    ]);
    // Act
    const chart = portfolioChart({ entries, bars, currency: 'USD', range: '1y', to: '2026-01-02' })!;
    // Assess
    expect(chart.points.map((p) => p.value)).toEqual([10, 10]);
    expect(chart.excluded).toEqual(['SAN.MC']);
  });

  it('values a day without a bar at the last close before it, even one from before the range, and a symbol never priced at cost', () => {
    // Prepare: 6m = 182 days before 2026-01-04 is 2025-07-06. KO, held since December, has a close on
    // 2025-07-06 (outside the range) and on 2026-01-03; PEP, bought 2026-01-02, has none; XYZ (not
    // held) brings the other sessions, one of them unusable, and a bar after the last day is ignored.
    const entries = ledger().buy('KO', '10', '10', '0', '2025-12-01T15:00:00Z').buy('PEP', '2', '50', '0', '2026-01-02T15:00:00Z').entries;
    const bars = new Map<string, Bar[]>([
      ['KO', [{ date: '2025-07-06', close: 9 }, { date: '2026-01-03', close: 12 }, { date: '2026-01-05', close: 99 }]],
      ['XYZ', [{ date: '2026-01-01', close: 0 }, { date: '2026-01-02', close: 1 }, { date: '2026-01-04', close: 1 }]],
    ]);
    // Act
    const chart = portfolioChart({ entries, bars, currency: 'USD', range: '6m', to: '2026-01-04' })!;
    // Assess
    expect(chart.points).toEqual([
      { date: '2026-01-02', value: 190, invested: 200 },
      { date: '2026-01-03', value: 220, invested: 200 },
      { date: '2026-01-04', value: 220, invested: 200 },
    ]);
    expect(chart.unpriced).toEqual(['PEP']);
  });

  it('lists the symbols left out and those valued at cost in alphabetical order, whatever order they were bought in', () => {
    // Prepare: none of the holdings has a bar; XYZ (not held) brings the session
    const entries = ledger()
      .buy('ZZZ', '1', '10', '0', '2026-01-01T15:00:00Z')
      .buy('ZZE', '1', '10', '0', '2026-01-01T15:00:00Z', 'EUR')
      .buy('AAA', '1', '10', '0', '2026-01-01T15:00:00Z')
      .buy('AAE', '1', '10', '0', '2026-01-01T15:00:00Z', 'EUR').entries;
    const bars = new Map([['XYZ', daily('2026-01-02', [1])]]);
    // Act
    const chart = portfolioChart({ entries, bars, currency: 'USD', range: '1y', to: '2026-01-02' })!;
    // Assess
    expect(chart.points).toEqual([{ date: '2026-01-02', value: 20, invested: 20 }]);
    expect(chart.unpriced).toEqual(['AAA', 'ZZZ']);
    expect(chart.excluded).toEqual(['AAE', 'ZZE']);
  });

  it('follows a ledger whose trades were recorded out of date order, a sale backdated before its buy included', () => {
    // Prepare: A bought 1 Jan; B bought 5 Jan but its sale was recorded as of 3 Jan (that day alone does not replay)
    const entries = ledger()
      .buy('A', '1', '10', '0', '2026-01-01T15:00:00Z')
      .buy('B', '1', '10', '0', '2026-01-05T15:00:00Z')
      .sell('B', '1', '10', '0', '2026-01-03T15:00:00Z').entries;
    const bars = new Map([['A', daily('2026-01-01', [10, 10, 10, 10, 10])]]);
    // Act
    const chart = portfolioChart({ entries, bars, currency: 'USD', range: '1y', to: '2026-01-05' })!;
    // Assess: B is never held at the end of a day; A throughout
    expect(chart.points.map((p) => p.invested)).toEqual([10, 10, 10, 10, 10]);
    expect(chart.unpriced).toEqual([]);
    expect(symbolsHeldSince(entries, '1y', '2026-01-05')).toEqual(['A']);
  });

  it('gives null when nothing in the chart currency was held in the range', () => {
    // Prepare
    const entries = ledger().buy('SAN.MC', '100', '4', '0', '2026-01-01T15:00:00Z', 'EUR').entries;
    const bars = new Map([['SAN.MC', daily('2026-01-01', [4, 5])]]);
    // Act / Assess
    expect(portfolioChart({ entries, bars, currency: 'USD', range: '1y', to: '2026-01-02' })).toBeNull();
    expect(portfolioChart({ entries: [], bars, currency: 'EUR', range: '1y', to: '2026-01-02' })).toBeNull();
  });

  it('names a position held at the range start even when it was opened on that very day, and none closed before it', () => {
    // Prepare: 6m = 182 days before 2026-01-10 is 2025-07-12
    const entries = ledger()
      .buy('OLD', '1', '10', '0', '2025-01-01T15:00:00Z')
      .sell('OLD', '1', '11', '0', '2025-02-01T15:00:00Z')
      .buy('EDGE', '1', '10', '0', '2025-07-12T15:00:00Z')
      .sell('EDGE', '1', '11', '0', '2025-07-13T15:00:00Z').entries;
    // Act / Assess
    expect(symbolsHeldSince(entries, '6m', '2026-01-10')).toEqual(['EDGE']);
  });

  it('names every symbol held in the range, including one sold inside it, for the history requests', () => {
    // Prepare
    const entries = ledger().buy('KO', '1', '10', '0', '2025-01-01T15:00:00Z').buy('PEP', '1', '10', '0', '2026-01-01T15:00:00Z').sell('PEP', '1', '11', '0', '2026-01-02T15:00:00Z').entries;
    // Act / Assess
    expect(symbolsHeldSince(entries, '6m', '2026-01-10')).toEqual(['KO', 'PEP']);
    expect(symbolsHeldSince([], '6m', '2026-01-10')).toEqual([]);
    const later = ledger().buy('ZZZ', '1', '10', '0', '2026-01-01T15:00:00Z').buy('AAA', '1', '10', '0', '2026-01-02T15:00:00Z').entries;
    expect(symbolsHeldSince(later, '6m', '2026-01-10')).toEqual(['AAA', 'ZZZ']);
  });
});

describe('Function: sparkline', () => {
  it('draws a rising series low to high, a flat one in the middle, and nothing for fewer than two values', () => {
    // Act / Assess
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5, 5], 3)).toBe('▄▄▄');
    expect(sparkline([1])).toBe('');
    expect(sparkline(Array.from({ length: 100 }, (_, i) => 100 - i), 4)).toBe('█▆▃▁');
  });

  it('averages each cell\'s share of the values, leaves out values that are not finite, and draws two values or one cell', () => {
    // Act / Assess
    expect(sparkline([1, Number.NaN, 3, 5, Number.POSITIVE_INFINITY, 7, 9, 11, 13, 15], 4)).toBe('▁▃▆█');
    expect(sparkline([0, 4, 10, 10, 10], 3)).toBe('▁▆█');
    expect(sparkline([3, 1])).toBe('█▁');
    expect(sparkline([1, 2, 3], 1)).toBe('▄');
  });
});
