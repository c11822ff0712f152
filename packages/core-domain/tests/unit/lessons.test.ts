import fc from 'fast-check';
import { dec } from '../../src/decimal';
import { DEFAULT_RULES } from '../../src/rules';
import { replay } from '../../src/ledger';
import {
  closedInMonth,
  factLine,
  historyStart,
  lessonFacts,
  EMPTY_LESSONS,
  lessonsDocumentSchema,
  offlinePatterns,
  previousMonth,
  relevantLessons,
  scanLookups,
  type ChatLessons,
  type LessonFactSources,
  type TradeFacts,
} from '../../src/lessons';
import type { Bar, ClosedTrade, LedgerEntry } from '../../src/types/trading';

const rules = { stopLossPct: 8, takeProfitPct: 25, scan: DEFAULT_RULES.scan };

const entry = (seq: number, side: 'buy' | 'sell', symbol: string, quantity: string, price: string, day: string, fees = '0'): LedgerEntry => ({
  kind: 'trade',
  seq,
  recordedAt: `${day}T16:00:00.000Z`,
  trade: { side, symbol, quantity: dec(quantity), price: dec(price), fees: dec(fees), currency: 'USD', executedAt: `${day}T15:00:00.000Z` },
});

/** Weekday closes from `from` to `to`, `close(day)` each. */
function bars(from: string, to: string, close: (day: string) => number): Bar[] {
  const out: Bar[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    if (![0, 6].includes(new Date(t).getUTCDay())) out.push({ date, close: close(date) });
  }
  return out;
}

const sources = (over: Partial<LessonFactSources> = {}): LessonFactSources => ({ rules, bars: new Map(), scans: new Map(), ...over });

describe('Function: lessonFacts', () => {
  it('computes entry and exit, holding days, how far below its 180-day high it was bought, the stop reached and the rule broken', () => {
    // Prepare: XYZ peaked at 100 in June, bought at 70 on 1 October, fell to 60 on 15 October (the stop is 64.40), sold at 62 on 20 October.
    const ledger = replay([entry(1, 'buy', 'XYZ', '10', '70', '2026-10-01'), entry(2, 'sell', 'XYZ', '10', '62', '2026-10-20', '1')]);
    const history = bars('2026-05-01', '2026-10-30', (d) => (d === '2026-06-10' ? 100 : d >= '2026-10-15' && d <= '2026-10-19' ? 60 : 75));
    // Act
    const [facts] = lessonFacts(closedInMonth(ledger.closed, '2026-10'), sources({ bars: new Map([['XYZ', history]]) }));
    // Assess
    expect(facts).toMatchObject({
      seq: 2,
      symbol: 'XYZ',
      entryDate: '2026-10-01',
      exitDate: '2026-10-20',
      entryPrice: '70',
      exitPrice: '62',
      holdingDays: 19,
      returnPct: -11.6,
      pnl: '-81.00',
      belowPeakAtEntryPct: 30,
      stopLossReachedOn: '2026-10-15',
      takeProfitReachedOn: null,
      ruleBreaches: ['stop-loss-exceeded', 'held-past-stop'],
      scan: null,
      scanCandidate: false,
    });
    expect(factLine(facts!)).toBe('F 2 XYZ 2026-10-01>2026-10-20 19d 70>62 -11.6% pk30% stop:2026-10-15 take:- scan:? stop-loss-exceeded,held-past-stop');
  });

  it('says unknown, not "no", for what needs prices it does not have, and reads the scan standing given', () => {
    // Prepare
    const ledger = replay([entry(1, 'buy', 'ABC', '5', '20', '2026-10-05'), entry(2, 'sell', 'ABC', '5', '26', '2026-10-09')]);
    const closed = closedInMonth(ledger.closed, '2026-10');
    const [lookup] = scanLookups(closed);
    // Act
    const [facts] = lessonFacts(closed, sources({ scans: new Map([[lookup!.key, { date: '2026-10-02', rank: 3 }]]) }));
    // Assess
    expect(lookup).toEqual({ key: 'ABC@2026-10-05', symbol: 'ABC', days: ['2026-10-05', '2026-10-04', '2026-10-03', '2026-10-02', '2026-10-01', '2026-09-30', '2026-09-29'] });
    expect(facts).toMatchObject({ belowPeakAtEntryPct: null, stopLossReachedOn: undefined, takeProfitReachedOn: undefined, ruleBreaches: [], scan: { date: '2026-10-02', rank: 3 }, scanCandidate: true });
    expect(factLine(facts!)).toBe('F 2 ABC 2026-10-05>2026-10-09 4d 20>26 30% pk? stop:? take:? scan:#3 ok');
  });

  it('takes only the sales of the month, and a symbol outside the scan is not a candidate', () => {
    // Prepare
    const ledger = replay([
      entry(1, 'buy', 'ABC', '10', '20', '2026-09-01'),
      entry(2, 'sell', 'ABC', '4', '22', '2026-09-30'),
      entry(3, 'sell', 'ABC', '6', '18', '2026-10-01'),
    ]);
    // Act
    const closed = closedInMonth(ledger.closed, '2026-10');
    const facts = lessonFacts(closed, sources({ scans: new Map([['ABC@2026-09-01', { date: '2026-09-01', rank: null }]]) }));
    // Assess
    expect(closed.map((c) => c.seq)).toEqual([3]);
    expect(facts[0]).toMatchObject({ scan: { rank: null }, scanCandidate: false, returnPct: -10 });
    expect(historyStart(closed)).toBe('2026-03-05');
  });
});

