import { dec } from '../../src/decimal';
import { lastUndoable, replay, validateDraft } from '../../src/ledger';
import { computeBalance } from '../../src/valuation';
import type { EntryDraft, LedgerEntry } from '../../src/types/trading';
import { ledger } from '../helpers/ledger';

const push = (entries: LedgerEntry[], draft: EntryDraft): LedgerEntry[] => {
  const verdict = validateDraft(entries, draft);
  if (!verdict.ok) throw new Error(verdict.error.message);
  return [...entries, { ...draft, seq: entries.length + 1, recordedAt: '2026-06-01T00:00:00Z' }];
};
const split = (symbol: string, numerator: number, denominator: number): EntryDraft => ({ kind: 'split', split: { symbol, numerator, denominator, effectiveDate: '2026-05-01' } });

describe('Function: replay, splits', () => {
  it('applies a 3-for-2 split: 10 shares become 15, the cost stays, the average cost falls by a third', () => {
    // Prepare
    const entries = push(ledger().buy('KO', '10', '60', '3').entries, split('KO', 3, 2));
    // Act
    const position = replay(entries).positions.get('KO')!;
    // Assess
    expect(position.quantity.toFixed()).toBe('15');
    expect(position.costBasis.toFixed()).toBe('603');
    expect(position.averageCost.toFixed()).toBe('40.2');
  });

  it('applies a 1-for-10 reverse split, fractions kept: 15 shares become 1.5, and they can be sold', () => {
    // Prepare
    const entries = push(ledger().buy('XYZ', '15', '2').entries, split('XYZ', 1, 10));
    // Act
    const state = replay(entries);
    const sale = validateDraft(entries, { kind: 'trade', trade: { side: 'sell', symbol: 'XYZ', quantity: dec('1.5'), price: dec('25'), fees: dec(0), currency: 'USD', executedAt: '2026-06-02T00:00:00Z' } });
    const tooMuch = validateDraft(entries, { kind: 'trade', trade: { side: 'sell', symbol: 'XYZ', quantity: dec('2'), price: dec('25'), fees: dec(0), currency: 'USD', executedAt: '2026-06-02T00:00:00Z' } });
    // Assess
    expect(state.positions.get('XYZ')!.quantity.toFixed()).toBe('1.5');
    expect(state.positions.get('XYZ')!.averageCost.toFixed()).toBe('20');
    expect(sale.ok).toBe(true);
    expect(tooMuch.ok).toBe(false);
  });

  it('closes the position when the investor sells the 3.333333 shares a 1-for-3 split left of 10: a later trade never re-rounds an earlier split', () => {
    // Prepare: 10 shares, a 1-for-3 reverse split (3.333333 left), then a sale of exactly that
    const entries = push(ledger().buy('ABC', '10', '30').entries, split('ABC', 1, 3));
    const held = replay(entries).positions.get('ABC')!.quantity;
    const sale: EntryDraft = { kind: 'trade', trade: { side: 'sell', symbol: 'ABC', quantity: held, price: dec('95'), fees: dec(0), currency: 'USD', executedAt: '2026-06-02T00:00:00Z' } };
    // Act
    const after = replay(push(entries, sale));
    // Assess: nothing is left over, and the split's shares are what the sale sold
    expect(held.toFixed()).toBe('3.333333');
    expect(after.positions.has('ABC')).toBe(false);
    expect(after.closed.at(-1)!.quantity.toFixed()).toBe('3.333333');
    expect(after.closed.at(-1)!.costOfSold.toFixed()).toBe('300');
  });

  it('refuses a split of a symbol not held, with broken terms, or that would leave no shares', () => {
    // Prepare
    const entries = ledger().buy('KO', '0.000001', '60').entries;
    // Act / Assess
    expect(validateDraft(entries, split('PEP', 2, 1))).toMatchObject({ ok: false, error: { code: 'NEVER_HELD' } });
    expect(validateDraft(entries, split('KO', 0, 1))).toMatchObject({ ok: false, error: { code: 'NON_POSITIVE_QUANTITY' } });
    expect(validateDraft(entries, split('KO', 1, 10_000_000))).toMatchObject({ ok: false, error: { code: 'NON_POSITIVE_QUANTITY' } });
  });
});

