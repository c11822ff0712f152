import { dec } from '../../../src/decimal';
import { replay } from '../../../src/ledger';
import {
  intentFromToolCall,
  intentToToolInput,
  localDay,
  readPlainTrade,
  resolveIntentDate,
  resolveTradeIntent,
  tradeCommandText,
  type TalkContext,
  type ToolCall,
} from '../../../src/commands/talk';
import type { LedgerEntry } from '../../../src/types/trading';
import fixture from '../../fixtures/talk-phrasings.json';

interface Phrasing {
  readonly text: string;
  readonly language: 'en' | 'es';
  readonly expect: string | { readonly question: string };
  readonly model?: ToolCall;
}

/** The fixture's holdings as a ledger of buys. */
function contextOf(holdings: Record<string, string>, today: string): TalkContext {
  const entries: LedgerEntry[] = Object.entries(holdings).map(([symbol, quantity], index) => ({
    kind: 'trade',
    seq: index + 1,
    recordedAt: '2026-01-02T15:00:00.000Z',
    trade: { side: 'buy', symbol, quantity: dec(quantity), price: dec(100), fees: dec(0), currency: symbol.endsWith('.MC') ? 'EUR' : 'USD', executedAt: '2026-01-02T15:00:00.000Z' },
  }));
  return { state: replay(entries), today };
}

/** What the pipeline answers for one phrasing: the command text, or `?kind` for a question. */
function understood(phrasing: Phrasing, context: TalkContext): string {
  const read = readPlainTrade(phrasing.text);
  const intent = read ? { ok: true as const, value: read } : intentFromToolCall(phrasing.model ?? null);
  if (!intent.ok) return `?${intent.error.kind}`;
  const resolved = resolveTradeIntent(intent.value, context);
  return resolved.ok ? tradeCommandText(resolved.value) : `?${resolved.error.kind}`;
}

const expected = (phrasing: Phrasing): string => (typeof phrasing.expect === 'string' ? phrasing.expect : `?${phrasing.expect.question}`);

describe('Function: readPlainTrade and resolveTradeIntent', () => {
  const phrasings = fixture.phrasings as Phrasing[];
  const context = contextOf(fixture.holdings, fixture.today);

  it('has at least 60 phrasings in both languages', () => {
    // Assess
    expect(phrasings.length).toBeGreaterThanOrEqual(60);
    expect(phrasings.filter((p) => p.language === 'es').length).toBeGreaterThanOrEqual(25);
    expect(phrasings.filter((p) => p.language === 'en').length).toBeGreaterThanOrEqual(25);
  });

  it.each(phrasings.filter((p) => !p.model).map((p) => [p.text, p]))('reads the simple form "%s" without a model', (_text, phrasing) => {
    // Act / Assess
    expect(readPlainTrade(phrasing.text)).not.toBeNull();
    expect(understood(phrasing, context)).toBe(expected(phrasing));
  });

  it.each(phrasings.filter((p) => p.model).map((p) => [p.text, p]))('leaves "%s" to the model and validates its proposal', (_text, phrasing) => {
    // Act / Assess: the reader never guesses a name or an unusual order.
    expect(readPlainTrade(phrasing.text)).toBeNull();
    expect(understood(phrasing, context)).toBe(expected(phrasing));
  });

  it('resolves "half" of an odd holding as an exact decimal', () => {
    // Prepare
    const odd = contextOf({ NVDA: '7' }, '2026-11-26');
    // Act
    const resolved = resolveTradeIntent(readPlainTrade('sold half my NVDA at 140')!, odd);
    // Assess
    expect(resolved.ok && tradeCommandText(resolved.value)).toBe('/sell NVDA 3.5 140');
  });

  it('counts "last Friday" back from a Friday a whole week, and from a Monday three days', () => {
    // Act / Assess
    expect(resolveIntentDate({ kind: 'last-weekday', weekday: 5 }, '2026-11-27')).toBe('2026-11-20');
    expect(resolveIntentDate({ kind: 'last-weekday', weekday: 5 }, '2026-11-30')).toBe('2026-11-27');
    expect(resolveIntentDate({ kind: 'yesterday' }, '2026-03-01')).toBe('2026-02-28');
  });

  it('names the local day in the rules time zone, not the UTC day', () => {
    // Act / Assess: 23:30 UTC on the 26th is already the 27th in Madrid, still the 26th in New York.
    expect(localDay(new Date('2026-11-26T23:30:00Z'), 'Europe/Madrid')).toBe('2026-11-27');
    expect(localDay(new Date('2026-11-26T23:30:00Z'), 'America/New_York')).toBe('2026-11-26');
  });

  it('keeps a proposal as a tool input that reads back to the same trade, the relative date anchored', () => {
    // Prepare
    const intent = readPlainTrade('vendí la mitad de mis NVDA a 150 ayer')!;
    // Act
    const stored = intentToToolInput(intent, '2026-11-26');
    const again = intentFromToolCall({ name: 'propose_trade', input: stored });
    // Assess
    expect(stored).toEqual({ side: 'sell', ticker: 'NVDA', quantity: 'half', price: '150', fees: null, date: '2026-11-25' });
    expect(again.ok && resolveTradeIntent(again.value, { ...context, today: '2026-11-28' })).toMatchObject({ ok: true, value: { date: '2026-11-25' } });
  });

  it('refuses a tool call with extra or missing fields, or an unknown tool, as not understood', () => {
    // Act / Assess
    expect(intentFromToolCall({ name: 'propose_trade', input: { side: 'buy', ticker: 'AAPL', quantity: '1' } })).toMatchObject({ ok: false, error: { kind: 'not-a-trade' } });
    expect(
      intentFromToolCall({ name: 'propose_trade', input: { side: 'buy', ticker: 'AAPL', quantity: '1', price: '1', fees: null, date: null, account: 'x' } }),
    ).toMatchObject({ ok: false, error: { kind: 'not-a-trade' } });
    expect(intentFromToolCall({ name: 'delete_everything', input: {} })).toMatchObject({ ok: false, error: { kind: 'not-a-trade' } });
    expect(intentFromToolCall(null)).toMatchObject({ ok: false, error: { kind: 'not-a-trade' } });
    expect(
      intentFromToolCall({ name: 'propose_trade', input: { side: 'buy', ticker: 'AAPL', quantity: '-3', price: '1', fees: null, date: null } }),
    ).toMatchObject({ ok: false, error: { kind: 'missing-quantity' } });
  });
});