describe('Function: lessonFacts, at the edges', () => {
  it('counts closes on the entry and exit days and exactly at the stop or take level, and a loss of exactly the stop is no breach', () => {
    // Prepare: stop 8%, take 25%. A: bought at 100, 125 the next day (the take level), 92 on the
    // exit day (the stop level), sold there at 92 (-8%, the stop exactly). B: 92 on its entry day,
    // sold earlier, on 5 October, at 95. The bars come newest first. A was 25th in the scan (the top 25 by default).
    const ledger = replay([
      entry(1, 'buy', 'A', '1', '100', '2026-10-01'),
      entry(2, 'sell', 'A', '1', '92', '2026-10-08'),
      entry(3, 'buy', 'B', '1', '100', '2026-10-01'),
      entry(4, 'sell', 'B', '1', '95', '2026-10-05'),
    ]);
    const priced = new Map<string, Bar[]>([
      ['A', [{ date: '2026-10-09', close: 50 }, { date: '2026-10-08', close: 92 }, { date: '2026-10-02', close: 125 }, { date: '2026-10-01', close: 100 }, { date: '2026-09-30', close: 130 }]],
      ['B', [{ date: '2026-10-02', close: 99 }, { date: '2026-10-01', close: 92 }]],
    ]);
    // Act
    const [b, a] = lessonFacts(closedInMonth(ledger.closed, '2026-10'), sources({ bars: priced, scans: new Map([['A@2026-10-01', { date: '2026-10-01', rank: 25 }]]) }));
    // Assess
    expect(a).toMatchObject({ returnPct: -8, stopLossReachedOn: '2026-10-08', takeProfitReachedOn: '2026-10-02', ruleBreaches: [], scanCandidate: true });
    expect(b).toMatchObject({ returnPct: -5, stopLossReachedOn: '2026-10-01', takeProfitReachedOn: null, ruleBreaches: ['held-past-stop'], scanCandidate: false });
  });

  it('lists the sales of a month oldest first (by number on the same instant), and starts the history 180 days before the earliest buy', () => {
    // Prepare
    const ledger = replay([
      entry(1, 'buy', 'A', '2', '10', '2026-09-10'),
      entry(2, 'buy', 'B', '1', '10', '2026-08-01'),
      entry(3, 'sell', 'A', '1', '11', '2026-10-02'),
      entry(4, 'sell', 'A', '1', '12', '2026-10-02'),
      entry(5, 'sell', 'B', '1', '12', '2026-10-01'),
    ]);
    // Act
    const closed = closedInMonth([...ledger.closed].reverse(), '2026-10');
    // Assess
    expect(closed.map((c) => c.seq)).toEqual([5, 3, 4]);
    expect(historyStart(closed)).toBe('2026-02-02');
    expect(historyStart([])).toBeNull();
  });
});

