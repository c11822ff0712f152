import { dec } from '../../src/decimal';
import { effectiveTrades, lastUndoable, plainTrade, recordedFromSameSource, replay, replayWithTrade, validateDraft } from '../../src/ledger';
import type { EntryDraft, LedgerEntry, TradeEntry } from '../../src/types/trading';
import { ledger } from '../helpers/ledger';

const draft = (side: 'buy' | 'sell', symbol: string, quantity: string, price: string, fees = '0', currency = 'USD'): EntryDraft => ({
  kind: 'trade',
  trade: { side, symbol, quantity: dec(quantity), price: dec(price), fees: dec(fees), currency, executedAt: '2024-02-01T15:00:00Z' },
});

describe('Function: replay', () => {
  it('splits the cost basis pro rata on a partial sale and keeps the average cost', () => {
    // Prepare: 3 @ 10 + fee 1 = 31 basis; sell 1 @ 12 with fee 0.5
    const entries = ledger().buy('AAA', '3', '10', '1', '2024-01-02T15:00:00Z').sell('AAA', '1', '12', '0.5', '2024-01-05T15:00:00Z').entries;
    // Act
    const state = replay(entries);
    // Assess
    const [sale] = state.closed;
    expect(sale!.costOfSold.toFixed()).toBe('10.333333333333'); // 31 / 3 to 12 places
    expect(sale!.pnl.toFixed()).toBe('1.166666666667'); // 12 - 0.5 - 10.333333333333
    expect(sale!.openedAt).toBe('2024-01-02T15:00:00Z');
    const position = state.positions.get('AAA')!;
    expect(position.quantity.toFixed()).toBe('2');
    expect(position.costBasis.toFixed()).toBe('20.666666666667');
    expect(position.realizedPnl.toFixed()).toBe('1.166666666667');
    expect([...state.feesByCurrency.values()].map((m) => `${m.amount.toFixed()} ${m.currency}`)).toEqual(['1.5 USD']);
  });

  it('leaves no residue after selling the rest, so the realized total is exact', () => {
    // Prepare
    const entries = ledger().buy('AAA', '3', '10', '1').sell('AAA', '1', '12', '0.5').sell('AAA', '2', '9').entries;
    // Act
    const state = replay(entries);
    // Assess: 12 - 0.5 + 18 - 31 = -1.5
    expect(state.positions.has('AAA')).toBe(false);
    expect(state.realizedBySymbol.get('AAA')!.get('USD')!.amount.toFixed()).toBe('-1.5');
  });

  it('charges a full exit the whole basis even when the basis carries more than 12 decimal places', () => {
    // Prepare: 1.0000001 x 3.0000007 = 3.00000100000007 (14 places), sold whole at 3.
    const entries = ledger().buy('AAA', '1.0000001', '3.0000007').sell('AAA', '1.0000001', '3').entries;
    // Act
    const [sale] = replay(entries).closed;
    // Assess: nothing is rounded away from a full exit
    expect(sale!.costOfSold.toFixed()).toBe('3.00000100000007');
    expect(sale!.pnl.toFixed()).toBe('-0.00000070000007');
  });

  it('rounds the cost of a partial sale to 12 places when the basis carries more, and keeps the rest in the book', () => {
    // Prepare: 3 @ 1.00000000000001 = 3.00000000000003; a third of it is 1.00000000000001, 1 at 12 places.
    const entries = ledger().buy('AAA', '3', '1.00000000000001').sell('AAA', '1', '2').entries;
    // Act
    const state = replay(entries);
    // Assess
    expect(state.closed[0]!.costOfSold.toFixed()).toBe('1');
    expect(state.closed[0]!.pnl.toFixed()).toBe('1');
    expect(state.positions.get('AAA')!.costBasis.toFixed()).toBe('2.00000000000003');
  });

  it('starts a fresh holding (new open date, new basis) after a full exit', () => {
    // Prepare
    const entries = ledger().buy('AAA', '1', '10', '0', '2024-01-02T00:00:00Z').sell('AAA', '1', '11').buy('AAA', '2', '20', '0', '2024-03-01T00:00:00Z').entries;
    // Act
    const position = replay(entries).positions.get('AAA')!;
    // Assess
    expect(position.openedAt).toBe('2024-03-01T00:00:00Z');
    expect(position.averageCost.toFixed()).toBe('20');
    expect(position.realizedPnl.toFixed()).toBe('1');
  });

  it('keeps the amounts of each currency apart: fees, purchases, sales and realized P&L', () => {
    // Prepare: AAA held in USD, closed, then bought again in EUR (the price feed was down the
    // first time, so the bot recorded the base currency); BBB in EUR throughout.
    const entries = ledger()
      .buy('AAA', '2', '10', '1')
      .sell('AAA', '2', '12', '1')
      .buy('AAA', '1', '11', '0.5', '2024-02-01T10:00:00Z', 'EUR')
      .buy('BBB', '4', '5', '0', undefined, 'EUR')
      .sell('BBB', '1', '7', '0', undefined, 'EUR').entries;
    const plain = (totals: ReadonlyMap<string, { amount: { toFixed(): string }; currency: string }>) =>
      [...totals].map(([key, m]) => `${key}: ${m.amount.toFixed()} ${m.currency}`);

    // Act
    const state = replay(entries);

    // Assess: 24 - 1 - 21 = 2 USD realized on AAA; 7 - 5 = 2 EUR on BBB; never "4".
    expect(plain(state.realizedByCurrency)).toEqual(['EUR: 2 EUR', 'USD: 2 USD']);
    expect(plain(state.feesByCurrency)).toEqual(['EUR: 0.5 EUR', 'USD: 2 USD']);
    expect(plain(state.boughtByCurrency)).toEqual(['EUR: 31.5 EUR', 'USD: 21 USD']);
    expect(plain(state.soldByCurrency)).toEqual(['EUR: 7 EUR', 'USD: 24 USD']);
    expect(plain(state.realizedBySymbol.get('AAA')!)).toEqual(['USD: 2 USD']);
    // The EUR holding of AAA has realized nothing yet in EUR.
    expect(state.positions.get('AAA')).toMatchObject({ currency: 'EUR' });
    expect(state.positions.get('AAA')!.realizedPnl.toFixed()).toBe('0');
  });

  it('holds one position for one stock whatever spelling the ledger stored (an import before tickers were normalised)', () => {
    // Prepare: BRK.B and brk/b from an old CSV import, BRK-B from the chat.
    const entries = ledger().buy('BRK.B', '10', '400').buy('BRK-B', '5', '410').trade('buy', 'BRK/B', '1', '420').sell('BRK-B', '12', '430').entries;
    // Act
    const state = replay(entries);
    const sale = validateDraft(entries, draft('sell', 'BRK.B', '4', '430'));
    // Assess
    expect([...state.positions.keys()]).toEqual(['BRK-B']);
    expect(state.positions.get('BRK-B')!.quantity.toFixed()).toBe('4');
    expect(state.closed.map((c) => c.symbol)).toEqual(['BRK-B']);
    expect(sale.ok).toBe(true);
    expect(effectiveTrades(entries).map((e) => e.trade.symbol)).toEqual(['BRK-B', 'BRK-B', 'BRK-B', 'BRK-B']);
  });

  it('ignores voided trades', () => {
    // Prepare
    const entries = ledger().buy('AAA', '1', '10').buy('AAA', '5', '99').void(2).entries;
    // Act
    const state = replay(entries);
    // Assess
    expect(state.positions.get('AAA')!.quantity.toFixed()).toBe('1');
    expect(effectiveTrades(entries).map((e) => e.seq)).toEqual([1]);
    expect(lastUndoable(entries)?.seq).toBe(1);
  });

  it('throws only on a stored ledger that could never have been validated', () => {
    // Prepare
    const entries = ledger().sell('AAA', '1', '10').entries;
    // Act / Assess
    expect(() => replay(entries)).toThrow('Ledger is inconsistent');
  });
});