describe("Function: intentFromToolCall (Claude's tool call, checked field by field)", () => {
  const propose = (input: Record<string, unknown>, name = 'propose_trade'): ToolCall => ({ name, input: { side: 'buy', ticker: 'AAPL', quantity: '10', price: '180', fees: null, date: null, ...input } });
  const ask = (input: Record<string, unknown>): ToolCall => ({ name: 'ask_user', input });

  it('reads a complete proposal, a fee of zero included', () => {
    // Act
    const read = intentFromToolCall(propose({ fees: '0', date: '2026-11-20' }));
    // Assess
    expect(read).toEqual({ ok: true, value: { side: 'buy', symbol: 'AAPL', quantity: { kind: 'exact', value: dec(10) }, price: dec(180), fees: dec(0), date: { kind: 'day', day: '2026-11-20' } } });
  });

  it("refuses a proposal's fields under any other tool's name, and an input that is null or missing", () => {
    // Act / Assess
    expect(intentFromToolCall(propose({}, 'record_trade'))).toEqual({ ok: false, error: { kind: 'not-a-trade' } });
    expect(intentFromToolCall({ name: 'propose_trade', input: null })).toEqual({ ok: false, error: { kind: 'not-a-trade' } });
    expect(intentFromToolCall({ name: 'propose_trade', input: undefined })).toEqual({ ok: false, error: { kind: 'not-a-trade' } });
  });

  it('refuses a side other than buy or sell, a ticker that is not text, and a field that is neither text nor null', () => {
    // Act / Assess
    expect(intentFromToolCall(propose({ side: 'short' }))).toEqual({ ok: false, error: { kind: 'not-a-trade' } });
    expect(intentFromToolCall(propose({ ticker: 7 }))).toEqual({ ok: false, error: { kind: 'not-a-trade' } });
    expect(intentFromToolCall(propose({ ticker: null }))).toEqual({ ok: false, error: { kind: 'not-a-trade' } });
    expect(intentFromToolCall(propose({ quantity: 10 }))).toEqual({ ok: false, error: { kind: 'not-a-trade' } });
  });

  it('asks for the quantity or the price when the model gives one that is not a positive amount, naming the ticker as typed when it is no ticker', () => {
    // Act / Assess
    expect(intentFromToolCall(propose({ ticker: 'aapl', quantity: '0' }))).toEqual({ ok: false, error: { kind: 'missing-quantity', symbol: 'AAPL', side: 'buy' } });
    expect(intentFromToolCall(propose({ ticker: '???', quantity: 'lots' }))).toEqual({ ok: false, error: { kind: 'missing-quantity', symbol: '???', side: 'buy' } });
    expect(intentFromToolCall(propose({ side: 'sell', ticker: 'msft', price: 'cheap' }))).toEqual({ ok: false, error: { kind: 'missing-price', symbol: 'MSFT', side: 'sell' } });
    expect(intentFromToolCall(propose({ ticker: '???', price: '-5' }))).toEqual({ ok: false, error: { kind: 'missing-price', symbol: '???', side: 'buy' } });
  });

  it('leaves an empty quantity unset, to be asked when the trade is resolved', () => {
    // Act
    const read = intentFromToolCall(propose({ quantity: '' }));
    // Assess
    expect(read).toMatchObject({ ok: true, value: { quantity: null } });
  });

  it('reads only the relative dates it defines, whole, and refuses any other date text', () => {
    // Act / Assess
    expect(intentFromToolCall(propose({ date: 'last-friday' }))).toMatchObject({ ok: true, value: { date: { kind: 'last-weekday', weekday: 5 } } });
    expect(intentFromToolCall(propose({ date: 'yesterday' }))).toMatchObject({ ok: true, value: { date: { kind: 'yesterday' } } });
    for (const date of ['xlast-friday', 'last-friday2', 'last-someday', 'soon', '2026-02-30']) {
      expect(intentFromToolCall(propose({ date }))).toEqual({ ok: false, error: { kind: 'not-a-trade' } });
    }
  });

  it("turns ask_user into the question it names, its text cut to 40 characters, and an unknown reason into not understood", () => {
    // Act / Assess
    expect(intentFromToolCall(ask({ reason: 'unclear-ticker', text: 'the company that makes the phones and the watches' }))).toEqual({
      ok: false,
      error: { kind: 'unclear-ticker', text: 'the company that makes the phones and th' },
    });
    expect(intentFromToolCall(ask({ reason: 'unclear-ticker' }))).toEqual({ ok: false, error: { kind: 'unclear-ticker', text: '' } });
    expect(intentFromToolCall(ask({ reason: 'missing-quantity', text: 'nvda' }))).toEqual({ ok: false, error: { kind: 'missing-quantity', symbol: 'NVDA' } });
    expect(intentFromToolCall(ask({ reason: 'missing-quantity', text: 'those shares' }))).toEqual({ ok: false, error: { kind: 'missing-quantity', symbol: 'those shares' } });
    expect(intentFromToolCall(ask({ reason: 'missing-price', text: 'tsla' }))).toEqual({ ok: false, error: { kind: 'missing-price', symbol: 'TSLA' } });
    expect(intentFromToolCall(ask({ reason: 'missing-price', text: 'it' }))).toEqual({ ok: false, error: { kind: 'missing-price', symbol: 'IT' } });
    expect(intentFromToolCall(ask({ reason: 'something else', text: 'AAPL' }))).toEqual({ ok: false, error: { kind: 'not-a-trade' } });
  });

  it('keeps a proposal without a quantity as a tool input without one', () => {
    // Act
    const stored = intentToToolInput({ side: 'buy', symbol: 'AAPL', quantity: null, price: null, fees: null, date: null }, '2026-11-26');
    // Assess
    expect(stored).toEqual({ side: 'buy', ticker: 'AAPL', quantity: null, price: null, fees: null, date: null });
  });
});

describe('Function: resolveTradeIntent (what is missing is asked, never guessed)', () => {
  const context = contextOf({ KO: '30' }, '2026-11-26');
  const intent = { side: 'buy' as const, symbol: 'AAPL', quantity: { kind: 'exact' as const, value: dec(10) }, price: dec(180), fees: null, date: null };

  it('asks for the ticker when it is blank, and quotes at most 40 characters of one it cannot read', () => {
    // Act / Assess
    expect(resolveTradeIntent({ ...intent, symbol: '   ' }, context)).toEqual({ ok: false, error: { kind: 'missing-ticker' } });
    expect(resolveTradeIntent({ ...intent, symbol: 'the shares of that big phone company I like' }, context)).toEqual({
      ok: false,
      error: { kind: 'unclear-ticker', text: 'the shares of that big phone company I l' },
    });
  });

  it('asks for the quantity when there is none, naming the ticker and the side', () => {
    // Act / Assess
    expect(resolveTradeIntent({ ...intent, side: 'sell', symbol: 'ko', quantity: null }, context)).toEqual({ ok: false, error: { kind: 'missing-quantity', symbol: 'KO', side: 'sell' } });
  });
});
