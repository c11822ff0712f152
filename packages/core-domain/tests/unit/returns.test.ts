import { dec } from '../../src/decimal';
import { money } from '../../src/money';
import { effectiveTrades } from '../../src/ledger';
import {
  addMonths,
  computePerformance,
  incomeOf,
  measurePerformance,
  PerformanceFailureCode,
  performancePlan,
  performanceLedger,
  periodFirstDay,
  valueSeries,
  type PerformanceInput,
  type PerformanceReport,
} from '../../src/returns';
import type { ClosingPricesBatch } from '../../src/ports';
import type { Bar, LedgerEntry, Split } from '../../src/types/trading';
import { XirrFailureCode, xirr } from '../../src/xirr';
import { ledger } from '../helpers/ledger';

const at = (date: string): string => `${date}T15:00:00.000Z`;
const bars = (closes: Record<string, number>): Bar[] => Object.entries(closes).map(([date, close]) => ({ date, close }));

function measured(input: PerformanceInput): PerformanceReport {
  const result = computePerformance(input);
  if (!result.ok) throw new Error(`expected a report, got ${JSON.stringify(result.error)}`);
  return result.value;
}

// AAA: 10 bought at 100 on 03-01; 10 more (a deposit) bought at 105 on 03-05, right before a fall.
const DEPOSIT_CLOSES = bars({ '2024-03-01': 100, '2024-03-04': 105, '2024-03-05': 110, '2024-03-06': 99 });
const depositLedger = () =>
  ledger()
    .buy('AAA', '10', '100', '0', at('2024-03-01'))
    .buy('AAA', '10', '105', '0', at('2024-03-05'));

describe('Function: valueSeries', () => {
  it('values the holdings at each close, buys as inflows at quantity x price + fees, sales as outflows net of fees', () => {
    // Prepare
    const entries = ledger()
      .buy('AAA', '10', '100', '1', at('2024-03-01'))
      .sell('AAA', '5', '108', '1', at('2024-03-04')).entries;
    // Act
    const result = valueSeries({ trades: effectiveTrades(entries), closes: new Map([['AAA', bars({ '2024-03-01': 100, '2024-03-04': 110 })]]), through: '2024-03-04', currency: 'USD' });
    // Assess
    expect(result.ok).toBe(true);
    const days = result.ok ? result.value : [];
    expect(days.map((d) => [d.date, d.value.amount.toFixed(), d.inflow.amount.toFixed(), d.outflow.amount.toFixed()])).toEqual([
      ['2024-03-01', '1000', '1001', '0'],
      ['2024-03-04', '550', '0', '539'],
    ]);
  });

  it('carries the last close forward on a market day without one, and uses a trade price until the first close', () => {
    // Prepare: BBB has no close on 03-04 (AAA does), and no close at all before 03-05
    const entries = ledger()
      .buy('AAA', '1', '100', '0', at('2024-03-01'))
      .buy('BBB', '2', '50', '0', at('2024-03-01')).entries;
    const closes = new Map([
      ['AAA', bars({ '2024-03-01': 100, '2024-03-04': 101, '2024-03-05': 102 })],
      ['BBB', bars({ '2024-03-05': 55 })],
    ]);
    // Act
    const result = valueSeries({ trades: effectiveTrades(entries), closes, through: '2024-03-05', currency: 'USD' });
    // Assess: BBB at its trade price 50 until its first close
    const days = result.ok ? result.value : [];
    expect(days.map((d) => d.value.amount.toFixed())).toEqual(['200', '201', '212']);
  });
});

describe('Function: valueSeries, reading closes', () => {
  it('reads each close as the decimal it prints as, rounded half-even to 6 places, in date order, skipping closes that are 0 or not a number', () => {
    // Prepare: a feed's floats, out of date order, with a zero and a NaN close
    const entries = ledger().buy('AAA', '1', '100', '0', at('2024-03-01')).entries;
    const closes = new Map([['AAA', bars({ '2024-03-05': 100.0000015, '2024-03-01': 100.0000005, '2024-03-04': 0, '2024-03-06': Number.NaN, '2024-03-07': 150.47999572753906 })]]);
    // Act
    const result = valueSeries({ trades: effectiveTrades(entries), closes, through: '2024-03-07', currency: 'USD' });
    // Assess: ...05 rounds to the even 100.000000, ...15 to 100.000002; the 0 and the NaN are no sessions
    const days = result.ok ? result.value : [];
    expect(days.map((d) => [d.date, d.value.amount.toFixed()])).toEqual([
      ['2024-03-01', '100'],
      ['2024-03-05', '100.000002'],
      ['2024-03-07', '150.479996'],
    ]);
  });
});

describe('Function: valueSeries, reading closes at the edges', () => {
  it('reads closes that come newest first', () => {
    // Prepare: every bar after a later one
    const entries = ledger().buy('AAA', '1', '100', '0', at('2024-03-01')).entries;
    const closes = new Map([['AAA', bars({ '2024-03-05': 102, '2024-03-04': 101, '2024-03-01': 100 })]]);
    // Act
    const result = valueSeries({ trades: effectiveTrades(entries), closes, through: '2024-03-05', currency: 'USD' });
    // Assess
    expect(result.ok && result.value.map((d) => [d.date, d.value.amount.toFixed()])).toEqual([
      ['2024-03-01', '100'],
      ['2024-03-04', '101'],
      ['2024-03-05', '102'],
    ]);
  });

  it('reads a close below 1e-6 (which prints with an exponent) to 6 places as well', () => {
    // Prepare: a million tokens at 0.000001; the feed sends 7e-7, then 0.0000025
    const entries = ledger().buy('XYZ-USD', '1000000', '0.000001', '0', at('2024-03-01')).entries;
    const closes = new Map([['XYZ-USD', bars({ '2024-03-01': 0.000001, '2024-03-04': 7e-7, '2024-03-05': 0.0000025 })]]);
    // Act
    const result = valueSeries({ trades: effectiveTrades(entries), closes, through: '2024-03-05', currency: 'USD' });
    // Assess: 7e-7 rounds half-even to 0.000001, 0.0000025 to the even 0.000002 (a million times each)
    expect(result.ok && result.value.map((d) => d.value.amount.toFixed())).toEqual(['1', '1', '2']);
  });

  it('carries the last close over a close too small to read at 6 places (below 5e-7: it would read as 0), and says so', () => {
    // Prepare: a million XYZ at 0.000001; on 03-04 the feed sends 3e-7 (AAA has a close that day)
    const entries = ledger()
      .buy('AAA', '1', '100', '0', at('2024-03-01'))
      .buy('XYZ-USD', '1000000', '0.000001', '0', at('2024-03-01')).entries;
    const closes = new Map([
      ['AAA', bars({ '2024-03-01': 100, '2024-03-04': 100 })],
      ['XYZ-USD', bars({ '2024-03-01': 0.000001, '2024-03-04': 3e-7 })],
    ]);
    // Act
    const report = measured({ trades: effectiveTrades(entries), closes, through: '2024-03-04', period: 'all', currency: 'USD' });
    // Assess: 100 + 1000000 x 0.000001 on both days, XYZ carried on 03-04 (rather than worth nothing, unsaid)
    expect(report.endValue.amount.toFixed()).toBe('101');
    expect(report.carried).toEqual([{ symbol: 'XYZ-USD', days: ['2024-03-04'], atTradePrice: false }]);
  });

  it('scales the closes to a trade price finer than 6 places', () => {
    // Prepare: 1000 bought at 0.1234567 (7 places); closes 0.12 and 0.13
    const entries = ledger().buy('XYZ', '1000', '0.1234567', '0', at('2024-03-01')).entries;
    const closes = new Map([['XYZ', bars({ '2024-03-01': 0.12, '2024-03-04': 0.13 })]]);
    // Act
    const result = valueSeries({ trades: effectiveTrades(entries), closes, through: '2024-03-04', currency: 'USD' });
    // Assess: 1000 x 0.12 and 1000 x 0.13; 1000 x 0.1234567 paid in
    expect(result.ok && result.value.map((d) => [d.value.amount.toFixed(), d.inflow.amount.toFixed()])).toEqual([
      ['120', '123.4567'],
      ['130', '0'],
    ]);
  });
});

