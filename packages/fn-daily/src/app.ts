import {
  addUsd,
  addDays,
  buildDailyBrief,
  CHART_RANGE_DAYS,
  chatNotifications,
  dec,
  deliveryFor,
  louder,
  DEFAULT_NOTIFICATION_SETTINGS,
  describeError,
  NO_USAGE,
  problemLogFields,
  replay,
  summariseBrief,
  symbolsHeldSince,
  toPlain,
  type AnalysisInput,
  type Analyst,
  type BlacklistRepository,
  type ChatLog,
  type Clock,
  type ClosingPrices,
  type DailyLog,
  type DailyLogRepository,
  type Decimal,
  type DocumentLock,
  type DocumentProblem,
  type DocumentRead,
  type IdempotencyStore,
  type LedgerEntry,
  type LedgerState,
  type LessonsDocument,
  type LessonsRepository,
  type LessonsReviewer,
  type Logger,
  type ModelSpend,
  type NotificationDelivery,
  type NotificationSettings,
  type NotificationSettingsRepository,
  type Notifier,
  type PriceFeed,
  type Quote,
  type Rules,
  type RulesRepository,
  type Secrets,
  type ScanRepository,
  type ScanRow,
  type TipsRepository,
  type TradeLedger,
} from '@tradebot/core-domain';
import {
  ClaudeAnalyst,
  ClaudeBadResponseError,
  ClaudeEmptyAnswerError,
  ClaudeRateLimitedError,
  ClaudeRequestError,
  ClaudeTimeoutError,
  ClaudeUnavailableError,
  OfflineAnalyst,
  type ClaudeAnalystOptions,
} from '@tradebot/llm-claude';
import { DynamoDocumentLock, type DynamoDocumentLockOptions } from '@tradebot/storage-dynamodb';
import { dailyLogKey } from '@tradebot/storage-s3';
import { portfolioChartPicture, TelegramNotifier, type ChartRenderer } from '@tradebot/telegram-bot';
import { Telegram } from 'telegraf';
import { earlierDaysOfMonth, localDate } from './date';
import { LOG_EVENTS, microUsd } from './log-events';
import { reviewMonth, type LessonsLog } from './lessons';
import { composeDailyMessage, type AnalysisNotice } from './message';
import { isMonday, lastWeekPerformance, type WeeklyPerformance } from './weekly';

/** What the daily job needs; `fn-daily`'s handler and `pnpm daily` build these. */
/** The data-bucket documents the job reads and writes; storage-s3's `createS3Documents` provides them all. */
export interface DailyDocuments {
  readonly rules: RulesRepository;
  readonly blacklist: BlacklistRepository;
  readonly tips: TipsRepository;
  readonly scans: ScanRepository & {
    /** A day's full scan (the monthly lessons look up where a bought symbol stood); null when not scanned. */
    rows(date: string): Promise<readonly ScanRow[] | null>;
  };
  readonly dailyLogs: DailyLogRepository;
  /** Each chat's `/notify` settings: a chat can turn the morning analysis (or its rule alerts) off or silent. */
  readonly notifications: NotificationSettingsRepository;
  /** The monthly lessons: written by the review, three lines of it in each daily prompt. */
  readonly lessons: LessonsRepository;
}

export interface DailyJobDependencies {
  readonly clock: Clock;
  readonly documents: DailyDocuments;
  readonly ledger: TradeLedger;
  readonly prices: PriceFeed;
  /**
   * Daily closes back to each chat's first trade, for the Monday line (last week's return against the
   * benchmark). Absent: no weekly line.
   */
  readonly closes?: ClosingPrices;
  /** The analyst; when it can also review a month (`LessonsReviewer`, both llm-claude analysts can), the monthly lessons run. */
  readonly analyst: Analyst & Partial<LessonsReviewer>;
  readonly notifier: Notifier;
  /**
   * Renders the portfolio chart (`/chart portfolio 1y`) sent after a chat's morning analysis, when the
   * chat has the morning analysis on or silent, the notifier sends pictures and `closes` is given.
   * Absent: no chart. Load nothing heavy until `render` (the Lambda: the chart layer).
   */
  readonly charts?: ChartRenderer;
  /** The chats to serve (the allowed chat ids); each has its own portfolio. */
  readonly chatIds: readonly string[];
  /**
   * Guards each delivery with the key `daily#<date>#<chat>`, so two runs at the same time (the
   * scheduler delivers at least once) send one message. Without it, only the daily log guards,
   * which is enough for sequential re-runs.
   */
  readonly idempotency?: IdempotencyStore;
  /**
   * Claims the date (lease `daily#<date>`) before anything is analysed, so two overlapping runs
   * never both pay Claude: the second waits for the first, then finds its chats done. It also makes
   * the run the only writer of the day's log, so every call's cost is counted. Keep its lease above
   * the function's timeout. Without it only sequential re-runs are safe.
   */
  readonly lock?: DocumentLock;
  /**
   * The month's spend of the chat's plain-language readings (the webhook's), added to the daily
   * logs' so both share one `analysis.monthlyBudgetUsd`. Absent: only the daily logs count.
   */
  readonly chatReadingsSpend?: ModelSpend;
  readonly logger?: Logger;
}

