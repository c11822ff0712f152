/**
 * The Russell 1000 drawdown scan, in phases: cache -> history (backfills, one batched quote pass,
 * gaps) -> cache save -> figures and filters -> rank and `ScanRepository.save`. One failed symbol is
 * a row in `failures`; a run that fails as a whole (breaker open, rate limiting beyond the feed's wait
 * budget, too many failures) saves nothing, so the previous `latest.json` stays. It returns data and
 * sends nothing: messages about it are the caller's (fn-collector words them with telegram-bot).
 *
 * Concurrency has one limit, the feed's own (`YahooPriceFeed`'s adaptive limiter, which also backs
 * off on 429s): every fetch is handed to the feed at once and the feed decides how many run.
 */
import {
  addDays,
  CompactHistory,
  computeDrawdown,
  daysBetween,
  describeError,
  rankByDrawdown,
  type Bar,
  type Clock,
  type DrawdownFailure,
  type DrawdownMetrics,
  type Logger,
  type PriceHistoryCache,
  type Rules,
  type ScanAbortReason,
  type ScanFailure,
  type ScanRepository,
  type ScanRow,
  type ScanSummary,
  type Result,
} from '@tradebot/core-domain';
import { lastClosedSession } from './calendar';
import { CircuitOpenError, RateLimitExhaustedError, ScanAbortedError } from './errors';
import { mergeGap, planHistory, trimHistory, type HistoryPlan } from './history';
import type { UniverseMember } from './universe';
import type { DailyPriceFeed, SessionQuote } from './yahoo-feed';

/** What the scan talks to. */
export interface DrawdownScanDeps {
  /** Its concurrency limit is the scan's only one. */
  readonly feed: DailyPriceFeed;
  readonly cache: PriceHistoryCache;
  readonly repository: ScanRepository;
  readonly clock: Clock;
  readonly logger?: Logger;
}

/** Progress of a running scan, for a progress bar or log lines. */
export interface ScanProgress {
  readonly phase: 'cache' | 'quotes' | 'history' | 'saving';
  /** Symbols finished in this phase, of `total`. */
  readonly done: number;
  readonly total: number;
  readonly failed: number;
  /** Yahoo requests the history phase needs (symbols with a gap or no cache). */
  readonly toFetch?: number;
}

/** What to scan and how. */
export interface DrawdownScanOptions {
  readonly universe: readonly UniverseMember[];
  /** `rules.scan` drives the look-back, filters and the top list size. */
  readonly rules: Rules;
  /** Symbols never ranked (the broker does not offer them). */
  readonly blacklist?: readonly string[];
  /** Market date of the scan. Default: the last closed New York session. */
  readonly asOf?: string;
  /** Calendar days of history kept in the cache and fetched on backfill. Default max(lookback + 60, 370). */
  readonly historyDays?: number;
  /** A last close older than this many days before `asOf` is a failure ("stale"). Default 10. */
  readonly maxStaleDays?: number;
  /** The run fails as a whole when more than this share of symbols fails. Default 0.5. */
  readonly maxFailureRatio?: number;
  readonly onProgress?: (progress: ScanProgress) => void;
}

/** A saved scan. */
export interface DrawdownScanReport {
  readonly ok: true;
  readonly summary: ScanSummary;
  readonly rows: readonly ScanRow[];
  /** Why symbols were not ranked, with counts (`blacklisted`, `price below 5`, ...). */
  readonly skippedBy: Readonly<Record<string, number>>;
  /** How the history was obtained per plan kind (`current`, `append`, `gap`, `backfill`). */
  readonly plans: Readonly<Record<HistoryPlan['kind'], number>>;
}

/** A scan that failed as a whole: nothing was saved. */
export interface DrawdownScanAbort {
  readonly ok: false;
  /** `error.why` says why, as data. */
  readonly error: ScanAbortedError;
  /** Symbols that failed on their own before the run stopped (not those left unfetched because it stopped). */
  readonly failures: readonly ScanFailure[];
}

/** Outcome of `runDrawdownScan`. */
export type DrawdownScanOutcome = DrawdownScanReport | DrawdownScanAbort;

/**
 * Runs the scan. Use it from fn-collector and `pnpm scan` (through `runScheduledScan`); it never
 * throws for a symbol's failure, and returns `{ ok: false }` when the run fails as a whole.
 */