describe('Function: valueSeries, fine amounts, splits and refusals', () => {
  it('keeps a fee finer than the quantity and price places exact, before and across a split', () => {
    // Prepare: 1 AAA at 100 with a fee of 8 places (converted from another currency); then the same
    // with a fee of 14 places and a 2-for-1 split ahead (its shares carry 6 more places: 6 + 6 = 12 < 14)
    const plain = ledger().buy('AAA', '1', '100', '0.00000012', at('2024-03-01')).entries;
    const split = ledger().buy('AAA', '1', '100', '0.00000000000012', at('2024-03-01')).entries;
    // Act
    const before = valueSeries({ trades: effectiveTrades(plain), closes: new Map([['AAA', bars({ '2024-03-01': 100, '2024-03-04': 103 })]]), through: '2024-03-04', currency: 'USD' });
    const across = valueSeries({
      trades: effectiveTrades(split),
      closes: new Map([['AAA', bars({ '2024-03-01': 50, '2024-03-04': 51.5 })]]),
      through: '2024-03-04',
      currency: 'USD',
      splits: [{ symbol: 'AAA', numerator: 2, denominator: 1, effectiveDate: '2024-03-04' }],
    });
    // Assess: 100 + 0.00000012 paid in, the share worth 100 then 103; across the split 1 x 50 x 2, then 2 x 51.5
    expect(before.ok && before.value.map((d) => [d.value.amount.toFixed(), d.inflow.amount.toFixed()])).toEqual([
      ['100', '100.00000012'],
      ['103', '0'],
    ]);
    expect(across.ok && across.value.map((d) => [d.value.amount.toFixed(), d.inflow.amount.toFixed()])).toEqual([
      ['100', '100.00000000000012'],
      ['103', '0'],
    ]);
  });

  it('keeps income finer than the quantity and price places exact, and counts only the currency measured', () => {
    // Prepare: 1 AAA at 100, flat; 0.00000005 USD of income on 03-04 (8 places), and 7 EUR the same day
    const entries = ledger().buy('AAA', '1', '100', '0', at('2024-03-01')).entries;
    const income = [
      { date: '2024-03-04', symbol: 'AAA', amount: money(dec('0.00000005'), 'USD') },
      { date: '2024-03-04', symbol: 'SAN.MC', amount: money(7, 'EUR') },
    ];
    // Act
    const result = valueSeries({ trades: effectiveTrades(entries), closes: new Map([['AAA', bars({ '2024-03-01': 100, '2024-03-04': 100 })]]), through: '2024-03-04', currency: 'USD', income });
    // Assess
    expect(result.ok && result.value.map((d) => [d.value.amount.toFixed(), d.income.amount.toFixed()])).toEqual([
      ['100', '0'],
      ['100', '0.00000005'],
    ]);
  });

  it.each([
    ['of a symbol never traded', { symbol: 'ZZZ', numerator: 2, denominator: 1, effectiveDate: '2024-03-04' }],
    ['with no new shares', { symbol: 'AAA', numerator: 0, denominator: 1, effectiveDate: '2024-03-04' }],
    ['with no old shares', { symbol: 'AAA', numerator: 1, denominator: 0, effectiveDate: '2024-03-04' }],
  ] satisfies [string, Split][])('leaves out a split %s: there is nothing to apply', (_, split) => {
    // Prepare: 10 AAA at 100, closes 100 and 110
    const entries = ledger().buy('AAA', '10', '100', '0', at('2024-03-01')).entries;
    // Act
    const result = valueSeries({ trades: effectiveTrades(entries), closes: new Map([['AAA', bars({ '2024-03-01': 100, '2024-03-04': 110 })]]), through: '2024-03-04', currency: 'USD', splits: [split] });
    // Assess: the series without the split, 10 x 100 and 10 x 110
    expect(result.ok && result.value.map((d) => d.value.amount.toFixed())).toEqual(['1000', '1100']);
  });

  it('applies splits in date order, whatever order they were recorded in', () => {
    // Prepare: 10 AAA bought at 600; a 3-for-1 split effective 03-06 recorded before a 2-for-1 effective
    // 03-05; the 20 shares of 03-05 sold that day at 300. The closes are in today's shares (600 / 6 = 100).
    const entries = ledger()
      .buy('AAA', '10', '600', '0', at('2024-03-01'))
      .sell('AAA', '20', '300', '0', at('2024-03-05')).entries;
    const splits: Split[] = [
      { symbol: 'AAA', numerator: 3, denominator: 1, effectiveDate: '2024-03-06' },
      { symbol: 'AAA', numerator: 2, denominator: 1, effectiveDate: '2024-03-05' },
    ];
    // Act
    const result = valueSeries({ trades: effectiveTrades(entries), closes: new Map([['AAA', bars({ '2024-03-01': 100, '2024-03-04': 100, '2024-03-05': 100 })]]), through: '2024-03-05', currency: 'USD', splits });
    // Assess: 10 shares x 100 x 6 = 6000 until the sale, which takes 20 x 300 out and leaves nothing
    expect(result.ok && result.value.map((d) => [d.date, d.value.amount.toFixed(), d.outflow.amount.toFixed()])).toEqual([
      ['2024-03-01', '6000', '0'],
      ['2024-03-04', '6000', '0'],
      ['2024-03-05', '0', '6000'],
    ]);
  });

  it('rounds a reverse split of a fractional holding to the trade\'s places plus 6, as the ledger does, so selling what it left closes the position', () => {
    // Prepare: 1.1 AAA at 30, a 1-for-3 split effective 03-05: 1.1 / 3 = 0.36666... is 0.3666667 at
    // 1 + 6 places; all of it sold at 99 on 03-06. Closes in today's shares (30 x 3 = 90).
    const read = performanceLedger(
      ledger()
        .buy('AAA', '1.1', '30', '0', at('2024-03-01'))
        .split('AAA', 1, 3, '2024-03-05')
        .sell('AAA', '0.3666667', '99', '0', at('2024-03-06')).entries,
    );
    const closes = new Map([['AAA', bars({ '2024-03-01': 90, '2024-03-04': 93, '2024-03-05': 96, '2024-03-06': 99 })]]);
    // Act
    const result = valueSeries({ ...read, closes, through: '2024-03-06', currency: 'USD' });
    // Assess: 1.1 x 90 / 3 = 33, 1.1 x 31 = 34.1, 0.3666667 x 96 = 35.2000032, then nothing held
    expect(result.ok && result.value.map((d) => d.value.amount.toFixed())).toEqual(['33', '34.1', '35.2000032', '0']);
  });

  it('values a holding without closes bought before a reverse split at its trade price in the shares of each day', () => {
    // Prepare: BBB has no close at all: 10 bought at 30, a 1-for-3 split effective 03-05 (3.333333 shares left)
    const read = performanceLedger(
      ledger()
        .buy('AAA', '1', '10', '0', at('2024-03-01'))
        .buy('BBB', '10', '30', '0', at('2024-03-01'))
        .split('BBB', 1, 3, '2024-03-05').entries,
    );
    const closes = new Map([['AAA', bars({ '2024-03-01': 10, '2024-03-04': 10, '2024-03-05': 10 })]]);
    // Act
    const result = valueSeries({ ...read, closes, through: '2024-03-05', currency: 'USD' });
    // Assess: 10 + 10 x 30 before the split; after it 3.333333 shares at 30 x 3 = 90 each: 299.99997
    expect(result.ok && result.value.map((d) => d.value.amount.toFixed())).toEqual(['310', '310', '309.99997']);
  });

  it('refuses what computePerformance refuses: no trade in the currency, a sale dated before its buy', () => {
    // Prepare
    const euros = ledger().buy('SAN.MC', '1', '4', '0', at('2024-03-01'), 'EUR').entries;
    const backwards = ledger()
      .buy('AAA', '10', '100', '0', at('2024-03-05'))
      .sell('AAA', '5', '110', '0', at('2024-03-01')).entries;
    // Act
    const none = valueSeries({ trades: effectiveTrades(euros), closes: new Map(), through: '2024-03-06', currency: 'USD' });
    const outOfOrder = valueSeries({ trades: effectiveTrades(backwards), closes: new Map(), through: '2024-03-06', currency: 'USD' });
    // Assess
    expect(none).toEqual({ ok: false, error: { code: PerformanceFailureCode.NoTrades } });
    expect(outOfOrder).toEqual({ ok: false, error: { code: PerformanceFailureCode.DatesOutOfOrder, symbol: 'AAA', date: '2024-03-01' } });
  });
});