/** One run's outcome. `ok` is false when any chat did not get its message (the platform should retry). */
export interface DailyRunResult {
  readonly ok: boolean;
  readonly date: string;
  /** Chats that got their message in this run. */
  readonly sent: readonly string[];
  /** Chats whose delivery failed in this run. */
  readonly failed: readonly string[];
  /** Chats that already had today's message from an earlier run. */
  readonly alreadySent: readonly string[];
  /** Chats that get nothing today: `/notify` turned off the morning analysis (and its rule alerts, or there were none). */
  readonly off: readonly string[];
  /** The message per chat composed or re-sent in this run (HTML). */
  readonly messages: Readonly<Record<string, string>>;
  /** Object key of the day's log (`logs/daily_analysis_<date>.json`). */
  readonly logKey: string;
  /** The log as written. */
  readonly log: DailyLog;
}

/** The daily job: one method, run once per scheduled event (or by hand for a given date). */
export interface DailyJob {
  run(options?: { readonly date?: string }): Promise<DailyRunResult>;
}

const SILENT: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A short reason for the chat (no secrets, no stack). By class, not name: bundles minify names. */
function claudeReason(error: unknown): string {
  if (error instanceof ClaudeRateLimitedError) return 'Claude rate limited';
  if (error instanceof ClaudeUnavailableError) return 'Claude unavailable';
  if (error instanceof ClaudeTimeoutError) return 'Claude timed out';
  if (error instanceof ClaudeRequestError) return 'Claude refused the request';
  if (error instanceof ClaudeEmptyAnswerError) return 'Claude returned no text';
  if (error instanceof ClaudeBadResponseError) return 'Claude answered in an unexpected shape';
  return 'analysis error';
}

/**
 * Builds the daily job: gather (rules, blacklist, tips, latest scan, each chat's ledger, live
 * prices) -> deterministic brief -> analysis (within the monthly budget) -> message to every chat
 * -> `logs/daily_analysis_<date>.json`. Idempotent per local date: a chat whose delivery is
 * recorded as sent is never messaged again that day; a chat whose delivery failed gets the same
 * message on the next run (no second model call). Claude failing still sends alerts and
 * candidates with a notice; Telegram failing still writes the log and returns `ok: false`.
 */
