import { dec, plainTrade, toPlain, type EntryDraft, type LedgerEntry } from '@tradebot/core-domain';
import * as z from '@tradebot/core-domain/zod';
import { CorruptLedgerItemError } from './errors';

/** What every portfolio's partition key starts with (`portfolioKey`). */
export const PORTFOLIO_KEY_PREFIX = 'PORTFOLIO#';

/** What every ledger entry's sort key starts with (`tradeKey`); the partition's other items (proposals, model spend) start otherwise. */
export const TRADE_KEY_PREFIX = 'TRADE#';

/** `PORTFOLIO#<portfolioId>`: the partition holding one portfolio's ledger. */
export const portfolioKey = (portfolioId: string): string => `${PORTFOLIO_KEY_PREFIX}${portfolioId}`;

/** `TRADE#<seq, zero-padded to 10>`, so the sort key orders entries by seq. */
export const tradeKey = (seq: number): string => `${TRADE_KEY_PREFIX}${String(seq).padStart(10, '0')}`;

const DECIMAL = /^-?\d+(\.\d+)?$/;
const decimalString = z.string().check(z.regex(DECIMAL, 'a plain decimal string'));

const Base = z.object({
  PK: z.string(),
  SK: z.string(),
  seq: z.int().check(z.positive()),
  recordedAt: z.string(),
  updateId: z.optional(z.int()),
  importId: z.optional(z.string()),
});

const TradeItem = z.extend(Base, {
  kind: z.literal('trade'),
  side: z.enum(['buy', 'sell']),
  symbol: z.string().check(z.minLength(1)),
  quantity: decimalString,
  price: decimalString,
  fees: decimalString,
  currency: z.string().check(z.minLength(1)),
  executedAt: z.string(),
});

const VoidItem = z.extend(Base, {
  kind: z.literal('void'),
  voids: z.int().check(z.positive()),
  reason: z.optional(z.string()),
});

const DividendItem = z.extend(Base, {
  kind: z.literal('dividend'),
  symbol: z.string().check(z.minLength(1)),
  /** Net cash received. */
  amount: decimalString,
  withholding: decimalString,
  currency: z.string().check(z.minLength(1)),
  paidAt: z.string(),
});

const SplitItem = z.extend(Base, {
  kind: z.literal('split'),
  symbol: z.string().check(z.minLength(1)),
  numerator: z.int().check(z.positive()),
  denominator: z.int().check(z.positive()),
  effectiveDate: z.string(),
});

const LedgerItem = z.discriminatedUnion('kind', [TradeItem, VoidItem, DividendItem, SplitItem]);

/** One ledger entry as stored: an attribute per field, decimals as exact strings. */
export type LedgerItem = z.infer<typeof LedgerItem>;

/** The item to store for `draft` at `seq`. */
export function toItem(portfolioId: string, seq: number, recordedAt: string, draft: EntryDraft): LedgerItem {
  const source = {
    ...(draft.updateId === undefined ? {} : { updateId: draft.updateId }),
    ...(draft.importId === undefined ? {} : { importId: draft.importId }),
  };
  const base = { PK: portfolioKey(portfolioId), SK: tradeKey(seq), seq, recordedAt, ...source };
  switch (draft.kind) {
    case 'trade':
      return { ...base, kind: 'trade', ...plainTrade(draft.trade) };
    case 'dividend': {
      const d = draft.dividend;
      return { ...base, kind: 'dividend', symbol: d.symbol, amount: toPlain(d.amount), withholding: toPlain(d.withholding), currency: d.currency, paidAt: d.paidAt };
    }
    case 'split':
      return { ...base, kind: 'split', ...draft.split };
    case 'void':
      return { ...base, kind: 'void', voids: draft.voids, ...(draft.reason === undefined ? {} : { reason: draft.reason }) };
  }
}

/** Reads a stored item back into a `LedgerEntry`; an item of another shape is `CorruptLedgerItemError`. */
export function fromItem(raw: Record<string, unknown>): LedgerEntry {
  const parsed = LedgerItem.safeParse(raw);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`).join('; ');
    throw new CorruptLedgerItemError(String(raw.PK), String(raw.SK), reason);
  }
  const item = parsed.data;
  const source = {
    ...(item.updateId === undefined ? {} : { updateId: item.updateId }),
    ...(item.importId === undefined ? {} : { importId: item.importId }),
  };
  if (item.kind === 'trade') {
    return {
      kind: 'trade',
      seq: item.seq,
      recordedAt: item.recordedAt,
      ...source,
      trade: {
        side: item.side,
        symbol: item.symbol,
        quantity: dec(item.quantity),
        price: dec(item.price),
        fees: dec(item.fees),
        currency: item.currency,
        executedAt: item.executedAt,
      },
    };
  }
  if (item.kind === 'dividend') {
    return {
      kind: 'dividend',
      seq: item.seq,
      recordedAt: item.recordedAt,
      ...source,
      dividend: { symbol: item.symbol, amount: dec(item.amount), withholding: dec(item.withholding), currency: item.currency, paidAt: item.paidAt },
    };
  }
  if (item.kind === 'split') {
    return {
      kind: 'split',
      seq: item.seq,
      recordedAt: item.recordedAt,
      ...source,
      split: { symbol: item.symbol, numerator: item.numerator, denominator: item.denominator, effectiveDate: item.effectiveDate },
    };
  }
  return { kind: 'void', seq: item.seq, recordedAt: item.recordedAt, voids: item.voids, ...(item.reason === undefined ? {} : { reason: item.reason }), ...source };
}
