/**
 * Monthly lessons (the original bot's `learning/patterns_learned.json`): on the first market day of
 * a month the daily job reviews the previous month's closed trades. The facts of each closed trade
 * are computed here, deterministically (dates, prices, holding time, how far below its 180-day high
 * it was bought, whether the stop loss was reached, whether it was a scan candidate), and given to
 * the analyst, who only finds the patterns. The stored patterns then feed the daily prompt.
 */
import { lazily } from './lazily';
import * as z from './zod';
import { addDays, daysBetween } from './dates';
import { dec } from './decimal';
import { computeDrawdown, DEFAULT_LOOKBACK_DAYS } from './drawdown';
import type { Rules } from './rules';
import type { AnalysisPrompt, AnalysisUsage } from './daily';
import type { Decimal } from './decimal';
import type { Bar, ClosedTrade } from './types/trading';

/** `YYYY-MM` of a `YYYY-MM-DD` day or an ISO timestamp. */
export const monthOf = (dayOrInstant: string): string => dayOrInstant.slice(0, 7);

/** The month before `month` (`2026-01` -> `2025-12`). */
export function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

/** Where a trade's buy stood in the scan of its day. */
export interface ScanStanding {
  /** The scan's date (the last scan on or before the buy day). */
  readonly date: string;
  /** Its rank in that scan (1 = furthest below its high), or null when it was not in it. */
  readonly rank: number | null;
}

/** The facts of one closed trade (one sale), computed by `lessonFacts`. Strings are exact decimals. */
export interface TradeFacts {
  readonly seq: number;
  readonly symbol: string;
  readonly currency: string;
  /** First buy of the holding (`YYYY-MM-DD`). */
  readonly entryDate: string;
  readonly exitDate: string;
  /** Average cost of the shares sold (buy fees included), per share. */
  readonly entryPrice: string;
  /** Sale proceeds per share (before the sale's fees). */
  readonly exitPrice: string;
  readonly quantity: string;
  readonly pnl: string;
  /** Realized return of the sale, % (net of fees), 1 decimal. */
  readonly returnPct: number;
  readonly holdingDays: number;
  /**
   * How far below its highest close of the 180 days before the entry the entry price was, %
   * (1 decimal; negative when bought above that high); null without price history.
   */
  readonly belowPeakAtEntryPct: number | null;
  /** The stop-loss level (entry price less `stopLossPct`) was reached by a close while held: the day, or null; `undefined` when unknown (no history). */
  readonly stopLossReachedOn: string | null | undefined;
  /** A take-profit close (entry price plus `takeProfitPct`) while held: the day, or null; `undefined` when unknown. */
  readonly takeProfitReachedOn: string | null | undefined;
  /**
   * Rules the trade broke: `stop-loss-exceeded` (sold for a loss deeper than `stopLossPct`),
   * `held-past-stop` (a close reached the stop level and the sale came on a later day).
   */
  readonly ruleBreaches: readonly ('stop-loss-exceeded' | 'held-past-stop')[];
  /** Its standing in the last scan on or before the entry day (within a week); null when no scan was found. */
  readonly scan: ScanStanding | null;
  /** It ranked within the scan's top list (`rules.scan.topN`) when bought. */
  readonly scanCandidate: boolean;
}

/** What `lessonFacts` needs besides the closed trades. */
export interface LessonFactSources {
  readonly rules: Pick<Rules, 'stopLossPct' | 'takeProfitPct' | 'scan'>;
  /** Daily bars per symbol (any order; the 180 days before each entry through its exit are used). */
  readonly bars: ReadonlyMap<string, readonly Bar[]>;
  /** Scan standing per `symbol@entryDate` (see `scanLookups`). */
  readonly scans: ReadonlyMap<string, ScanStanding>;
}

/** The sales of `month` (`YYYY-MM`, by the sale's date), oldest first. */
export function closedInMonth(closed: readonly ClosedTrade[], month: string): ClosedTrade[] {
  return closed.filter((trade) => monthOf(trade.closedAt) === month).sort((a, b) => (a.closedAt < b.closedAt ? -1 : a.closedAt > b.closedAt ? 1 : a.seq - b.seq));
}

