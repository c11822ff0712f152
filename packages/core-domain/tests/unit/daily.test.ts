import { addUsd, buildDailyBrief, dec, DEFAULT_RULES, describeBrief, replay, RulesSchema, summariseBrief, type ChatLessons, type LedgerEntry, type LedgerState, type Quote, type ScanRow, type ScanSummary } from '../../src';

/** A ledger holding one buy per [symbol, quantity, price, currency (USD when left out)]. */
const ledger = (...buys: [string, string, string, string?][]): LedgerState =>
  replay(
    buys.map(([symbol, qty, price, currency = 'USD'], i): LedgerEntry => ({
      kind: 'trade',
      seq: i + 1,
      recordedAt: '2026-01-05T15:00:00.000Z',
      trade: { side: 'buy', symbol, quantity: dec(qty), price: dec(price), fees: dec(0), currency, executedAt: '2026-01-05T15:00:00.000Z' },
    })),
  );
const quote = (symbol: string, price: string, previousClose?: string, currency = 'USD'): Quote => ({
  symbol,
  price: dec(price),
  currency,
  asOf: '2026-11-20T21:00:00.000Z',
  ...(previousClose ? { previousClose: dec(previousClose) } : {}),
});
const row = (rank: number, symbol: string): ScanRow => ({
  rank,
  symbol,
  name: `${symbol} Inc.`,
  sector: 'Industrials',
  lastClose: 50,
  lastDate: '2026-11-20',
  peakClose: 80,
  peakDate: '2026-06-01',
  drawdownPct: 37.5,
  daysSincePeak: 172,
  lowClose: 45,
  aboveLowPct: 11.11,
  avgVolume20: 1e6,
});
const scan = (symbols: string[]): ScanSummary => ({
  date: '2026-11-20',
  generatedAt: '2026-11-20T11:00:00.000Z',
  lookbackDays: 180,
  universeSize: 1000,
  scanned: 1000,
  failed: 0,
  skipped: 0,
  durationMs: 1,
  csvKey: 'scans/drawdown/2026-11-20.csv',
  top: symbols.map((s, i) => row(i + 1, s)),
  failures: [],
});