describe('Function: computePerformance', () => {
  it('chains daily returns with the deposit counted from the start of its day (hand-computed: -1%)', () => {
    // Prepare: 1000 -> 1050 (+5%), then +1050 in, 2100 -> 2200, then -10%: 1.05 x 22/21 x 0.9 = 0.99
    const input: PerformanceInput = { trades: effectiveTrades(depositLedger().entries), closes: new Map([['AAA', DEPOSIT_CLOSES]]), through: '2024-03-06', period: 'all', currency: 'USD' };
    // Act
    const report = measured(input);
    // Assess
    expect(report.twr.toFixed()).toBe('-0.01');
    expect(report.endValue.amount.toFixed()).toBe('1980');
    expect(report.inflows.amount.toFixed()).toBe('2050');
    expect(report.firstDay).toBe('2024-03-01');
    expect(report.baseDate).toBeNull();
    expect(report.startedWithin).toBe(false);
    expect(report.returnDays).toBe(4);
    // The money-weighted return is worse: most money arrived just before the fall.
    expect(report.mwr.ok && report.mwr.value).toBeLessThan(-0.03);
  });

  it('counts a sale as an outflow at the end of its day, and fees as a loss (hand-computed: 1089/1001 - 1)', () => {
    // Prepare: day 1 base 1001 (buy + fee), end 1000; day 2 base 1000, end 5 x 110 + (540 - 1) = 1089
    const entries = ledger()
      .buy('AAA', '10', '100', '1', at('2024-03-01'))
      .sell('AAA', '5', '108', '1', at('2024-03-04')).entries;
    // Act
    const report = measured({ trades: effectiveTrades(entries), closes: new Map([['AAA', bars({ '2024-03-01': 100, '2024-03-04': 110 })]]), through: '2024-03-04', period: 'all', currency: 'USD' });
    // Assess: 88/1001 to 20 places
    expect(report.twr.toFixed()).toBe('0.08791208791208791209');
    expect(report.outflows.amount.toFixed()).toBe('539');
  });

  it('measures a period from the close before its first day, whatever happened before', () => {
    // Prepare: through 2024-03-06; the period starts after 03-04's close (value 1050)
    const input: PerformanceInput = { trades: effectiveTrades(depositLedger().entries), closes: new Map([['AAA', DEPOSIT_CLOSES]]), through: '2024-03-06', period: { from: '2024-03-05' }, currency: 'USD' };
    // Act
    const report = measured(input);
    // Assess: 22/21 x 0.9 - 1
    expect(report.baseDate).toBe('2024-03-04');
    expect(report.startValue.amount.toFixed()).toBe('1050');
    expect(report.twr.toFixed()).toBe('-0.05714285714285714286');
    expect(report.period).toBe('custom');
    expect(report.startedWithin).toBe(false);
  });

  it('says when the period asked for starts before the first trade (the figures start with it)', () => {
    // Prepare: a year asked for, a portfolio of five days
    const input: PerformanceInput = { trades: effectiveTrades(depositLedger().entries), closes: new Map([['AAA', DEPOSIT_CLOSES]]), through: '2024-03-06', period: '1y', currency: 'USD' };
    // Act
    const report = measured(input);
    // Assess
    expect([report.period, report.startedWithin, report.firstDay, report.baseDate, report.calendarDays, report.annualised]).toEqual(['1y', true, '2024-03-01', null, 5, false]);
  });

  it('starts the benchmark from the value held at the period\'s base date, and buys with the period\'s deposits at the previous close (hand-computed)', () => {
    // Prepare: the period starts after 03-04's close (1050 held); 1050 more deposited on 03-05
    const input: PerformanceInput = {
      trades: effectiveTrades(depositLedger().entries),
      closes: new Map([['AAA', DEPOSIT_CLOSES]]),
      through: '2024-03-06',
      period: { from: '2024-03-05' },
      currency: 'USD',
      benchmark: { symbol: 'SPY', bars: bars({ '2024-03-01': 90, '2024-03-04': 100, '2024-03-05': 110, '2024-03-06': 105 }) },
    };
    // Act
    const report = measured(input);
    // Assess: (1050 + 1050) / 100 = 21 units, worth 21 x 105 = 2205; the portfolio ends at 20 x 99 = 1980
    expect(report.benchmark).toEqual({
      ok: true,
      value: { symbol: 'SPY', twr: dec('0.05'), value: money(dec(2205), 'USD'), twrDifference: dec('-0.10714285714285714286'), valueDifference: money(dec(-225), 'USD'), carriedDays: [] },
    });
  });

  it('leaves out income paid before the first trade or after the period', () => {
    // Prepare
    const input: PerformanceInput = {
      trades: effectiveTrades(depositLedger().entries),
      closes: new Map([['AAA', DEPOSIT_CLOSES]]),
      through: '2024-03-06',
      period: 'all',
      currency: 'USD',
      income: [
        { date: '2024-02-28', symbol: 'AAA', amount: money(7, 'USD') },
        { date: '2024-03-07', symbol: 'AAA', amount: money(9, 'USD') },
      ],
    };
    // Act
    const report = measured(input);
    // Assess: the same figures as without income (no day of income before the first trade as the period's base either)
    expect([report.income.amount.toFixed(), report.twr.toFixed(), report.baseDate, report.firstDay, report.lastDay]).toEqual(['0', '-0.01', null, '2024-03-01', '2024-03-06']);
  });

  it('has no benchmark comparison when the benchmark has no close on or before the start, and says why', () => {
    // Prepare: no benchmark closes at all; then closes that begin after the first day
    const input: PerformanceInput = { trades: effectiveTrades(depositLedger().entries), closes: new Map([['AAA', DEPOSIT_CLOSES]]), through: '2024-03-06', period: 'all', currency: 'USD' };
    // Act
    const none = measured({ ...input, benchmark: { symbol: 'SPY', bars: [] } });
    const late = measured({ ...input, benchmark: { symbol: 'SPY', bars: bars({ '2024-03-04': 500, '2024-03-06': 510 }) } });
    // Assess
    expect(none.benchmark).toEqual({ ok: false, error: { reason: 'NO_PRICES', symbol: 'SPY' } });
    expect(late.benchmark).toEqual({ ok: false, error: { reason: 'NO_PRICES', symbol: 'SPY' } });
    expect(measured(input).benchmark).toBeNull();
  });

  it('compares with the benchmark bought with the same cash flows: at the previous close for a buy, hand-computed', () => {
    // Prepare: BMK closes 50 (02-29), 50, 52, 55, 54; 1000 buys 20 units at 50; 1050 buys 1050/52 at 52
    const benchmark = { symbol: 'BMK', currency: 'USD', bars: bars({ '2024-02-29': 50, '2024-03-01': 50, '2024-03-04': 52, '2024-03-05': 55, '2024-03-06': 54 }) };
    // Act
    const report = measured({ trades: effectiveTrades(depositLedger().entries), closes: new Map([['AAA', DEPOSIT_CLOSES]]), through: '2024-03-06', period: 'all', currency: 'USD', benchmark });
    // Assess
    expect(report.benchmark?.ok).toBe(true);
    const b = report.benchmark?.ok ? report.benchmark.value : null;
    expect(b?.twr.toFixed()).toBe('0.08');
    expect(b?.twrDifference.toFixed()).toBe('-0.09');
    // 54 x (20 + 1050/52) = 2170.384615...
    expect(b?.value.amount.toFixed(6)).toBe('2170.384615');
    expect(b?.valueDifference.amount.toFixed(6)).toBe('-190.384615');
    expect(b?.carriedDays).toEqual([]);
  });

  it('sells the benchmark at the close of the sale day and reports the benchmark days it had no close', () => {
    // Prepare: BMK has no close on 03-04
    const entries = ledger()
      .buy('AAA', '10', '100', '0', at('2024-03-01'))
      .sell('AAA', '5', '110', '0', at('2024-03-04')).entries;
    const benchmark = { symbol: 'BMK', currency: 'USD', bars: bars({ '2024-02-29': 40, '2024-03-01': 50 }) };
    // Act
    const report = measured({ trades: effectiveTrades(entries), closes: new Map([['AAA', bars({ '2024-03-01': 100, '2024-03-04': 110 })]]), through: '2024-03-04', period: 'all', currency: 'USD', benchmark });
    // Assess: 1000 buys 25 units at 40; 550 sells 11 units at 50 (last close carried); 14 x 50 left
    const b = report.benchmark?.ok ? report.benchmark.value : null;
    expect(b?.value.amount.toFixed()).toBe('700');
    expect(b?.twr.toFixed()).toBe('0.25');
    expect(b?.carriedDays).toEqual(['2024-03-04']);
  });

  it('does not compare with a benchmark quoted in another currency', () => {
    // Act
    const report = measured({
      trades: effectiveTrades(depositLedger().entries),
      closes: new Map([['AAA', DEPOSIT_CLOSES]]),
      through: '2024-03-06',
      period: 'all',
      currency: 'USD',
      benchmark: { symbol: 'SAN.MC', currency: 'EUR', bars: DEPOSIT_CLOSES },
    });
    // Assess
    expect(report.benchmark).toEqual({ ok: false, error: { reason: 'OTHER_CURRENCY', symbol: 'SAN.MC', currency: 'EUR' } });
  });

  it('lists the holdings valued at an earlier close during the period', () => {
    // Prepare: BBB misses 03-04, a day AAA has a close
    const entries = ledger()
      .buy('AAA', '1', '100', '0', at('2024-03-01'))
      .buy('BBB', '1', '10', '0', at('2024-03-01')).entries;
    const closes = new Map([
      ['AAA', bars({ '2024-03-01': 100, '2024-03-04': 101, '2024-03-05': 102 })],
      ['BBB', bars({ '2024-03-01': 10, '2024-03-05': 11 })],
    ]);
    // Act
    const report = measured({ trades: effectiveTrades(entries), closes, through: '2024-03-05', period: 'all', currency: 'USD' });
    // Assess
    expect(report.carried).toEqual([{ symbol: 'BBB', days: ['2024-03-04'], atTradePrice: false }]);
    expect(report.withoutCloses).toEqual([]);
  });

  it('values a symbol without any close at its trade prices and says so', () => {
    // Prepare
    const entries = ledger()
      .buy('AAA', '1', '100', '0', at('2024-03-01'))
      .buy('NOPE', '1', '10', '0', at('2024-03-01')).entries;
    // Act
    const report = measured({ trades: effectiveTrades(entries), closes: new Map([['AAA', bars({ '2024-03-01': 100, '2024-03-04': 110 })]]), through: '2024-03-04', period: 'all', currency: 'USD' });
    // Assess
    expect(report.withoutCloses).toEqual(['NOPE']);
    expect(report.carried).toEqual([{ symbol: 'NOPE', days: ['2024-03-01', '2024-03-04'], atTradePrice: true }]);
    expect(report.endValue.amount.toFixed()).toBe('120');
  });

  it('annualises only a period of a year or more', () => {
    // Prepare: 100 -> 121 over 730 days (2 years): 10% a year; the last 3 months 110 -> 121
    const entries = ledger().buy('AAA', '1', '100', '0', at('2022-01-03')).entries;
    const closes = new Map([['AAA', bars({ '2022-01-03': 100, '2023-01-03': 110, '2023-10-03': 110, '2024-01-03': 121 })]]);
    // Act
    const long = measured({ trades: effectiveTrades(entries), closes, through: '2024-01-03', period: 'all', currency: 'USD' });
    const short = measured({ trades: effectiveTrades(entries), closes, through: '2024-01-03', period: '3m', currency: 'USD' });
    // Assess
    expect(long.annualised).toBe(true);
    expect(long.twr.toFixed()).toBe('0.21');
    expect(long.twrAnnualised).toBeCloseTo(Math.pow(1.21, 365 / 730) - 1, 12);
    expect(long.mwr.ok && long.mwr.value).toBeCloseTo(Math.pow(1.21, 365 / 730) - 1, 9);
    expect([short.baseDate, short.calendarDays, short.annualised]).toEqual(['2023-10-03', 92, false]);
    expect(short.twrAnnualised).toBeNull();
    // The money-weighted return of a short period is that period's own rate: 121/110 - 1
    expect(short.mwr.ok && short.mwr.value).toBeCloseTo(0.1, 9);
  });

  it('finds the max drawdown, best and worst day and volatility of the time-weighted series', () => {
    // Prepare: 100, 120 (+20%), 90 (-25%), 99 (+10%), 108 (+9.09%)
    const entries = ledger().buy('AAA', '1', '100', '0', at('2024-03-01')).entries;
    const closes = new Map([['AAA', bars({ '2024-03-01': 100, '2024-03-04': 120, '2024-03-05': 90, '2024-03-06': 99, '2024-03-07': 108 })]]);
    // Act
    const report = measured({ trades: effectiveTrades(entries), closes, through: '2024-03-07', period: 'all', currency: 'USD' });
    // Assess
    expect(report.maxDrawdown.value.toFixed()).toBe('0.25');
    expect([report.maxDrawdown.peakDate, report.maxDrawdown.troughDate]).toEqual(['2024-03-04', '2024-03-05']);
    expect(report.bestDay).toEqual({ date: '2024-03-04', value: dec('0.2') });
    expect(report.worstDay).toEqual({ date: '2024-03-05', value: dec('-0.25') });
    const returns = [0, 0.2, -0.25, 0.1, 108 / 99 - 1];
    const mean = returns.reduce((a, r) => a + r, 0) / returns.length;
    const sd = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1));
    expect(report.volatility).toBeCloseTo(sd * Math.sqrt(252), 10);
  });

  it('counts income (a dividend) in the day it is paid, as a return that leaves the portfolio, in the currency measured only', () => {
    // Prepare: flat price, a 5 dividend on 10 x 100 (and a EUR one, left out with the EUR trades)
    const entries = ledger().buy('AAA', '10', '100', '0', at('2024-03-01')).entries;
    const closes = new Map([['AAA', bars({ '2024-03-01': 100, '2024-03-04': 100 })]]);
    // Act
    const report = measured({
      trades: effectiveTrades(entries),
      closes,
      through: '2024-03-04',
      period: 'all',
      currency: 'USD',
      income: [
        { date: '2024-03-04', symbol: 'AAA', amount: money(5, 'USD') },
        { date: '2024-03-04', symbol: 'SAN.MC', amount: money(9, 'EUR') },
      ],
    });
    // Assess: 1005 / 1000
    expect(report.twr.toFixed()).toBe('0.005');
    expect(report.income.amount.toFixed()).toBe('5');
  });

  it('values a position held across a 2-for-1 split in the shares of each day, and its sale of the new shares closes it (hand-computed: +20%)', () => {
    // Prepare: 10 AAA at 100; a 2-for-1 split effective 03-06; 20 sold at 60 on 03-08.
    // The closes are split-adjusted, as Yahoo serves them: 50 on 03-01 is 100 in that day's shares.
    const ledgerOf = performanceLedger(
      ledger()
        .buy('AAA', '10', '100', '0', at('2024-03-01'))
        .split('AAA', 2, 1, '2024-03-06')
        .sell('AAA', '20', '60', '0', at('2024-03-08')).entries,
    );
    const closes = new Map([['AAA', bars({ '2024-03-01': 50, '2024-03-04': 52.5, '2024-03-05': 55, '2024-03-06': 55, '2024-03-07': 56, '2024-03-08': 60 })]]);
    const input = { ...ledgerOf, closes, through: '2024-03-08', currency: 'USD' };
    // Act
    const series = valueSeries(input);
    const report = measured({ ...input, period: 'all' });
    // Assess: 1000 -> 1050 -> 1100, the split changes the shares not the value (20 x 55), 1120, sold for 1200
    const days = series.ok ? series.value : [];
    expect(days.map((d) => [d.date, d.value.amount.toFixed()])).toEqual([
      ['2024-03-01', '1000'],
      ['2024-03-04', '1050'],
      ['2024-03-05', '1100'],
      ['2024-03-06', '1100'],
      ['2024-03-07', '1120'],
      ['2024-03-08', '0'],
    ]);
    expect(report.twr.toFixed()).toBe('0.2');
    expect(report.outflows.amount.toFixed()).toBe('1200');
    expect(report.maxDrawdown.value.toFixed()).toBe('0');
  });

  it('rounds a reverse split as the ledger does, so selling the 3.333333 shares a 1-for-3 split left of 10 closes the position', () => {
    // Prepare: 10 at 30, a 1-for-3 split effective 03-05 (the ledger keeps 3.333333 shares), all sold at 99 on 03-06
    const ledgerOf = performanceLedger(
      ledger()
        .buy('AAA', '10', '30', '0', at('2024-03-01'))
        .split('AAA', 1, 3, '2024-03-05')
        .sell('AAA', '3.333333', '99', '0', at('2024-03-06')).entries,
    );
    const closes = new Map([['AAA', bars({ '2024-03-01': 90, '2024-03-04': 93, '2024-03-05': 96, '2024-03-06': 99 })]]);
    // Act
    const series = valueSeries({ ...ledgerOf, closes, through: '2024-03-06', currency: 'USD' });
    // Assess: 10 x 90/3 = 300 and 310 before the split; 3.333333 x 96 after it; nothing held after the sale
    const days = series.ok ? series.value : [];
    expect(days.map((d) => d.value.amount.toFixed())).toEqual(['300', '310', '319.999968', '0']);
    expect(days[3]!.outflow.amount.toFixed()).toBe('329.999967');
  });

  it('values a holding without closes at its trade price in the shares of each day across a split', () => {
    // Prepare: BBB has no close at all; 10 bought at 100, a 4-for-1 split, 4 more bought at 26 after it
    const ledgerOf = performanceLedger(
      ledger()
        .buy('AAA', '1', '10', '0', at('2024-03-01'))
        .buy('BBB', '10', '100', '0', at('2024-03-01'))
        .split('BBB', 4, 1, '2024-03-05')
        .buy('BBB', '4', '26', '0', at('2024-03-06')).entries,
    );
    const closes = new Map([['AAA', bars({ '2024-03-01': 10, '2024-03-04': 10, '2024-03-05': 10, '2024-03-06': 10 })]]);
    // Act
    const series = valueSeries({ ...ledgerOf, closes, through: '2024-03-06', currency: 'USD' });
    // Assess: BBB is 1000 until the split (40 shares at 25 after it), then 44 shares at the new trade price 26
    const days = series.ok ? series.value : [];
    expect(days.map((d) => d.value.amount.toFixed())).toEqual(['1010', '1010', '1010', '1154']);
  });

  it('takes a ledger\'s trades, dividends and splits, leaving voided entries out', () => {
    // Prepare
    const entries = ledger()
      .buy('AAA', '10', '100', '0', at('2024-03-01'))
      .split('AAA', 2, 1, '2024-03-05')
      .buy('BBB', '1', '5', '0', at('2024-03-06'))
      .void(3).entries;
    // Act
    const read = performanceLedger(entries);
    // Assess
    expect(read.trades.map((t) => t.seq)).toEqual([1]);
    expect(read.splits).toEqual([{ symbol: 'AAA', numerator: 2, denominator: 1, effectiveDate: '2024-03-05' }]);
    expect(read.income).toEqual([]);
  });

  it('refuses a ledger whose trade dates sell shares before the buy that holds them', () => {
    // Prepare: accepted in this order by the ledger, but the sale is dated first
    const entries = ledger()
      .buy('AAA', '10', '100', '0', at('2024-03-05'))
      .sell('AAA', '5', '110', '0', at('2024-03-01')).entries;
    // Act
    const result = computePerformance({ trades: effectiveTrades(entries), closes: new Map(), through: '2024-03-06', period: 'all', currency: 'USD' });
    // Assess
    expect(result).toEqual({ ok: false, error: { code: PerformanceFailureCode.DatesOutOfOrder, symbol: 'AAA', date: '2024-03-01' } });
  });

  it('says there is too little history when the first trade has no close yet, and leaves later trades out', () => {
    // Prepare: bought today, the last close is yesterday's
    const entries = ledger().buy('AAA', '10', '100', '0', at('2024-03-07')).entries;
    // Act
    const result = computePerformance({ trades: effectiveTrades(entries), closes: new Map(), through: '2024-03-06', period: 'all', currency: 'USD' });
    // Assess
    expect(result).toEqual({ ok: false, error: { code: PerformanceFailureCode.TooLittleHistory, firstTradeDate: '2024-03-07', through: '2024-03-06' } });
  });

  it('leaves trades in other currencies out and lists those currencies in code order', () => {
    // Prepare: a GBP trade recorded before a EUR one
    const entries = ledger()
      .buy('AAA', '1', '100', '0', at('2024-03-01'))
      .buy('VOD.L', '10', '0.7', '0', at('2024-03-01'), 'GBP')
      .buy('SAN.MC', '1', '4', '0', at('2024-03-01'), 'EUR')
      .buy('AAA', '1', '100', '0', at('2024-03-07')).entries;
    // Act
    const report = measured({ trades: effectiveTrades(entries), closes: new Map([['AAA', bars({ '2024-03-01': 100, '2024-03-04': 110 })]]), through: '2024-03-04', period: 'all', currency: 'USD' });
    // Assess: one USD holding, valued alone
    expect(report.endValue.amount.toFixed()).toBe('110');
    expect(report.otherCurrencies).toEqual(['EUR', 'GBP']);
    expect(report.pendingTrades).toBe(1);
  });

  it('gives no money-weighted rate for flows it cannot solve, rather than a wrong number', () => {
    // Prepare: everything bought and sold the same day at the same price, nothing held at the end
    const entries = ledger()
      .buy('AAA', '1', '100', '0', at('2024-03-01'))
      .sell('AAA', '1', '100', '0', at('2024-03-01')).entries;
    // Act
    const report = measured({ trades: effectiveTrades(entries), closes: new Map([['AAA', bars({ '2024-03-01': 100 })]]), through: '2024-03-01', period: 'all', currency: 'USD' });
    // Assess
    expect(report.twr.toFixed()).toBe('0');
    expect(report.mwr).toEqual({ ok: false, error: XirrFailureCode.NoSignChange });
    // One day's return: no volatility (a sample deviation needs two)
    expect([report.returnDays, report.volatility]).toEqual([1, null]);
  });

  it('agrees with xirr on the period flows (start value in, end value out)', () => {
    // Prepare
    const input: PerformanceInput = { trades: effectiveTrades(depositLedger().entries), closes: new Map([['AAA', DEPOSIT_CLOSES]]), through: '2024-03-06', period: 'all', currency: 'USD' };
    // Act
    const report = measured(input);
    const rate = xirr([
      { date: '2024-03-01', amount: -1000 },
      { date: '2024-03-05', amount: -1050 },
      { date: '2024-03-06', amount: 1980 },
    ]);
    // Assess: the period's rate is the annual rate over 5 days
    expect(rate.ok).toBe(true);
    expect(report.mwr.ok && report.mwr.value).toBeCloseTo(Math.pow(1 + (rate.ok ? rate.value : 0), 5 / 365) - 1, 10);
  });
});

