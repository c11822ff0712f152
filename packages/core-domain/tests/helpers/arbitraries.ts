import fc from 'fast-check';
import { dec, type Decimal } from '../../src/decimal';
import type { EntryDraft } from '../../src/types/trading';

/** A positive decimal with up to `maxDp` places, built exactly from an integer. */
export const positiveDecimal = (max: number, maxDp: number): fc.Arbitrary<Decimal> =>
  fc.tuple(fc.integer({ min: 1, max }), fc.integer({ min: 0, max: maxDp })).map(([n, dp]) => dec(n).div(10 ** dp));

/** Zero or a positive decimal. */
export const nonNegativeDecimal = (max: number, maxDp: number): fc.Arbitrary<Decimal> =>
  fc.oneof({ arbitrary: fc.constant(dec(0)), weight: 1 }, { arbitrary: positiveDecimal(max, maxDp), weight: 3 });

/** A trade draft on a few symbols, sometimes in another currency, sometimes selling too much. */
export const tradeDraft: fc.Arbitrary<EntryDraft> = fc
  .record({
    side: fc.constantFrom('buy' as const, 'sell' as const),
    symbol: fc.constantFrom('AAA', 'BBB', 'CCC'),
    quantity: positiveDecimal(5000, 4),
    price: nonNegativeDecimal(100000, 4),
    fees: nonNegativeDecimal(1000, 2),
    currency: fc.constantFrom('USD', 'USD', 'USD', 'EUR'),
    day: fc.integer({ min: 0, max: 2000 }),
  })
  .map(({ day, ...t }) => ({
    kind: 'trade' as const,
    trade: { ...t, executedAt: new Date(Date.UTC(2020, 0, 1) + day * 86_400_000).toISOString() },
  }));

/** A stream of attempts: trades, and voids naming a recent or a random sequence number. */
export const attempts: fc.Arbitrary<(EntryDraft | { kind: 'void-pick'; back: number })[]> = fc.array(
  fc.oneof(
    { arbitrary: tradeDraft, weight: 8 },
    { arbitrary: fc.integer({ min: 0, max: 10 }).map((back) => ({ kind: 'void-pick' as const, back })), weight: 1 },
  ),
  { maxLength: 60 },
);
