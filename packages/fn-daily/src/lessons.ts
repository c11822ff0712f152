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
  type LessonsInput,
  type LessonsRepository,
  type LessonsReviewer,
  type Logger,
  type Rules,
  type ScanRow,
  type ScanStanding,
} from '@tradebot/core-domain';
import { ClaudeEmptyAnswerError, ClaudeUnreadableAnswerError } from '@tradebot/llm-claude';
import { isTradingDay } from '@tradebot/market-data';

/** A review that failed: thrown inside the chat's claim so the claim is released for a later run. */
class ReviewFailed extends Error {
  constructor(readonly review: ChatReview) {
    super(review.error ?? 'the review failed');
  }
}

/** What the review reads and writes. */
export interface LessonsDependencies {
  readonly reviewer: LessonsReviewer;
  readonly lessons: LessonsRepository;
  /** A day's full scan (`scans/drawdown/<date>.csv`), or null when that day was not scanned. */
  readonly scanRows: (date: string) => Promise<readonly ScanRow[] | null>;
  /** Daily closes back to the entries (absent: the facts that need prices say "unknown"). */
  readonly closes?: ClosingPrices;
  /** Claims `daily#lessons#<month>#<chat>` so overlapping runs review a chat's month once. */
  readonly idempotency?: IdempotencyStore;
  readonly logger: Logger;
}

/** What a review did (the daily log's `lessons`). */
export type LessonsLog = NonNullable<DailyLog['lessons']>;

/**
 * Whether `date` is the first NYSE session of its month (the review's day). Later market days of the
 * month only catch up: a chat whose review of last month failed or never ran (the job down that
 * day) is reviewed then.
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
 * Reviews the month before `date`'s for every chat with closed trades in it, each chat once per
 * month: on the month's first market day every such chat, on its later market days the chats whose
 * review is not stored yet (it failed, or no run reviewed it). A failed review releases its claim,
 * so the next run (that day or a later market day) tries again; a review done, or skipped for the
 * budget, stays claimed. Returns the log entry (null when there is nothing to review that day, or
 * every chat was already claimed by an earlier run). `spentUsd` is the month-to-date spend before
 * the review: a chat's review is skipped when its worst case would pass the budget.
 */
export async function reviewMonth(
  deps: LessonsDependencies,
  run: { readonly date: string; readonly now: Date; readonly rules: Rules; readonly ledgers: ReadonlyMap<string, readonly LedgerEntry[]>; readonly spentUsd: string },
): Promise<LessonsLog | null> {
  if (!isTradingDay(run.date)) return null;
  const catchingUp = !isFirstMarketDayOfMonth(run.date);
  const { rules } = run;
  const month = previousMonth(monthOf(run.date));
  let perChat = [...run.ledgers].map(([chatId, entries]) => ({ chatId, closed: closedInMonth(replay(entries).closed, month) })).filter((c) => c.closed.length > 0);
  const log = { month, model: deps.reviewer.model, usage: NO_USAGE, costUsd: '0', chats: {} as Record<string, { trades: number; patterns: number }>, error: null as string | null };
  if (perChat.length === 0) return catchingUp ? null : { ...log, status: 'no-trades' };
  if (catchingUp) {
    // Only the chats whose review of the month is not stored; an unreadable document waits (the morning message says so).
    const stored = await deps.lessons.read();
    if (!stored.ok) return null;
    perChat = perChat.filter((c) => stored.value.chats[c.chatId]?.month !== month);
    if (perChat.length === 0) return null;
  }
  const allClosed = perChat.flatMap((c) => c.closed);
  const [bars, scans] = await Promise.all([
    barsFor(deps, [...new Set(allClosed.map((t) => t.symbol))].sort(), historyStart(allClosed)),
    scanStandings(deps, scanLookups(allClosed)),
  ]);
  const spent = { usd: run.spentUsd, costs: [] as string[], usage: [] as AnalysisUsage[] };
  let reviewed = 0;
  let skipped = 0;
  let offline = false;
  for (const { chatId, closed } of perChat) {
    const input: LessonsInput = { month, language: rules.language, facts: lessonFacts(closed, { rules, bars, scans }), rules, maxTokens: Math.min(rules.analysis.maxTokens, 1500) };
    const work = (): Promise<ChatReview> => reviewChat(deps, { chatId, input, now: run.now, budgetUsd: rules.analysis.monthlyBudgetUsd, spentUsd: spent.usd });
    let outcome: ChatReview | null;
    if (deps.idempotency) {
      // The claim comes before the model call: a second run of the day (or one overlapping it) finds it and does nothing.
      let claimed = false;
      const stored = await deps.idempotency
        .once<Json>(`daily#lessons#${month}#${chatId}`, async () => {
          claimed = true;
          const review = await work();
          // A failed review releases the claim: the next run (that day or a later market day) tries again.
          if (review.status === 'failed') throw new ReviewFailed(review);
          return review as unknown as Json;
        })
        .catch((error: unknown) => {
          if (error instanceof ReviewFailed) return error.review as unknown as Json;
          deps.logger.warn({ chatId, month, err: describeError(error) }, 'lessons: another run holds this chat\'s review; leaving it to that run');
          return null;
        });
      outcome = claimed ? (stored as unknown as ChatReview) : null;
    } else {
      outcome = await work();
    }
    if (!outcome) continue;
    reviewed += 1;
    spent.usd = toPlain(dec(spent.usd).plus(outcome.costUsd));
    spent.costs.push(outcome.costUsd);
    spent.usage.push(outcome.usage);
    if (outcome.status === 'skipped-budget') skipped += 1;
    if (outcome.offline) offline = true;
    if (outcome.error) log.error = outcome.error;
    if (outcome.patterns !== null) log.chats[chatId] = { trades: input.facts.length, patterns: outcome.patterns };
  }
  if (reviewed === 0) return null;
  const usage = spent.usage.reduce(
    (sum, u) => ({
      inputTokens: sum.inputTokens + u.inputTokens,
      outputTokens: sum.outputTokens + u.outputTokens,
      cacheReadInputTokens: sum.cacheReadInputTokens + u.cacheReadInputTokens,
      cacheCreationInputTokens: sum.cacheCreationInputTokens + u.cacheCreationInputTokens,
    }),
    NO_USAGE,
  );
  const status = log.error ? 'failed' : skipped === reviewed ? 'skipped-budget' : offline ? 'offline' : 'ok';
  return { ...log, status, usage, costUsd: toPlain(addUsd(spent.costs)) };
}