describe('Function: computePerformance, the calendar and the period', () => {
  // AAA bought on 03-01 (no close that day), one close on 03-04; the benchmark closes on 02-29, 03-01,
  // 03-04, 03-05 and 03-06; through 03-05.
  const sparse = (currency: string | undefined): PerformanceReport =>
    measured({
      trades: effectiveTrades(ledger().buy('AAA', '10', '100', '0', at('2024-03-01')).entries),
      closes: new Map([['AAA', bars({ '2024-03-04': 102 })]]),
      through: '2024-03-05',
      period: 'all',
      currency: 'USD',
      benchmark: { symbol: 'BMK', bars: bars({ '2024-02-29': 50, '2024-03-01': 50, '2024-03-04': 51, '2024-03-05': 52, '2024-03-06': 53 }), ...(currency ? { currency } : {}) },
    });

  it.each([
    ['without a currency', undefined],
    ['in the currency measured', 'USD'],
  ])('counts the sessions of a benchmark %s from the first trade to the period\'s end as market days: a holding without a close is carried on them', (_, currency) => {
    // Act
    const report = sparse(currency);
    // Assess: 03-01 at the trade price, 03-04 at its close, 03-05 carried from it; 02-29 and 03-06 are outside
    expect([report.baseDate, report.firstDay, report.lastDay, report.returnDays]).toEqual([null, '2024-03-01', '2024-03-05', 3]);
    expect(report.carried).toEqual([{ symbol: 'AAA', days: ['2024-03-01', '2024-03-05'], atTradePrice: true }]);
    expect(report.endValue.amount.toFixed()).toBe('1020');
  });

  it('does not count the sessions of a benchmark in another currency (it is not compared)', () => {
    // Act
    const report = sparse('EUR');
    // Assess: only the trade day and AAA's close
    expect([report.lastDay, report.returnDays, report.carried]).toEqual(['2024-03-04', 2, []]);
  });

  it('lists as the benchmark\'s carried days market days only, not a weekend day with a trade', () => {
    // Prepare: a buy on Saturday 03-02 (no session); the benchmark has no close on 03-04
    const entries = ledger()
      .buy('AAA', '10', '100', '0', at('2024-03-01'))
      .buy('AAA', '1', '100', '0', at('2024-03-02')).entries;
    const benchmark = { symbol: 'BMK', bars: bars({ '2024-02-29': 50, '2024-03-01': 50, '2024-03-05': 50 }) };
    // Act
    const report = measured({ trades: effectiveTrades(entries), closes: new Map([['AAA', bars({ '2024-03-01': 100, '2024-03-04': 100, '2024-03-05': 100 })]]), through: '2024-03-05', period: 'all', currency: 'USD', benchmark });
    // Assess
    expect(report.benchmark?.ok && report.benchmark.value.carriedDays).toEqual(['2024-03-04']);
  });

  it('counts only the period\'s days: the holdings carried, the money in and out, the income', () => {
    // Prepare: AAA, BBB and CCC bought on 03-01; 5 AAA sold and 2 of income on 03-04; 1 AAA bought on 03-05,
    // the period's first day. BBB has no close on 03-04 nor 03-05, CCC none on 03-04.
    const entries = ledger()
      .buy('AAA', '10', '100', '0', at('2024-03-01'))
      .buy('BBB', '1', '10', '0', at('2024-03-01'))
      .buy('CCC', '1', '5', '0', at('2024-03-01'))
      .sell('AAA', '5', '110', '0', at('2024-03-04'))
      .buy('AAA', '1', '110', '0', at('2024-03-05')).entries;
    const closes = new Map([
      ['AAA', bars({ '2024-03-01': 100, '2024-03-04': 110, '2024-03-05': 110, '2024-03-06': 120 })],
      ['BBB', bars({ '2024-03-01': 10, '2024-03-06': 12 })],
      ['CCC', bars({ '2024-03-01': 5, '2024-03-05': 5, '2024-03-06': 5 })],
    ]);
    // Act
    const report = measured({
      trades: effectiveTrades(entries),
      closes,
      through: '2024-03-06',
      period: { from: '2024-03-05' },
      currency: 'USD',
      income: [{ date: '2024-03-04', symbol: 'AAA', amount: money(2, 'USD') }],
    });
    // Assess: BBB carried on 03-05 (its 03-04 is before the period), CCC not at all in it; 1 x 110 in, nothing out
    expect(report.carried).toEqual([{ symbol: 'BBB', days: ['2024-03-05'], atTradePrice: false }]);
    expect([report.inflows.amount.toFixed(), report.outflows.amount.toFixed(), report.income.amount.toFixed()]).toEqual(['110', '0', '0']);
  });

  it('lists the holdings carried and without closes in symbol order, whatever order they were bought in', () => {
    // Prepare: ZZZ, then NOPE (neither has a close), then AAA
    const entries = ledger()
      .buy('ZZZ', '1', '10', '0', at('2024-03-01'))
      .buy('NOPE', '1', '10', '0', at('2024-03-01'))
      .buy('AAA', '1', '100', '0', at('2024-03-01')).entries;
    // Act
    const report = measured({ trades: effectiveTrades(entries), closes: new Map([['AAA', bars({ '2024-03-01': 100, '2024-03-04': 110 })]]), through: '2024-03-04', period: 'all', currency: 'USD' });
    // Assess
    expect(report.withoutCloses).toEqual(['NOPE', 'ZZZ']);
    expect(report.carried.map((c) => c.symbol)).toEqual(['NOPE', 'ZZZ']);
  });

  it('does not carry a holding sold out', () => {
    // Prepare: BBB sold on 03-04; it has no close on 03-05, a session of AAA
    const entries = ledger()
      .buy('AAA', '1', '100', '0', at('2024-03-01'))
      .buy('BBB', '1', '10', '0', at('2024-03-01'))
      .sell('BBB', '1', '11', '0', at('2024-03-04')).entries;
    const closes = new Map([
      ['AAA', bars({ '2024-03-01': 100, '2024-03-04': 100, '2024-03-05': 100 })],
      ['BBB', bars({ '2024-03-01': 10, '2024-03-04': 11 })],
    ]);
    // Act
    const report = measured({ trades: effectiveTrades(entries), closes, through: '2024-03-05', period: 'all', currency: 'USD' });
    // Assess
    expect(report.carried).toEqual([]);
  });

  it('orders a day\'s trades by their sequence, whatever order they come in', () => {
    // Prepare: a buy and a sale of the same day, handed over sale first
    const entries = ledger()
      .buy('AAA', '10', '100', '0', at('2024-03-01'))
      .sell('AAA', '4', '100', '0', at('2024-03-01')).entries;
    // Act
    const report = measured({ trades: [...effectiveTrades(entries)].reverse(), closes: new Map([['AAA', bars({ '2024-03-01': 100, '2024-03-04': 110 })]]), through: '2024-03-04', period: 'all', currency: 'USD' });
    // Assess: 6 left, at 110
    expect(report.endValue.amount.toFixed()).toBe('660');
  });

  it('counts income paid on the first trade\'s day', () => {
    // Prepare: 10 x 100, flat; 5 of income on the day of the buy
    const entries = ledger().buy('AAA', '10', '100', '0', at('2024-03-01')).entries;
    // Act
    const report = measured({
      trades: effectiveTrades(entries),
      closes: new Map([['AAA', bars({ '2024-03-01': 100, '2024-03-04': 100 })]]),
      through: '2024-03-04',
      period: 'all',
      currency: 'USD',
      income: [{ date: '2024-03-01', symbol: 'AAA', amount: money(5, 'USD') }],
    });
    // Assess: (1000 + 5) / 1000 on the first day, flat after
    expect([report.twr.toFixed(), report.income.amount.toFixed()]).toEqual(['0.005', '5']);
  });

  it('says there is no trade in the currency measured', () => {
    // Prepare
    const entries = ledger().buy('SAN.MC', '1', '4', '0', at('2024-03-01'), 'EUR').entries;
    // Act
    const result = computePerformance({ trades: effectiveTrades(entries), closes: new Map(), through: '2024-03-04', period: 'all', currency: 'USD' });
    // Assess
    expect(result).toEqual({ ok: false, error: { code: PerformanceFailureCode.NoTrades } });
  });

  it('has no return on a day that starts from nothing, and too little history for a period in which nothing was held', () => {
    // Prepare: 10 bought at 100, all sold at 110 on 03-04; AAA still closes on 03-05
    const entries = ledger()
      .buy('AAA', '10', '100', '0', at('2024-03-01'))
      .sell('AAA', '10', '110', '0', at('2024-03-04')).entries;
    const input: PerformanceInput = { trades: effectiveTrades(entries), closes: new Map([['AAA', bars({ '2024-03-01': 100, '2024-03-04': 110, '2024-03-05': 120 })]]), through: '2024-03-05', period: 'all', currency: 'USD' };
    // Act
    const all = measured(input);
    const after = computePerformance({ ...input, period: { from: '2024-03-05' } });
    // Assess: 1000 -> 1000, then 1000 -> 1100 out; 03-05 starts from 0
    expect([all.twr.toFixed(), all.returnDays, all.lastDay]).toEqual(['0.1', 2, '2024-03-05']);
    expect(after).toEqual({ ok: false, error: { code: PerformanceFailureCode.TooLittleHistory, firstTradeDate: '2024-03-01', through: '2024-03-05' } });
  });
});

