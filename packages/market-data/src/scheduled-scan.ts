/**
 * The collector use case: rules + blacklist + universe (shipped or overridden) -> drawdown scan ->
 * optional Telegram summary. fn-collector and `pnpm scan` both run exactly this.
 * A date is scanned and summarised at most once (a claim per date, when `claims` is given); a run
 * whose prices did not come from where it should, and a `limit` run, are saved apart: only a full
 * scan from the expected source becomes the day's scan and `latest.json`.
 */
import { describeError, documentNotice, escapeHtml, problemLogFields } from '@tradebot/core-domain';
import type {
  BlacklistRepository,
  DocumentProblem,
  IdempotencyStore,
  Json,
  Notifier,
  PriceHistoryCache,
  PriceProvenance,
  RulesRepository,
  ScanRepository,
  ScanRow,
  ScanSummary,
} from '@tradebot/core-domain';
import { lastClosedSession } from './calendar';
import { formatScanSummaryHtml, runDrawdownScan, type DrawdownScanDeps, type DrawdownScanOutcome, type ScanProgress } from './scan';
import { parseUniverseCsv, shippedUniverse, type UniverseMember } from './universe';
import { priceProvenance } from './yahoo-feed';

/** Where messages go: a notifier and the chats it serves. */
export interface ScanAudience {
  readonly notifier: Notifier;
  readonly chatIds: readonly string[];
}

/** The data-bucket documents the scan reads and writes; storage-s3's `createS3Documents` provides them all. */
export interface ScanDocuments {
  readonly priceHistory: PriceHistoryCache;
  /** The day's scan and `latest.json` (`scans/drawdown/`). */
  readonly scans: ScanRepository;
  /** Where runs that are not the day's scan go (`scans/drawdown/partial/`): `limit` runs, unexpected prices. */
  readonly partialScans: ScanRepository;
  readonly rules: RulesRepository;
  readonly blacklist: BlacklistRepository;
  /** The override universe CSV (`get` gives null when there is none); absent: always the shipped list. */
  readonly universe?: { get(): Promise<string | null> };
}

/** Ports of the scheduled scan. */
export interface ScheduledScanDeps extends Omit<DrawdownScanDeps, 'alerts' | 'cache' | 'repository'> {
  readonly documents: ScanDocuments;
  /** Resolves the Telegram audience lazily (secrets are read only when a message is due); null: nobody. */
  readonly audience?: () => Promise<ScanAudience | null>;
  /**
   * Per-date claims (key `scanClaimKey`): with them a date is scanned and summarised at most once,
   * so a redelivered or retried schedule event does nothing once the day's scan is saved. A run that
   * does not save the day's scan gives its claim back, so a later run does the work.
   */
  readonly claims?: IdempotencyStore;
}

/** Options of one run. */
export interface ScheduledScanOptions {
  readonly asOf?: string;
  /**
   * Scan only the first `limit` symbols of the universe: a trial run. It is saved apart
   * (`partialScans`), never as the day's scan or `latest.json`, claims nothing and sends no summary.
   */
  readonly limit?: number;
  readonly concurrency?: number;
  /** Send the top 10 to the audience when the day's scan is saved. */
  readonly notifySummary?: boolean;
  readonly onProgress?: (progress: ScanProgress) => void;
  /**
   * Where the prices must come from for the run to become the day's scan: `live` (real Yahoo) or
   * `simulated` (the local stand-in). Judged from what answered (`priceProvenance`); any other
   * provenance, `cache-only` included, is saved apart and reported. Default `live`.
   */
  readonly expectedPrices?: 'live' | 'simulated';
  /** Scan and summarise even when the date's scan is already saved (a manual re-run). */
  readonly force?: boolean;
}

/** A run that scanned (whether or not it could save). */
export interface ScheduledScanRun {
  readonly status: 'ran';
  /** Market date of the scan. */
  readonly date: string;
  readonly outcome: DrawdownScanOutcome;
  readonly universeSource: 'shipped' | 'override';
  readonly summarySent: boolean;
  /** Where the prices came from, judged by what answered. */
  readonly prices: PriceProvenance;
  /** `day`: the day's scan and `latest.json`; `partial`: saved apart; null: nothing saved (the scan failed). */
  readonly savedAs: 'day' | 'partial' | null;
  /** Set when a complete scan was saved apart because its prices did not come from the expected source: says so. */
  readonly notice?: string;
  /** One line per optional document the run went without (rules, blacklist), in the rules' language. */
  readonly notices: readonly string[];
}

/** A run that did nothing: the date's scan is already saved (by an earlier delivery or run). */
export interface ScheduledScanSkipped {
  readonly status: 'already-scanned';
  readonly date: string;
}