export function createDailyJob(deps: DailyJobDependencies): DailyJob {
  const logger = deps.logger ?? SILENT;

  async function monthToDateSpend(date: string, previous: DailyLog | null): Promise<string> {
    const earlier = await Promise.all(
      earlierDaysOfMonth(date).map((day) =>
        deps.documents.dailyLogs.get(day).catch((error: unknown) => {
          // An unreadable old log must not stop today's message; its spend is unknown, so say so.
          logger.warn({ day, err: describeError(error) }, 'daily: could not read an earlier log; its cost is not in the month-to-date spend');
          return null;
        }),
      ),
    );
    const readings = deps.chatReadingsSpend
      ? await deps.chatReadingsSpend.spentUsd(date.slice(0, 7)).catch((error: unknown) => {
          // Unknown readings' spend must not stop the morning message; the log says it was left out.
          logger.warn({ err: describeError(error) }, 'daily: the chat readings spend could not be read; it is not in the month-to-date spend');
          return '0';
        })
      : '0';
    return toPlain(addUsd([...earlier.map((log) => log?.totalCostUsd ?? '0'), previous?.totalCostUsd ?? '0', readings]));
  }

  async function gatherQuotes(states: readonly LedgerState[]): Promise<{ quotes: Map<string, Quote>; error: string | null }> {
    const symbols = [...new Set(states.flatMap((s) => [...s.positions.keys()]))].sort();
    if (symbols.length === 0) return { quotes: new Map(), error: null };
    try {
      const batch = await deps.prices.quotes(symbols);
      return { quotes: new Map(batch.quotes), error: null };
    } catch (error) {
      logger.warn({ err: describeError(error) }, 'daily: prices unavailable, valuing at cost');
      return { quotes: new Map(), error: 'price source unreachable' };
    }
  }

  async function compose(
    chatId: string,
    state: LedgerState,
    shared: {
      rules: Rules;
      date: string;
      blacklist: readonly string[];
      tips: Parameters<typeof buildDailyBrief>[0]['tips'];
      scan: Parameters<typeof buildDailyBrief>[0]['scan'];
      quotes: Map<string, Quote>;
      pricesError: string | null;
      problems: readonly DocumentProblem[];
      weekly: ReadonlyMap<string, WeeklyPerformance>;
      notifications: NotificationSettings;
      lessons: LessonsDocument;
    },
    budget: { spentUsd: string },
  ): Promise<ChatLog> {
    const { rules } = shared;
    const lessons = shared.lessons.chats[chatId];
    const brief = buildDailyBrief({ date: shared.date, rules, ledger: state, quotes: shared.quotes, blacklist: shared.blacklist, tips: shared.tips, scan: shared.scan, ...(lessons ? { lessons } : {}) });
    const wanted = chatNotifications(shared.notifications, chatId);
    const input: AnalysisInput = { brief, wordLimit: rules.analysis.wordLimit, maxTokens: rules.analysis.maxTokens };
    const prompt = deps.analyst.prompt(input);
    const worstCase = deps.analyst.worstCaseCostUsd(input);
    const notices: AnalysisNotice[] = [
      ...shared.problems.map((problem) => ({ kind: 'document', problem }) as const),
      ...(shared.pricesError ? [{ kind: 'prices', reason: shared.pricesError } as const] : []),
    ];
    const started = deps.clock.now().getTime();
    let analysis: ChatLog['analysis'];
    let shown: { text: string; model: string } | null = null;

    const overBudget = worstCase.gt(0) && dec(budget.spentUsd).plus(worstCase).gt(rules.analysis.monthlyBudgetUsd);
    if (wanted.morning === 'off') {
      // `/notify morning off`: no model call. Rule alerts, unless off too, still come on their own.
      const alertsOnly = wanted.ruleAlerts !== 'off' && brief.alerts.length > 0;
      return {
        inputs: summariseBrief(brief) as ChatLog['inputs'],
        prompt,
        analysis: { status: 'skipped-off', model: deps.analyst.model, answer: null, usage: NO_USAGE, costUsd: '0', worstCaseUsd: toPlain(worstCase), stopReason: null, error: null, durationMs: 0 },
        message: alertsOnly ? composeDailyMessage(brief, null, [], undefined, { only: 'alerts' }) : '',
        ...(alertsOnly ? { kinds: ['ruleAlerts' as const] } : { kinds: [] }),
        delivery: { status: alertsOnly ? 'pending' : 'off', attempts: 0, sentAt: null, error: null },
      };
    }
    if (overBudget) {
      notices.push({ kind: 'budget', spentUsd: dec(budget.spentUsd).round(2).toFixed(2), budgetUsd: rules.analysis.monthlyBudgetUsd });
      analysis = { status: 'skipped-budget', model: deps.analyst.model, answer: null, usage: NO_USAGE, costUsd: '0', worstCaseUsd: toPlain(worstCase), stopReason: null, error: null, durationMs: 0 };
      logger.warn({ chatId, spentUsd: budget.spentUsd, worstCaseUsd: toPlain(worstCase), budgetUsd: rules.analysis.monthlyBudgetUsd }, 'daily: monthly budget reached, LLM call skipped');
    } else {
      try {
        const outcome = await deps.analyst.analyse(input);
        budget.spentUsd = toPlain(dec(budget.spentUsd).plus(outcome.costUsd));
        if (outcome.offline) notices.push({ kind: 'offline' });
        else shown = { text: outcome.text, model: outcome.model };
        analysis = {
          status: outcome.offline ? 'offline' : 'ok',
          model: outcome.model,
          answer: outcome.text,
          usage: outcome.usage,
          costUsd: toPlain(outcome.costUsd),
          worstCaseUsd: toPlain(worstCase),
          stopReason: outcome.stopReason ?? null,
          error: null,
          durationMs: deps.clock.now().getTime() - started,
        };
      } catch (error) {
        // Any analysis failure degrades to the deterministic message; the reason goes to the log.
        // An answer without text was still billed: its cost counts in the month's budget.
        const billed = error instanceof ClaudeEmptyAnswerError ? { usage: error.usage, costUsd: error.costUsd } : { usage: NO_USAGE, costUsd: dec(0) };
        budget.spentUsd = toPlain(dec(budget.spentUsd).plus(billed.costUsd));
        notices.push({ kind: 'failed', reason: claudeReason(error) });
        analysis = {
          status: 'failed',
          model: deps.analyst.model,
          answer: null,
          usage: billed.usage,
          costUsd: toPlain(billed.costUsd),
          worstCaseUsd: toPlain(worstCase),
          stopReason: null,
          error: describeError(error, { withName: true }),
          durationMs: deps.clock.now().getTime() - started,
        };
        logger.error({ chatId, err: analysis.error }, 'daily: analysis failed, sending the brief with a notice');
      }
    }
    return {
      inputs: summariseBrief(brief) as ChatLog['inputs'],
      prompt,
      analysis,
      message: composeDailyMessage(brief, shown, notices, shared.weekly.get(chatId), { alerts: wanted.ruleAlerts !== 'off' }),
      kinds: wanted.ruleAlerts !== 'off' && brief.alerts.length > 0 ? ['morning', 'ruleAlerts'] : ['morning'],
      delivery: { status: 'pending', attempts: 0, sentAt: null, error: null },
    };
  }

  /**
   * Phase 1: the date's log so far and what this run goes without. An optional document that cannot
   * be read must not cost the morning message: go on without it, say so in the message, log the
   * cause, never write it. A stored log that is not a daily log stops the run (`CorruptDocumentError`):
   * it is never overwritten blindly.
   */
  async function openRun(date: string, startedAt: Date, rulesRead: DocumentRead<Rules>): Promise<DayRun> {
    const [previous, notificationsRead] = await Promise.all([deps.documents.dailyLogs.get(date), deps.documents.notifications.read()]);
    const run: DayRun = {
      date,
      startedAt,
      rules: rulesRead.value,
      notifications: DEFAULT_NOTIFICATION_SETTINGS,
      lessons: previous?.lessons ?? null,
      entries: new Map(),
      previous,
      chats: { ...(previous?.chats ?? {}) },
      notes: [],
      problems: [],
      costThisRun: dec(0),
      gatherMs: 0,
      analyseMs: 0,
    };
    goWithout(run, rulesRead);
    // Unreadable settings: everything goes out as usual, and the message says why.
    run.notifications = goWithout(run, notificationsRead);
    if (deps.chatIds.length === 0) run.notes.push('no allowed chat ids configured: nothing to send');
    return run;
  }

  /** An optional document's value, or its fallback with the problem noted (message, `notes`, error log). */
  function goWithout<T>(run: DayRun, read: DocumentRead<T>): T {
    if (read.ok) return read.value;
    run.problems.push(read.problem);
    run.notes.push(`${read.problem.key} could not be read (${read.problem.kind}: ${read.problem.reason}); went on without it`);
    logger.error(problemLogFields(read.problem), 'daily: optional document unreadable, going on without it');
    return read.value;
  }

  /**
   * The monthly lessons, on the first market day of a month (`reviewMonth`): its cost is added to
   * `budget` (so the morning analyses see it) and to the day's log; any failure is logged and noted,
   * never thrown. Needs an analyst that can review (both llm-claude analysts can).
   */
  async function lessonsReview(run: DayRun, ledgers: ReadonlyMap<string, readonly LedgerEntry[]>, budget: { spentUsd: string }): Promise<void> {
    const reviewer = deps.analyst.reviewLessons && deps.analyst.worstCaseLessonsCostUsd ? (deps.analyst as Analyst & LessonsReviewer) : null;
    if (!reviewer) return;
    try {
      const log = await reviewMonth(
        {
          reviewer,
          lessons: deps.documents.lessons,
          scanRows: (day) => deps.documents.scans.rows(day),
          ...(deps.closes ? { closes: deps.closes } : {}),
          ...(deps.idempotency ? { idempotency: deps.idempotency } : {}),
          logger,
        },
        { date: run.date, now: deps.clock.now(), rules: run.rules, ledgers, spentUsd: budget.spentUsd },
      );
      if (!log) return;
      run.lessons = log;
      budget.spentUsd = toPlain(dec(budget.spentUsd).plus(log.costUsd));
      run.costThisRun = run.costThisRun.plus(log.costUsd);
      run.notes.push(`monthly lessons of ${log.month}: ${log.status}${log.error ? ` (${log.error})` : ''}`);
      // Written now: the review's cost must count in the month's budget even if this run fails later.
      await deps.documents.dailyLogs.put(run.date, logOf(run, deps.clock.now(), { sent: [], failed: [], ms: 0 }));
    } catch (error) {
      logger.error({ err: describeError(error) }, 'daily: the monthly lessons review failed; the morning message goes on');
      run.notes.push(`monthly lessons failed: ${describeError(error)}`);
    }
  }

  /**
   * Phase 2: gather only what composing needs (a retry that only re-sends reads nothing else), then
   * analyse and compose chat by chat. The log is saved after every analysis, before sending: its cost
   * counts in the month's budget even if this run fails later, and a crash mid-delivery re-sends this
   * message instead of paying again.
   */
  async function composeMessages(run: DayRun, chatIds: readonly string[]): Promise<void> {
    const gatherStart = deps.clock.now().getTime();
    const [blacklistRead, tipsRead, scanRead, entries] = await Promise.all([
      deps.documents.blacklist.read(),
      deps.documents.tips.read(),
      deps.documents.scans.readLatest(),
      Promise.all(chatIds.map((id) => deps.ledger.list(id))),
    ]);
    const blacklist = goWithout(run, blacklistRead);
    const tips = goWithout(run, tipsRead);
    const scan = goWithout(run, scanRead);
    const states = entries.map((e) => replay(e));
    for (const [index, chatId] of chatIds.entries()) run.entries.set(chatId, entries[index]!);
    const { quotes, error: pricesError } = await gatherQuotes(states);
    if (pricesError) run.notes.push(pricesError);
    const weekly =
      deps.closes && isMonday(run.date)
        ? await lastWeekPerformance(deps.closes, run.date, new Map(chatIds.map((id, index) => [id, entries[index]!])), run.rules, logger)
        : new Map<string, WeeklyPerformance>();
    const budget = { spentUsd: await monthToDateSpend(run.date, run.previous) };
    const spentBefore = budget.spentUsd;
    await lessonsReview(run, new Map(chatIds.map((id, index) => [id, entries[index]!])), budget);
    const lessons = goWithout(run, await deps.documents.lessons.read());
    const analyseStart = deps.clock.now().getTime();
    run.gatherMs = analyseStart - gatherStart;
    const shared = { rules: run.rules, date: run.date, blacklist, tips, scan, quotes, pricesError, problems: run.problems, weekly, notifications: run.notifications, lessons };
    run.costThisRun = dec(budget.spentUsd).minus(spentBefore);
    for (const [index, chatId] of chatIds.entries()) {
      run.chats[chatId] = await compose(chatId, states[index]!, shared, budget);
      run.costThisRun = dec(budget.spentUsd).minus(spentBefore);
      run.analyseMs = deps.clock.now().getTime() - analyseStart;
      await deps.documents.dailyLogs.put(run.date, logOf(run, deps.clock.now(), { sent: [], failed: [], ms: 0 }));
    }
  }

  /**
   * Phase 3: send each pending chat its message, once (inside the idempotency key when there is a
   * store), recording per chat what was delivered or why not.
   */
  async function deliver(run: DayRun, chatIds: readonly string[]): Promise<Delivered> {
    const delivered: Delivered = { sent: [], failed: [], ms: 0 };
    const deliverStart = deps.clock.now().getTime();
    for (const chatId of chatIds) {
      const chat = run.chats[chatId]!;
      // Sound is decided at sending time: quiet hours are about when the message arrives.
      const silent = soundOf(run, chatId, chat) === 'silent';
      try {
        let sentNow = false;
        const send = async (): Promise<{ sentAt: string; message: string }> => {
          await deps.notifier.send(chatId, chat.message, silent ? { silent: true } : {});
          sentNow = true;
          return { sentAt: deps.clock.now().toISOString(), message: chat.message };
        };
        const done = deps.idempotency ? await deps.idempotency.once(`daily#${run.date}#${chatId}`, send) : await send();
        // The chart follows a message sent now (not one an earlier run sent), with the same sound.
        if (sentNow && (chat.kinds ?? ['morning']).includes('morning')) await sendChart(run, chatId, silent);
        // A delivery recorded by an earlier run may carry another version: record what the chat really got.
        run.chats[chatId] = {
          ...chat,
          message: done.message,
          delivery: { status: 'sent', attempts: chat.delivery.attempts + 1, sentAt: done.sentAt, error: null, ...(silent ? { silent: true } : {}) },
        };
        delivered.sent.push(chatId);
      } catch (error) {
        run.chats[chatId] = { ...chat, delivery: { status: 'failed', attempts: chat.delivery.attempts + 1, sentAt: null, error: describeError(error, { withName: true }) } };
        delivered.failed.push(chatId);
        logger.error({ chatId, err: describeError(error) }, 'daily: delivery failed');
      }
    }
    delivered.ms = deps.clock.now().getTime() - deliverStart;
    return delivered;
  }

  /**
   * The portfolio chart after the morning analysis: best effort, never fails the delivery (the text
   * went out); a chat that holds nothing, prices that cannot be had or a renderer that cannot load
   * leave it out, logged and noted in the run.
   */
  async function sendChart(run: DayRun, chatId: string, silent: boolean): Promise<void> {
    const entries = run.entries.get(chatId);
    if (!deps.charts || !deps.closes || !deps.notifier.sendPhoto || !entries) return;
    try {
      const symbols = symbolsHeldSince(entries, '1y', run.date);
      if (symbols.length === 0) return;
      const from = addDays(run.date, -(CHART_RANGE_DAYS['1y'] + 7));
      const batch = await deps.closes.closes(symbols.map((symbol) => ({ symbol, from })));
      const bars = new Map([...batch.series].map(([symbol, series]) => [symbol, series.bars] as const));
      const picture = await portfolioChartPicture(deps.charts, { entries, bars, currency: run.rules.baseCurrency, to: run.date, language: run.rules.language });
      if (!picture) return;
      await deps.notifier.sendPhoto(chatId, picture.photo, picture.caption, silent ? { silent: true } : {});
    } catch (error) {
      logger.warn({ chatId, err: describeError(error) }, 'daily: the portfolio chart was not sent; the analysis was');
      run.notes.push(`portfolio chart not sent to ${chatId}: ${describeError(error)}`);
    }
  }

  /** How a composed message sounds now: the louder of the kinds it carries, each after the chat's settings and quiet hours. */
  function soundOf(run: DayRun, chatId: string, chat: ChatLog): NotificationDelivery {
    const kinds = chat.kinds ?? ['morning'];
    return kinds.reduce<NotificationDelivery>((sound, kind) => louder(sound, deliveryFor(run.notifications, chatId, kind, deps.clock.now(), run.rules.analysis.timezone)), 'off');
  }

  /**
   * One run for `date`, with the date claimed (when a lock is given). Idempotent per date: chats
   * already sent are skipped; chats with a stored message get it again (no second analysis).
   */
  async function runDate(date: string, startedAt: Date, rulesRead: DocumentRead<Rules>): Promise<DailyRunResult> {
    const run = await openRun(date, startedAt, rulesRead);
    const alreadySent = deps.chatIds.filter((id) => run.chats[id]?.delivery.status === 'sent');
    const unsent = deps.chatIds.filter((id) => run.chats[id]?.delivery.status !== 'sent' && run.chats[id]?.delivery.status !== 'off');
    const toCompose = unsent.filter((id) => !run.chats[id]);
    if (toCompose.length > 0) await composeMessages(run, toCompose);
    const off = deps.chatIds.filter((id) => run.chats[id]?.delivery.status === 'off');
    const pending = unsent.filter((id) => run.chats[id]?.delivery.status !== 'off');
    const delivered = await deliver(run, pending);

    // Phase 4: record the run.
    const log = logOf(run, deps.clock.now(), delivered);
    if (unsent.length > 0 || !run.previous) await deps.documents.dailyLogs.put(date, log);
    const { sent, failed } = delivered;
    logger.info(
      { event: LOG_EVENTS.dailyCompleted, ok: failed.length === 0, date, sent: sent.length, failed: failed.length, alreadySent: alreadySent.length, costUsd: toPlain(run.costThisRun), costMicroUsd: microUsd(run.costThisRun) },
      'daily: run finished',
    );
    const messages = Object.fromEntries(pending.map((id) => [id, run.chats[id]!.message]));
    return { ok: failed.length === 0, date, sent, failed, alreadySent, off, messages, logKey: dailyLogKey(date), log };
  }

  return {
    async run(options = {}) {
      const startedAt = deps.clock.now();
      // Invalid rules give the defaults (with a notice in the message): the date needs a time zone.
      const rulesRead = await deps.documents.rules.read();
      const date = options.date ?? localDate(startedAt, rulesRead.value.analysis.timezone);
      if (!deps.lock) return runDate(date, startedAt, rulesRead);
      // Claim the date before analysing: an overlapping run waits here, then finds its chats done.
      return deps.lock.withLock(`daily#${date}`, () => runDate(date, startedAt, rulesRead), {
        onWait: () => logger.info({ date }, 'daily: another run is working on this date; waiting for it'),
      });
    },
  };
}

