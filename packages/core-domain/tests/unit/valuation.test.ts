import { dec } from '../../src/decimal';
import { replay } from '../../src/ledger';
import { computeBalance, dayChange, valuePortfolio } from '../../src/valuation';
import type { Quote } from '../../src/types/trading';
import { ledger } from '../helpers/ledger';

const prices = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([s, p]) => [s, dec(p)]));

describe('Function: valuePortfolio', () => {
  it('values positions at average cost with fees in the basis, largest first, with weights', () => {
    // Prepare: AAPL 10 @ 100 + 10 fees => basis 1010; MSFT 2 @ 300 => basis 600
    const state = replay(ledger().buy('AAPL', '10', '100', '10').buy('MSFT', '2', '300').entries);
    // Act
    const v = valuePortfolio(state, prices({ AAPL: '111.1', MSFT: '250' }));
    // Assess
    expect(v.rows.map((r) => r.symbol)).toEqual(['AAPL', 'MSFT']);
    const [aapl, msft] = v.rows;
    expect(aapl!.averageCost.toFixed()).toBe('101');
    expect(aapl!.marketValue.toFixed()).toBe('1111');
    expect(aapl!.unrealizedPnl.toFixed()).toBe('101');
    expect(aapl!.unrealizedPct).toBeCloseTo(10, 10);
    expect(msft!.marketValue.toFixed()).toBe('500');
    expect(msft!.unrealizedPct).toBeCloseTo(-16.6666666667, 8);
    expect(aapl!.weightPct + msft!.weightPct).toBeCloseTo(100, 10);
    expect(aapl!.weightPct).toBeCloseTo((1111 / 1611) * 100, 10);
    expect(v.totals.marketValue.toFixed()).toBe('1611');
    expect(v.totals.costBasis.toFixed()).toBe('1610');
    expect(v.totals.unrealizedPnl.toFixed()).toBe('1');
    expect(v.totals.unpriced).toEqual([]);
    expect(v.totals.currencies).toEqual(['USD']);
  });

  it('keeps a position without a price at cost and flags it instead of dropping it', () => {
    // Prepare
    const state = replay(ledger().buy('AAPL', '1', '100').buy('ZZZ', '3', '10', '0', undefined, 'EUR').entries);
    // Act
    const v = valuePortfolio(state, prices({ AAPL: '90' }));
    // Assess
    const zzz = v.rows.find((r) => r.symbol === 'ZZZ')!;
    expect(zzz).toMatchObject({ priced: false, price: null, unrealizedPct: null });
    expect(zzz.marketValue.toFixed()).toBe('30');
    expect(zzz.unrealizedPnl.toFixed()).toBe('0');
    expect(v.totals.unpriced).toEqual(['ZZZ']);
    expect(v.totals.currencies).toEqual(['EUR', 'USD']);
  });

  it('breaks market value ties by symbol so the order never depends on insertion', () => {
    // Prepare
    const state = replay(ledger().buy('MSFT', '1', '50').buy('AAPL', '1', '50').entries);
    // Act
    const v = valuePortfolio(state, prices({ AAPL: '50', MSFT: '50' }));
    // Assess
    expect(v.rows.map((r) => r.symbol)).toEqual(['AAPL', 'MSFT']);
  });

  it('returns empty rows and null percentages for an empty ledger', () => {
    // Act
    const v = valuePortfolio(replay([]), new Map());
    // Assess
    expect(v.rows).toEqual([]);
    expect(v.totals.unrealizedPct).toBeNull();
  });
});

describe('Function: computeBalance', () => {
  it('adds realized and unrealized into the total return against everything bought', () => {
    // Prepare: buy 10 @ 100 (fee 10) = 1010; sell 5 @ 120 (fee 5): proceeds 600 - 5 - 505 = 90 realized
    const state = replay(ledger().buy('AAPL', '10', '100', '10').sell('AAPL', '5', '120', '5').entries);
    // Act: 5 left, basis 505, worth 5 x 110 = 550 => unrealized 45
    const b = computeBalance(state, prices({ AAPL: '110' }));
    // Assess
    expect(b.invested.toFixed()).toBe('505');
    expect(b.marketValue.toFixed()).toBe('550');
    expect(b.unrealized.toFixed()).toBe('45');
    expect(b.realized.toFixed()).toBe('90');
    expect(b.fees.toFixed()).toBe('15');
    expect(b.totalReturn.toFixed()).toBe('135');
    expect(b.totalBought.toFixed()).toBe('1010');
    expect(b.totalSold.toFixed()).toBe('600');
    expect(b.totalReturnPct).toBeCloseTo((135 / 1010) * 100, 10);
  });

  it('keeps realized P&L of symbols no longer held', () => {
    // Prepare
    const state = replay(ledger().buy('AAPL', '1', '100').sell('AAPL', '1', '80', '1').entries);
    // Act
    const b = computeBalance(state, new Map());
    // Assess
    expect(b.invested.toFixed()).toBe('0');
    expect(b.realized.toFixed()).toBe('-21');
    expect(b.totalReturn.toFixed()).toBe('-21');
  });

  it('has no return percentage when nothing was bought', () => {
    // Act / Assess
    expect(computeBalance(replay([]), new Map()).totalReturnPct).toBeNull();
  });
});

describe('Function: dayChange', () => {
  const quote = (symbol: string, price: string, previousClose?: string): Quote => ({
    symbol,
    price: dec(price),
    currency: 'USD',
    asOf: '2024-03-01T20:00:00Z',
    ...(previousClose ? { previousClose: dec(previousClose) } : {}),
  });

  it('sums quantity x move since the previous close and lists positions it could not measure', () => {
    // Prepare
    const state = replay(ledger().buy('AAPL', '10', '100').buy('MSFT', '2', '300').buy('NVDA', '1', '500').entries);
    const quotes = new Map([
      ['AAPL', quote('AAPL', '102', '100')],
      ['MSFT', quote('MSFT', '297', '300')],
      ['NVDA', quote('NVDA', '510')],
    ]);
    // Act
    const d = dayChange(state, quotes);
    // Assess: +20 and -6 => +14 on a base of 1000 + 600
    expect(d.rows.map((r) => [r.symbol, r.change.toFixed()])).toEqual([
      ['AAPL', '20'],
      ['MSFT', '-6'],
    ]);
    expect(d.rows[0]!.changePct).toBeCloseTo(2, 10);
    expect(d.change.toFixed()).toBe('14');
    expect(d.changePct).toBeCloseTo(0.875, 10);
    expect(d.missing).toEqual(['NVDA']);
  });
});
