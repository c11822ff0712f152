import { CompactHistory } from '../../src/compact-history';
import type { Bar } from '../../src/types/trading';

const bars: Bar[] = [
  { date: '2026-11-12', close: 101.25, high: 102.5, low: 99.75, volume: 1_200_300 },
  { date: '2026-11-13', close: 100.5 }, // a bar Yahoo sent without high, low or volume
  { date: '2026-11-16', close: 0.0001, high: 0.0002, low: 0, volume: 0 }, // zeros are values, not gaps
];

describe('Class: CompactHistory', () => {
  it('gives back exactly the bars it was given, a missing high, low or volume still missing', () => {
    // Prepare
    const history = new CompactHistory();
    // Act
    history.set('AAA', bars);
    // Assess
    expect(history.get('AAA')).toEqual(bars);
    expect(history.get('AAA')![1]!.high).toBeUndefined();
    expect(history.get('AAA')![2]!.low).toBe(0);
    expect(history.get('BBB')).toBeUndefined();
  });

  it('keeps its own copy: changing the bars it was given afterwards changes nothing kept', () => {
    // Prepare
    const history = new CompactHistory();
    const mine = bars.map((b) => ({ ...b }));
    history.set('AAA', mine);
    // Act
    mine[0]!.close = 1;
    mine.pop();
    // Assess
    expect(history.get('AAA')).toEqual(bars);
  });

  it('reads a stored column-wise series (nulls for missing values)', () => {
    // Prepare
    const stored = { date: ['2026-11-12', '2026-11-13'], close: [101.25, 100.5], high: [102.5, null], low: [99.75, null], volume: [1_200_300, null] };
    const history = new CompactHistory();
    // Act
    history.setColumns('AAA', stored);
    // Assess
    expect(history.get('AAA')).toEqual(bars.slice(0, 2));
    expect(history.get('AAA')![1]).toEqual({ date: '2026-11-13', close: 100.5 });
  });

  it('builds only the last bars when asked for the tail', () => {
    // Prepare
    const history = new CompactHistory().set('AAA', bars).set('EMPTY', []);
    // Act
    const last = history.tail('AAA', 1);
    const more = history.tail('AAA', 10);
    // Assess
    expect(last).toEqual([bars[2]]);
    expect(more).toEqual(bars);
    expect(history.tail('EMPTY', 1)).toEqual([]);
    expect(history.tail('BBB', 1)).toBeUndefined();
  });

  it('is a map of symbols to bars: size, has, keys, entries, forEach, and delete lets a symbol go', () => {
    // Prepare
    const history = new CompactHistory().set('AAA', bars).set('BBB', bars.slice(0, 1));
    const seen: string[] = [];
    // Act
    history.forEach((b, symbol) => seen.push(`${symbol}:${b.length}`));
    const deleted = history.delete('AAA');
    // Assess
    expect(seen).toEqual(['AAA:3', 'BBB:1']);
    expect(deleted).toBe(true);
    expect(history.size).toBe(1);
    expect(history.has('AAA')).toBe(false);
    expect([...history.keys()]).toEqual(['BBB']);
    expect([...history.values()]).toEqual([bars.slice(0, 1)]);
    expect(new Map(history)).toEqual(new Map([['BBB', bars.slice(0, 1)]]));
    expect(history.delete('AAA')).toBe(false);
  });
});