describe('Function: buildDailyBrief', () => {
  it('totals the day change and unrealized P&L exactly from quantities and prices', () => {
    // Prepare
    const held = ledger(['AAA', '10', '100'], ['BBB', '3', '20']);
    const quotes = new Map([
      ['AAA', quote('AAA', '110', '105')],
      ['BBB', quote('BBB', '19.9', '20.1')],
    ]);

    // Act
    const brief = buildDailyBrief({ date: '2026-11-21', rules: DEFAULT_RULES, ledger: held, quotes, blacklist: [], tips: [], scan: null });

    // Assess: day = 10x5 + 3x(-0.2) = 49.40; value 1159.70; cost 1060
    expect(brief.portfolio.totals).toHaveLength(1);
    const [usd] = brief.portfolio.totals;
    expect(usd).toMatchObject({ currency: 'USD', positions: 2, dayChange: '49.40', marketValue: '1159.70', costBasis: '1060.00', unrealizedPnl: '99.70' });
    expect(usd!.dayChangePct).toBeCloseTo(4.45, 2); // 49.4 / 1110.3
    expect(brief.portfolio.weightRuleChecked).toBe(true);
    expect(brief.portfolio.positions.find((p) => p.symbol === 'AAA')).toMatchObject({ pnlPct: 10, dayChangePct: 4.76, weightPct: 94.85 });
  });

  it('keeps candidates in scan order, leaving out blacklisted and held symbols, up to the configured count', () => {
    // Prepare
    const rules = RulesSchema.parse({ analysis: { candidates: 3 } });

    // Act
    const brief = buildDailyBrief({
      date: '2026-11-21',
      rules,
      ledger: ledger(['HELD', '1', '10']),
      quotes: new Map(),
      blacklist: ['nope'],
      tips: [{ id: 1, symbol: 'C2', text: 'watch this', createdAt: '2026-11-01T00:00:00.000Z' }],
      scan: scan(['C1', 'NOPE', 'HELD', 'C2', 'C3', 'C4']),
    });

    // Assess
    expect(brief.candidates.map((c) => c.symbol)).toEqual(['C1', 'C2', 'C3']);
    expect(brief.candidates[1]!.tip).toBe('watch this');
    expect(brief.scanDate).toBe('2026-11-20');
  });

  it('lists positions without a quote as unpriced and counts them at cost', () => {
    // Act
    const brief = buildDailyBrief({
      date: '2026-11-21',
      rules: DEFAULT_RULES,
      ledger: ledger(['AAA', '1', '10'], ['ZZZ', '5', '10']),
      quotes: new Map([['AAA', quote('AAA', '12')]]),
      blacklist: [],
      tips: [],
      scan: null,
    });

    // Assess
    expect(brief.portfolio.unpriced).toEqual(['ZZZ']);
    expect(brief.portfolio.totals[0]!.marketValue).toBe('62.00');
    expect(brief.portfolio.positions.find((p) => p.symbol === 'ZZZ')).toMatchObject({ price: null, marketValue: null, pnlPct: null });
    expect(brief.portfolio.totals[0]).toMatchObject({ dayChange: null, dayChangePct: null });
  });

  it('says the prices are simulated when a quote valuing a position is, and only then', () => {
    // Prepare
    const held = ledger(['AAA', '10', '100']);
    const simulatedQuote = { ...quote('AAA', '110'), simulated: true };
    const input = { date: '2026-11-21', rules: DEFAULT_RULES, ledger: held, blacklist: [], tips: [], scan: null };

    // Act
    const simulated = buildDailyBrief({ ...input, quotes: new Map([['AAA', simulatedQuote]]) });
    const real = buildDailyBrief({ ...input, quotes: new Map([['AAA', quote('AAA', '110')]]) });
    const unused = buildDailyBrief({ ...input, quotes: new Map([['AAA', quote('AAA', '110')], ['ZZZ', { ...quote('ZZZ', '5'), simulated: true }]]) });

    // Assess
    expect(simulated.pricesSimulated).toBe(true);
    expect(real.pricesSimulated).toBeUndefined();
    expect(unused.pricesSimulated).toBeUndefined();
  });

  it('carries the rule alerts of the portfolio into the brief', () => {
    // Act
    const brief = buildDailyBrief({
      date: '2026-11-21',
      rules: RulesSchema.parse({ maxPositionWeightPct: 100 }),
      ledger: ledger(['DOWN', '10', '100'], ['UP', '1', '100']),
      quotes: new Map([
        ['DOWN', quote('DOWN', '90')],
        ['UP', quote('UP', '130')],
      ]),
      blacklist: [],
      tips: [],
      scan: null,
    });

    // Assess
    expect(brief.alerts.map((a) => [a.kind, a.symbol])).toEqual([
      ['stop_loss', 'DOWN'],
      ['take_profit', 'UP'],
    ]);
    expect(brief.alerts[0]).toMatchObject({ measured: -10, threshold: -8 });
  });

  it('totals a USD and EUR portfolio per currency, values nothing at a price in another currency, and leaves the weight rule unchecked', () => {
    // Prepare: USD 10 x 110 + 3 x 100; EUR 100 x 5. A USD quote for the EUR listing BMW.DE is ignored.
    const held = ledger(['AAA', '10', '100'], ['BBB', '3', '100'], ['SAN.MC', '100', '4', 'EUR'], ['BMW.DE', '1', '90', 'EUR']);
    const quotes = new Map([
      ['AAA', quote('AAA', '110', '100')],
      ['BBB', quote('BBB', '100')],
      ['SAN.MC', quote('SAN.MC', '5', '4.5', 'EUR')],
      ['BMW.DE', quote('BMW.DE', '95', '90', 'USD')],
    ]);

    // Act
    const brief = buildDailyBrief({ date: '2026-11-21', rules: DEFAULT_RULES, ledger: held, quotes, blacklist: [], tips: [], scan: null });

    // Assess
    expect(brief.portfolio.totals.map((t) => [t.currency, t.positions, t.marketValue, t.unrealizedPnl, t.dayChange])).toEqual([
      ['EUR', 2, '590.00', '100.00', '50.00'],
      ['USD', 2, '1400.00', '100.00', '100.00'],
    ]);
    expect(brief.portfolio.unpriced).toEqual(['BMW.DE']);
    // SAN.MC is 500 of 590 EUR and AAA 1100 of 1400 USD: over the 20% default, yet no overweight
    // alert, since a share of the whole portfolio needs exchange rates.
    expect(brief.portfolio.weightRuleChecked).toBe(false);
    expect(brief.alerts.map((a) => a.kind)).not.toContain('overweight');
  });
});