describe('Function: computePerformance, risk figures at the edges', () => {
  it('dates a fall from the period\'s start at its start: the base close, or the first day when the portfolio starts within the period', () => {
    // Prepare: 1 AAA bought at 100 on 03-01
    const trades = effectiveTrades(ledger().buy('AAA', '1', '100', '0', at('2024-03-01')).entries);
    const input = (closes: Record<string, number>, period: PerformanceInput['period']): PerformanceInput => ({ trades, closes: new Map([['AAA', bars(closes)]]), through: '2024-03-05', period, currency: 'USD' });
    // Act
    const fromFirstDay = measured(input({ '2024-03-01': 100, '2024-03-04': 80 }, 'all'));
    const fromBase = measured(input({ '2024-03-01': 100, '2024-03-04': 100, '2024-03-05': 80 }, { from: '2024-03-04' }));
    const noFall = measured(input({ '2024-03-01': 100, '2024-03-04': 110 }, 'all'));
    // Assess: -20% from 100 each time; a series that never falls has a drawdown of 0 at its start
    expect(fromFirstDay.maxDrawdown).toEqual({ value: dec('0.2'), peakDate: '2024-03-01', troughDate: '2024-03-04' });
    expect([fromBase.baseDate, fromBase.maxDrawdown]).toEqual(['2024-03-01', { value: dec('0.2'), peakDate: '2024-03-01', troughDate: '2024-03-05' }]);
    expect(noFall.maxDrawdown).toEqual({ value: dec(0), peakDate: '2024-03-01', troughDate: '2024-03-01' });
  });

  it('reports the first of equal days: best, worst, and the peak and trough of the max drawdown', () => {
    // Prepare: closes 100, 100, 80, 100, 80, 100: daily returns 0, 0, -20%, +25%, -20%, +25%; the index
    // is 1, 1, 0.8, 1, 0.8, 1 (exact), so it never passes its first peak and falls 20% twice
    const entries = ledger().buy('AAA', '1', '100', '0', at('2024-03-01')).entries;
    const closes = new Map([['AAA', bars({ '2024-03-01': 100, '2024-03-04': 100, '2024-03-05': 80, '2024-03-06': 100, '2024-03-07': 80, '2024-03-08': 100 })]]);
    // Act
    const report = measured({ trades: effectiveTrades(entries), closes, through: '2024-03-08', period: 'all', currency: 'USD' });
    // Assess
    expect(report.bestDay).toEqual({ date: '2024-03-06', value: dec('0.25') });
    expect(report.worstDay).toEqual({ date: '2024-03-05', value: dec('-0.2') });
    expect(report.maxDrawdown).toEqual({ value: dec('0.2'), peakDate: '2024-03-01', troughDate: '2024-03-05' });
  });
});