describe('Function: replay, dividends', () => {
  it('counts a dividend in the total return of its currency, not in the cost basis, and /undo can void it', () => {
    // Prepare
    const bought = ledger().buy('KO', '10', '60').entries;
    const entries = push(bought, { kind: 'dividend', dividend: { symbol: 'KO', amount: dec('12.40'), withholding: dec('2.19'), currency: 'USD', paidAt: '2026-06-01T00:00:00Z' } });
    // Act
    const state = replay(entries);
    const balance = computeBalance(state, new Map([['KO', dec(60)]])).byCurrency[0]!;
    // Assess
    expect(state.positions.get('KO')!.costBasis.toFixed()).toBe('600');
    expect(balance.dividends.amount.toFixed()).toBe('12.4');
    expect(balance.totalReturn.amount.toFixed()).toBe('12.4');
    expect(state.withholdingByCurrency.get('USD')!.amount.toFixed()).toBe('2.19');
    expect(lastUndoable(entries)?.kind).toBe('dividend');
    expect(replay(push(entries, { kind: 'void', voids: 2 })).dividendsByCurrency.size).toBe(0);
  });

  it('refuses a dividend of a symbol never held, not positive, or in another currency than the position', () => {
    // Prepare
    const entries = ledger().buy('SAN.MC', '100', '4', '0', '2026-01-02T00:00:00Z', 'EUR').entries;
    const paid = (symbol: string, amount: string, currency: string): EntryDraft => ({ kind: 'dividend', dividend: { symbol, amount: dec(amount), withholding: dec(0), currency, paidAt: '2026-06-01T00:00:00Z' } });
    // Act / Assess
    expect(validateDraft(entries, paid('KO', '1', 'USD'))).toMatchObject({ ok: false, error: { code: 'NEVER_HELD' } });
    expect(validateDraft(entries, paid('SAN.MC', '0', 'EUR'))).toMatchObject({ ok: false, error: { code: 'NON_POSITIVE_QUANTITY' } });
    expect(validateDraft(entries, paid('SAN.MC', '5', 'USD'))).toMatchObject({ ok: false, error: { code: 'CURRENCY_MISMATCH' } });
    expect(validateDraft(entries, paid('SAN.MC', '5', 'EUR')).ok).toBe(true);
  });
});