export async function runDrawdownScan(deps: DrawdownScanDeps, options: DrawdownScanOptions): Promise<DrawdownScanOutcome> {
  const run = startRun(deps, options);
  const cache = await loadCache(run);
  const history = await updateHistory(run, cache.bars);
  // Bars fetched before a failure are good data: keep them for the next run either way.
  if (cache.writable) await saveCache(run, history.changed);
  if (history.halted instanceof CircuitOpenError) return abort(run, { kind: 'source-refusing' }, history.halted);
  if (history.halted) return abort(run, { kind: 'rate-limited', answers: history.halted.rateLimited }, history.halted);
  const measured = measure(run, history.figures);
  if (run.failures.size > run.symbols.length * (options.maxFailureRatio ?? 0.5)) {
    return abort(run, { kind: 'too-many-failures', failed: run.failures.size, attempted: run.symbols.length });
  }
  return rankAndSave(run, measured, history.plans);
}

/** One run's settings and its running tally of failed symbols (symbol -> reason). */
interface ScanRun {
  readonly deps: DrawdownScanDeps;
  readonly log: Logger | undefined;
  readonly startedAt: Date;
  readonly asOf: string;
  readonly windowStart: string;
  readonly scan: Rules['scan'];
  readonly blacklist: ReadonlySet<string>;
  readonly maxStaleDays: number;
  /** The universe without repeated symbols, in its order. */
  readonly members: readonly UniverseMember[];
  readonly symbols: readonly string[];
  readonly failures: Map<string, string>;
  readonly progress: (progress: ScanProgress) => void;
}

function startRun(deps: DrawdownScanDeps, options: DrawdownScanOptions): ScanRun {
  const startedAt = deps.clock.now();
  const scan = options.rules.scan;
  const asOf = options.asOf ?? lastClosedSession(startedAt);
  const seen = new Set<string>();
  const members = options.universe.filter((m) => !seen.has(m.symbol) && seen.add(m.symbol));
  return {
    deps,
    log: deps.logger,
    startedAt,
    asOf,
    windowStart: addDays(asOf, -(options.historyDays ?? Math.max(scan.lookbackDays + 60, 370))),
    scan,
    blacklist: new Set((options.blacklist ?? []).map((s) => s.toUpperCase())),
    maxStaleDays: options.maxStaleDays ?? 10,
    members,
    symbols: members.map((m) => m.symbol),
    failures: new Map(),
    progress: options.onProgress ?? (() => {}),
  };
}

/** The feed stopped sending requests for this run: the breaker opened, or rate limiting outlasted its budget. */
const isHalt = (error: unknown): error is CircuitOpenError | RateLimitExhaustedError => error instanceof CircuitOpenError || error instanceof RateLimitExhaustedError;

/** Phase 1. An unreadable cache costs a backfill, not the scan (and is then not written over). */
async function loadCache(run: ScanRun): Promise<{ readonly bars: ReadonlyMap<string, readonly Bar[]>; readonly writable: boolean }> {
  run.progress({ phase: 'cache', done: 0, total: run.symbols.length, failed: 0 });
  try {
    return { bars: await run.deps.cache.load(run.symbols), writable: true };
  } catch (error) {
    run.log?.warn({ error: describeError(error) }, 'price history cache unreadable; backfilling without it and not saving it');
    return { bars: new Map(), writable: false };
  }
}

/** What the history phase produced. */
interface HistoryUpdate {
  /**
   * Each symbol's figures, worked out as soon as its bars were known (cached, appended or fetched),
   * so a scan never holds the whole universe's bars as objects.
   */
  readonly figures: Map<string, Result<DrawdownMetrics, DrawdownFailure>>;
  /** Bars that differ from the cache: what to save, held column-wise. */
  readonly changed: CompactHistory;
  readonly plans: Record<HistoryPlan['kind'], number>;
  halted: CircuitOpenError | RateLimitExhaustedError | null;
}

/**
 * Phase 2. Symbols with nothing usable cached need a backfill whatever a quote says: their charts are
 * asked for straight away, while one batched quote pass plans the rest; of those only gaps are
 * fetched. Every fetch goes to the feed at once: its limiter is the one concurrency limit. Once a
 * symbol's bars are known its figures are worked out and its bars let go; only changed bars are
 * kept, compactly (`CompactHistory`), for the cache. The S3 cache hands its bars over compactly too,
 * so `cached.get` builds one symbol's bars at a time.
 */
