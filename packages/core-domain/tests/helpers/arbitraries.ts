import fc from 'fast-check';
import { dec, type Decimal } from '../../src/decimal';
import type { EntryDraft, LedgerEntry, Trade } from '../../src/types/trading';

/** A positive decimal up to `max` with 0 to `maxDp` places (any magnitude at any precision), built exactly from an integer. */
export const positiveDecimal = (max: number, maxDp: number): fc.Arbitrary<Decimal> =>
  fc.integer({ min: 0, max: maxDp }).chain((dp) => fc.bigInt({ min: 1n, max: BigInt(max) * 10n ** BigInt(dp) }).map((n) => dec(n.toString()).div(10 ** dp)));

/** Zero or a positive decimal. */
export const nonNegativeDecimal = (max: number, maxDp: number): fc.Arbitrary<Decimal> =>
  fc.oneof({ arbitrary: fc.constant(dec(0)), weight: 1 }, { arbitrary: positiveDecimal(max, maxDp), weight: 3 });

const tradeFields = {
  symbol: fc.constantFrom('AAA', 'BBB', 'CCC'),
  // Prices and quantities to 8 places: a trade's value often needs more than the 12 places a cost
  // split is rounded to, so the fold's money scale exceeds COST_SPLIT_DP.
  price: nonNegativeDecimal(100000, 8),
  fees: nonNegativeDecimal(1000, 4),
  currency: fc.constantFrom('USD', 'USD', 'USD', 'EUR'),
  day: fc.integer({ min: 0, max: 2000 }),
};

const executedAt = (day: number): string => new Date(Date.UTC(2020, 0, 1) + day * 86_400_000).toISOString();

/** A trade draft on a few symbols, sometimes in another currency, sometimes selling more than is held. */
export const tradeDraft: fc.Arbitrary<EntryDraft> = fc
  .record({ side: fc.constantFrom('buy' as const, 'sell' as const), quantity: positiveDecimal(5000, 8), ...tradeFields })
  .map(({ day, ...t }) => ({ kind: 'trade' as const, trade: { ...t, executedAt: executedAt(day) } }));

/**
 * A sale of what the ledger holds when the attempt is fed (`toDraft`): all of it (a full exit) or
 * a share in percent, cut to 8 places. Random sales are mostly larger than the holding, so without
 * these a full exit would almost never be generated.
 */
export interface SellHeldAttempt {
  readonly kind: 'sell-held';
  readonly share: 'all' | number;
  readonly trade: Omit<Trade, 'side' | 'quantity'>;
}

const sellHeld: fc.Arbitrary<SellHeldAttempt> = fc
  .record({ share: fc.oneof(fc.constant('all' as const), fc.integer({ min: 1, max: 99 })), ...tradeFields })
  .map(({ share, day, ...t }) => ({ kind: 'sell-held' as const, share, trade: { ...t, executedAt: executedAt(day) } }));

/** One attempt at the ledger: a trade, a sale of what is held, or a void naming a recent or a random sequence number. */
export type Attempt = EntryDraft | SellHeldAttempt | { readonly kind: 'void-pick'; readonly back: number };

/** A stream of attempts. */
export const attempts: fc.Arbitrary<Attempt[]> = fc.array(
  fc.oneof(
    { arbitrary: tradeDraft, weight: 6 },
    { arbitrary: sellHeld, weight: 3 },
    { arbitrary: fc.integer({ min: 0, max: 10 }).map((back) => ({ kind: 'void-pick' as const, back })), weight: 1 },
  ),
  // fast-check's default size keeps arrays to about 10 items; ledgers need more for sales to have something to sell.
  { maxLength: 40, size: 'medium' },
);

/** A dividend on one of the symbols, sometimes in another currency than its holding, sometimes for a symbol never traded. */
export const dividendDraft: fc.Arbitrary<EntryDraft> = fc
  .record({ symbol: tradeFields.symbol, amount: positiveDecimal(10000, 4), withholding: nonNegativeDecimal(1000, 4), currency: tradeFields.currency, day: tradeFields.day })
  .map(({ day, ...d }) => ({ kind: 'dividend' as const, dividend: { ...d, paidAt: executedAt(day) } }));

/** Split terms: forward (2-for-1, 3-for-2, 10-for-1, 7-for-4) and reverse (1-for-10, 1-for-3), and one deep enough to leave no shares of a small holding. */
const splitRatio = fc.constantFrom<[number, number]>([2, 1], [3, 2], [10, 1], [7, 4], [1, 10], [1, 3], [1, 1e15]);

/** A split of one of the symbols, held or not. */
export const splitDraft: fc.Arbitrary<EntryDraft> = fc
  .record({ symbol: tradeFields.symbol, ratio: splitRatio, day: tradeFields.day })
  .map(({ symbol, ratio: [numerator, denominator], day }) => ({ kind: 'split' as const, split: { symbol, numerator, denominator, effectiveDate: executedAt(day).slice(0, 10) } }));

/** A stream of attempts that also records dividends and splits: ledgers with every kind of counted entry. */
export const entryAttempts: fc.Arbitrary<Attempt[]> = fc.array(
  fc.oneof(
    { arbitrary: tradeDraft, weight: 6 },
    { arbitrary: sellHeld, weight: 3 },
    { arbitrary: dividendDraft, weight: 1 },
    { arbitrary: splitDraft, weight: 1 },
    { arbitrary: fc.integer({ min: 0, max: 10 }).map((back) => ({ kind: 'void-pick' as const, back })), weight: 1 },
  ),
  { maxLength: 40, size: 'medium' },
);

/**
 * The draft an attempt stands for on `entries`, given what they hold of each symbol (`held`);
 * `null` when there is nothing to sell.
 */
export function toDraft(entries: readonly LedgerEntry[], held: (symbol: string) => Decimal | undefined, attempt: Attempt): EntryDraft | null {
  if (attempt.kind === 'void-pick') return { kind: 'void', voids: Math.max(1, entries.length - attempt.back) };
  if (attempt.kind !== 'sell-held') return attempt;
  const holding = held(attempt.trade.symbol);
  if (!holding) return null;
  const quantity = attempt.share === 'all' ? holding : holding.times(attempt.share).div(100).round(8, 0);
  if (quantity.eq(0)) return null;
  return { kind: 'trade', trade: { ...attempt.trade, side: 'sell', quantity } };
}
