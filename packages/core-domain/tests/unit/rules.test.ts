import { dec } from '../../src/decimal';
import { checkTradeLimits, DEFAULT_RULES, findRuleKey, parseRules, RULE_GROUPS, RULE_KEYS, ruleAt, ruleValueFromText, withoutRule, withRule } from '../../src/rules';

describe('Function: parseRules', () => {
  it('names each field at fault in words, in English or Spanish', () => {
    // Prepare
    const document = { stopLossPct: 500, language: 'fr', analysis: { time: '25:00', typo: 1 } };
    // Act
    const en = parseRules(document);
    const es = parseRules(document, 'es');
    // Assess
    expect(en.ok).toBe(false);
    if (en.ok || es.ok) return;
    expect(en.issues).toEqual([
      { path: 'stopLossPct', message: 'must be at most 100' },
      { path: 'language', message: 'must be one of en, es' },
      { path: 'analysis.time', message: 'must be a time HH:MM, 24-hour, such as 08:00' },
      { path: 'analysis.typo', message: 'is not a rule' },
    ]);
    expect(en.error).toBe('stopLossPct: must be at most 100; language: must be one of en, es; analysis.time: must be a time HH:MM, 24-hour, such as 08:00; analysis.typo: is not a rule');
    expect(es.issues.map((i) => i.message)).toEqual(['debe ser como máximo 100', 'debe ser uno de en, es', 'debe ser una hora HH:MM de 24 horas, como 08:00', 'no es una regla']);
  });

  it('words every kind of fault: a minimum, a whole number, a number, text, a group, a format, an unknown rule, the whole file', () => {
    // Prepare
    const document = { scan: { minPrice: -1, topN: 2.5 }, stopLossPct: 'ten', baseCurrency: 5, analysis: 7, typo: true };
    // Act
    const en = parseRules(document);
    const es = parseRules(document, 'es');
    const notObject = parseRules(42, 'es');
    const badFormat = parseRules({ baseCurrency: 'usd' }, 'es');
    // Assess
    if (en.ok || es.ok || notObject.ok || badFormat.ok) throw new Error('expected refusals');
    expect(en.issues).toEqual([
      { path: 'stopLossPct', message: 'must be a number' },
      { path: 'baseCurrency', message: 'must be text' },
      { path: 'analysis', message: 'must be a group of rules ({...})' },
      { path: 'scan.minPrice', message: 'must be at least 0' },
      { path: 'scan.topN', message: 'must be a whole number' },
      { path: 'typo', message: 'is not a rule' },
    ]);
    expect(es.issues.map((i) => i.message)).toEqual([
      'debe ser un número',
      'debe ser un texto',
      'debe ser un grupo de reglas ({...})',
      'debe ser como mínimo 0',
      'debe ser un número entero',
      'no es una regla',
    ]);
    expect(notObject.issues).toEqual([{ path: '(root)', message: 'debe ser un grupo de reglas ({...})' }]);
    expect(badFormat.issues).toEqual([{ path: 'baseCurrency', message: 'debe ser un código de moneda ISO de 3 letras, como USD' }]);
    expect(parseRules({ maxTradeValue: 0 }, 'es')).toMatchObject({ ok: false, error: 'maxTradeValue: debe ser mayor que 0' });
  });

  it('refuses a time zone the runtime does not know (it would stop the morning job)', () => {
    expect(parseRules({ analysis: { timezone: 'America/New_York' } }).ok).toBe(true);
    expect(parseRules({ analysis: { timezone: 'Mars/Olympus' } })).toMatchObject({ ok: false, error: 'analysis.timezone: must be an IANA time zone such as Europe/Madrid' });
  });

  it('compares with SPY by default and takes any Yahoo ticker as the benchmark, never an index', () => {
    expect(DEFAULT_RULES.benchmark).toBe('SPY');
    expect(parseRules({ benchmark: 'QQQ' })).toMatchObject({ ok: true, value: { benchmark: 'QQQ' } });
    expect(parseRules({ benchmark: 'IWDA.AS' }).ok).toBe(true);
    expect(parseRules({ benchmark: '^GSPC' })).toMatchObject({ ok: false, error: 'benchmark: must be a ticker in Yahoo style such as SPY or QQQ' });
    // Stored in Yahoo's spelling only: a lower-case ticker in the file is refused, not guessed.
    expect(parseRules({ benchmark: 'spy' }).ok).toBe(false);
  });

  it('has per-trade limits of a million shares and a million in the base currency by default', () => {
    expect([DEFAULT_RULES.maxTradeQuantity, DEFAULT_RULES.maxTradeValue]).toEqual([1_000_000, 1_000_000]);
    expect(parseRules({ maxTradeQuantity: 0 })).toMatchObject({ ok: false, error: 'maxTradeQuantity: must be greater than 0' });
  });
});

