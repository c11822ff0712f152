/**
 * The monthly lessons review, run by the daily job on the first market day of a month: the facts of
 * each chat's closed trades of the previous month (core-domain's `lessonFacts`, from the ledger, the
 * price history and the dated scans) go to the reviewer, whose patterns are stored per chat in
 * `learning/patterns_learned.json`. The month is claimed before any model call, the call counts in
 * the month's budget, and nothing here can stop the morning message: every failure is logged and
 * said in the run's notes.
 */
import {
  addUsd,
  closedInMonth,
  dec,
  describeError,
  historyStart,
  lessonFacts,
  monthOf,
  NO_USAGE,
  previousMonth,
  replay,
  scanLookups,
  toPlain,
  type AnalysisUsage,
  type Bar,
  type ClosingPrices,
  type DailyLog,
  type IdempotencyStore,
  type Json,
  type LedgerEntry,
  type LessonsRepository,
  type LessonsReviewer,
  type Logger,
  type Rules,
  type ScanRow,
  type ScanStanding,
  type TradeFacts,
} from '@tradebot/core-domain';
import { ClaudeEmptyAnswerError, ClaudeUnreadableAnswerError } from '@tradebot/llm-claude';
import { isTradingDay } from '@tradebot/market-data';

/** What the review reads and writes. */
export interface LessonsDependencies {
  readonly reviewer: LessonsReviewer;
  readonly lessons: LessonsRepository;
  /** A day's full scan (`scans/drawdown/<date>.csv`), or null when that day was not scanned. */
  readonly scanRows: (date: string) => Promise<readonly ScanRow[] | null>;
  /** Daily closes back to the entries (absent: the facts that need prices say "unknown"). */
  readonly closes?: ClosingPrices;
  /** Claims `daily#lessons#<month>` so overlapping runs review a month once. */
  readonly idempotency?: IdempotencyStore;
  readonly logger: Logger;
}

/** What a review did (the daily log's `lessons`). */
export type LessonsLog = NonNullable<DailyLog['lessons']>;

/**
 * Whether `date` is the first NYSE session of its month (the review's day). A run on another day
 * never reviews: a month missed (the job down all that day) waits for the next month's review.
 */
export function isFirstMarketDayOfMonth(date: string): boolean {
  if (!isTradingDay(date)) return false;
  for (let day = Number(date.slice(8, 10)) - 1; day >= 1; day -= 1) {
    if (isTradingDay(`${date.slice(0, 8)}${String(day).padStart(2, '0')}`)) return false;
  }
  return true;
}

/** The standing of each `symbol@entry` in the last scan on or before its entry (within a week). */
async function scanStandings(deps: LessonsDependencies, lookups: ReturnType<typeof scanLookups>): Promise<Map<string, ScanStanding>> {
  const days = new Map<string, Promise<readonly ScanRow[] | null>>();
  const rowsOf = (day: string): Promise<readonly ScanRow[] | null> => {
    let rows = days.get(day);
    if (!rows) {
      rows = deps.scanRows(day).catch((error: unknown) => {
        deps.logger.warn({ day, err: describeError(error) }, 'lessons: a dated scan could not be read; its trades count as not known');
        return null;
      });
      days.set(day, rows);
    }
    return rows;
  };
  const standings = new Map<string, ScanStanding>();
  for (const lookup of lookups) {
    for (const day of lookup.days) {
      const rows = await rowsOf(day);
      if (!rows) continue;
      standings.set(lookup.key, { date: day, rank: rows.find((r) => r.symbol === lookup.symbol)?.rank ?? null });
      break;
    }
  }
  return standings;
}

async function barsFor(deps: LessonsDependencies, symbols: readonly string[], from: string | null): Promise<Map<string, readonly Bar[]>> {
  if (!deps.closes || !from || symbols.length === 0) return new Map();
  try {
    const batch = await deps.closes.closes(symbols.map((symbol) => ({ symbol, from })));
    return new Map([...batch.series].map(([symbol, series]) => [symbol, series.bars]));
  } catch (error) {
    deps.logger.warn({ err: describeError(error) }, 'lessons: price history unavailable; the facts that need prices say unknown');
    return new Map();
  }
}

/**
 * Reviews the month before `date`'s for every chat with closed trades in it, once per month. Returns
 * the log entry (null when `date` is not the review day or the month was already claimed). `spentUsd`
 * is the month-to-date spend before the call: the review is skipped when its worst case would pass
 * the budget.
 */