describe('Function: buildDailyBrief, notes', () => {
  it('gives each symbol its latest note (the later one, or the higher number at the same instant), whatever the case it was typed in', () => {
    // Prepare: AAA is held, C1 is a candidate
    const tips = [
      { id: 1, symbol: 'aaa', text: 'old', createdAt: '2026-11-01T00:00:00.000Z' },
      { id: 3, symbol: 'AAA', text: 'newest', createdAt: '2026-11-02T00:00:00.000Z' },
      { id: 2, symbol: 'AAA', text: 'older than 3', createdAt: '2026-11-01T12:00:00.000Z' },
      { id: 7, symbol: 'AAA', text: 'oldest, highest number', createdAt: '2026-10-01T00:00:00.000Z' },
      { id: 4, symbol: 'C1', text: 'same instant, lower number', createdAt: '2026-11-03T00:00:00.000Z' },
      { id: 5, symbol: 'c1', text: 'same instant, higher number', createdAt: '2026-11-03T00:00:00.000Z' },
      { id: 6, symbol: 'ZZZ', text: 'neither held nor a candidate', createdAt: '2026-11-04T00:00:00.000Z' },
    ];

    // Act
    const brief = buildDailyBrief({
      date: '2026-11-21',
      rules: RulesSchema.parse({ maxPositionWeightPct: 100 }),
      ledger: ledger(['AAA', '1', '100']),
      quotes: new Map([['AAA', quote('AAA', '100')]]),
      blacklist: [],
      tips,
      scan: scan(['C1']),
    });

    // Assess
    expect(brief.notes).toEqual([{ symbol: 'AAA', text: 'newest' }]);
    expect(brief.candidates.map((c) => c.tip)).toEqual(['same instant, higher number']);
  });
});