/** The `symbol@entryDate` keys whose scan standing `lessonFacts` uses, and the days to try for each (the entry day back 6 days). */
export function scanLookups(trades: readonly ClosedTrade[]): { readonly key: string; readonly symbol: string; readonly days: readonly string[] }[] {
  const seen = new Map<string, { key: string; symbol: string; days: string[] }>();
  for (const trade of trades) {
    const entry = trade.openedAt.slice(0, 10);
    const key = `${trade.symbol}@${entry}`;
    // Stryker disable next-line ConditionalExpression: a repeated key would be set again to the same symbol and days
    if (!seen.has(key)) seen.set(key, { key, symbol: trade.symbol, days: Array.from({ length: 7 }, (_, i) => addDays(entry, -i)) });
  }
  return [...seen.values()];
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

/** The facts of each closed trade. Pure: same trades, rules, bars and scans, same facts. */
export function lessonFacts(trades: readonly ClosedTrade[], sources: LessonFactSources): TradeFacts[] {
  return trades.map((trade) => {
    const entryDate = trade.openedAt.slice(0, 10);
    const exitDate = trade.closedAt.slice(0, 10);
    const entryPrice = trade.quantity.gt(0) ? trade.costOfSold.div(trade.quantity) : dec(0);
    const exitPrice = trade.quantity.gt(0) ? trade.proceeds.div(trade.quantity) : dec(0);
    const bars = sources.bars.get(trade.symbol) ?? [];
    const beforeEntry = computeDrawdown(bars, entryDate, DEFAULT_LOOKBACK_DAYS);
    const peak = beforeEntry.ok ? beforeEntry.value.peakClose : null;
    const belowPeakAtEntryPct = peak && peak > 0 ? round1(((peak - Number(entryPrice.toString())) / peak) * 100) : null;
    const held = bars.filter((bar) => bar.date >= entryDate && bar.date <= exitDate).sort((a, b) => (a.date < b.date ? -1 : 1));
    const stopLevel = Number(entryPrice.times(dec(100 - sources.rules.stopLossPct)).div(100).toString());
    const takeLevel = Number(entryPrice.times(dec(100 + sources.rules.takeProfitPct)).div(100).toString());
    const known = held.length > 0;
    const stopBar = held.find((bar) => bar.close <= stopLevel);
    const takeBar = held.find((bar) => bar.close >= takeLevel);
    const returnPct = round1(trade.returnPct * 100);
    const breaches: ('stop-loss-exceeded' | 'held-past-stop')[] = [];
    if (returnPct < -sources.rules.stopLossPct) breaches.push('stop-loss-exceeded');
    if (stopBar && stopBar.date < exitDate) breaches.push('held-past-stop');
    const scan = sources.scans.get(`${trade.symbol}@${entryDate}`) ?? null;
    return {
      seq: trade.seq,
      symbol: trade.symbol,
      currency: trade.currency,
      entryDate,
      exitDate,
      entryPrice: entryPrice.round(4).toString(),
      exitPrice: exitPrice.round(4).toString(),
      quantity: trade.quantity.toString(),
      pnl: trade.pnl.round(2).toFixed(2),
      returnPct,
      holdingDays: daysBetween(entryDate, exitDate),
      belowPeakAtEntryPct,
      stopLossReachedOn: known ? (stopBar?.date ?? null) : undefined,
      takeProfitReachedOn: known ? (takeBar?.date ?? null) : undefined,
      ruleBreaches: breaches,
      scan,
      scanCandidate: scan?.rank !== null && scan?.rank !== undefined && scan.rank <= sources.rules.scan.topN,
    };
  });
}

/** The first day with price history a trade's facts need (180 days before its entry). */
export function historyStart(trades: readonly ClosedTrade[]): string | null {
  const first = trades.map((t) => t.openedAt.slice(0, 10)).sort()[0];
  return first ? addDays(first, -DEFAULT_LOOKBACK_DAYS) : null;
}

/**
 * One compact line per trade for the model (about 25 tokens): `F seq symbol entry>exit days
 * entry-price>exit-price ret% below-peak% stop take scan breaches`. The system prompt explains it.
 */
export function factLine(f: TradeFacts): string {
  const day = (value: string | null | undefined): string => (value === undefined ? '?' : value === null ? '-' : value);
  const scan = f.scan === null ? '?' : f.scan.rank === null ? 'no' : `#${f.scan.rank}`;
  return [
    'F',
    f.seq,
    f.symbol,
    `${f.entryDate}>${f.exitDate}`,
    `${f.holdingDays}d`,
    `${f.entryPrice}>${f.exitPrice}`,
    `${f.returnPct}%`,
    f.belowPeakAtEntryPct === null ? 'pk?' : `pk${f.belowPeakAtEntryPct}%`,
    `stop:${day(f.stopLossReachedOn)}`,
    `take:${day(f.takeProfitReachedOn)}`,
    `scan:${scan}`,
    f.ruleBreaches.length > 0 ? f.ruleBreaches.join(',') : 'ok',
  ].join(' ');
}

// The lessons' schemas are built on first use (`lazily`): fn-daily parses a review once a month and
// the webhook reads the document for `/lessons` only; as constants they were built at load in all
// three bundles (docs/packaging.md).

/** One pattern of a monthly review: what repeats, the evidence (trades by seq and figures), the symbols it concerns. */
export const lessonPatternSchema = lazily(() =>
  z.strictObject({
    pattern: z.string().check(z.minLength(1), z.maxLength(300)),
    evidence: z.string().check(z.minLength(1), z.maxLength(500)),
    symbols: z._default(z.array(z.string().check(z.minLength(1), z.maxLength(20))).check(z.maxLength(20)), []),
  }),
);
export type LessonPattern = z.output<ReturnType<typeof lessonPatternSchema>>;

/** What the analyst answers for a review: a short list of patterns. */
export const lessonReviewSchema = lazily(() => z.strictObject({ patterns: z.array(lessonPatternSchema()).check(z.maxLength(8)) }));

/** One chat's review of one month. */
export const chatLessonsSchema = lazily(() =>
  z.strictObject({
    /** The month reviewed (`YYYY-MM`). */
    month: z.string().check(z.regex(/^\d{4}-\d{2}$/)),
    reviewedAt: z.string().check(z.minLength(1)),
    /** `claude-...`, or `offline` (no API key: patterns computed from the facts alone). */
    model: z.string().check(z.minLength(1)),
    trades: z.int().check(z.nonnegative()),
    patterns: z.array(lessonPatternSchema()),
  }),
);
export type ChatLessons = z.output<ReturnType<typeof chatLessonsSchema>>;

/** `learning/patterns_learned.json`: each chat's latest review. */
export const lessonsDocumentSchema = lazily(() =>
  z.strictObject({
    version: z._default(z.literal(1), 1),
    chats: z._default(z.record(z.string().check(z.regex(/^-?\d+$/)), chatLessonsSchema()), {}),
  }),
);
export type LessonsDocument = z.output<ReturnType<typeof lessonsDocumentSchema>>;
/** The document when there is none: what `lessonsDocumentSchema().parse({})` gives (a unit test checks it). */
export const EMPTY_LESSONS: LessonsDocument = { version: 1, chats: {} };

/**
 * The `count` patterns of a chat's latest review most relevant today: those naming a symbol of
 * `symbols` (held or candidates) first, then the others, each group in the review's order. Use it
 * to give the daily prompt its lesson lines.
 */
export function relevantLessons(lessons: ChatLessons | undefined, symbols: ReadonlySet<string>, count = 3): LessonPattern[] {
  if (!lessons) return [];
  const touching = lessons.patterns.filter((p) => p.symbols.some((s) => symbols.has(s)));
  const others = lessons.patterns.filter((p) => !p.symbols.some((s) => symbols.has(s)));
  return [...touching, ...others].slice(0, count);
}

/** What an analyst is asked for a monthly review. */
export interface LessonsInput {
  readonly month: string;
  readonly language: Rules['language'];
  readonly facts: readonly TradeFacts[];
  readonly rules: Pick<Rules, 'stopLossPct' | 'takeProfitPct'>;
  readonly maxTokens: number;
}

/** A finished review. */
export interface LessonsOutcome {
  readonly patterns: readonly LessonPattern[];
  readonly model: string;
  readonly offline: boolean;
  readonly usage: AnalysisUsage;
  readonly costUsd: Decimal;
  readonly prompt: AnalysisPrompt;
}

/** Patterns from the facts alone, in `language`: what the offline analyst stores (no model, no cost). */
export function offlinePatterns(facts: readonly TradeFacts[], language: Rules['language']): LessonPattern[] {
  const t = OFFLINE_WORDS[language];
  const patterns: LessonPattern[] = [];
  const list = (items: readonly TradeFacts[]): string => items.map((f) => `#${f.seq} ${f.symbol} ${f.returnPct}%`).join(', ');
  const symbols = (items: readonly TradeFacts[]): string[] => [...new Set(items.map((f) => f.symbol))];
  const breached = facts.filter((f) => f.ruleBreaches.length > 0);
  if (breached.length > 0) patterns.push({ pattern: t.breaches(breached.length, facts.length), evidence: list(breached), symbols: symbols(breached) });
  const wins = facts.filter((f) => f.returnPct > 0);
  const losses = facts.filter((f) => f.returnPct <= 0);
  const avgDays = (items: readonly TradeFacts[]): number => Math.round(items.reduce((sum, f) => sum + f.holdingDays, 0) / items.length);
  if (wins.length > 0 && losses.length > 0) {
    patterns.push({ pattern: t.holding(avgDays(wins), avgDays(losses)), evidence: `${t.wins}: ${list(wins)}; ${t.losses}: ${list(losses)}`, symbols: [] });
  }
  const deep = facts.filter((f) => f.belowPeakAtEntryPct !== null && f.belowPeakAtEntryPct >= 20);
  if (deep.length > 0) {
    const won = deep.filter((f) => f.returnPct > 0).length;
    patterns.push({ pattern: t.deep(deep.length, won), evidence: deep.map((f) => `#${f.seq} ${f.symbol} pk${f.belowPeakAtEntryPct}% ${f.returnPct}%`).join(', '), symbols: symbols(deep) });
  }
  const fromScan = facts.filter((f) => f.scanCandidate);
  if (fromScan.length > 0) patterns.push({ pattern: t.scan(fromScan.length, fromScan.filter((f) => f.returnPct > 0).length), evidence: list(fromScan), symbols: symbols(fromScan) });
  if (patterns.length === 0 && facts.length > 0) patterns.push({ pattern: t.none(facts.length), evidence: list(facts), symbols: [] });
  return patterns;
}

const OFFLINE_WORDS = {
  en: {
    breaches: (n: number, of: number) => `${n} of ${of} sales broke the stop-loss rule.`,
    holding: (win: number, loss: number) => `Winners were held ${win} days on average, losers ${loss} days.`,
    wins: 'winners',
    losses: 'losers',
    deep: (n: number, won: number) => `Bought 20% or more below the 180-day high: ${n}; ${won} of them made money.`,
    scan: (n: number, won: number) => `Scan candidates when bought: ${n}; ${won} of them made money.`,
    none: (n: number) => `Sales: ${n}; no rule broken.`,
  },
  es: {
    breaches: (n: number, of: number) => `${n} de ${of} ventas incumplieron el stop loss.`,
    holding: (win: number, loss: number) => `Las ganadoras se mantuvieron ${win} días de media, las perdedoras ${loss}.`,
    wins: 'ganadoras',
    losses: 'perdedoras',
    deep: (n: number, won: number) => `Compradas un 20 % o más bajo el máximo de 180 días: ${n}; ${won} ganaron dinero.`,
    scan: (n: number, won: number) => `Candidatas del escaneo al comprarlas: ${n}; ${won} ganaron dinero.`,
    none: (n: number) => `Ventas: ${n}; ninguna regla incumplida.`,
  },
} as const;
