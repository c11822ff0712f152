import fc from 'fast-check';
import { dec, divide, sum, type Decimal } from '../../src/decimal';
import { effectiveTrades, replay } from '../../src/ledger';
import { amountIn } from '../../src/money';
import { computePerformance, RETURN_DP, valueSeries, type PerformanceInput, type PerformanceReport } from '../../src/returns';
import type { Bar, LedgerEntry, Side } from '../../src/types/trading';
import { positiveDecimal } from '../helpers/arbitraries';

/** Weekdays from 2024-01-01 (a Monday). */
function weekdays(count: number): string[] {
  const out: string[] = [];
  for (let d = 0; out.length < count; d += 1) {
    const date = new Date(Date.UTC(2024, 0, 1) + d * 86_400_000);
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) out.push(date.toISOString().slice(0, 10));
  }
  return out;
}

interface Market {
  readonly dates: readonly string[];
  /** Closes per symbol (cents / 100, as floats like the cache holds them); some days missing. */
  readonly closes: ReadonlyMap<string, Bar[]>;
}

const SYMBOLS = ['AAA', 'BBB', 'CCC'];

/** 6 to 40 sessions of closes for three symbols, with a few missing closes (carried forward). */
const market: fc.Arbitrary<Market> = fc.integer({ min: 6, max: 40 }).chain((length) =>
  fc
    .array(fc.array(fc.tuple(fc.integer({ min: 100, max: 50_000 }), fc.integer({ min: 0, max: 9 })), { minLength: length, maxLength: length }), {
      minLength: SYMBOLS.length,
      maxLength: SYMBOLS.length,
    })
    .map((perSymbol) => {
      const dates = weekdays(length);
      const closes = new Map<string, Bar[]>();
      perSymbol.forEach((series, s) =>
        // The first close is always there; later ones go missing one time in ten.
        closes.set(SYMBOLS[s]!, series.flatMap(([cents, hole], i) => (i > 0 && hole === 0 ? [] : [{ date: dates[i]!, close: cents / 100 }]))),
      );
      return { dates, closes };
    }),
);

interface Op {
  readonly day: number;
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: Decimal;
  readonly price: Decimal;
  readonly fees: Decimal;
}

const ops = fc.array(
  fc.record({
    day: fc.integer({ min: 0, max: 1000 }),
    symbol: fc.constantFrom(...SYMBOLS),
    side: fc.constantFrom<Side>('buy', 'buy', 'sell'),
    quantity: positiveDecimal(500, 2),
    price: positiveDecimal(50_000, 2),
    fees: fc.integer({ min: 0, max: 300 }).map((cents) => dec(cents).div(100)),
  }),
  { minLength: 1, maxLength: 25 },
);

/** A ledger from the ops in date order, a sale only of shares held (so trade dates and ledger order agree). */
function ledgerOf(all: readonly Op[], dates: readonly string[], lastDay = dates.length - 1): LedgerEntry[] {
  const held = new Map<string, Decimal>();
  const entries: LedgerEntry[] = [];
  for (const op of [...all].sort((a, b) => (a.day % (lastDay + 1)) - (b.day % (lastDay + 1)))) {
    const date = dates[op.day % (lastDay + 1)]!;
    const have = held.get(op.symbol) ?? dec(0);
    const side: Side = op.side === 'sell' && have.gte(op.quantity) ? 'sell' : 'buy';
    held.set(op.symbol, side === 'buy' ? have.plus(op.quantity) : have.minus(op.quantity));
    const executedAt = `${date}T15:00:00.000Z`;
    entries.push({ kind: 'trade', seq: entries.length + 1, recordedAt: executedAt, trade: { side, symbol: op.symbol, quantity: op.quantity, price: op.price, fees: op.fees, currency: 'USD', executedAt } });
  }
  return entries;
}

function report(input: PerformanceInput): PerformanceReport | null {
  const result = computePerformance(input);
  return result.ok ? result.value : null;
}