describe('Function: buildDailyBrief, order and lessons', () => {
  it('lists positions by symbol, candidates by scan rank whatever order the scan is stored in, and matches the blacklist as typed', () => {
    // Prepare: ZZZ (bought first) is worth more than AAA; the scan rows come rank 3, 1, 2; the blacklist line has spaces and small letters
    const stored = scan(['C1', 'C2', 'C3']);
    const shuffled = { ...stored, top: [stored.top[2]!, stored.top[0]!, stored.top[1]!] };
    // Act
    const brief = buildDailyBrief({
      date: '2026-11-21',
      rules: DEFAULT_RULES,
      ledger: ledger(['ZZZ', '2', '10'], ['AAA', '1', '10']),
      quotes: new Map(),
      blacklist: ['  c2 '],
      tips: [],
      scan: shuffled,
    });
    // Assess
    expect(brief.portfolio.positions.map((p) => p.symbol)).toEqual(['AAA', 'ZZZ']);
    expect(brief.candidates.map((c) => c.symbol)).toEqual(['C1', 'C3']);
  });

  it('carries the lessons about what is held or a candidate first, and no lessons field without a review', () => {
    // Prepare
    const lessons: ChatLessons = {
      month: '2026-10',
      reviewedAt: '2026-11-02T07:00:00.000Z',
      model: 'offline',
      trades: 3,
      patterns: [
        { pattern: 'general', evidence: 'e', symbols: [] },
        { pattern: 'about the candidate', evidence: 'e', symbols: ['C1'] },
        { pattern: 'about the holding', evidence: 'e', symbols: ['AAA'] },
        { pattern: 'about another', evidence: 'e', symbols: ['ZZZ'] },
      ],
    };
    const input = { date: '2026-11-21', rules: DEFAULT_RULES, ledger: ledger(['AAA', '1', '10']), quotes: new Map<string, Quote>(), blacklist: [], tips: [], scan: scan(['C1']) };
    // Act
    const withReview = buildDailyBrief({ ...input, lessons });
    const without = buildDailyBrief(input);
    // Assess
    expect(withReview.lessons).toEqual(['about the candidate', 'about the holding', 'general']);
    expect('lessons' in without).toBe(false);
  });
});

describe('Function: summariseBrief', () => {
  it('gives the daily log the counts, names and totals of the brief', () => {
    // Prepare
    const brief = buildDailyBrief({
      date: '2026-11-21',
      rules: RulesSchema.parse({ maxPositionWeightPct: 100 }),
      ledger: ledger(['AAA', '1', '100'], ['BBB', '1', '50']),
      quotes: new Map([['AAA', quote('AAA', '91', '90')]]),
      blacklist: [],
      tips: [],
      scan: scan(['C1']),
    });
    // Act
    const summary = summariseBrief(brief);
    // Assess
    expect(summary).toEqual({
      positions: 2,
      unpriced: ['BBB'],
      alerts: brief.alerts.map((a) => a.message),
      candidates: ['C1'],
      scanDate: '2026-11-20',
      totals: [{ currency: 'USD', marketValue: '141.00', dayChange: '1.00' }],
    });
    expect(brief.alerts).toHaveLength(1);
  });
});

describe('Function: addUsd', () => {
  it('adds stored strings and decimals exactly', () => {
    // Act / Assess
    expect(addUsd(['0.1', dec('0.2'), '0.000001']).toFixed()).toBe('0.300001');
    expect(addUsd([]).toFixed()).toBe('0');
  });
});

