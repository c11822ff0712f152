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

  it('keeps the earlier keepFrom and the later coverage, whichever side has them', () => {
    // Prepare: the stored series asks to keep from 2024-01-02; the new one, ending on a stored
    // session, asks for less and covers (through) past its last bar, a holiday.
    const given: CachedSeries = { bars: bars({ '2025-06-02': 15, '2025-06-03': 16 }), through: '2025-06-05', keepFrom: '2025-01-02' };
    // Act
    const merged = mergeCachedSeries(held, given);
    // Assess
    expect(merged.keepFrom).toBe('2024-01-02');
    expect(merged.from).toBe('2024-01-02');
    expect(merged.through).toBe('2025-06-05');
  });

  it('keeps the stored coverage where its bars are kept: from before its first bar, through after its last', () => {
    // Prepare: the stored coverage starts on a holiday before its first bar and runs past its last bar.
    const stored: CachedSeries = { ...held, from: '2024-01-01', through: '2025-06-06', keepFrom: '2023-01-01' };
    const middle: CachedSeries = { bars: bars({ '2024-06-03': 12, '2025-01-02': 14 }), from: '2024-05-31' };
    // Act
    const merged = mergeCachedSeries(stored, middle);
    // Assess
    expect(merged.bars.map((b) => b.date)).toEqual(held.bars.map((b) => b.date));
    expect(merged).toMatchObject({ from: '2024-01-01', through: '2025-06-06' });
  });

  it('keeps its own from when only later stored bars join, and its own through when none do', () => {
    // Prepare: the new series starts after its first bar's date (from 2025-05-30, a Friday) and ends on
    // a stored session; the stored one covers past its last bar.
    const { keepFrom: _keep, ...unpinned } = held;
    const stored: CachedSeries = { ...unpinned, through: '2025-06-06' };
    const recent: CachedSeries = { bars: bars({ '2025-06-02': 15, '2025-06-03': 16 }), from: '2025-05-30' };
    const ahead: CachedSeries = { bars: bars({ '2025-06-03': 16, '2025-06-04': 17 }), from: '2025-06-03' };
    // Act
    const joinedAtEnd = mergeCachedSeries(stored, { ...recent, bars: bars({ '2025-06-02': 15 }) });
    const nothingAfter = mergeCachedSeries({ ...stored, keepFrom: '2024-01-02' }, { ...ahead, keepFrom: '2025-06-03' });
    // Assess
    expect(joinedAtEnd.bars.map((b) => b.date)).toEqual(['2025-06-02', '2025-06-03']);
    expect(joinedAtEnd).toMatchObject({ from: '2025-05-30', through: '2025-06-06' });
    expect(nothingAfter.bars.map((b) => b.date)).toEqual(['2024-01-02', '2024-06-03', '2025-01-02', '2025-06-02', '2025-06-03', '2025-06-04']);
    expect(nothingAfter.through).toBe('2025-06-04');
  });

  it('joins only on the same date: a stored bar of equal close on another day is no join', () => {
    // Prepare: the stored series has no 2025-06-04; its second bar happens to close at 12 too.
    const stored: CachedSeries = { bars: bars({ '2024-01-02': 10, '2024-06-03': 12, '2025-06-06': 13 }), keepFrom: '2024-01-02' };
    // Act
    const merged = mergeCachedSeries(stored, { bars: bars({ '2025-06-04': 12, '2025-06-05': 12.5 }) });
    // Assess
    expect(merged.bars.map((b) => b.date)).toEqual(['2025-06-04', '2025-06-05']);
  });

  it('drops stored bars older than what either side asks to keep', () => {
    // Prepare: the stored series still holds 2023 bars, but both sides keep only from 2024-01-02.
    const stored: CachedSeries = { ...held, bars: [{ date: '2023-06-01', close: 9 }, ...held.bars], from: '2023-06-01' };
    const window: CachedSeries = { bars: bars({ '2025-01-02': 14, '2025-06-02': 15, '2025-06-03': 16 }), keepFrom: '2024-06-03' };
    // Act
    const merged = mergeCachedSeries(stored, window);
    // Assess
    expect(merged.bars[0]).toEqual({ date: '2024-01-02', close: 10 });
    expect(merged.from).toBe('2024-01-02');
  });

  it('stores an empty new series as it is, and joins a stored series that predates currency labels', () => {
    // Prepare
    const { currency: _currency, ...unlabelled } = held;
    // Act
    const empty = mergeCachedSeries(held, { bars: [], keepFrom: '2025-01-02' });
    const labelled = mergeCachedSeries(unlabelled, { bars: bars({ '2025-06-03': 16, '2025-06-04': 17 }), currency: 'USD' });
    // Assess
    expect(empty).toEqual({ bars: [], keepFrom: '2024-01-02' });
    expect(labelled.bars).toHaveLength(6);
    expect(labelled.currency).toBe('USD');
  });

  it('keeps a simulated mark from either side, and leaves a series of real prices unmarked', () => {
    // Prepare
    const window: CachedSeries = { bars: bars({ '2025-06-03': 16, '2025-06-04': 17 }), simulated: false };
    // Act
    const fromStored = mergeCachedSeries({ ...held, simulated: true }, window);
    const real = mergeCachedSeries(held, window);
    // Assess
    expect(fromStored.simulated).toBe(true);
    expect(real.simulated).toBe(false);
  });
});

describe('Function: sameClose', () => {
  it('treats a cent or 0.01% as the same price', () => {
    expect(sameClose(100, 100.004)).toBe(true);
    expect(sameClose(100, 100.02)).toBe(false);
    expect(sameClose(10000, 10000.9)).toBe(true);
  });
});
