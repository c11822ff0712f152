import { mergeCachedSeries, sameClose, type CachedSeries } from '../../src/price-series';
import type { Bar } from '../../src/types/trading';

const bars = (closes: Record<string, number>): Bar[] => Object.entries(closes).map(([date, close]) => ({ date, close }));

// What /performance stored: two years of a held symbol, to keep from its first trade.
const held: CachedSeries = {
  bars: bars({ '2024-01-02': 10, '2024-06-03': 12, '2025-01-02': 14, '2025-06-02': 15, '2025-06-03': 16 }),
  from: '2024-01-02',
  through: '2025-06-03',
  keepFrom: '2024-01-02',
  currency: 'USD',
  simulated: false,
};

describe('Function: mergeCachedSeries', () => {
  it("keeps a portfolio's older bars when the scan saves its trimmed window that joins them", () => {
    // Prepare: the scan's save, trimmed to its window, one new session appended
    const scan: CachedSeries = { bars: bars({ '2025-01-02': 14, '2025-06-02': 15, '2025-06-03': 16, '2025-06-04': 17 }) };
    // Act
    const merged = mergeCachedSeries(held, scan);
    // Assess
    expect(merged.bars.map((b) => b.date)).toEqual(['2024-01-02', '2024-06-03', '2025-01-02', '2025-06-02', '2025-06-03', '2025-06-04']);
    expect(merged).toMatchObject({ from: '2024-01-02', through: '2025-06-04', keepFrom: '2024-01-02', currency: 'USD', simulated: false });
  });

  it('drops the older bars and their coverage when the window does not join them (a split re-fetched the history)', () => {
    // Prepare: after a 2:1 split every close is halved
    const scan: CachedSeries = { bars: bars({ '2025-01-02': 7, '2025-06-02': 7.5, '2025-06-03': 8 }) };
    // Act
    const merged = mergeCachedSeries(held, scan);
    // Assess: the keep request survives, the stale bars and what they covered do not
    expect(merged.bars.map((b) => b.close)).toEqual([7, 7.5, 8]);
    expect(merged.keepFrom).toBe('2024-01-02');
    expect(merged.from).toBeUndefined();
    expect(merged.currency).toBeUndefined();
  });

  it('keeps bars appended after a series saved by a writer that loaded it earlier', () => {
    // Prepare: the stored series gained 06-04 (the scan) after /performance loaded it
    const stored: CachedSeries = { ...held, bars: [...held.bars, { date: '2025-06-04', close: 17 }], through: '2025-06-04' };
    // Act
    const merged = mergeCachedSeries(stored, held);
    // Assess
    expect(merged.bars.at(-1)).toEqual({ date: '2025-06-04', close: 17 });
    expect(merged.through).toBe('2025-06-04');
  });

  it('moves keepFrom only earlier, and marks the series simulated when either part is', () => {
    // Prepare
    const earlier: CachedSeries = { bars: bars({ '2023-06-01': 9, '2024-01-02': 10 }), from: '2023-06-01', through: '2024-01-02', keepFrom: '2023-06-01', currency: 'USD', simulated: true };
    // Act
    const merged = mergeCachedSeries(held, earlier);
    // Assess: the new series ends on the stored first bar, so the stored bars after it are kept
    expect(merged.keepFrom).toBe('2023-06-01');
    expect(merged.bars.map((b) => b.date)).toEqual(['2023-06-01', '2024-01-02', '2024-06-03', '2025-01-02', '2025-06-02', '2025-06-03']);
    expect(merged).toMatchObject({ from: '2023-06-01', through: '2025-06-03', simulated: true });
  });

  it('never joins prices in two currencies, whatever the closes say', () => {
    // Act
    const merged = mergeCachedSeries(held, { bars: bars({ '2025-06-03': 16, '2025-06-04': 17 }), currency: 'EUR' });
    // Assess
    expect(merged.bars).toHaveLength(2);
    expect(merged.currency).toBe('EUR');
  });

  it('stores the given series as it is when nothing is stored or nothing asked to keep older bars', () => {
    // Prepare
    const scan: CachedSeries = { bars: bars({ '2025-06-03': 16 }) };
    const unpinned: CachedSeries = { bars: bars({ '2025-01-02': 14, '2025-06-03': 16 }) };
    // Act / Assess
    expect(mergeCachedSeries(undefined, scan)).toEqual(scan);
    expect(mergeCachedSeries(unpinned, scan)).toEqual(scan);
  });
});

describe('Function: sameClose', () => {
  it('treats a cent or 0.01% as the same price', () => {
    expect(sameClose(100, 100.004)).toBe(true);
    expect(sameClose(100, 100.02)).toBe(false);
    expect(sameClose(10000, 10000.9)).toBe(true);
  });
});