export async function reviewMonth(
  deps: LessonsDependencies,
  run: { readonly date: string; readonly now: Date; readonly rules: Rules; readonly ledgers: ReadonlyMap<string, readonly LedgerEntry[]>; readonly spentUsd: string },
): Promise<LessonsLog | null> {
  if (!isFirstMarketDayOfMonth(run.date)) return null;
  const month = previousMonth(monthOf(run.date));
  const work = async (): Promise<LessonsLog> => review(deps, { ...run, month });
  if (!deps.idempotency) return work();
  let claimed = false;
  // The claim comes before the model call: a second run of the day (or one overlapping it) finds it and does nothing.
  const logged = await deps.idempotency.once<Json>(`daily#lessons#${month}`, async () => {
    claimed = true;
    return (await work()) as unknown as Json;
  });
  return claimed ? (logged as unknown as LessonsLog) : null;
}

async function review(
  deps: LessonsDependencies,
  run: { readonly month: string; readonly now: Date; readonly rules: Rules; readonly ledgers: ReadonlyMap<string, readonly LedgerEntry[]>; readonly spentUsd: string },
): Promise<LessonsLog> {
  const { rules, month } = run;
  const perChat = [...run.ledgers].map(([chatId, entries]) => ({ chatId, closed: closedInMonth(replay(entries).closed, month) })).filter((c) => c.closed.length > 0);
  const base = { month, model: deps.reviewer.model, usage: NO_USAGE, costUsd: '0', chats: {}, error: null };
  if (perChat.length === 0) return { ...base, status: 'no-trades' };
  const allClosed = perChat.flatMap((c) => c.closed);
  const [bars, scans] = await Promise.all([
    barsFor(deps, [...new Set(allClosed.map((t) => t.symbol))].sort(), historyStart(allClosed)),
    scanStandings(deps, scanLookups(allClosed)),
  ]);
  const sources = { rules, bars, scans };
  const inputs = perChat.map(({ chatId, closed }) => ({
    chatId,
    input: { month, language: rules.language, facts: lessonFacts(closed, sources) as readonly TradeFacts[], rules, maxTokens: Math.min(rules.analysis.maxTokens, 1500) },
  }));
  const worstCase = addUsd(inputs.map(({ input }) => deps.reviewer.worstCaseLessonsCostUsd(input)));
  if (worstCase.gt(0) && dec(run.spentUsd).plus(worstCase).gt(rules.analysis.monthlyBudgetUsd)) {
    deps.logger.warn({ month, spentUsd: run.spentUsd, worstCaseUsd: toPlain(worstCase) }, 'lessons: monthly budget reached, review skipped');
    return { ...base, status: 'skipped-budget' };
  }
  const usage: AnalysisUsage[] = [];
  const costs: string[] = [];
  const chats: Record<string, { trades: number; patterns: number }> = {};
  let offline = false;
  let error: string | null = null;
  for (const { chatId, input } of inputs) {
    try {
      const outcome = await deps.reviewer.reviewLessons(input);
      offline = outcome.offline;
      usage.push(outcome.usage);
      costs.push(toPlain(outcome.costUsd));
      await deps.lessons.edit((current) => ({
        ...current,
        chats: {
          ...current.chats,
          [chatId]: { month, reviewedAt: run.now.toISOString(), model: outcome.model, trades: input.facts.length, patterns: [...outcome.patterns] },
        },
      }));
      chats[chatId] = { trades: input.facts.length, patterns: outcome.patterns.length };
    } catch (failure) {
      // A billed answer that could not be used still counts in the month's budget.
      if (failure instanceof ClaudeUnreadableAnswerError || failure instanceof ClaudeEmptyAnswerError) {
        usage.push(failure.usage);
        costs.push(toPlain(failure.costUsd));
      }
      error = describeError(failure, { withName: true });
      deps.logger.error({ chatId, month, err: error }, 'lessons: the review of a chat failed; the morning message goes on without it');
    }
  }
  const total = usage.reduce(
    (sum, u) => ({
      inputTokens: sum.inputTokens + u.inputTokens,
      outputTokens: sum.outputTokens + u.outputTokens,
      cacheReadInputTokens: sum.cacheReadInputTokens + u.cacheReadInputTokens,
      cacheCreationInputTokens: sum.cacheCreationInputTokens + u.cacheCreationInputTokens,
    }),
    NO_USAGE,
  );
  const status = error ? 'failed' : offline ? 'offline' : 'ok';
  return { ...base, status, usage: total, costUsd: toPlain(addUsd(costs)), chats, error };
}