describe('Function: describeBrief', () => {
  it('shows alerts and candidates in the rules language', () => {
    // Prepare
    const brief = buildDailyBrief({
      date: '2026-11-21',
      rules: RulesSchema.parse({ language: 'es', maxPositionWeightPct: 100 }),
      ledger: ledger(['AAA', '1', '100']),
      quotes: new Map([['AAA', quote('AAA', '91')]]),
      blacklist: [],
      tips: [],
      scan: scan(['C1']),
    });

    // Act
    const text = describeBrief(brief);

    // Assess
    expect(text.portfolio[0]).toMatch(/^Cartera: valor 91.00 USD/);
    expect(text.alerts).toEqual(['Alertas:', `- ${brief.alerts[0]!.message}`]);
    expect(text.alerts[1]).toContain('stop loss');
    expect(text.candidates[1]).toBe('- C1 50, -37.5% bajo máximo (172d)');
  });

  it('gives a line per currency for a USD and EUR portfolio and says the totals are not added, never one sum in the base currency', () => {
    // Prepare: 1,100 USD and 500 EUR; the base currency is USD.
    const held = ledger(['AAA', '10', '100'], ['SAN.MC', '100', '4', 'EUR']);
    const quotes = new Map([
      ['AAA', quote('AAA', '110', '100')],
      ['SAN.MC', quote('SAN.MC', '5', '4.5', 'EUR')],
    ]);
    const input = { date: '2026-11-21', ledger: held, quotes, blacklist: [], tips: [], scan: null };

    // Act
    const english = describeBrief(buildDailyBrief({ ...input, rules: DEFAULT_RULES })).portfolio;
    const spanish = describeBrief(buildDailyBrief({ ...input, rules: RulesSchema.parse({ language: 'es' }) })).portfolio;

    // Assess
    expect(english).toEqual([
      'Portfolio, per currency (no exchange rates: the totals are not added together, and the position-weight rule is not checked):',
      '- EUR: value 500.00 EUR, today 50.00 (+11.11%), unrealized 100.00 (+25.00%)',
      '- USD: value 1100.00 USD, today 100.00 (+10.00%), unrealized 100.00 (+10.00%)',
    ]);
    expect(spanish[0]).toBe('Cartera, por moneda (sin tipos de cambio: los totales no se suman entre sí y la regla de peso por posición no se comprueba):');
    expect(spanish[1]).toBe('- EUR: valor 500.00 EUR, hoy 50.00 (+11.11%), latente 100.00 (+25.00%)');
    expect(english.join('\n')).not.toContain('1600');
  });

  it('says n/a for a change it has no figure for, signs a loss and leaves a zero unsigned, and names the positions without a price', () => {
    // Prepare: AAA bought at 100 is at 91 with no previous close; BBB has no quote (counted at its cost of 50)
    const rules = RulesSchema.parse({ maxPositionWeightPct: 100, stopLossPct: 50 });
    const input = { date: '2026-11-21', rules, blacklist: [], tips: [], scan: null };
    const unpriced = buildDailyBrief({ ...input, ledger: ledger(['AAA', '1', '100'], ['BBB', '1', '50']), quotes: new Map([['AAA', quote('AAA', '91')]]) });
    const flat = buildDailyBrief({ ...input, ledger: ledger(['AAA', '1', '91']), quotes: new Map([['AAA', quote('AAA', '91', '91')]]) });

    // Act
    const [withUnpriced, unchanged] = [describeBrief(unpriced).portfolio, describeBrief(flat).portfolio];

    // Assess
    expect(withUnpriced).toEqual(['Portfolio: value 141.00 USD, today n/a (n/a), unrealized -9.00 (-6.00%)', 'No price for: BBB']);
    expect(unchanged).toEqual(['Portfolio: value 91.00 USD, today 0.00 (0.00%), unrealized 0.00 (0.00%)']);
  });

  it('says plainly that there is nothing to show, in the rules language', () => {
    // Prepare
    const input = { date: '2026-11-21', ledger: ledger(), quotes: new Map<string, Quote>(), blacklist: [], tips: [], scan: null };

    // Act
    const english = describeBrief(buildDailyBrief({ ...input, rules: DEFAULT_RULES }));
    const spanish = describeBrief(buildDailyBrief({ ...input, rules: RulesSchema.parse({ language: 'es' }) }));

    // Assess
    expect(english).toEqual({ portfolio: ['No open positions.'], alerts: ['No rule alerts.'], candidates: ['No scan candidates (no scan yet, or all held or blacklisted).'] });
    expect(spanish).toEqual({
      portfolio: ['Sin posiciones abiertas.'],
      alerts: ['Sin alertas de reglas.'],
      candidates: ['Sin candidatos (aún no hay escaneo, o todos están en cartera o en la lista negra).'],
    });
  });

  it('heads the candidates with the date of their scan', () => {
    // Prepare
    const brief = buildDailyBrief({ date: '2026-11-21', rules: DEFAULT_RULES, ledger: ledger(), quotes: new Map(), blacklist: [], tips: [], scan: scan(['C1']) });

    // Act
    const candidates = describeBrief(brief).candidates;

    // Assess
    expect(candidates).toEqual(['Scan candidates (scan of 2026-11-20):', '- C1 50, -37.5% below peak (172d)']);
  });
});

