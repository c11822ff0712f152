/**
 * The Russell 1000 drawdown scan: universe -> incremental history -> figures -> filters -> rank ->
 * `ScanRepository.save`. One failed symbol is a row in `failures`; a run that fails as a whole
 * (breaker open, rate limiting beyond the feed's wait budget, too many failures) saves nothing, so
 * the previous `latest.json` stays, and alerts.
 */
import {
  addDays,
  computeDrawdown,
  daysBetween,
  describeError,
  escapeHtml,
  rankByDrawdown,
  type Bar,
  type Clock,
  type DrawdownMetrics,
  type Logger,
  type Notifier,
  type PriceHistoryCache,
  type Rules,
  type ScanFailure,
  type ScanRepository,
  type ScanRow,
  type ScanSummary,
} from '@tradebot/core-domain';
import { lastClosedSession } from './calendar';
import { CircuitOpenError, RateLimitExhaustedError, ScanAbortedError } from './errors';
import { mergeGap, planHistory, trimHistory, type HistoryPlan } from './history';
import type { UniverseMember } from './universe';
import type { DailyPriceFeed, SessionQuote } from './yahoo-feed';

/** What the scan talks to. */
export interface DrawdownScanDeps {
  readonly feed: DailyPriceFeed;
  readonly cache: PriceHistoryCache;
  readonly repository: ScanRepository;
  readonly clock: Clock;
  readonly logger?: Logger;
  /** Where a wholesale failure is reported. Optional: without it the failure is only logged and returned. */
  readonly alerts?: { readonly notifier: Notifier; readonly chatIds: readonly string[] };
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
  /** Symbols whose history is fetched at once. Keep it at the feed's concurrency. Default 8. */
  readonly concurrency?: number;
  /** Calendar days of history kept in the cache and fetched on backfill. Default max(lookback + 60, 370). */
  readonly historyDays?: number;
  /** A last close older than this many days before `asOf` is a failure ("stale"). Default 10. */
  readonly maxStaleDays?: number;
  /** The run fails as a whole when more than this share of symbols fails. Default 0.5. */
  readonly maxFailureRatio?: number;
  readonly onProgress?: (progress: ScanProgress) => void;
  /** HTML appended to the failure alert (e.g. notices of documents the run went without). */
  readonly alertSuffixHtml?: string;
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
  readonly error: ScanAbortedError;
  readonly failures: readonly ScanFailure[];
}

/** Outcome of `runDrawdownScan`. */
export type DrawdownScanOutcome = DrawdownScanReport | DrawdownScanAbort;

interface Measured {
  readonly member: UniverseMember;
  readonly figures: DrawdownMetrics;
}

/**
 * Runs the scan. Use it from fn-collector and `pnpm scan`; it never throws for a symbol's
 * failure, and returns `{ ok: false }` (after alerting) when the run fails as a whole.
 */