describe('Function: validateDraft, what the investor reads about a dividend or a split', () => {
  const paid = (symbol: string, amount: string, currency: string, withholding = '0'): EntryDraft => ({ kind: 'dividend', dividend: { symbol, amount: dec(amount), withholding: dec(withholding), currency, paidAt: '2026-06-01T00:00:00Z' } });

  it('words each refusal of a dividend with the values involved', () => {
    // Prepare
    const entries = ledger().buy('SAN.MC', '100', '4', '0', '2026-01-02T00:00:00Z', 'EUR').entries;
    // Act / Assess
    expect(validateDraft(entries, paid('SAN.MC', '-1.5', 'EUR'))).toEqual({
      ok: false,
      error: { code: 'NON_POSITIVE_QUANTITY', message: 'The dividend must be greater than 0 (got -1.5).', context: { value: '-1.5' } },
    });
    expect(validateDraft(entries, paid('SAN.MC', '5', 'EUR', '-0.75'))).toEqual({
      ok: false,
      error: { code: 'NEGATIVE_FEES', message: 'The withholding cannot be negative (got -0.75).', context: { value: '-0.75', of: 'withholding' } },
    });
    expect(validateDraft(entries, paid('ko', '1', 'USD'))).toEqual({
      ok: false,
      error: { code: 'NEVER_HELD', message: 'You never held KO: a dividend counts for a position you hold or held.', context: { symbol: 'KO' } },
    });
    expect(validateDraft(entries, paid('SAN.MC', '5', 'USD'))).toEqual({
      ok: false,
      error: {
        code: 'CURRENCY_MISMATCH',
        message: 'SAN.MC is held in EUR; record its dividend in EUR, not USD.',
        context: { symbol: 'SAN.MC', held: 'EUR', given: 'USD' },
      },
    });
  });

  it('accepts a dividend written in another spelling of the ticker, and adds it to the same symbol', () => {
    // Prepare
    const bought = ledger().buy('BRK-B', '10', '400').entries;
    // Act
    const entries = push(push(bought, paid('brk.b', '3', 'USD')), paid('BRK/B', '2.5', 'USD', '0.5'));
    const state = replay(entries);
    // Assess
    expect([...state.dividendsBySymbol.keys()]).toEqual(['BRK-B']);
    expect(state.dividendsBySymbol.get('BRK-B')!.get('USD')!.amount.toFixed()).toBe('5.5');
    expect(state.dividendsByCurrency.get('USD')!.amount.toFixed()).toBe('5.5');
    expect(state.withholdingByCurrency.get('USD')!.amount.toFixed()).toBe('0.5');
    expect(state.dividends.map((e) => e.seq)).toEqual([2, 3]);
  });

  it('accepts a dividend of a position already sold', () => {
    // Prepare: paid after the sale, for the shares held on the record date
    const entries = ledger().buy('KO', '10', '60').sell('KO', '10', '61').entries;
    // Act / Assess
    expect(validateDraft(entries, paid('KO', '4', 'USD'))).toEqual({ ok: true, value: undefined });
  });

  it('applies a 2-for-1 split and refuses terms that are not whole shares, wording each refusal', () => {
    // Prepare
    const bought = ledger().buy('KO', '10', '60').entries;
    // Act
    const doubled = replay(push(bought, split('KO', 2, 1))).positions.get('KO')!;
    // Assess
    expect(doubled.quantity.toFixed()).toBe('20');
    expect(doubled.averageCost.toFixed()).toBe('30');
    expect(validateDraft(bought, split('KO', 3, 1.5))).toEqual({
      ok: false,
      error: { code: 'NON_POSITIVE_QUANTITY', message: 'A split is whole numbers of shares, such as 2 for 1 (got 3 for 1.5).', context: { value: '3:1.5' } },
    });
    expect(validateDraft(bought, split('KO', 0, 1))).toEqual({
      ok: false,
      error: { code: 'NON_POSITIVE_QUANTITY', message: 'A split is whole numbers of shares, such as 2 for 1 (got 0 for 1).', context: { value: '0:1' } },
    });
    expect(validateDraft(bought, split('KO', 1.5, 1))).toMatchObject({ ok: false, error: { code: 'NON_POSITIVE_QUANTITY', context: { value: '1.5:1' } } });
    expect(validateDraft(bought, split('KO', 2, 0))).toMatchObject({ ok: false, error: { code: 'NON_POSITIVE_QUANTITY', context: { value: '2:0' } } });
    expect(validateDraft(bought, split('PEP', 2, 1))).toEqual({
      ok: false,
      error: { code: 'NEVER_HELD', message: 'There is no PEP position to split.', context: { symbol: 'PEP', of: 'split' } },
    });
    expect(validateDraft(ledger().buy('KO', '0.000001', '60').entries, split('KO', 1, 10_000_000))).toEqual({
      ok: false,
      error: { code: 'NON_POSITIVE_QUANTITY', message: 'The 1:10000000 split would leave no KO shares.', context: { value: '1:10000000' } },
    });
  });

  it('splits a position held under another spelling of the ticker', () => {
    // Prepare
    const bought = ledger().buy('BRK-B', '3', '400').entries;
    // Act
    const position = replay(push(bought, split('brk.b', 2, 1))).positions.get('BRK-B')!;
    // Assess
    expect(position.quantity.toFixed()).toBe('6');
  });
});

describe('Function: replay, amounts finer than any trade', () => {
  it('adds a dividend and its withholding exactly when they carry more places than the trades and the cost split', () => {
    // Prepare: whole-share trades at whole prices; a dividend to 14 places (a broker's pro-rata statement)
    const bought = ledger().buy('KO', '10', '60').entries;
    // Act
    const state = replay(push(bought, { kind: 'dividend', dividend: { symbol: 'KO', amount: dec('0.12345678901234'), withholding: dec('0.00000000000001'), currency: 'USD', paidAt: '2026-06-01T00:00:00Z' } }));
    // Assess
    expect(state.dividendsByCurrency.get('USD')!.amount.toFixed()).toBe('0.12345678901234');
    expect(state.withholdingByCurrency.get('USD')!.amount.toFixed()).toBe('0.00000000000001');
    expect(state.positions.get('KO')!.costBasis.toFixed()).toBe('600');
  });

  it('charges a fee with more places than the trades and the cost split exactly', () => {
    // Prepare
    const entries = ledger().buy('KO', '10', '60', '0.0000000000001').sell('KO', '10', '61', '0.00000000000002').entries;
    // Act
    const state = replay(entries);
    // Assess
    expect(state.feesByCurrency.get('USD')!.amount.toFixed()).toBe('0.00000000000012');
    expect(state.closed[0]!.pnl.toFixed()).toBe('9.99999999999988');
  });
});

describe('Function: lastUndoable', () => {
  it('gives the newest trade or dividend, never a split (splits come from the market data)', () => {
    // Prepare: a buy, then a split recorded after it
    const entries = push(ledger().buy('KO', '10', '60').entries, split('KO', 2, 1));
    // Act
    const last = lastUndoable(entries);
    // Assess
    expect(last?.seq).toBe(1);
    expect(last?.kind).toBe('trade');
  });
});