/** One chat's review as its claim stores it: what it cost, how many patterns were stored (null: none), why not. */
interface ChatReview {
  readonly status: 'ok' | 'skipped-budget' | 'failed';
  readonly offline: boolean;
  readonly costUsd: string;
  readonly usage: AnalysisUsage;
  readonly patterns: number | null;
  readonly error: string | null;
}

async function reviewChat(
  deps: LessonsDependencies,
  review: { readonly chatId: string; readonly input: LessonsInput; readonly now: Date; readonly budgetUsd: number; readonly spentUsd: string },
): Promise<ChatReview> {
  const { chatId, input } = review;
  const nothing = { offline: false, costUsd: '0', usage: NO_USAGE, patterns: null, error: null };
  const worstCase = deps.reviewer.worstCaseLessonsCostUsd(input);
  if (worstCase.gt(0) && dec(review.spentUsd).plus(worstCase).gt(review.budgetUsd)) {
    deps.logger.warn({ chatId, month: input.month, spentUsd: review.spentUsd, worstCaseUsd: toPlain(worstCase) }, 'lessons: monthly budget reached, review skipped');
    return { ...nothing, status: 'skipped-budget' };
  }
  let billed = { costUsd: '0', usage: NO_USAGE as AnalysisUsage, offline: false };
  try {
    const outcome = await deps.reviewer.reviewLessons(input);
    billed = { costUsd: toPlain(outcome.costUsd), usage: outcome.usage, offline: outcome.offline };
    await deps.lessons.edit((current) => ({
      ...current,
      chats: {
        ...current.chats,
        [chatId]: { month: input.month, reviewedAt: review.now.toISOString(), model: outcome.model, trades: input.facts.length, patterns: [...outcome.patterns] },
      },
    }));
    return { status: 'ok', ...billed, patterns: outcome.patterns.length, error: null };
  } catch (failure) {
    // A billed answer that could not be used still counts in the month's budget.
    if (failure instanceof ClaudeUnreadableAnswerError || failure instanceof ClaudeEmptyAnswerError) billed = { costUsd: toPlain(failure.costUsd), usage: failure.usage, offline: false };
    const error = describeError(failure, { withName: true });
    deps.logger.error({ chatId, month: input.month, err: error }, 'lessons: the review of a chat failed; the morning message goes on without it');
    return { status: 'failed', ...billed, patterns: null, error };
  }
}