describe('Function: computePerformance, rates', () => {
  it('annualises a period of exactly 365 days', () => {
    // Prepare: 2023-01-03 to 2024-01-03 is 365 days (2023 is not a leap year); 100 -> 110
    const entries = ledger().buy('AAA', '1', '100', '0', at('2023-01-03')).entries;
    // Act
    const report = measured({ trades: effectiveTrades(entries), closes: new Map([['AAA', bars({ '2023-01-03': 100, '2024-01-03': 110 })]]), through: '2024-01-03', period: 'all', currency: 'USD' });
    // Assess: a year's rate is its own
    expect([report.calendarDays, report.annualised]).toEqual([365, true]);
    expect(report.twrAnnualised).toBeCloseTo(0.1, 12);
  });

  it('counts income as money received in the money-weighted flows and as a sale of the benchmark mirror (hand-computed)', () => {
    // Prepare: 10 AAA at 100 on 2023-01-03, flat for a year, 100 of income on 2024-01-03 (365 days later);
    // the benchmark is flat at 50
    const entries = ledger().buy('AAA', '10', '100', '0', at('2023-01-03')).entries;
    // Act
    const report = measured({
      trades: effectiveTrades(entries),
      closes: new Map([['AAA', bars({ '2023-01-03': 100, '2024-01-03': 100 })]]),
      through: '2024-01-03',
      period: 'all',
      currency: 'USD',
      income: [{ date: '2024-01-03', symbol: 'AAA', amount: money(100, 'USD') }],
      benchmark: { symbol: 'BMK', bars: bars({ '2022-12-30': 50, '2023-01-03': 50, '2024-01-03': 50 }) },
    });
    // Assess: -1000 paid in, 100 + 1000 received a year later: 10% a year. The benchmark buys
    // 1000 / 50 = 20 units and sells 100 / 50 = 2 for the income: 18 x 50 = 900 left
    expect(report.mwr.ok && report.mwr.value).toBeCloseTo(0.1, 9);
    expect(report.benchmark?.ok && report.benchmark.value.value.amount.toFixed()).toBe('900');
  });

  it('gives no money-weighted rate when two rates fit the flows, rather than picking one', () => {
    // Prepare: 100 in on 2023-01-03; 230 out a year later (365 days); 264 of B bought on 2025-01-02
    // (365 days on) that closes at 132: flows -100, +230, -264 + 132, which 10% and 20% both fit
    const entries = ledger()
      .buy('A', '1', '100', '0', at('2023-01-03'))
      .sell('A', '1', '230', '0', at('2024-01-03'))
      .buy('B', '1', '264', '0', at('2025-01-02')).entries;
    const closes = new Map([
      ['A', bars({ '2023-01-03': 100, '2024-01-03': 230 })],
      ['B', bars({ '2025-01-02': 132 })],
    ]);
    // Act
    const report = measured({ trades: effectiveTrades(entries), closes, through: '2025-01-02', period: 'all', currency: 'USD' });
    // Assess
    expect(report.mwr).toEqual({ ok: false, error: XirrFailureCode.MultipleRoots });
  });
});