describe('Property: lessonFacts', () => {
  it('gives, for any buy and later sale, holding days >= 0, prices that reproduce the realized P&L, and the breach exactly when the loss passes the stop', () => {
    const day = fc.integer({ min: 0, max: 400 }).map((n) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const price = fc.integer({ min: 100, max: 100_000 }).map((cents) => (cents / 100).toFixed(2));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 300 }), price, price, fc.integer({ min: 1, max: 500 }), (buyDay, held, buyPrice, sellPrice, quantity) => {
        // Prepare
        const sellDay = new Date(Date.parse(`${buyDay}T00:00:00Z`) + held * 86_400_000).toISOString().slice(0, 10);
        const ledger = replay([entry(1, 'buy', 'P', String(quantity), buyPrice, buyDay), entry(2, 'sell', 'P', String(quantity), sellPrice, sellDay)]);
        // Act
        const [facts] = lessonFacts(closedInMonth(ledger.closed, sellDay.slice(0, 7)), sources());
        // Assess
        expect(facts!.holdingDays).toBe(held);
        expect(dec(facts!.exitPrice).minus(facts!.entryPrice).times(quantity).eq(dec(facts!.pnl))).toBe(true);
        const lossPct = dec(buyPrice).minus(sellPrice).div(buyPrice).times(100);
        expect(facts!.ruleBreaches.includes('stop-loss-exceeded')).toBe(dec(facts!.returnPct).lt(-8));
        expect(Math.abs(Number(lossPct.toString()) + facts!.returnPct)).toBeLessThanOrEqual(0.05 + 1e-9);
      }),
    );
  });

  it('is pure: the same trades and sources give the same facts, whatever order the bars come in', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 50, max: 150 }), { minLength: 30, maxLength: 30 }), fc.integer({ min: 0, max: 1000 }), (closes, seed) => {
        // Prepare
        const history = closes.map((close, i) => ({ date: new Date(Date.UTC(2026, 8, 1) + i * 86_400_000).toISOString().slice(0, 10), close }));
        const shuffled = [...history].sort((a, b) => ((a.close * 31 + seed) % 7) - ((b.close * 31 + seed) % 7));
        const ledger = replay([entry(1, 'buy', 'P', '1', '100', '2026-09-10'), entry(2, 'sell', 'P', '1', '90', '2026-09-25')]);
        const closed = closedInMonth(ledger.closed, '2026-09');
        // Act
        const a = lessonFacts(closed, sources({ bars: new Map([['P', history]]) }));
        const b = lessonFacts(closed, sources({ bars: new Map([['P', shuffled]]) }));
        // Assess
        expect(b).toEqual(a);
      }),
    );
  });
});

describe('Function: relevantLessons', () => {
  const lessons: ChatLessons = {
    month: '2026-10',
    reviewedAt: '2026-11-02T07:00:00.000Z',
    model: 'offline',
    trades: 4,
    patterns: ['a', 'b', 'c', 'd'].map((p, i) => ({ pattern: p, evidence: 'e', symbols: i === 2 ? ['KO'] : i === 3 ? ['PFE'] : [] })),
  };

  it('puts the patterns about symbols held or bought today first, then the others, three at most', () => {
    // Act / Assess
    expect(relevantLessons(lessons, new Set(['PFE', 'KO'])).map((p) => p.pattern)).toEqual(['c', 'd', 'a']);
    expect(relevantLessons(lessons, new Set()).map((p) => p.pattern)).toEqual(['a', 'b', 'c']);
    expect(relevantLessons(undefined, new Set(['KO']))).toEqual([]);
    expect(relevantLessons(lessons, new Set(['KO']), 10).map((p) => p.pattern)).toEqual(['c', 'a', 'b', 'd']);
  });
});

describe('Function: offlinePatterns', () => {
  it('finds the breaches and the holding times from the facts alone, in Spanish too', () => {
    // Prepare
    const ledger = replay([
      entry(1, 'buy', 'A', '1', '100', '2026-10-01'),
      entry(2, 'sell', 'A', '1', '80', '2026-10-21'),
      entry(3, 'buy', 'B', '1', '100', '2026-10-01'),
      entry(4, 'sell', 'B', '1', '110', '2026-10-03'),
    ]);
    const facts = lessonFacts(closedInMonth(ledger.closed, '2026-10'), sources());
    // Act
    const en = offlinePatterns(facts, 'en');
    const es = offlinePatterns(facts, 'es');
    // Assess
    expect(en[0]).toEqual({ pattern: '1 of 2 sales broke the stop-loss rule.', evidence: '#2 A -20%', symbols: ['A'] });
    expect(en[1]!.pattern).toBe('Winners were held 2 days on average, losers 20 days.');
    expect(es[0]!.pattern).toBe('1 de 2 ventas incumplieron el stop loss.');
    expect(offlinePatterns([], 'en')).toEqual([]);
  });
});

