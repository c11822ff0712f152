import { countTokens } from '@anthropic-ai/tokenizer';
import { buildDailyBrief, dec, DEFAULT_RULES, replay, RulesSchema, type LedgerEntry, type Quote } from '@tradebot/core-domain';
import { buildPrompt, buildUserPrompt, SYSTEM_PROMPT } from '../../src';
import { referenceBrief, referenceLedger, referenceQuotes, referenceScan } from '../helpers/reference-brief';

describe('Function: buildUserPrompt', () => {
  it('lists every position, the alerts and the candidates of a known portfolio, without blacklisted symbols', () => {
    // Prepare
    const brief = referenceBrief();

    // Act
    const user = buildUserPrompt(brief, 200);

    // Assess
    expect(user).toContain('A PFE stop loss -12.6 (-8)');
    expect(user).toContain('A NVDA take profit 33.9 (25)');
    expect(user.match(/^A /gm)).toHaveLength(4);
    expect(user).toContain('P NVDA 20 98.4 131.7 34 2.2 13');
    expect(user.match(/^P /gm)).toHaveLength(10);
    expect(user.match(/^C /gm)).toHaveLength(10);
    expect(user).toContain('C INTC Tech 21.43 49 151 6');
    expect(user).not.toMatch(/^C (WBA|MRNA) /m); // blacklisted
    expect(user).not.toMatch(/^C (PFE|XOM) /m); // already held
    expect(user).toContain('N INTC Friend says foundry deal news is due in December.');
    expect(user).toContain('at most 200 words');
  });

  it('asks for Spanish and the configured word limit when the rules say so', () => {
    // Prepare
    const rules = RulesSchema.parse({ language: 'es', analysis: { wordLimit: 120 } });
    const brief = referenceBrief('2026-11-21', rules);

    // Act
    const user = buildUserPrompt(brief, rules.analysis.wordLimit);

    // Assess
    expect(user).toContain('Answer in Spanish, at most 120 words.');
    expect(user.startsWith('H 2026-11-21\nT USD mv ')).toBe(true);
  });

  it('says there is nothing rather than leaving sections out when the portfolio is empty and no scan ran', () => {
    // Prepare
    const brief = buildDailyBrief({ date: '2026-11-21', rules: DEFAULT_RULES, ledger: replay([]), quotes: new Map(), blacklist: [], tips: [], scan: null });

    // Act
    const user = buildUserPrompt(brief, 200);

    // Assess
    expect(user).toContain('P none');
    expect(user).toContain('A none');
    expect(user).toContain('C none');
  });

  it('marks positions without a price as unknown and names them', () => {
    // Prepare
    const quotes = referenceQuotes();
    quotes.delete('KO');
    const brief = buildDailyBrief({ date: '2026-11-21', rules: DEFAULT_RULES, ledger: referenceLedger(), quotes, blacklist: [], tips: [], scan: referenceScan() });

    // Act
    const user = buildUserPrompt(brief, 200);

    // Assess
    expect(user).toMatch(/^P KO 30 60\.1 - - - \d+$/m);
    expect(user).toContain('A no price today for KO');
  });

  it('gives a total per currency with that currency\'s positions under it, never one sum labelled with the base currency', () => {
    // Prepare: 10 AAA at 110 USD and 100 SAN.MC at 5 EUR; base currency USD
    const entries = [
      { symbol: 'AAA', quantity: '10', price: '100', currency: 'USD' },
      { symbol: 'SAN.MC', quantity: '100', price: '4', currency: 'EUR' },
    ].map(({ symbol, quantity, price, currency }, i): LedgerEntry => ({
      kind: 'trade',
      seq: i + 1,
      recordedAt: '2026-11-02T15:00:00.000Z',
      trade: { side: 'buy', symbol, quantity: dec(quantity), price: dec(price), fees: dec(0), currency, executedAt: '2026-11-02T15:00:00.000Z' },
    }));
    const quotes = new Map<string, Quote>([
      ['AAA', { symbol: 'AAA', price: dec('110'), previousClose: dec('100'), currency: 'USD', asOf: '2026-11-20T21:00:00.000Z' }],
      ['SAN.MC', { symbol: 'SAN.MC', price: dec('5'), previousClose: dec('4.5'), currency: 'EUR', asOf: '2026-11-20T21:00:00.000Z' }],
    ]);
    const brief = buildDailyBrief({ date: '2026-11-21', rules: DEFAULT_RULES, ledger: replay(entries), quotes, blacklist: [], tips: [], scan: null });

    // Act
    const user = buildUserPrompt(brief, 200);

    // Assess
    expect(user.split('\n').slice(0, 5)).toEqual([
      'H 2026-11-21',
      'T EUR mv 500 day 50 (11.1) unr 100 (25)',
      'P SAN.MC 100 4 5 25 11.1 100',
      'T USD mv 1100 day 100 (10) unr 100 (10)',
      'P AAA 10 100 110 10 10 100',
    ]);
    expect(user).not.toContain('1600');
  });

  it('tells the model when the prices are simulated, and says nothing of it otherwise', () => {
    // Prepare
    const brief = referenceBrief();

    // Act
    const simulated = buildUserPrompt({ ...brief, pricesSimulated: true }, 200);
    const real = buildUserPrompt(brief, 200);

    // Assess
    expect(simulated).toContain('\nPrices are simulated test data, not market data: say so in one line.\n');
    expect(real).not.toContain('simulated');
  });
});

describe('Function: buildPrompt', () => {
  it('keeps the system prompt identical whatever the brief, so it can be cached', () => {
    // Prepare
    const a = referenceBrief('2026-11-21');
    const b = referenceBrief('2026-11-22', RulesSchema.parse({ language: 'es' }));

    // Act
    const first = buildPrompt({ brief: a, wordLimit: 200, maxTokens: 1000 });
    const second = buildPrompt({ brief: b, wordLimit: 50, maxTokens: 300 });

    // Assess
    expect(first.system).toBe(SYSTEM_PROMPT);
    expect(second.system).toBe(first.system);
    expect(second.user).not.toBe(first.user);
  });

  it('fits the reference portfolio (10 positions, 10 candidates) in 600 input tokens', () => {
    // Prepare
    const prompt = buildPrompt({ brief: referenceBrief(), wordLimit: 200, maxTokens: 1000 });

    // Act
    const tokens = countTokens(prompt.system) + countTokens(prompt.user);

    // Assess
    expect(tokens).toBeLessThanOrEqual(600);
  });
});