export async function runDrawdownScan(deps: DrawdownScanDeps, options: DrawdownScanOptions): Promise<DrawdownScanOutcome> {
  const startedAt = deps.clock.now();
  const log = deps.logger;
  const scan = options.rules.scan;
  const asOf = options.asOf ?? lastClosedSession(startedAt);
  const historyDays = options.historyDays ?? Math.max(scan.lookbackDays + 60, 370);
  const windowStart = addDays(asOf, -historyDays);
  const maxStaleDays = options.maxStaleDays ?? 10;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const progress = options.onProgress ?? (() => {});

  const seen = new Set<string>();
  const members = options.universe.filter((m) => !seen.has(m.symbol) && seen.add(m.symbol));
  const symbols = members.map((m) => m.symbol);
  const failures = new Map<string, string>();

  const abort = async (reason: string, cause?: unknown): Promise<DrawdownScanAbort> => {
    const error = new ScanAbortedError(reason, { attempted: symbols.length, failed: failures.size, universeSize: symbols.length }, { cause });
    log?.error({ asOf, reason, failed: failures.size }, 'drawdown scan aborted');
    await sendAlert(deps, asOf, error, options.alertSuffixHtml ?? '');
    return { ok: false, error, failures: [...failures].map(([symbol, why]) => ({ symbol, reason: why })) };
  };

  // 1. Cache. An unreadable cache costs a backfill, not the scan.
  progress({ phase: 'cache', done: 0, total: symbols.length, failed: 0 });
  let cached = new Map<string, readonly Bar[]>();
  let cacheWritable = true;
  try {
    cached = await deps.cache.load(symbols);
  } catch (error) {
    cacheWritable = false;
    log?.warn({ error: describeError(error) }, 'price history cache unreadable; backfilling without it and not saving it');
  }

  // 2. Symbols with nothing usable cached need a backfill whatever a quote says: fetch them while
  //    the quote pass runs. 3. One batched quote pass plans the rest; only gaps are fetched.
  const plans = { current: 0, append: 0, gap: 0, backfill: 0 };
  const series = new Map<string, readonly Bar[]>();
  const changed = new Map<string, readonly Bar[]>();
  const queue: { readonly symbol: string; readonly plan: HistoryPlan }[] = [];
  const backfilling = new Set<string>();
  for (const symbol of symbols) {
    const plan = planHistory(cached.get(symbol), undefined, asOf, windowStart);
    if (plan.kind !== 'backfill') continue;
    queue.push({ symbol, plan });
    backfilling.add(symbol);
    plans.backfill++;
  }

  // Set when the feed stops sending requests for this run: the breaker opened, or rate limiting outlasted its budget.
  let halted: CircuitOpenError | RateLimitExhaustedError | null = null;
  let done = 0;
  let next = 0;
  let toFetch = queue.length;
  const worker = async (): Promise<void> => {
    while (!halted && next < queue.length) {
      const { symbol, plan } = queue[next++]!;
      try {
        const bars = await fetchHistory(deps.feed, symbol, plan, cached.get(symbol) ?? [], asOf, windowStart);
        series.set(symbol, bars);
        changed.set(symbol, bars);
      } catch (error) {
        if (error instanceof CircuitOpenError || error instanceof RateLimitExhaustedError) {
          halted ??= error;
          failures.set(symbol, error.message);
          break;
        }
        failures.set(symbol, describeError(error));
      }
      done++;
      progress({ phase: 'history', done, total: symbols.length, failed: failures.size, toFetch });
    }
  };
  const runWorkers = (): Promise<void[]> => Promise.all(Array.from({ length: Math.min(concurrency, queue.length - next) }, worker));
  const backfill = runWorkers();

  const rest = symbols.filter((s) => !backfilling.has(s));
  let quotes: ReadonlyMap<string, SessionQuote> = new Map();
  if (rest.length) {
    progress({ phase: 'quotes', done: 0, total: symbols.length, failed: 0 });
    try {
      const batch = await deps.feed.quotes(rest);
      quotes = batch.quotes;
      if (batch.unavailable.length) log?.warn({ symbols: batch.unavailable.length }, 'some quote batches failed; using chart history for them');
    } catch (error) {
      if (error instanceof CircuitOpenError || error instanceof RateLimitExhaustedError) halted ??= error;
      else log?.warn({ error: describeError(error) }, 'quote pass failed; using chart history for every symbol');
    }
    progress({ phase: 'quotes', done: symbols.length, total: symbols.length, failed: 0 });
  }
  if (!halted) {
    for (const symbol of rest) {
      const bars = cached.get(symbol) ?? [];
      const plan = planHistory(bars, quotes.get(symbol), asOf, windowStart);
      plans[plan.kind]++;
      if (plan.kind === 'current') series.set(symbol, bars);
      else if (plan.kind === 'append') {
        const merged = trimHistory([...bars, plan.bar], windowStart);
        series.set(symbol, merged);
        changed.set(symbol, merged);
      } else queue.push({ symbol, plan });
      if (plan.kind === 'current' || plan.kind === 'append') done++;
    }
    toFetch = queue.length;
    progress({ phase: 'history', done, total: symbols.length, failed: failures.size, toFetch });
  }
  // Workers still running pick up the gaps; start more if they had already finished.
  await backfill;
  await runWorkers();

  // Bars fetched before a failure are good data: keep them for the next run either way.
  if (changed.size && cacheWritable) {
    try {
      await deps.cache.save(changed);
    } catch (error) {
      log?.warn({ error: describeError(error) }, 'price history cache not saved; the next run fetches again');
    }
  }
  if (halted instanceof CircuitOpenError) return abort('Yahoo keeps refusing requests (circuit breaker open)', halted);
  if (halted) return abort(`Yahoo kept rate limiting beyond the wait budget (${halted.rateLimited} answers of HTTP 429)`, halted);

  // 4. Figures, filters, rank.
  const blacklist = new Set((options.blacklist ?? []).map((s) => s.toUpperCase()));
  const skippedBy: Record<string, number> = {};
  const skip = (reason: string): void => {
    skippedBy[reason] = (skippedBy[reason] ?? 0) + 1;
  };
  const measured: Measured[] = [];
  for (const member of members) {
    if (failures.has(member.symbol)) continue;
    const computed = computeDrawdown(series.get(member.symbol) ?? [], asOf, scan.lookbackDays);
    if (!computed.ok) {
      failures.set(member.symbol, computed.error.message);
      continue;
    }
    const figures = computed.value;
    if (daysBetween(figures.lastDate, asOf) > maxStaleDays) {
      failures.set(member.symbol, `stale: last close is from ${figures.lastDate}`);
      continue;
    }
    if (blacklist.has(member.symbol)) skip('blacklisted');
    else if (figures.lastClose < scan.minPrice) skip(`price below ${scan.minPrice}`);
    else if (figures.avgVolume20 === null || figures.avgVolume20 < scan.minAvgVolume) skip(`20-day average volume below ${scan.minAvgVolume}`);
    else measured.push({ member, figures });
  }
  if (failures.size > symbols.length * (options.maxFailureRatio ?? 0.5)) {
    return abort(`${failures.size} of ${symbols.length} symbols failed`);
  }

  const rows: ScanRow[] = rankByDrawdown(
    measured.map(({ member, figures }) => ({ symbol: member.symbol, name: member.name, sector: member.sector, ...figures })),
  );
  const skipped = Object.values(skippedBy).reduce((a, b) => a + b, 0);
  const finishedAt = deps.clock.now();
  const summary: ScanSummary = {
    date: asOf,
    generatedAt: finishedAt.toISOString(),
    lookbackDays: scan.lookbackDays,
    universeSize: symbols.length,
    scanned: rows.length,
    failed: failures.size,
    skipped,
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    csvKey: `scans/drawdown/${asOf}.csv`,
    top: rows.slice(0, scan.topN),
    failures: [...failures].map(([symbol, reason]) => ({ symbol, reason })).sort((a, b) => a.symbol.localeCompare(b.symbol)),
  };
  progress({ phase: 'saving', done: symbols.length, total: symbols.length, failed: failures.size });
  await deps.repository.save(rows, summary);
  log?.info({ asOf, scanned: rows.length, failed: failures.size, skipped, plans, durationMs: summary.durationMs }, 'drawdown scan saved');
  return { ok: true, summary, rows, skippedBy, plans };
}