async function updateHistory(run: ScanRun, cached: ReadonlyMap<string, readonly Bar[]>): Promise<HistoryUpdate> {
  const update: HistoryUpdate = { figures: new Map(), changed: new CompactHistory(), plans: { current: 0, append: 0, gap: 0, backfill: 0 }, halted: null };
  const fetches: Promise<void>[] = [];
  let done = 0;
  const report = (): void => run.progress({ phase: 'history', done, total: run.symbols.length, failed: run.failures.size, toFetch: fetches.length });
  const settle = (symbol: string, bars: readonly Bar[], changed: boolean): void => {
    update.figures.set(symbol, computeDrawdown(bars, run.asOf, run.scan.lookbackDays));
    if (changed) update.changed.set(symbol, bars);
    // A compact cache is this run's own copy: what is settled need not stay.
    if (cached instanceof CompactHistory) cached.delete(symbol);
  };
  const fetch = (symbol: string, plan: HistoryPlan): void => {
    fetches.push(
      fetchHistory(run, symbol, plan, cached.get(symbol) ?? []).then(
        (bars) => {
          settle(symbol, bars, true);
          done++;
          report();
        },
        (error: unknown) => {
          // A symbol the feed never asked for because the run stopped did not fail: the run did.
          if (isHalt(error)) update.halted ??= error;
          else {
            run.failures.set(symbol, describeError(error));
            done++;
            report();
          }
        },
      ),
    );
  };

  // Planning reads only the last cached bar: a compact cache builds just that one.
  const latestCached = (symbol: string): readonly Bar[] | undefined => (cached instanceof CompactHistory ? cached.tail(symbol, 1) : cached.get(symbol));
  const rest: string[] = [];
  for (const symbol of run.symbols) {
    const plan = planHistory(latestCached(symbol), undefined, run.asOf, run.windowStart);
    if (plan.kind !== 'backfill') rest.push(symbol);
    else {
      update.plans.backfill++;
      fetch(symbol, plan);
    }
  }
  const quotes = await quotePass(run, rest, update);
  if (!update.halted) {
    for (const symbol of rest) {
      const plan = planHistory(latestCached(symbol), quotes.get(symbol), run.asOf, run.windowStart);
      update.plans[plan.kind]++;
      if (plan.kind === 'current') settle(symbol, cached.get(symbol) ?? [], false);
      else if (plan.kind === 'append') settle(symbol, trimHistory([...(cached.get(symbol) ?? []), plan.bar], run.windowStart), true);
      else fetch(symbol, plan);
      if (plan.kind === 'current' || plan.kind === 'append') done++;
    }
    report();
  }
  await Promise.all(fetches);
  return update;
}

/** The latest quotes of cached symbols, in batches; a failed pass only means charts for everyone. */
async function quotePass(run: ScanRun, symbols: readonly string[], update: HistoryUpdate): Promise<ReadonlyMap<string, SessionQuote>> {
  if (symbols.length === 0) return new Map();
  const total = run.symbols.length;
  run.progress({ phase: 'quotes', done: 0, total, failed: 0 });
  let quotes: ReadonlyMap<string, SessionQuote> = new Map();
  try {
    const batch = await run.deps.feed.quotes(symbols);
    quotes = batch.quotes;
    if (batch.unavailable.length) run.log?.warn({ symbols: batch.unavailable.length }, 'some quote batches failed; using chart history for them');
  } catch (error) {
    if (isHalt(error)) update.halted ??= error;
    else run.log?.warn({ error: describeError(error) }, 'quote pass failed; using chart history for every symbol');
  }
  run.progress({ phase: 'quotes', done: total, total, failed: 0 });
  return quotes;
}

/** One symbol's bars for its plan: a gap merged onto the cache, or the whole window. */
async function fetchHistory(run: ScanRun, symbol: string, plan: HistoryPlan, cached: readonly Bar[]): Promise<Bar[]> {
  const { feed } = run.deps;
  if (plan.kind === 'gap') {
    const fetched = await feed.history(symbol, plan.from, run.asOf);
    const merged = mergeGap(cached, fetched);
    if (merged) return trimHistory(merged, run.windowStart);
    // The overlapping close changed (split or correction): the cached history is wrong, replace it.
  }
  return trimHistory(await feed.history(symbol, run.windowStart, run.asOf), run.windowStart);
}