describe('Function: offlinePatterns, from given facts', () => {
  /** Facts of one sale: only what offlinePatterns reads varies. */
  const fact = (seq: number, symbol: string, returnPct: number, holdingDays: number, belowPeakAtEntryPct: number | null, scanCandidate: boolean): TradeFacts => ({
    seq,
    symbol,
    currency: 'USD',
    entryDate: '2026-10-01',
    exitDate: '2026-10-20',
    entryPrice: '100',
    exitPrice: '100',
    quantity: '1',
    pnl: '0',
    returnPct,
    holdingDays,
    belowPeakAtEntryPct,
    stopLossReachedOn: null,
    takeProfitReachedOn: null,
    ruleBreaches: [],
    scan: null,
    scanCandidate,
  });

  it('counts the deep-discount buys and the scan candidates and how many of them made money; a sale at break-even is no win', () => {
    // Prepare: #1 bought exactly 20% below its high, won; #2 31% below, broke even; #3 19.9% below; #4 without history; #5 from the scan, lost
    const facts = [fact(1, 'A', 5, 10, 20, false), fact(2, 'B', 0, 3, 31, false), fact(3, 'C', 2, 20, 19.9, false), fact(4, 'D', 4, 8, null, true), fact(5, 'E', -3, 4, -5, true)];
    // Act
    const en = offlinePatterns(facts, 'en');
    const es = offlinePatterns(facts, 'es');
    // Assess
    expect(en).toEqual([
      { pattern: 'Winners were held 13 days on average, losers 4 days.', evidence: 'winners: #1 A 5%, #3 C 2%, #4 D 4%; losers: #2 B 0%, #5 E -3%', symbols: [] },
      { pattern: 'Bought 20% or more below the 180-day high: 2; 1 of them made money.', evidence: '#1 A pk20% 5%, #2 B pk31% 0%', symbols: ['A', 'B'] },
      { pattern: 'Scan candidates when bought: 2; 1 of them made money.', evidence: '#4 D 4%, #5 E -3%', symbols: ['D', 'E'] },
    ]);
    expect(es.map((p) => p.pattern)).toEqual([
      'Las ganadoras se mantuvieron 13 días de media, las perdedoras 4.',
      'Compradas un 20 % o más bajo el máximo de 180 días: 2; 1 ganaron dinero.',
      'Candidatas del escaneo al comprarlas: 2; 1 ganaron dinero.',
    ]);
  });

  it('says that no rule was broken when the sales show no pattern, and says nothing of wins alone', () => {
    // Prepare: two wins, bought near their high, not from the scan
    const facts = [fact(1, 'A', 5, 10, 2, false), fact(2, 'A', 1, 3, null, false)];
    // Act / Assess
    expect(offlinePatterns(facts, 'en')).toEqual([{ pattern: 'Sales: 2; no rule broken.', evidence: '#1 A 5%, #2 A 1%', symbols: [] }]);
    expect(offlinePatterns(facts, 'es')[0]!.pattern).toBe('Ventas: 2; ninguna regla incumplida.');
  });
});

describe('Function: previousMonth and the lessons schema', () => {
  it('steps back over a year and refuses a document with a pattern missing its evidence', () => {
    // Act / Assess
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-12')).toBe('2026-11');
    expect(previousMonth('2026-10')).toBe('2026-09');
    expect(lessonsDocumentSchema().safeParse({ chats: { '1': { month: '2026-10', reviewedAt: 'x', model: 'm', trades: 1, patterns: [{ pattern: 'p' }] } } }).success).toBe(false);
  });

  it('gives EMPTY_LESSONS for a document with nothing in it, as the repository does for a missing one', () => {
    // Act / Assess
    expect(lessonsDocumentSchema().parse({})).toEqual(EMPTY_LESSONS);
  });
});
