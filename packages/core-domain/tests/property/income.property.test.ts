import fc from 'fast-check';
import { dec } from '../../src/decimal';
import { replay, validateDraft } from '../../src/ledger';
import type { EntryDraft, LedgerEntry } from '../../src/types/trading';
import { acceptedLedger } from '../helpers/accepted-ledger';
import { attempts, positiveDecimal, type Attempt } from '../helpers/arbitraries';
import { runs } from '../helpers/runs';

/** The accepted entries of a stream of attempts. */
const accepted = (stream: readonly Attempt[]): LedgerEntry[] => acceptedLedger(stream).entries;

const append = (entries: readonly LedgerEntry[], draft: EntryDraft): LedgerEntry[] => [...entries, { ...draft, seq: entries.length + 1, recordedAt: '2031-01-01T00:00:00.000Z' }];

/** Split ratios: forward (2-for-1, 3-for-2, 10-for-1) and reverse (1-for-10, 1-for-3). */
const ratio = fc.constantFrom([2, 1], [3, 2], [10, 1], [1, 10], [1, 3], [7, 4]) as fc.Arbitrary<[number, number]>;

describe('Property: splits', () => {
  it('never change a position\'s cost basis, nor its value at the split (price scaled by the inverse ratio)', () => {
    fc.assert(
      fc.property(attempts, ratio, positiveDecimal(1000, 2), (stream, [numerator, denominator], price) => {
        // Prepare: any accepted ledger holding something.
        const entries = accepted(stream);
        const before = replay(entries);
        fc.pre(before.positions.size > 0);
        const [symbol, position] = [...before.positions][0]!;
        const draft: EntryDraft = { kind: 'split', split: { symbol, numerator, denominator, effectiveDate: '2031-01-01' } };
        fc.pre(validateDraft(entries, draft).ok);
        // Act
        const after = replay(append(entries, draft));
        const split = after.positions.get(symbol)!;
        // Assess: the same money is in, and the value at the split is the same (the price per share
        // divides by the ratio); only the rounding of the quantity to 1e-6 share may move it.
        expect(split.costBasis.eq(position.costBasis)).toBe(true);
        const valueBefore = position.quantity.times(price);
        const valueAfter = split.quantity.times(price.times(denominator).div(numerator));
        expect(valueAfter.minus(valueBefore).abs().lte(price.times(denominator).div(numerator).times('0.000001'))).toBe(true);
        // Every other position, and everything realized, is untouched.
        for (const [other, p] of before.positions) if (other !== symbol) expect(after.positions.get(other)!.quantity.eq(p.quantity)).toBe(true);
        expect([...after.realizedByCurrency].map(([c, m]) => `${c}:${m.amount.toFixed()}`)).toEqual([...before.realizedByCurrency].map(([c, m]) => `${c}:${m.amount.toFixed()}`));
      }),
      { numRuns: runs(300) },
    );
  });

  it('multiply the quantity exactly by the ratio when it divides, and a later sale of all the new shares closes the position at the same cost', () => {
    fc.assert(
      fc.property(positiveDecimal(1000, 0), ratio, (quantity, [numerator, denominator]) => {
        // Prepare: a holding whose size the ratio divides exactly.
        const shares = quantity.times(denominator);
        const bought = append([], { kind: 'trade', trade: { side: 'buy', symbol: 'KO', quantity: shares, price: dec('60'), fees: dec('1'), currency: 'USD', executedAt: '2030-06-01T00:00:00Z' } });
        const split = append(bought, { kind: 'split', split: { symbol: 'KO', numerator, denominator, effectiveDate: '2030-07-01' } });
        const newShares = shares.times(numerator).div(denominator);
        // Act
        const state = replay(split);
        const sale: EntryDraft = { kind: 'trade', trade: { side: 'sell', symbol: 'KO', quantity: newShares, price: dec('1'), fees: dec('0'), currency: 'USD', executedAt: '2030-08-01T00:00:00Z' } };
        const closed = replay(append(split, sale));
        // Assess
        expect(state.positions.get('KO')!.quantity.eq(newShares)).toBe(true);
        expect(state.positions.get('KO')!.costBasis.eq(shares.times(60).plus(1))).toBe(true);
        expect(closed.positions.has('KO')).toBe(false);
        expect(closed.closed[0]!.costOfSold.eq(shares.times(60).plus(1))).toBe(true);
      }),
      { numRuns: runs(200) },
    );
  });
});

describe('Property: dividends', () => {
  it('never change a cost basis or a quantity; they add exactly their net amount to the dividends of their currency', () => {
    fc.assert(
      fc.property(attempts, positiveDecimal(10_000, 2), positiveDecimal(1000, 2), (stream, amount, withheld) => {
        // Prepare
        const entries = accepted(stream);
        const before = replay(entries);
        const traded = before.trades[0];
        fc.pre(traded !== undefined);
        const { symbol, currency } = traded!.trade;
        const draft: EntryDraft = { kind: 'dividend', dividend: { symbol, amount, withholding: withheld, currency, paidAt: '2031-01-01T00:00:00Z' } };
        fc.pre(validateDraft(entries, draft).ok);
        // Act
        const after = replay(append(entries, draft));
        // Assess
        expect([...after.positions].map(([s, p]) => `${s}:${p.quantity.toFixed()}:${p.costBasis.toFixed()}`)).toEqual(
          [...before.positions].map(([s, p]) => `${s}:${p.quantity.toFixed()}:${p.costBasis.toFixed()}`),
        );
        const was = before.dividendsByCurrency.get(currency)?.amount ?? dec(0);
        expect(after.dividendsByCurrency.get(currency)!.amount.eq(was.plus(amount))).toBe(true);
        expect(after.withholdingByCurrency.get(currency)!.amount.gte(withheld)).toBe(true);
      }),
      { numRuns: runs(300) },
    );
  });
});