describe('Function: computePerformance, the benchmark at the edges', () => {
  it('has no benchmark comparison when the benchmark has no close on or before the period\'s base date', () => {
    // Prepare: the period starts after 03-01's close; the benchmark's closes begin on 03-04
    const input: PerformanceInput = {
      trades: effectiveTrades(depositLedger().entries),
      closes: new Map([['AAA', DEPOSIT_CLOSES]]),
      through: '2024-03-06',
      period: { from: '2024-03-04' },
      currency: 'USD',
      benchmark: { symbol: 'SPY', bars: bars({ '2024-03-04': 500, '2024-03-05': 505, '2024-03-06': 510 }) },
    };
    // Act
    const report = measured(input);
    // Assess
    expect(report.baseDate).toBe('2024-03-01');
    expect(report.benchmark).toEqual({ ok: false, error: { reason: 'NO_PRICES', symbol: 'SPY' } });
  });

  it('buys the benchmark with the value held at a base date that is the first day of the series', () => {
    // Prepare: the period starts after 03-01's close (1000 held); 1050 deposited on 03-05
    const input: PerformanceInput = {
      trades: effectiveTrades(depositLedger().entries),
      closes: new Map([['AAA', DEPOSIT_CLOSES]]),
      through: '2024-03-06',
      period: { from: '2024-03-04' },
      currency: 'USD',
      benchmark: { symbol: 'BMK', bars: bars({ '2024-03-01': 100, '2024-03-04': 105, '2024-03-05': 110, '2024-03-06': 120 }) },
    };
    // Act
    const report = measured(input);
    // Assess: 1000 / 100 = 10 units at the base, 1050 / 105 = 10 more at the close before 03-05: 20 x 120
    expect(report.benchmark).toMatchObject({ ok: true, value: { twr: dec('0.2'), value: money(dec(2400), 'USD') } });
  });

  it('has no benchmark comparison, rather than a division by zero, when the benchmark\'s closes are too small to read at 6 places', () => {
    // Prepare: a benchmark quoted at 3e-7 and 4e-7, which round half-even to 0 at 6 places
    const input: PerformanceInput = {
      trades: effectiveTrades(depositLedger().entries),
      closes: new Map([['AAA', DEPOSIT_CLOSES]]),
      through: '2024-03-06',
      period: 'all',
      currency: 'USD',
      benchmark: { symbol: 'TINY-USD', bars: bars({ '2024-02-29': 3e-7, '2024-03-01': 3e-7, '2024-03-04': 4e-7, '2024-03-05': 4e-7, '2024-03-06': 4e-7 }) },
    };
    // Act
    const report = measured(input);
    // Assess: no close it could buy or sell at
    expect(report.benchmark).toEqual({ ok: false, error: { reason: 'NO_PRICES', symbol: 'TINY-USD' } });
  });

  it('mirrors a sale whose fee exceeds its proceeds as money paid in: the benchmark buys with it at the day\'s close (hand-computed)', () => {
    // Prepare: 100 AAA at 1; all sold on 03-04 at 0.01 with a fee of 2, so the sale costs 1 - 2 = -1 net
    const entries = ledger()
      .buy('AAA', '100', '1', '0', at('2024-03-01'))
      .sell('AAA', '100', '0.01', '2', at('2024-03-04')).entries;
    const benchmark = { symbol: 'BMK', bars: bars({ '2024-02-29': 10, '2024-03-01': 10, '2024-03-04': 10, '2024-03-05': 20 }) };
    // Act
    const report = measured({ trades: effectiveTrades(entries), closes: new Map([['AAA', bars({ '2024-03-01': 1, '2024-03-04': 0.01, '2024-03-05': 0.01 })]]), through: '2024-03-05', period: 'all', currency: 'USD', benchmark });
    // Assess: 100 buys 10 units at 10; the 1 paid on 03-04 buys 0.1 more at 10; 10.1 x 20
    expect(report.outflows.amount.toFixed()).toBe('-1');
    expect(report.benchmark?.ok && report.benchmark.value.value.amount.toFixed()).toBe('202');
  });

  it('buys the benchmark exactly with amounts of more than 30 places (a quantity to the wei beside a price to 13 places)', () => {
    // Prepare: 0.500000000000000001 ETH at 2000 (18 places) and a million SHIB at 0.0000123456789 (13 places,
    // no closes: valued at the trade price); the benchmark is flat at 1
    const entries = ledger()
      .buy('ETH-USD', '0.500000000000000001', '2000', '0', at('2024-03-01'))
      .buy('SHIB-USD', '1000000', '0.0000123456789', '0', at('2024-03-01')).entries;
    // Act
    const report = measured({
      trades: effectiveTrades(entries),
      closes: new Map([['ETH-USD', bars({ '2024-03-01': 2000, '2024-03-04': 2000 })]]),
      through: '2024-03-04',
      period: 'all',
      currency: 'USD',
      benchmark: { symbol: 'BMK', bars: bars({ '2024-02-29': 1, '2024-03-01': 1, '2024-03-04': 1 }) },
    });
    // Assess: 0.000000000000000001 x 2000 = 2e-15, so 1000.000000000000002 + 12.3456789 paid in, which buys as
    // many units at 1 (rounded to 24 places: exact), worth as much at the end
    expect(report.benchmark?.ok && report.benchmark.value.value.amount.toFixed()).toBe('1012.345678900000002');
    expect(report.endValue.amount.toFixed()).toBe('1012.345678900000002');
  });
});

describe('Function: performancePlan', () => {
  it('measures the base currency, each symbol from its first trade, the benchmark from ten days before the first', () => {
    // Prepare
    const entries = ledger()
      .buy('MSFT', '1', '300', '0', at('2024-05-02'))
      .buy('AAPL', '1', '180', '0', at('2024-03-11'))
      .buy('SAN.MC', '1', '4', '0', at('2024-01-02'), 'EUR')
      .buy('AAPL', '1', '170', '0', at('2024-02-01')).entries;
    // Act
    const plan = performancePlan(effectiveTrades(entries), { baseCurrency: 'USD', benchmark: 'SPY' });
    // Assess
    expect(plan).toEqual({
      currency: 'USD',
      otherCurrencies: ['EUR'],
      requests: [
        { symbol: 'AAPL', from: '2024-02-01' },
        { symbol: 'MSFT', from: '2024-05-02' },
      ],
      benchmark: { symbol: 'SPY', from: '2024-01-22' },
    });
  });

  it('measures the first trade currency when the base currency has no trade, and nothing without trades', () => {
    // Prepare
    const entries = ledger().buy('SAN.MC', '1', '4', '0', at('2024-01-02'), 'EUR').entries;
    // Act / Assess
    expect(performancePlan(effectiveTrades(entries), { baseCurrency: 'USD', benchmark: 'SPY' })?.currency).toBe('EUR');
    expect(performancePlan([], { baseCurrency: 'USD', benchmark: 'SPY' })).toBeNull();
  });

  it('takes the currency of the earliest trade by date, not by entry order, lists the others in code order, and fetches each symbol from its first trade', () => {
    // Prepare: recorded first, a GBP trade dated later than a EUR one; then a CHF trade, and SAN.MC again later
    const entries = ledger()
      .buy('VOD.L', '10', '0.7', '0', at('2024-02-01'), 'GBP')
      .buy('SAN.MC', '1', '4', '0', at('2024-01-02'), 'EUR')
      .buy('NESN.SW', '1', '90', '0', at('2024-03-01'), 'CHF')
      .buy('SAN.MC', '1', '4.2', '0', at('2024-01-05'), 'EUR').entries;
    // Act
    const plan = performancePlan(effectiveTrades(entries), { baseCurrency: 'USD', benchmark: 'SPY' });
    // Assess
    expect(plan).toEqual({ currency: 'EUR', otherCurrencies: ['CHF', 'GBP'], requests: [{ symbol: 'SAN.MC', from: '2024-01-02' }], benchmark: { symbol: 'SPY', from: '2023-12-23' } });
  });

  it('takes the first recorded of the first day\'s trades, whatever order they come in', () => {
    // Prepare: no USD trade; a GBP trade recorded before a EUR one of the same day, handed over EUR first
    const entries = ledger()
      .buy('VOD.L', '10', '0.7', '0', at('2024-02-01'), 'GBP')
      .buy('SAN.MC', '1', '4', '0', at('2024-02-01'), 'EUR').entries;
    // Act
    const plan = performancePlan([...effectiveTrades(entries)].reverse(), { baseCurrency: 'USD', benchmark: 'SPY' });
    // Assess
    expect(plan?.currency).toBe('GBP');
  });
});

