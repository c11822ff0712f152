import { dec } from '../../src/decimal';
import { replay } from '../../src/ledger';
import type { Money } from '../../src/money';
import { computeBalance, dayChange, positionPrices, valuePortfolio } from '../../src/valuation';
import type { Quote } from '../../src/types/trading';
import { ledger } from '../helpers/ledger';

/** `1611 USD`: an amount as it is, with its currency. */
const text = (m: Money): string => `${m.amount.toFixed()} ${m.currency}`;
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
    expect(text(aapl!.marketValue)).toBe('1111 USD');
    expect(text(aapl!.unrealizedPnl)).toBe('101 USD');
    expect(aapl!.unrealizedPct).toBeCloseTo(10, 10);
    expect(text(msft!.marketValue)).toBe('500 USD');
    expect(msft!.unrealizedPct).toBeCloseTo(-16.6666666667, 8);
    expect(aapl!.weightPct + msft!.weightPct).toBeCloseTo(100, 10);
    expect(aapl!.weightPct).toBeCloseTo((1111 / 1611) * 100, 10);
    const [usd] = v.totals.byCurrency;
    expect(v.totals.byCurrency).toHaveLength(1);
    expect(usd).toMatchObject({ currency: 'USD', positions: 2 });
    expect(text(usd!.marketValue)).toBe('1611 USD');
    expect(text(usd!.costBasis)).toBe('1610 USD');
    expect(text(usd!.unrealizedPnl)).toBe('1 USD');
    expect(v.totals.unpriced).toEqual([]);
  });

  it('keeps a position without a price at cost and flags it instead of dropping it', () => {
    // Prepare
    const state = replay(ledger().buy('AAPL', '1', '100').buy('ZZZ', '3', '10', '0', undefined, 'EUR').entries);
    // Act
    const v = valuePortfolio(state, prices({ AAPL: '90' }));
    // Assess
    const zzz = v.rows.find((r) => r.symbol === 'ZZZ')!;
    expect(zzz).toMatchObject({ priced: false, price: null, unrealizedPct: null });
    expect(text(zzz.marketValue)).toBe('30 EUR');
    expect(text(zzz.unrealizedPnl)).toBe('0 EUR');
    expect(v.totals.unpriced).toEqual(['ZZZ']);
    expect(v.totals.byCurrency.map((t) => t.currency)).toEqual(['EUR', 'USD']);
  });

  it('lists the positions without a price by symbol, whatever their value', () => {
    // Prepare: neither has a price; ZZZ (cost 300) comes before AAA (cost 10) in the rows.
    const state = replay(ledger().buy('ZZZ', '3', '100').buy('AAA', '1', '10').entries);
    // Act
    const v = valuePortfolio(state, prices({}));
    // Assess
    expect(v.rows.map((r) => r.symbol)).toEqual(['ZZZ', 'AAA']);
    expect(v.totals.unpriced).toEqual(['AAA', 'ZZZ']);
  });

  it('totals and weighs each currency on its own, never adding EUR to USD', () => {
    // Prepare: AAPL 10 x 100 USD, MSFT 2 x 300 USD; SAN.MC 100 x 4 EUR
    const state = replay(ledger().buy('AAPL', '10', '100').buy('MSFT', '2', '300').buy('SAN.MC', '100', '4', '0', undefined, 'EUR').entries);

    // Act
    const v = valuePortfolio(state, prices({ AAPL: '110', MSFT: '300', 'SAN.MC': '5' }));

    // Assess: USD 1100 + 600, EUR 500; there is no 2200 anywhere
    expect(v.totals.byCurrency.map((t) => [t.currency, t.positions, text(t.marketValue), text(t.unrealizedPnl)])).toEqual([
      ['EUR', 1, '500 EUR', '100 EUR'],
      ['USD', 2, '1700 USD', '100 USD'],
    ]);
    expect(v.totals.byCurrency[0]!.unrealizedPct).toBeCloseTo(25, 10);
    expect(v.totals.byCurrency[1]!.unrealizedPct).toBeCloseTo(6.25, 10);
    // Rows grouped by currency; weights are shares of their own currency's positions.
    expect(v.rows.map((r) => [r.symbol, Math.round(r.weightPct * 100) / 100])).toEqual([
      ['SAN.MC', 100],
      ['AAPL', 64.71],
      ['MSFT', 35.29],
    ]);
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
    expect(v.totals.byCurrency).toEqual([]);
  });
});