describe('Function: replayWithTrade', () => {
  it('gives the state replay gives for the ledger with the trade appended', () => {
    // Prepare: a voided buy, a ticker in its old spelling, a partial sale, then the new trade: a sale in today's spelling.
    const entries = ledger().buy('AAA', '3', '10', '1').buy('BRK.B', '2', '400').buy('CCC', '5', '7').void(3).sell('AAA', '1', '12', '0.5').entries;
    const trade: TradeEntry = { kind: 'trade', seq: 6, recordedAt: '2024-02-02T09:00:00Z', updateId: 77, trade: { side: 'sell', symbol: 'BRK-B', quantity: dec('1'), price: dec('410'), fees: dec('1'), currency: 'USD', executedAt: '2024-02-01T15:00:00Z' } };

    // Act
    const result = replayWithTrade(entries, trade);

    // Assess
    expect(result).toEqual({ ok: true, value: replay([...entries, trade]) });
    const state = result.ok ? result.value : undefined;
    expect(state?.positions.get('BRK-B')?.quantity.toFixed()).toBe('1');
    expect(state?.positions.has('CCC')).toBe(false);
    expect(state?.closed.map((c) => `${c.seq} ${c.symbol} ${c.pnl.toFixed()}`)).toEqual(['5 AAA 1.166666666667', '6 BRK-B 9']);
  });

  it('refuses what validateDraft refuses for the same trade', () => {
    // Prepare
    const entries = ledger().buy('AAA', '4', '10').entries;
    const sale = draft('sell', 'AAA', '10', '10');
    const trade: TradeEntry = { ...(sale as Extract<EntryDraft, { kind: 'trade' }>), seq: 2, recordedAt: '2024-02-01T15:00:00Z' };

    // Act
    const result = replayWithTrade(entries, trade);

    // Assess
    expect(result).toEqual(validateDraft(entries, sale));
    expect(result).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_QUANTITY' } });
    expect(replayWithTrade([], { ...trade, seq: 1, trade: { ...trade.trade, side: 'buy', quantity: dec('0') } })).toMatchObject({ ok: false, error: { code: 'NON_POSITIVE_QUANTITY' } });
  });
});