/** One run of a date, as its phases fill it in. */
interface DayRun {
  readonly date: string;
  readonly startedAt: Date;
  /** The rules in force (the defaults when the file cannot be read). */
  readonly rules: Rules;
  /** Each chat's `/notify` settings (everything on when the file cannot be read). */
  notifications: NotificationSettings;
  /** The monthly lessons review of this date, when it ran (this run or an earlier one). */
  lessons: LessonsLog | null;
  /** The ledgers read by this run's composing (the morning chart draws from them). */
  readonly entries: Map<string, readonly LedgerEntry[]>;
  /** The date's log from earlier runs, null for the first. */
  readonly previous: DailyLog | null;
  /** Every chat's log: the earlier runs' and this run's. */
  readonly chats: Record<string, ChatLog>;
  /** What this run went without, for the log's `notes`; `problems` are the documents among them. */
  readonly notes: string[];
  readonly problems: DocumentProblem[];
  costThisRun: Decimal;
  gatherMs: number;
  analyseMs: number;
}

/** Who got their message in this run, who did not, and how long sending took. */
interface Delivered {
  readonly sent: string[];
  readonly failed: string[];
  ms: number;
}

/** The date's log with this run appended (as it stands at `finishedAt`). */
function logOf(run: DayRun, finishedAt: Date, delivered: Delivered): DailyLog {
  const { previous, startedAt } = run;
  return {
    version: 1,
    date: run.date,
    timezone: run.rules.analysis.timezone,
    runs: [
      ...(previous?.runs ?? []),
      {
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        durationsMs: { gather: run.gatherMs, analyse: run.analyseMs, deliver: delivered.ms, total: finishedAt.getTime() - startedAt.getTime() },
        sent: [...delivered.sent],
        failed: [...delivered.failed],
        notes: [...run.notes],
      },
    ],
    ...(run.lessons ? { lessons: run.lessons } : {}),
    totalCostUsd: toPlain(dec(previous?.totalCostUsd ?? '0').plus(run.costThisRun)),
    chats: { ...run.chats },
  };
}