describe('Constant: RULE_KEYS', () => {
  it('lists every rule by its dotted path in schema order, and the groups apart', () => {
    expect(RULE_KEYS.slice(0, 9)).toEqual(['stopLossPct', 'takeProfitPct', 'maxPositionWeightPct', 'maxOpenPositions', 'maxTradeQuantity', 'maxTradeValue', 'baseCurrency', 'language', 'benchmark']);
    expect(RULE_KEYS).toContain('analysis.time');
    expect(RULE_KEYS).toContain('scan.topN');
    expect(RULE_GROUPS).toEqual(['analysis', 'scan']);
    for (const key of RULE_KEYS) expect(ruleAt(DEFAULT_RULES, key)).not.toBeUndefined();
  });
});

describe('Functions: findRuleKey, ruleValueFromText, withRule, withoutRule', () => {
  it('finds a rule in any case and types a value by its default', () => {
    expect(findRuleKey('SCAN.TOPN')).toBe('scan.topN');
    expect(findRuleKey('nope')).toBeUndefined();
    expect(ruleValueFromText('stopLossPct', '7,5')).toBe(7.5);
    expect(ruleValueFromText('stopLossPct', 'seven')).toBeNull();
    expect(ruleValueFromText('baseCurrency', 'eur')).toBe('EUR');
    expect(ruleValueFromText('benchmark', 'brk.b')).toBe('BRK-B');
    expect(ruleValueFromText('benchmark', '^gspc')).toBe('^gspc');
    expect(ruleValueFromText('analysis.timezone', 'America/New_York')).toBe('America/New_York');
    expect(ruleValueFromText('language', 'ES')).toBe('es');
    expect(ruleValueFromText('analysis.time', '7:30')).toBe('7:30');
    expect(ruleValueFromText('analysis.timezone', 'utc')).toBe('utc');
  });

  it('reads a rule only where the document has it, never through a value that is not a group', () => {
    // Prepare
    const document = { language: 'es', analysis: 5, scan: { topN: 10 } };
    // Act / Assess
    expect(ruleAt(document, 'scan.topN')).toBe(10);
    expect(ruleAt(document, 'analysis.time')).toBeUndefined();
    expect(ruleAt(document, 'language.length')).toBeUndefined();
    expect(ruleAt({ scan: null }, 'scan.topN')).toBeUndefined();
    expect(ruleAt(document, 'toString')).toBeUndefined();
  });

  it('sets a rule inside a group the document had as a plain value, and removes nothing through one', () => {
    // Prepare
    const document = { analysis: 5, scan: ['x'] };
    // Act
    const set = withRule(document, 'analysis.time', '07:00');
    const intoList = withRule(document, 'scan.topN', 5);
    const removed = withoutRule(document, 'analysis.time');
    const removedFromList = withoutRule(document, 'scan.topN');
    // Assess
    expect(set).toEqual({ analysis: { time: '07:00' }, scan: ['x'] });
    expect(intoList).toEqual({ analysis: 5, scan: { topN: 5 } });
    expect(removed).toBe(document);
    expect(removedFromList).toBe(document);
    expect(withoutRule({ analysis: { time: '07:00', wordLimit: 100 } }, 'analysis.time')).toEqual({ analysis: { wordLimit: 100 } });
  });

  it('sets and removes a rule in a copy of the document, keeping the rest as written', () => {
    // Prepare
    const document = { language: 'es', analysis: { time: '07:00' } };
    // Act
    const set = withRule(document, 'analysis.wordLimit', 150);
    const removed = withoutRule(withoutRule(set, 'analysis.time'), 'analysis.wordLimit');
    const missing = withoutRule(document, 'scan.topN');
    // Assess
    expect(set).toEqual({ language: 'es', analysis: { time: '07:00', wordLimit: 150 } });
    expect(document).toEqual({ language: 'es', analysis: { time: '07:00' } });
    expect(removed).toEqual({ language: 'es' });
    expect(missing).toBe(document);
  });
});

describe('Function: checkTradeLimits', () => {
  const trade = (quantity: string, price: string, currency = 'USD') => ({ quantity: dec(quantity), price: dec(price), currency });

  it('lets a trade up to the limits through and names the limit a larger one passes', () => {
    // Act / Assess
    expect(checkTradeLimits(trade('1000000', '1'), DEFAULT_RULES)).toBeNull();
    expect(checkTradeLimits(trade('1000', '1000'), DEFAULT_RULES)).toBeNull();
    expect(checkTradeLimits(trade('1000', '1000.01'), DEFAULT_RULES)).toEqual({ rule: 'maxTradeValue', limit: 1_000_000, actual: dec('1000010'), currency: 'USD' });
    expect(checkTradeLimits(trade('1000000.5', '0.01'), DEFAULT_RULES)).toMatchObject({ rule: 'maxTradeQuantity', limit: 1_000_000 });
    expect(checkTradeLimits(trade('100', '18250'), DEFAULT_RULES)).toEqual({ rule: 'maxTradeValue', limit: 1_000_000, actual: dec('1825000'), currency: 'USD' });
  });

  it('compares the value only for trades in the base currency (there is no FX)', () => {
    expect(checkTradeLimits(trade('1000', '2500', 'JPY'), DEFAULT_RULES)).toBeNull();
    expect(checkTradeLimits(trade('1000', '2500', 'JPY'), { ...DEFAULT_RULES, baseCurrency: 'JPY' })).toMatchObject({ rule: 'maxTradeValue' });
  });
});