describe('Function: periodFirstDay', () => {
  it.each([
    ['1m', '2026-03-31', '2026-03-01'],
    ['1m', '2026-07-17', '2026-06-18'],
    ['3m', '2026-05-31', '2026-03-01'],
    ['1y', '2024-02-29', '2023-03-01'],
    ['ytd', '2026-07-17', '2026-01-01'],
    ['all', '2026-07-17', '2024-07-22'],
  ] as const)('starts %s ending %s on %s', (period, through, first) => {
    // Act / Assess
    expect(periodFirstDay(period, through, '2024-07-22')).toBe(first);
  });

  it('clamps a month to its length', () => {
    // Act / Assess
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-01-15', -13)).toBe('2024-12-15');
    // Two digits for a day before the 10th, as for a month
    expect(addMonths('2026-03-05', -1)).toBe('2026-02-05');
  });
});

describe('Function: measurePerformance', () => {
  // AAA and BBB bought in USD on 03-01; BBB's closes are quoted in pence. Read in each test, so a
  // broken reader fails that test rather than the file.
  const bought = () => {
    const entries = ledger()
      .buy('AAA', '10', '100', '0', at('2024-03-01'))
      .buy('BBB', '1', '50', '0', at('2024-03-01')).entries;
    const read = performanceLedger(entries);
    return { read, plan: performancePlan(read.trades, { baseCurrency: 'USD', benchmark: 'SPY' })! };
  };
  const AAA_CLOSES = bars({ '2024-03-01': 100, '2024-03-04': 110, '2024-03-05': 121 });
  const SPY_CLOSES = bars({ '2024-02-29': 500, '2024-03-01': 500, '2024-03-04': 510, '2024-03-05': 520 });
  const batch = (overrides: { aaaSimulated?: boolean; spy?: { simulated: boolean; currency?: string } } = {}): ClosingPricesBatch => ({
    through: '2024-03-05',
    series: new Map([
      ['AAA', { bars: AAA_CLOSES, currency: 'USD', simulated: overrides.aaaSimulated ?? false }],
      ['BBB', { bars: bars({ '2024-03-01': 5000, '2024-03-04': 5100 }), currency: 'GBp', simulated: true }],
      ['SPY', { bars: SPY_CLOSES, simulated: false, ...overrides.spy }],
    ]),
    failed: [
      { symbol: 'CCC', reason: 'timeout', unknown: false },
      { symbol: 'ZZZ', reason: 'not found', unknown: true },
    ],
  });

  it('leaves out a series quoted in another currency than its trades, and names the symbols the source could not give now', () => {
    // Prepare
    const { read, plan } = bought();
    // Act
    const measured = measurePerformance(read, plan, batch(), 'all');
    // Assess: BBB at its trade price (50), AAA at its closes; the pence series is not used nor marks the result simulated
    expect(measured.otherPriceCurrency).toEqual(['BBB']);
    expect(measured.failed).toEqual(['CCC']);
    expect(measured.simulated).toBe(false);
    const report = measured.result.ok ? measured.result.value : null;
    expect(report?.endValue.amount.toFixed()).toBe('1260');
    expect(report?.withoutCloses).toEqual(['BBB']);
    expect(report?.lastDay).toBe('2024-03-05');
    expect(report?.benchmark).toMatchObject({ ok: true, value: { symbol: 'SPY', twr: dec('0.04') } });
  });

  it('marks the result simulated when a price it used is simulated, the benchmark\'s only when it was compared', () => {
    // Prepare
    const { read, plan } = bought();
    // Act
    const holding = measurePerformance(read, plan, batch({ aaaSimulated: true }), 'all');
    const compared = measurePerformance(read, plan, batch({ spy: { simulated: true } }), 'all');
    const notCompared = measurePerformance(read, plan, batch({ spy: { simulated: true, currency: 'EUR' } }), 'all');
    // Assess
    expect(holding.simulated).toBe(true);
    expect(compared.simulated).toBe(true);
    expect(notCompared.simulated).toBe(false);
    expect(notCompared.result.ok && notCompared.result.value.benchmark).toEqual({ ok: false, error: { reason: 'OTHER_CURRENCY', symbol: 'SPY', currency: 'EUR' } });
  });

  it('ends the period at an earlier day when asked, never later than the prices reach', () => {
    // Prepare
    const { read, plan } = bought();
    // Act
    const earlier = measurePerformance(read, plan, batch(), 'all', '2024-03-04');
    const later = measurePerformance(read, plan, batch(), 'all', '2024-03-09');
    // Assess
    expect(earlier.result.ok && [earlier.result.value.lastDay, earlier.result.value.endValue.amount.toFixed()]).toEqual(['2024-03-04', '1150']);
    expect(later.result.ok && later.result.value.lastDay).toBe('2024-03-05');
  });
});

describe('Function: measurePerformance, a partial batch', () => {
  it('uses a series whose currency the source did not say, values a symbol the batch lacks at its trade price, and leaves trades after the batch\'s last session pending', () => {
    // Prepare: AAA's series without a currency, nothing for BBB, CCC or the benchmark; CCC bought after the last session
    const entries = ledger()
      .buy('AAA', '10', '100', '0', at('2024-03-01'))
      .buy('BBB', '1', '50', '0', at('2024-03-01'))
      .buy('CCC', '1', '20', '0', at('2024-03-07')).entries;
    const read = performanceLedger(entries);
    const plan = performancePlan(read.trades, { baseCurrency: 'USD', benchmark: 'SPY' })!;
    const batch: ClosingPricesBatch = { through: '2024-03-05', series: new Map([['AAA', { bars: bars({ '2024-03-01': 100, '2024-03-04': 110, '2024-03-05': 121 }), simulated: false }]]), failed: [] };
    // Act: asked through a later day than the batch reaches
    const measured = measurePerformance(read, plan, batch, 'all', '2024-03-09');
    // Assess
    expect([measured.simulated, measured.otherPriceCurrency, measured.failed]).toEqual([false, [], []]);
    const report = measured.result.ok ? measured.result.value : null;
    expect([report?.lastDay, report?.endValue.amount.toFixed(), report?.withoutCloses, report?.pendingTrades]).toEqual(['2024-03-05', '1260', ['BBB'], 1]);
    expect(report?.benchmark).toEqual({ ok: false, error: { reason: 'NO_PRICES', symbol: 'SPY' } });
  });
});

describe('Function: incomeOf', () => {
  it('gives each dividend that counts as income on the day it was paid, in its currency', () => {
    // Prepare: two dividends, the second undone
    const dividend = (seq: number, amount: string, paidAt: string): LedgerEntry => ({
      kind: 'dividend',
      seq,
      recordedAt: paidAt,
      dividend: { symbol: 'KO', amount: dec(amount), withholding: dec('0.3'), currency: 'USD', paidAt },
    });
    const entries: LedgerEntry[] = [
      ...ledger().buy('KO', '10', '60', '0', at('2024-03-01')).entries,
      dividend(2, '4.5', '2024-04-01T23:30:00.000Z'),
      dividend(3, '9', '2024-07-01T12:00:00.000Z'),
      { kind: 'void', voids: 3, seq: 4, recordedAt: '2024-07-02T00:00:00.000Z' },
    ];
    // Act
    const income = incomeOf(entries);
    // Assess
    expect(income).toEqual([{ date: '2024-04-01', symbol: 'KO', amount: money(dec('4.5'), 'USD') }]);
    expect(performanceLedger(entries).income).toEqual(income);
  });
});