/**
 * The analyst for the configured secrets: Claude when an Anthropic API key is set, else the
 * offline analyst (which says so in the message).
 */
export function analystFor(secrets: Pick<Secrets, 'anthropicApiKey'>, options: Omit<ClaudeAnalystOptions, 'apiKey'> = {}): Analyst {
  return secrets.anthropicApiKey ? new ClaudeAnalyst({ ...options, apiKey: secrets.anthropicApiKey }) : new OfflineAnalyst();
}

/**
 * The per-date claim of the daily job: a lease `UPDATE#daily#<date>` in the table (inside fn-daily's
 * `UPDATE#daily#` key space). The lease outlasts the longest run (the function timeout plus a
 * minute), so a live run is never taken over, and one left by a run that died expires; a run that
 * finds the date claimed waits up to half its own timeout, then fails so the platform retries later.
 */
export function dailyLock(options: Pick<DynamoDocumentLockOptions, 'client' | 'tableName' | 'clock'>, functionTimeoutSeconds: number): DocumentLock {
  return new DynamoDocumentLock({ ...options, keyPrefix: 'UPDATE#', leaseSeconds: functionTimeoutSeconds + 60, waitTimeoutMs: (functionTimeoutSeconds * 1000) / 2 });
}

/** The Telegram `Notifier` for a bot token; `apiRoot` points it at a local Bot API server. */
export function telegramNotifierFor(token: string, apiRoot?: string): Notifier {
  return new TelegramNotifier(new Telegram(token, apiRoot ? { apiRoot } : {}));
}
