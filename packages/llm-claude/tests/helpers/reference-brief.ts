/**
 * The reference portfolio of the daily analysis: 10 positions, a scan of 14 rows of which two are
 * held and two blacklisted (so 10 candidates remain), four rule alerts and two notes. Shared by the
 * tests and by bench/daily.bench.ts.
 */
import { buildDailyBrief, dec, DEFAULT_RULES, replay, type ChatLessons, type DailyBrief, type LedgerEntry, type LedgerState, type Quote, type Rules, type ScanRow, type ScanSummary, type Tip } from '@tradebot/core-domain';

const HOLDINGS: [symbol: string, qty: string, avg: string, price: string, prev: string][] = [
  ['AAPL', '12', '171.20', '189.95', '191.10'],
  ['MSFT', '8', '402.15', '415.30', '412.00'],
  ['NVDA', '20', '98.40', '131.72', '128.90'],
  ['AMZN', '15', '181.00', '176.40', '178.25'],
  ['GOOGL', '10', '150.30', '163.80', '162.10'],
  ['JNJ', '9', '161.75', '147.20', '148.05'],
  ['KO', '30', '60.10', '62.45', '62.30'],
  ['XOM', '14', '112.60', '103.10', '104.90'],
  ['V', '6', '268.40', '281.10', '279.60'],
  ['PFE', '40', '29.80', '26.05', '26.40'],
];

const SCAN_ROWS: [symbol: string, name: string, sector: string, close: number, dd: number, days: number, aboveLow: number][] = [
  ['INTC', 'Intel Corporation', 'Information Technology', 21.43, 48.7, 151, 6.2],
  ['PFE', 'Pfizer Inc.', 'Health Care', 26.05, 31.2, 160, 2.1],
  ['BA', 'The Boeing Company', 'Industrials', 152.1, 34.9, 120, 8.8],
  ['NKE', 'NIKE, Inc. Class B', 'Consumer Discretionary', 71.2, 33.5, 170, 4.4],
  ['WBA', 'Walgreens Boots Alliance, Inc.', 'Consumer Staples', 9.12, 45.0, 175, 1.2],
  ['EL', 'The Estee Lauder Companies Inc. Class A', 'Consumer Staples', 66.4, 41.2, 140, 3.0],
  ['MRNA', 'Moderna, Inc.', 'Health Care', 38.9, 40.3, 99, 5.5],
  ['XOM', 'Exxon Mobil Corporation', 'Energy', 103.1, 18.7, 60, 1.9],
  ['DG', 'Dollar General Corporation', 'Consumer Staples', 78.5, 37.8, 130, 9.1],
  ['CVS', 'CVS Health Corporation', 'Health Care', 54.2, 29.9, 110, 7.7],
  ['LULU', 'lululemon athletica inc.', 'Consumer Discretionary', 255.6, 31.4, 150, 12.3],
  ['SBUX', 'Starbucks Corporation', 'Consumer Discretionary', 77.9, 24.1, 90, 6.6],
  ['DIS', 'The Walt Disney Company', 'Communication Services', 88.3, 22.6, 80, 4.0],
  ['ALB', 'Albemarle Corporation', 'Materials', 81.7, 38.9, 165, 10.5],
];

/** Symbols of the reference scan the investor's broker does not offer. */
export const REFERENCE_BLACKLIST = ['WBA', 'MRNA'];

/** The reference rules: defaults (stop loss 8%, take profit 25%, weight 20%, 10 candidates). */
export const REFERENCE_RULES: Rules = DEFAULT_RULES;

/** One buy per reference holding, as ledger entries. */
export function referenceEntries(): LedgerEntry[] {
  return HOLDINGS.map(([symbol, qty, avg], i) => ({
    kind: 'trade',
    seq: i + 1,
    recordedAt: '2026-03-02T15:00:00.000Z',
    trade: { side: 'buy', symbol, quantity: dec(qty), price: dec(avg), fees: dec(0), currency: 'USD', executedAt: '2026-03-02T15:00:00.000Z' },
  }));
}

