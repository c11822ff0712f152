/**
 * The collector use case: rules + blacklist + universe (shipped or overridden) -> drawdown scan ->
 * saved as the day's scan or apart -> `announce` (the caller's: fn-collector sends the Telegram
 * summary or alert, worded by telegram-bot). fn-collector and `pnpm scan` both run exactly this.
 * A date is scanned and summarised at most once (a claim per date, when `claims` is given); a run
 * whose prices did not come from where it should, and a `limit` run, are saved apart: only a full
 * scan from the expected source becomes the day's scan and `latest.json`.
 */
import { describeError, documentNotice, problemLogFields } from '@tradebot/core-domain';
import type {
  BlacklistRepository,
  DocumentProblem,
  IdempotencyStore,
  Json,
  PriceHistoryCache,
  PriceProvenance,
  Rules,
  RulesRepository,
  ScanRepository,
  ScanRow,
  ScanSummary,
} from '@tradebot/core-domain';
import { lastClosedSession } from './calendar';
import { runDrawdownScan, type DrawdownScanDeps, type DrawdownScanOutcome, type ScanProgress } from './scan';
import { parseUniverseCsv, shippedUniverse, type UniverseMember } from './universe';
import { priceProvenance } from './yahoo-feed';

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
export interface ScheduledScanDeps extends Omit<DrawdownScanDeps, 'cache' | 'repository'> {
  readonly documents: ScanDocuments;
  /**
   * Told what every run that scanned did (saved, saved apart, or failed), inside the date's claim and
   * before it is recorded as done, so what it sends goes out once per date. fn-collector sends the
   * summary or the failure alert from here. A rejection is logged and changes nothing else.
   */
  readonly announce?: (run: ScheduledScanRun) => Promise<void>;
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
  /** The rules' language: what messages about the run are worded in (the notices already are). */
  readonly language: Rules['language'];
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

/** One scan, saved and announced: the body of a claimed run. */
async function scanAndSummarise(deps: ScheduledScanDeps, options: ScheduledScanOptions & { readonly asOf: string }): Promise<ScheduledScanRun> {
  const { rules, blacklist, notices } = await readScanDocuments(deps);
  const { universe, universeSource } = await chooseUniverse(deps, options.limit);

  // The scan's result is held until its provenance is known, then saved as the day's scan or apart.
  const held: { value?: { readonly rows: readonly ScanRow[]; readonly summary: ScanSummary } } = {};
  const holding: ScanRepository = {
    save: async (rows, summary) => {
      held.value = { rows, summary };
    },
    latest: () => deps.documents.scans.latest(),
    readLatest: () => deps.documents.scans.readLatest(),
  };
  const outcome = await runDrawdownScan(
    { feed: deps.feed, cache: deps.documents.priceHistory, repository: holding, clock: deps.clock, ...(deps.logger ? { logger: deps.logger } : {}) },
    { universe, rules, blacklist, asOf: options.asOf, ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
  );
  const prices = priceProvenance(deps.feed.activity());
  const kept: { savedAs: ScheduledScanRun['savedAs']; notice?: string } = outcome.ok && held.value ? await keep(deps, options, held.value, prices) : { savedAs: null };
  const run: ScheduledScanRun = {
    status: 'ran',
    date: outcome.ok ? outcome.summary.date : options.asOf,
    outcome,
    universeSource,
    language: rules.language,
    prices,
    savedAs: kept.savedAs,
    ...(kept.notice ? { notice: kept.notice } : {}),
    notices,
  };
  await announce(deps, run);
  return run;
}

/**
 * The optional documents of a scan (`read()`: never rejects). One that cannot be read gives the
 * default rules or no blacklist filter, a logged error and a notice in the rules' language.
 */
async function readScanDocuments(deps: ScheduledScanDeps): Promise<{ rules: Rules; blacklist: readonly string[]; notices: readonly string[] }> {
  const [rulesRead, blacklistRead] = await Promise.all([deps.documents.rules.read(), deps.documents.blacklist.read()]);
  const rules = rulesRead.value;
  const problems: DocumentProblem[] = [rulesRead, blacklistRead].flatMap((read) => (read.ok ? [] : [read.problem]));
  for (const problem of problems) deps.logger?.error(problemLogFields(problem), 'optional document unreadable; scanning without it');
  return { rules, blacklist: blacklistRead.value, notices: problems.map((problem) => documentNotice(problem, rules.language)) };
}

/** The override universe when there is a usable one, else the shipped Russell 1000; the first `limit` symbols of it for a trial run. */
async function chooseUniverse(
  deps: ScheduledScanDeps,
  limit: number | undefined,
): Promise<{ universe: readonly UniverseMember[]; universeSource: ScheduledScanRun['universeSource'] }> {
  let universe: readonly UniverseMember[] | null = null;
  try {
    const text = deps.documents.universe ? await deps.documents.universe.get() : null;
    if (text) universe = parseUniverseCsv(text, 'universe override');
  } catch (error) {
    // A broken override is not used at all; the shipped list is the safe default.
    deps.logger?.error({ error: describeError(error) }, 'universe override ignored; scanning the shipped Russell 1000');
  }
  // The shipped list is loaded (and validated) only when it is the one scanned.
  const universeSource: ScheduledScanRun['universeSource'] = universe ? 'override' : 'shipped';
  universe ??= await shippedUniverse();
  return { universe: limit === undefined ? universe : universe.slice(0, Math.max(0, limit)), universeSource };
}

/**
 * Saves a complete scan: as the day's scan and `latest.json` only when it covers the whole universe
 * and its prices came from the expected source; otherwise apart, saying why when it is the prices.
 */
async function keep(
  deps: ScheduledScanDeps,
  options: ScheduledScanOptions & { readonly asOf: string },
  scanned: { readonly rows: readonly ScanRow[]; readonly summary: ScanSummary },
  prices: PriceProvenance,
): Promise<{ savedAs: 'day' | 'partial'; notice?: string }> {
  const summary: ScanSummary = { ...scanned.summary, prices };
  const expected = options.expectedPrices ?? 'live';
  if (options.limit === undefined && prices === expected) {
    await deps.documents.scans.save(scanned.rows, summary);
    return { savedAs: 'day' };
  }
  await deps.documents.partialScans.save(scanned.rows, summary);
  if (prices === expected) return { savedAs: 'partial' };
  deps.logger?.warn({ date: summary.date, prices, expected }, 'drawdown scan saved apart: prices not from the expected source');
  return { savedAs: 'partial', notice: `prices came from ${describePrices(prices)}, not ${describePrices(expected)}: saved apart, the day's scan and latest.json were left as they were` };
}

/** Hands the run to `announce`; what goes wrong there is logged, never the run's problem. */
async function announce(deps: ScheduledScanDeps, run: ScheduledScanRun): Promise<void> {
  if (!deps.announce) return;
  try {
    await deps.announce(run);
  } catch (error) {
    deps.logger?.warn({ date: run.date, error: describeError(error) }, 'scan announcement failed; the scan result stands');
  }
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