describe('Function: validateDraft', () => {
  it('refuses selling more than is held, saying how much is held', () => {
    // Prepare
    const entries = ledger().buy('AAA', '4', '10').entries;
    // Act
    const verdict = validateDraft(entries, draft('sell', 'AAA', '10', '10'));
    // Assess
    expect(verdict).toEqual({
      ok: false,
      error: { code: 'INSUFFICIENT_QUANTITY', message: 'You cannot sell 10 AAA: you hold 4.', context: { symbol: 'AAA', requested: '10', held: '4' } },
    });
  });

  it('refuses a trade in another currency than the holding', () => {
    // Prepare
    const entries = ledger().buy('AAA', '4', '10').entries;
    // Act
    const verdict = validateDraft(entries, draft('buy', 'AAA', '1', '10', '0', 'EUR'));
    // Assess
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.error.code).toBe('CURRENCY_MISMATCH');
  });

  it('refuses zero quantity, negative price and negative fees', () => {
    // Act / Assess
    expect(validateDraft([], draft('buy', 'AAA', '0', '10'))).toMatchObject({ ok: false, error: { code: 'NON_POSITIVE_QUANTITY' } });
    expect(validateDraft([], draft('buy', 'AAA', '1', '-1'))).toMatchObject({ ok: false, error: { code: 'NEGATIVE_PRICE' } });
    expect(validateDraft([], draft('buy', 'AAA', '1', '1', '-0.01'))).toMatchObject({ ok: false, error: { code: 'NEGATIVE_FEES' } });
    expect(validateDraft([], draft('buy', 'AAA', '1', '0'))).toEqual({ ok: true, value: undefined });
  });

  it('allows voiding a trade once, and refuses unknown targets and voids of voids', () => {
    // Prepare
    const entries = ledger().buy('AAA', '1', '10').void(1).entries;
    // Act / Assess
    expect(validateDraft(entries, { kind: 'void', voids: 1 })).toMatchObject({ ok: false, error: { code: 'ALREADY_VOIDED' } });
    expect(validateDraft(entries, { kind: 'void', voids: 2 })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ENTRY' } });
    expect(validateDraft(entries, { kind: 'void', voids: 9 })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ENTRY' } });
    expect(validateDraft(ledger().buy('AAA', '1', '10').entries, { kind: 'void', voids: 1 })).toEqual({ ok: true, value: undefined });
  });

  it('refuses voiding a buy that a later sale depends on, and accepts it once the sale is voided', () => {
    // Prepare
    const withSale = ledger().buy('AAA', '2', '10').sell('AAA', '2', '12');
    // Act
    const refused = validateDraft(withSale.entries, { kind: 'void', voids: 1 });
    const afterUndo = validateDraft(withSale.void(2).entries, { kind: 'void', voids: 1 });
    // Assess
    expect(refused).toMatchObject({ ok: false, error: { code: 'VOID_BREAKS_HISTORY', context: { seq: 1 } } });
    expect(!refused.ok && refused.error.message).toContain('Undo that sale first');
    expect(afterUndo.ok).toBe(true);
  });
});

describe('Function: replay, order and free shares', () => {
  it('replays entries in seq order whatever order the store read them in', () => {
    // Prepare: the sale (seq 2) read before the buy that holds its shares (seq 1)
    const [buy, sale] = ledger().buy('AAA', '2', '10', '0', '2024-01-02T15:00:00Z').sell('AAA', '1', '15', '0', '2024-01-03T15:00:00Z').entries;
    // Act
    const state = replay([sale!, buy!]);
    // Assess
    expect(state.closed.map((c) => c.pnl.toFixed())).toEqual(['5']);
    expect(state.positions.get('AAA')!.quantity.toFixed()).toBe('1');
    expect(effectiveTrades([sale!, buy!]).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('gives a sale of shares that cost nothing a return of 0, not a division by zero', () => {
    // Prepare: shares received for free (price 0, no fees), sold at 5
    const entries = ledger().buy('AAA', '2', '0').sell('AAA', '1', '5').entries;
    // Act
    const [sale] = replay(entries).closed;
    // Assess
    expect(sale!.costOfSold.toFixed()).toBe('0');
    expect(sale!.pnl.toFixed()).toBe('5');
    expect(sale!.returnPct).toBe(0);
  });
});

describe('Function: validateDraft, what the investor reads', () => {
  it('words each refusal of a trade or an undo with the values involved', () => {
    // Prepare
    const held = ledger().buy('AAA', '4', '10').buy('BBB', '1', '5').sell('BBB', '1', '6').void(3);
    // Act / Assess
    expect(validateDraft(held.entries, draft('buy', 'AAA', '1', '10', '0', 'EUR'))).toEqual({
      ok: false,
      error: { code: 'CURRENCY_MISMATCH', message: 'AAA is held in USD; record it in USD, not EUR.', context: { symbol: 'AAA', held: 'USD', given: 'EUR' } },
    });
    expect(validateDraft([], draft('buy', 'AAA', '-2', '10'))).toEqual({
      ok: false,
      error: { code: 'NON_POSITIVE_QUANTITY', message: 'Quantity must be greater than 0 (got -2).', context: { value: '-2' } },
    });
    expect(validateDraft([], draft('buy', 'AAA', '1', '-1.5'))).toEqual({
      ok: false,
      error: { code: 'NEGATIVE_PRICE', message: 'Price cannot be negative (got -1.5).', context: { value: '-1.5' } },
    });
    expect(validateDraft([], draft('buy', 'AAA', '1', '1', '-0.01'))).toEqual({
      ok: false,
      error: { code: 'NEGATIVE_FEES', message: 'Fees cannot be negative (got -0.01).', context: { value: '-0.01' } },
    });
    expect(validateDraft(held.entries, { kind: 'void', voids: 9 })).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_ENTRY', message: 'There is no trade #9 to undo.', context: { seq: 9 } },
    });
    expect(validateDraft(held.entries, { kind: 'void', voids: 3 })).toEqual({
      ok: false,
      error: { code: 'ALREADY_VOIDED', message: 'Trade #3 was already undone.', context: { seq: 3 } },
    });
  });

  it('says which later sale an undo would leave without shares', () => {
    // Prepare
    const entries = ledger().buy('AAA', '2', '10').sell('AAA', '2', '12').entries;
    // Act
    const verdict = validateDraft(entries, { kind: 'void', voids: 1 });
    // Assess
    expect(verdict).toEqual({
      ok: false,
      error: {
        code: 'VOID_BREAKS_HISTORY',
        message: 'Undoing trade #1 would leave a later sale without shares (You cannot sell 2 AAA: you hold 0.) Undo that sale first.',
        context: { seq: 1 },
      },
    });
  });

  it('refuses selling a stock never held, saying the holding is 0', () => {
    // Act
    const verdict = validateDraft(ledger().buy('AAA', '1', '10').entries, draft('sell', 'BBB', '0.5', '10'));
    // Assess
    expect(verdict).toEqual({
      ok: false,
      error: { code: 'INSUFFICIENT_QUANTITY', message: 'You cannot sell 0.5 BBB: you hold 0.', context: { symbol: 'BBB', requested: '0.5', held: '0' } },
    });
  });

  it('refuses an undo of an undo or of a split, which are not the investor\'s trades', () => {
    // Prepare: seq 2 splits AAA, seq 4 undoes seq 3
    const entries: LedgerEntry[] = [
      ...ledger().buy('AAA', '1', '10').split('AAA', 2, 1, '2024-03-01').buy('AAA', '1', '5').entries,
      { kind: 'void', voids: 3, seq: 4, recordedAt: '2024-06-01T00:00:00Z' },
    ];
    // Act / Assess
    expect(validateDraft(entries, { kind: 'void', voids: 2 })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ENTRY', context: { seq: 2 } } });
    expect(validateDraft(entries, { kind: 'void', voids: 4 })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ENTRY', context: { seq: 4 } } });
    expect(validateDraft(entries, { kind: 'void', voids: 1 })).toEqual({ ok: true, value: undefined });
  });
});

describe('Function: recordedFromSameSource', () => {
  // Prepare (shared): one entry from the chat (update 41), one from an import (row r-7), one typed before sources were kept.
  const entries: LedgerEntry[] = [
    { ...ledger().buy('AAA', '1', '10').entries[0]!, updateId: 41 },
    { ...ledger().buy('AAA', '1', '10').buy('BBB', '2', '20').entries[1]!, importId: 'r-7' },
    ledger().buy('AAA', '1', '10').buy('BBB', '2', '20').buy('CCC', '3', '30').entries[2]!,
  ];

  it('finds the entry of a redelivered Telegram update and of a re-imported row', () => {
    // Act / Assess
    expect(recordedFromSameSource(entries, { ...draft('buy', 'ZZZ', '1', '1'), updateId: 41 })?.seq).toBe(1);
    expect(recordedFromSameSource(entries, { ...draft('buy', 'ZZZ', '1', '1'), importId: 'r-7' })?.seq).toBe(2);
  });

  it('finds nothing for a new source, nor for a draft without one, even where entries lack the other kind of source', () => {
    // Act / Assess: an import draft must not match the entries that have no update id, nor a chat draft those without an import id
    expect(recordedFromSameSource(entries, { ...draft('buy', 'AAA', '1', '10'), updateId: 42 })).toBeUndefined();
    expect(recordedFromSameSource(entries, { ...draft('buy', 'AAA', '1', '10'), importId: 'r-8' })).toBeUndefined();
    expect(recordedFromSameSource(entries, draft('buy', 'CCC', '3', '30'))).toBeUndefined();
  });
});

describe('Function: plainTrade', () => {
  it('spells every amount as a plain decimal, never with an exponent, and keeps the other fields', () => {
    // Prepare: amounts big.js would print with an exponent
    const trade = { side: 'sell' as const, symbol: 'AAA', quantity: dec('0.0000001'), price: dec('12345678901234567890123'), fees: dec('1e-9'), currency: 'EUR', executedAt: '2024-02-01T15:00:00Z' };
    // Act
    const plain = plainTrade(trade);
    // Assess
    expect(plain).toEqual({ side: 'sell', symbol: 'AAA', quantity: '0.0000001', price: '12345678901234567890123', fees: '0.000000001', currency: 'EUR', executedAt: '2024-02-01T15:00:00Z' });
  });
});