/** The replayed reference ledger. */
export function referenceLedger(): LedgerState {
  return replay(referenceEntries());
}

/** Reference quotes by symbol. */
export function referenceQuotes(): Map<string, Quote> {
  return new Map(
    HOLDINGS.map(([symbol, , , price, prev]) => [symbol, { symbol, price: dec(price), previousClose: dec(prev), currency: 'USD', asOf: '2026-11-20T21:00:00.000Z' }]),
  );
}

/** The reference scan summary. */
export function referenceScan(): ScanSummary {
  const top: ScanRow[] = SCAN_ROWS.map(([symbol, name, sector, lastClose, drawdownPct, daysSincePeak, aboveLowPct], i) => ({
    rank: i + 1,
    symbol,
    name,
    sector,
    lastClose,
    lastDate: '2026-11-20',
    peakClose: lastClose / (1 - drawdownPct / 100),
    peakDate: '2026-06-01',
    drawdownPct,
    daysSincePeak,
    lowClose: lastClose / (1 + aboveLowPct / 100),
    aboveLowPct,
    avgVolume20: 5_000_000,
  }));
  return {
    date: '2026-11-20',
    generatedAt: '2026-11-20T11:05:00.000Z',
    lookbackDays: 180,
    universeSize: 1000,
    scanned: 995,
    failed: 5,
    skipped: 0,
    durationMs: 42_000,
    csvKey: 'scans/drawdown/2026-11-20.csv',
    top,
    failures: [],
  };
}

/** The investor's notes in the reference data. */
export const REFERENCE_TIPS: Tip[] = [
  { id: 1, symbol: 'NVDA', text: 'Trim if it runs past 140 before earnings.', createdAt: '2026-11-01T09:00:00.000Z' },
  { id: 2, symbol: 'INTC', text: 'Friend says foundry deal news is due in December.', createdAt: '2026-11-10T09:00:00.000Z' },
];

/**
 * A reference monthly review: five patterns as the lessons prompt asks for them (at most 60 characters), two naming held or candidate
 * symbols (so the brief takes those two and the first other one).
 */
export const REFERENCE_LESSONS: ChatLessons = {
  month: '2026-10',
  reviewedAt: '2026-11-02T07:00:00.000Z',
  model: 'claude-opus-4-7',
  trades: 9,
  patterns: [
    { pattern: 'Losers held 3x longer than winners: 41 days vs 13.', evidence: '#12 T -14.2% 48d, #15 WBD -11% 39d; winners #9 AMD +8% 12d', symbols: [] },
    { pattern: 'Buys 30%+ below the 180-day high, still falling, lost.', evidence: '#12 T pk34%, #15 WBD pk38%', symbols: ['T', 'WBD'] },
    { pattern: 'PFE held 9 days past its stop; the loss doubled.', evidence: '#17 PFE stop 2026-10-03, sold 2026-10-12 at -16%', symbols: ['PFE'] },
    { pattern: 'Scan picks bought within 2 days of the scan won 3 of 4.', evidence: '#9 AMD #3, #11 INTC #1, #13 BA #4, #14 NKE #2', symbols: ['INTC', 'BA'] },
    { pattern: 'Sales on a 5%+ jump day caught most of the move.', evidence: '#9 AMD +8%, #10 NVDA +12%', symbols: ['AMD'] },
  ],
};

/** The reference brief (10 positions, 10 candidates, 4 alerts: stop loss JNJ, PFE, XOM; take profit NVDA) for `date`, with `lessons` when given. */
export function referenceBrief(date = '2026-11-21', rules: Rules = REFERENCE_RULES, lessons?: ChatLessons): DailyBrief {
  return buildDailyBrief({
    date,
    rules,
    ledger: referenceLedger(),
    quotes: referenceQuotes(),
    blacklist: REFERENCE_BLACKLIST,
    tips: REFERENCE_TIPS,
    scan: referenceScan(),
    ...(lessons ? { lessons } : {}),
  });
}
