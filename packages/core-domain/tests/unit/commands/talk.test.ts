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