/** What a run did. */
export type ScheduledScanResult = ScheduledScanRun | ScheduledScanSkipped;

/** What a completed claim records (small: only for people reading the table). */
interface ScanReceipt extends Record<string, Json> {
  readonly date: string;
  readonly generatedAt: string;
  readonly scanned: number;
  readonly failed: number;
  readonly prices: PriceProvenance;
}

/** Thrown inside a claim when the run did not save the day's scan, so the claim is given back. */
class DayNotSavedSignal extends Error {}

/**
 * How the per-date claims should be kept; spread it into the store's options
 * (`new DynamoIdempotencyStore({ ..., ...SCAN_CLAIM_TIMING, inProgressTimeoutSeconds })`). A done date
 * stays done for 400 days (a few hundred bytes a day), so a later run of any recent date needs
 * `force`; a concurrent delivery waits a second at most, then is told the date is in progress (the
 * scan takes minutes: waiting longer would only bill the duplicate). Set `inProgressTimeoutSeconds`
 * above the run's own time limit: a claim older than that belongs to a run that died, and is taken over.
 */
export const SCAN_CLAIM_TIMING = { completedTtlSeconds: 400 * 24 * 3600, waitTimeoutMs: 1_000, pollIntervalMs: 250 } as const;

/**
 * Key of a date's claim in the `IdempotencyStore` (stored as `UPDATE#scan#<date>`). Scans of the
 * local stand-in's simulated prices claim their own key, so they never block a live scan of the date.
 */
export function scanClaimKey(date: string, expectedPrices: 'live' | 'simulated' = 'live'): string {
  return expectedPrices === 'live' ? `scan#${date}` : `scan#${date}#simulated`;
}

/**
 * Runs the collector once for a date (default: the last closed New York session). With `claims`,
 * a date whose day's scan is saved is not scanned or summarised again (`already-scanned`) unless
 * `force`; a concurrent run for the date makes the store throw (DynamoIdempotencyStore:
 * `IdempotencyInProgressError`), and nothing is done twice. A run that does not save the day's scan
 * (it failed, or its prices were not from the expected source) leaves the date unclaimed for a later
 * run. Never throws for a symbol, for Telegram, or for an unreadable rules file or blacklist: those
 * give the default rules or no blacklist filter, a logged error, and a notice in the result and in
 * the messages sent (the files are never written). Throws when the claims cannot be reached.
 */
export async function runScheduledScan(deps: ScheduledScanDeps, options: ScheduledScanOptions = {}): Promise<ScheduledScanResult> {
  const asOf = options.asOf ?? lastClosedSession(deps.clock.now());
  const run = (): Promise<ScheduledScanRun> => scanAndSummarise(deps, { ...options, asOf });
  const { claims } = deps;
  if (!claims || options.limit !== undefined) return run();
  const key = scanClaimKey(asOf, options.expectedPrices);

  if (options.force) {
    const forced = await run();
    // Record the date as done if nothing else has (a no-op when it already is), so the retry schedule leaves it alone.
    if (forced.savedAs === 'day') {
      await claims.once(key, async () => receiptOf(forced)).catch((error: unknown) =>
        deps.logger?.warn({ key, error: describeError(error) }, 'forced scan saved, but its claim was not recorded'),
      );
    }
    return forced;
  }

  // Whether this delivery did the work is what matters, not what the store kept from the first one.
  const claimed: { run?: ScheduledScanRun } = {};
  try {
    await claims.once(key, async () => {
      const ran = await run();
      claimed.run = ran;
      if (ran.savedAs !== 'day') throw new DayNotSavedSignal();
      return receiptOf(ran);
    });
  } catch (error) {
    if (!claimed.run) throw error;
    // The run happened: its result stands even if the claim could not be given back or completed.
    if (!(error instanceof DayNotSavedSignal)) {
      deps.logger?.warn({ key, error: describeError(error) }, 'scan claim not updated; the result stands');
    }
  }
  if (claimed.run) return claimed.run;
  deps.logger?.info({ date: asOf, key }, 'drawdown scan already saved for this date; nothing done');
  return { status: 'already-scanned', date: asOf };
}

function receiptOf(run: ScheduledScanRun): ScanReceipt {
  const summary = run.outcome.ok ? run.outcome.summary : null;
  return { date: run.date, generatedAt: summary?.generatedAt ?? '', scanned: summary?.scanned ?? 0, failed: summary?.failed ?? 0, prices: run.prices };
}