async function fetchHistory(
  feed: DailyPriceFeed,
  symbol: string,
  plan: HistoryPlan,
  cached: readonly Bar[],
  asOf: string,
  windowStart: string,
): Promise<Bar[]> {
  if (plan.kind === 'gap') {
    const fetched = await feed.history(symbol, plan.from, asOf);
    const merged = mergeGap(cached, fetched);
    if (merged) return trimHistory(merged, windowStart);
    // The overlapping close changed (split or correction): the cached history is wrong, replace it.
  }
  return trimHistory(await feed.history(symbol, windowStart, asOf), windowStart);
}

async function sendAlert(deps: DrawdownScanDeps, asOf: string, error: ScanAbortedError, suffixHtml: string): Promise<void> {
  if (!deps.alerts) return;
  const { attempted, failed } = error.progress;
  const html =
    `<b>Drawdown scan failed</b> for ${asOf}: ${escapeHtml(error.reason)}.\n` +
    `${failed} of ${attempted} symbols failed. The previous scan is still the latest; the next scheduled run will try again.${suffixHtml}`;
  for (const chatId of deps.alerts.chatIds) {
    try {
      await deps.alerts.notifier.send(chatId, html);
    } catch (sendError) {
      deps.logger?.error({ chatId, error: describeError(sendError) }, 'scan failure alert could not be sent');
    }
  }
}

/** The Telegram summary of a saved scan: the top `count` rows. */
export function formatScanSummaryHtml(summary: ScanSummary, count = 10): string {
  const lines = summary.top.slice(0, count).map(
    (r) =>
      `${r.rank}. <b>${escapeHtml(r.symbol)}</b> -${r.drawdownPct.toFixed(1)}% from ${r.peakClose.toFixed(2)} (${r.peakDate}), ` +
      `now ${r.lastClose.toFixed(2)}, ${r.daysSincePeak}d since peak`,
  );
  return [
    `<b>Drawdown scan ${summary.date}</b> (${summary.lookbackDays}-day high)`,
    `${summary.scanned} ranked, ${summary.skipped} filtered out, ${summary.failed} failed.`,
    ...lines,
  ].join('\n');
}