describe('Function: computeBalance', () => {
  it('adds realized and unrealized into the total return against everything bought', () => {
    // Prepare: buy 10 @ 100 (fee 10) = 1010; sell 5 @ 120 (fee 5): proceeds 600 - 5 - 505 = 90 realized
    const state = replay(ledger().buy('AAPL', '10', '100', '10').sell('AAPL', '5', '120', '5').entries);
    // Act: 5 left, basis 505, worth 5 x 110 = 550 => unrealized 45
    const [b] = computeBalance(state, prices({ AAPL: '110' })).byCurrency;
    // Assess
    expect(text(b!.invested)).toBe('505 USD');
    expect(text(b!.marketValue)).toBe('550 USD');
    expect(text(b!.unrealized)).toBe('45 USD');
    expect(text(b!.realized)).toBe('90 USD');
    expect(text(b!.fees)).toBe('15 USD');
    expect(text(b!.totalReturn)).toBe('135 USD');
    expect(text(b!.totalBought)).toBe('1010 USD');
    expect(text(b!.totalSold)).toBe('600 USD');
    expect(b!.totalReturnPct).toBeCloseTo((135 / 1010) * 100, 10);
  });

  it('keeps realized P&L of symbols no longer held', () => {
    // Prepare
    const state = replay(ledger().buy('AAPL', '1', '100').sell('AAPL', '1', '80', '1').entries);
    // Act
    const [b] = computeBalance(state, new Map()).byCurrency;
    // Assess
    expect(text(b!.invested)).toBe('0 USD');
    expect(text(b!.realized)).toBe('-21 USD');
    expect(text(b!.totalReturn)).toBe('-21 USD');
  });

  it('keeps a balance per currency ever traded, held or not, and never one sum', () => {
    // Prepare: USD: buy 10 @ 100 (fee 1), sell 4 @ 120 (fee 1); EUR: buy 100 @ 4 (fee 2), and
    // BMW.DE bought and sold in full in EUR (realized 50 EUR, nothing held).
    const state = replay(
      ledger()
        .buy('AAPL', '10', '100', '1')
        .sell('AAPL', '4', '120', '1')
        .buy('SAN.MC', '100', '4', '2', undefined, 'EUR')
        .buy('BMW.DE', '5', '90', '0', undefined, 'EUR')
        .sell('BMW.DE', '5', '100', '0', undefined, 'EUR').entries,
    );

    // Act
    const b = computeBalance(state, prices({ AAPL: '110', 'SAN.MC': '5' }));

    // Assess
    const [eur, usd] = b.byCurrency;
    expect(b.byCurrency.map((c) => c.currency)).toEqual(['EUR', 'USD']);
    // EUR: invested 402, worth 500, unrealized 98, realized 50, fees 2, bought 402 + 450 = 852, sold 500
    expect([eur!.invested, eur!.marketValue, eur!.unrealized, eur!.realized, eur!.fees, eur!.totalReturn, eur!.totalBought, eur!.totalSold].map(text)).toEqual(
      ['402 EUR', '500 EUR', '98 EUR', '50 EUR', '2 EUR', '148 EUR', '852 EUR', '500 EUR'],
    );
    expect(eur!.totalReturnPct).toBeCloseTo((148 / 852) * 100, 10);
    // USD: basis 1001, 6 left at 600.6, worth 660; realized 480 - 1 - 400.4 = 78.6
    expect([usd!.invested, usd!.marketValue, usd!.unrealized, usd!.realized, usd!.fees, usd!.totalBought, usd!.totalSold].map(text)).toEqual(
      ['600.6 USD', '660 USD', '59.4 USD', '78.6 USD', '2 USD', '1001 USD', '480 USD'],
    );
  });

  it('has no figures at all for an empty ledger', () => {
    // Act / Assess
    expect(computeBalance(replay([]), new Map()).byCurrency).toEqual([]);
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
    expect(d.rows.map((r) => [r.symbol, text(r.change)])).toEqual([
      ['AAPL', '20 USD'],
      ['MSFT', '-6 USD'],
    ]);
    expect(d.rows[0]!.changePct).toBeCloseTo(2, 10);
    expect(d.byCurrency.map((t) => text(t.change))).toEqual(['14 USD']);
    expect(d.byCurrency[0]!.changePct).toBeCloseTo(0.875, 10);
    expect(d.missing).toEqual(['NVDA']);
  });

  it('lists its rows and the positions it could not measure by symbol, not in the order they were bought', () => {
    // Prepare
    const state = replay(ledger().buy('ZZZ', '1', '10').buy('YYY', '1', '10').buy('BBB', '1', '10').buy('AAA', '1', '10').entries);
    const quotes = new Map([
      ['ZZZ', quote('ZZZ', '11', '10')],
      ['BBB', quote('BBB', '12', '10')],
    ]);
    // Act
    const d = dayChange(state, quotes);
    // Assess
    expect(d.rows.map((r) => r.symbol)).toEqual(['BBB', 'ZZZ']);
    expect(d.missing).toEqual(['AAA', 'YYY']);
  });

  it('sums the move per currency, and does not use a quote in another currency than the position', () => {
    // Prepare: SAN.MC is held in EUR; a USD quote for it (a wrong listing) must not value it.
    const state = replay(ledger().buy('AAPL', '10', '100').buy('SAN.MC', '100', '4', '0', undefined, 'EUR').buy('BMW.DE', '1', '90', '0', undefined, 'EUR').entries);
    const quotes = new Map([
      ['AAPL', quote('AAPL', '102', '100')],
      ['SAN.MC', quote('SAN.MC', '4.2', '4')],
      ['BMW.DE', { ...quote('BMW.DE', '91', '90'), currency: 'EUR' }],
    ]);

    // Act
    const d = dayChange(state, quotes);

    // Assess
    expect(d.byCurrency.map((t) => [t.currency, text(t.change)])).toEqual([
      ['EUR', '1 EUR'],
      ['USD', '20 USD'],
    ]);
    expect(d.missing).toEqual(['SAN.MC']);
  });
});

describe('Function: positionPrices', () => {
  it('takes a price only from a quote in the position\'s own currency, and says when one is simulated', () => {
    // Prepare
    const state = replay(ledger().buy('AAPL', '1', '100').buy('SAN.MC', '1', '4', '0', undefined, 'EUR').entries);
    const quotes = new Map<string, Quote>([
      ['AAPL', { symbol: 'AAPL', price: dec('101'), currency: 'USD', asOf: '2024-03-01T20:00:00Z', simulated: true }],
      ['SAN.MC', { symbol: 'SAN.MC', price: dec('4.4'), currency: 'USD', asOf: '2024-03-01T20:00:00Z' }],
    ]);

    // Act
    const { prices: found, simulated } = positionPrices(state, quotes);

    // Assess
    expect([...found].map(([symbol, price]) => [symbol, price.toFixed()])).toEqual([['AAPL', '101']]);
    expect(simulated).toBe(true);
  });
});