/** Phase 3. A cache that cannot be saved costs the next run a fetch, not this one. */
async function saveCache(run: ScanRun, changed: ReadonlyMap<string, readonly Bar[]>): Promise<void> {
  if (changed.size === 0) return;
  try {
    await run.deps.cache.save(changed);
  } catch (error) {
    run.log?.warn({ error: describeError(error) }, 'price history cache not saved; the next run fetches again');
  }
}

/** Symbols that pass the filters, with their figures, and why the others were left out. */
interface Measured {
  readonly rows: readonly (UniverseMember & DrawdownMetrics)[];
  readonly skippedBy: Readonly<Record<string, number>>;
}

/** Phase 4. Figures per symbol (a broken or stale history is a failure), then the rules' filters and the blacklist. */
function measure(run: ScanRun, figuresBySymbol: ReadonlyMap<string, Result<DrawdownMetrics, DrawdownFailure>>): Measured {
  const { scan } = run;
  const skippedBy: Record<string, number> = {};
  const skip = (reason: string): void => {
    skippedBy[reason] = (skippedBy[reason] ?? 0) + 1;
  };
  const rows: (UniverseMember & DrawdownMetrics)[] = [];
  for (const member of run.members) {
    if (run.failures.has(member.symbol)) continue;
    const computed = figuresBySymbol.get(member.symbol) ?? computeDrawdown([], run.asOf, scan.lookbackDays);
    if (!computed.ok) {
      run.failures.set(member.symbol, computed.error.message);
      continue;
    }
    const figures = computed.value;
    if (daysBetween(figures.lastDate, run.asOf) > run.maxStaleDays) {
      run.failures.set(member.symbol, `stale: last close is from ${figures.lastDate}`);
      continue;
    }
    if (run.blacklist.has(member.symbol)) skip('blacklisted');
    else if (figures.lastClose < scan.minPrice) skip(`price below ${scan.minPrice}`);
    else if (figures.avgVolume20 === null || figures.avgVolume20 < scan.minAvgVolume) skip(`20-day average volume below ${scan.minAvgVolume}`);
    else rows.push({ ...member, ...figures });
  }
  return { rows, skippedBy };
}

/** Phase 5. Rank, summarise and save (the CSV, then `latest.json`). */
async function rankAndSave(run: ScanRun, measured: Measured, plans: HistoryUpdate['plans']): Promise<DrawdownScanReport> {
  const { asOf, scan, failures, symbols } = run;
  const rows: ScanRow[] = rankByDrawdown(measured.rows.map(({ symbol, name, sector, ...figures }) => ({ symbol, name, sector, ...figures })));
  const skipped = Object.values(measured.skippedBy).reduce((a, b) => a + b, 0);
  const finishedAt = run.deps.clock.now();
  const summary: ScanSummary = {
    date: asOf,
    generatedAt: finishedAt.toISOString(),
    lookbackDays: scan.lookbackDays,
    universeSize: symbols.length,
    scanned: rows.length,
    failed: failures.size,
    skipped,
    durationMs: finishedAt.getTime() - run.startedAt.getTime(),
    csvKey: `scans/drawdown/${asOf}.csv`,
    top: rows.slice(0, scan.topN),
    failures: failureList(failures).sort((a, b) => a.symbol.localeCompare(b.symbol)),
  };
  run.progress({ phase: 'saving', done: symbols.length, total: symbols.length, failed: failures.size });
  await run.deps.repository.save(rows, summary);
  run.log?.info({ asOf, scanned: rows.length, failed: failures.size, skipped, plans, durationMs: summary.durationMs }, 'drawdown scan saved');
  return { ok: true, summary, rows, skippedBy: measured.skippedBy, plans };
}

/** The run failed as a whole: nothing is saved; the caller reports it. */
function abort(run: ScanRun, why: ScanAbortReason, cause?: unknown): DrawdownScanAbort {
  const { failures, symbols } = run;
  const error = new ScanAbortedError(why, { attempted: symbols.length, failed: failures.size, universeSize: symbols.length }, { cause });
  run.log?.error({ asOf: run.asOf, reason: error.reason, failed: failures.size }, 'drawdown scan aborted');
  return { ok: false, error, failures: failureList(failures) };
}

const failureList = (failures: ReadonlyMap<string, string>): ScanFailure[] => [...failures].map(([symbol, reason]) => ({ symbol, reason }));