/** One scan and its summary: the body of a claimed run. */
async function scanAndSummarise(deps: ScheduledScanDeps, options: ScheduledScanOptions & { readonly asOf: string }): Promise<ScheduledScanRun> {
  const log = deps.logger;
  const { documents } = deps;
  const [rulesRead, blacklistRead] = await Promise.all([documents.rules.read(), documents.blacklist.read()]);
  const rules = rulesRead.value;
  const blacklist = blacklistRead.value;
  const problems: DocumentProblem[] = [rulesRead, blacklistRead].flatMap((read) => (read.ok ? [] : [read.problem]));
  for (const problem of problems) log?.error(problemLogFields(problem), 'optional document unreadable; scanning without it');
  const notices = problems.map((problem) => documentNotice(problem, rules.language));
  const noticeHtml = notices.map((notice) => `\n<i>⚠️ ${escapeHtml(notice)}</i>`).join('');

  let universe: readonly UniverseMember[] = shippedUniverse();
  let universeSource: ScheduledScanRun['universeSource'] = 'shipped';
  try {
    const text = documents.universe ? await documents.universe.get() : null;
    if (text) {
      universe = parseUniverseCsv(text, 'universe override');
      universeSource = 'override';
    }
  } catch (error) {
    // A broken override is not used at all; the shipped list is the safe default.
    log?.error({ error: describeError(error) }, 'universe override ignored; scanning the shipped Russell 1000');
  }
  if (options.limit !== undefined) universe = universe.slice(0, Math.max(0, options.limit));

  // Resolved before the scan: a failed run must be able to alert. Without an audience it only logs.
  let audience: ScanAudience | null = null;
  try {
    audience = deps.audience ? await deps.audience() : null;
  } catch (error) {
    log?.error({ error: describeError(error) }, 'Telegram audience unavailable; the scan runs without messages');
  }

  // The scan's result is held until its provenance is known, then saved as the day's scan or apart.
  const scanned: { value?: { readonly rows: readonly ScanRow[]; readonly summary: ScanSummary } } = {};
  const held: ScanRepository = {
    save: async (rows, summary) => {
      scanned.value = { rows, summary };
    },
    latest: () => documents.scans.latest(),
    readLatest: () => documents.scans.readLatest(),
  };
  const outcome = await runDrawdownScan(
    {
      feed: deps.feed,
      cache: documents.priceHistory,
      repository: held,
      clock: deps.clock,
      ...(deps.logger ? { logger: deps.logger } : {}),
      ...(audience ? { alerts: audience } : {}),
    },
    {
      universe,
      rules,
      blacklist,
      ...(options.asOf ? { asOf: options.asOf } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(noticeHtml ? { alertSuffixHtml: noticeHtml } : {}),
    },
  );

  const prices = priceProvenance(deps.feed.activity());
  const expected = options.expectedPrices ?? 'live';
  let savedAs: ScheduledScanRun['savedAs'] = null;
  let notice: string | undefined;
  let daySummary: ScanSummary | null = null;
  if (outcome.ok && scanned.value) {
    const summary: ScanSummary = { ...scanned.value.summary, prices };
    if (options.limit === undefined && prices === expected) {
      await documents.scans.save(scanned.value.rows, summary);
      savedAs = 'day';
      daySummary = summary;
    } else {
      if (prices !== expected) {
        notice = `prices came from ${describePrices(prices)}, not ${describePrices(expected)}: saved apart, the day's scan and latest.json were left as they were`;
        log?.warn({ date: summary.date, prices, expected }, 'drawdown scan saved apart: prices not from the expected source');
      }
      await documents.partialScans.save(scanned.value.rows, summary);
      savedAs = 'partial';
    }
  }

  let summarySent = false;
  if (daySummary && options.notifySummary) {
    const target = audience;
    if (target && target.chatIds.length) {
      const html = `${formatScanSummaryHtml(daySummary, 10)}${noticeHtml}`;
      for (const chatId of target.chatIds) {
        try {
          await target.notifier.send(chatId, html);
          summarySent = true;
        } catch (error) {
          log?.warn({ chatId, error: describeError(error) }, 'scan summary not sent; the scan is saved');
        }
      }
    }
  }
  return {
    status: 'ran',
    date: outcome.ok ? outcome.summary.date : options.asOf,
    outcome,
    universeSource,
    summarySent,
    prices,
    savedAs,
    ...(notice ? { notice } : {}),
    notices,
  };
}

/** A provenance in words, for notices and logs. */
export function describePrices(prices: PriceProvenance): string {
  switch (prices) {
    case 'live':
      return 'live Yahoo Finance';
    case 'simulated':
      return 'the local Yahoo server (SIMULATED prices)';
    case 'mixed':
      return 'both live Yahoo Finance and the local simulated server';
    case 'cache-only':
      return 'the price-history cache only (no price source answered)';
  }
}