describe('Property: computePerformance', () => {
  it('equals the simple return V_end / V_start - 1 when no money moves in the period (to the last of 20 places)', () => {
    fc.assert(
      fc.property(market, ops, (m, all) => {
        // Prepare: every trade in the first half; the period is the second half
        const half = Math.floor(m.dates.length / 2);
        const entries = ledgerOf(all, m.dates, half - 1);
        const trades = effectiveTrades(entries);
        const through = m.dates[m.dates.length - 1]!;
        const series = valueSeries({ trades, closes: m.closes, through, currency: 'USD' });
        if (!series.ok) return;
        // The value at the last close before the period, and at its end.
        const start = series.value.filter((d) => d.date < m.dates[half]!).reverse()[0]?.value.amount ?? dec(0);
        const end = series.value[series.value.length - 1]!.value.amount;
        fc.pre(start.gt(0));
        // Act
        const r = report({ trades, closes: m.closes, through, period: { from: m.dates[half]! }, currency: 'USD' });
        // Assess
        expect(r).not.toBeNull();
        expect(r!.twr.eq(divide(end.minus(start), start, RETURN_DP))).toBe(true);
        // With only the start value in and the end value out, the money-weighted return is the same.
        if (r!.mwr.ok) expect(r!.mwr.value).toBeCloseTo(Number(end.div(start).minus(1).toString()), 8);
      }),
      { numRuns: 200 },
    );
  });

  it('is unchanged when every quantity and fee is scaled (TWR, drawdown and days exactly; IRR to 1e-9)', () => {
    fc.assert(
      fc.property(market, ops, fc.constantFrom('2', '3', '0.5', '1.25', '10'), (m, all, k) => {
        // Prepare
        const factor = dec(k);
        const entries = ledgerOf(all, m.dates);
        const scaled = ledgerOf(
          all.map((op) => ({ ...op, quantity: op.quantity.times(factor), fees: op.fees.times(factor) })),
          m.dates,
        );
        const through = m.dates[m.dates.length - 1]!;
        const benchmark = { symbol: 'AAA', currency: 'USD', bars: m.closes.get('AAA')! };
        // Act
        const a = report({ trades: effectiveTrades(entries), closes: m.closes, through, period: 'all', currency: 'USD', benchmark });
        const b = report({ trades: effectiveTrades(scaled), closes: m.closes, through, period: 'all', currency: 'USD', benchmark });
        // Assess
        expect(b === null).toBe(a === null);
        if (!a || !b) return;
        expect(b.twr.eq(a.twr)).toBe(true);
        expect(b.maxDrawdown.value.eq(a.maxDrawdown.value)).toBe(true);
        expect(b.bestDay?.value.eq(a.bestDay!.value) ?? a.bestDay === null).toBe(true);
        expect(b.endValue.amount.eq(a.endValue.amount.times(factor))).toBe(true);
        expect(b.mwr.ok).toBe(a.mwr.ok);
        if (a.mwr.ok && b.mwr.ok) expect(Math.abs(b.mwr.value - a.mwr.value)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a.mwr.value)));
        const ab = a.benchmark?.ok ? a.benchmark.value : null;
        const bb = b.benchmark?.ok ? b.benchmark.value : null;
        expect(bb?.twrDifference.eq(ab!.twrDifference) ?? ab === null).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('shows no difference for a portfolio that is exactly the benchmark (bought at the previous close, sold at the close)', () => {
    fc.assert(
      fc.property(market, ops, (m, all) => {
        // Prepare: trade only the benchmark, at the prices the benchmark method uses, without fees
        const bars = m.closes.get('AAA')!;
        const entries: LedgerEntry[] = [];
        let held = dec(0);
        // A portfolio out of the market for a while (everything sold, bought again later or never)
        // has a TWR of the days it held something, where the benchmark's runs through the whole
        // period: only the money-weighted mirror's value must then agree.
        let outOfTheMarket = false;
        for (const op of [...all].sort((x, y) => (x.day % bars.length) - (y.day % bars.length))) {
          const i = op.day % bars.length;
          if (i === 0) continue;
          const sell = op.side === 'sell' && held.gte(op.quantity);
          const price = dec(sell ? bars[i]!.close : bars[i - 1]!.close);
          held = sell ? held.minus(op.quantity) : held.plus(op.quantity);
          if (held.eq(0)) outOfTheMarket = true;
          const executedAt = `${bars[i]!.date}T15:00:00.000Z`;
          entries.push({ kind: 'trade', seq: entries.length + 1, recordedAt: executedAt, trade: { side: sell ? 'sell' : 'buy', symbol: 'AAA', quantity: op.quantity, price, fees: dec(0), currency: 'USD', executedAt } });
        }
        fc.pre(entries.length > 0);
        // Act
        const r = report({ trades: effectiveTrades(entries), closes: m.closes, through: bars[bars.length - 1]!.date, period: 'all', currency: 'USD', benchmark: { symbol: 'AAA', currency: 'USD', bars } });
        // Assess
        expect(r).not.toBeNull();
        const b = r!.benchmark?.ok ? r!.benchmark.value : null;
        expect(b).not.toBeNull();
        if (!outOfTheMarket) expect(b!.twrDifference.eq(0)).toBe(true);
        expect(b!.valueDifference.amount.eq(0)).toBe(true);
      }),
      // Seed 1252539900 holds such a ledger (sold out on 02-02, bought again on 02-12): TWR 13.40
      // against the benchmark's -0.94 over the period, the same end value.
      { numRuns: 200 },
    );
  });

  it('reconciles the value series with the ledger: inflows are all bought, outflows all sold net of fees, the end value the holdings at their latest price', () => {
    fc.assert(
      fc.property(market, ops, (m, all) => {
        // Prepare
        const entries = ledgerOf(all, m.dates);
        const through = m.dates[m.dates.length - 1]!;
        // Act
        const series = valueSeries({ trades: effectiveTrades(entries), closes: m.closes, through, currency: 'USD' });
        // Assess
        expect(series.ok).toBe(true);
        if (!series.ok) return;
        const state = replay(entries);
        const sales = effectiveTrades(entries).filter((e) => e.trade.side === 'sell');
        expect(sum(series.value.map((d) => d.inflow.amount)).eq(amountIn(state.boughtByCurrency, 'USD').amount)).toBe(true);
        expect(sum(series.value.map((d) => d.outflow.amount)).eq(amountIn(state.soldByCurrency, 'USD').amount.minus(sum(sales.map((e) => e.trade.fees))))).toBe(true);
        // The latest price known: the last close, or a later trade's price.
        const latest = (symbol: string): Decimal => {
          const bar = [...m.closes.get(symbol)!].reverse()[0]!;
          const trade = effectiveTrades(entries).filter((e) => e.trade.symbol === symbol).reverse()[0]!;
          return trade.trade.executedAt.slice(0, 10) > bar.date ? trade.trade.price : dec(bar.close);
        };
        const held = sum([...state.positions.values()].map((p) => p.quantity.times(latest(p.symbol))));
        expect(series.value[series.value.length - 1]!.value).toEqual({ amount: expect.anything(), currency: 'USD' });
        expect(series.value[series.value.length - 1]!.value.amount.eq(held)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
