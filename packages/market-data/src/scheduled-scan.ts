/**
 * The collector use case: rules + blacklist + universe (shipped or overridden) -> drawdown scan ->
 * optional Telegram summary. fn-collector and `pnpm scan` both run exactly this.
 */
import { documentNotice, problemLogFields, type BlacklistRepository, type DocumentProblem, type Notifier, type PriceHistoryCache, type RulesRepository, type ScanRepository } from '@tradebot/core-domain';
import { escapeHtml, formatScanSummaryHtml, runDrawdownScan, type DrawdownScanDeps, type DrawdownScanOutcome, type ScanProgress } from './scan';
import { parseUniverseCsv, shippedUniverse, type UniverseMember } from './universe';

/** Where messages go: a notifier and the chats it serves. */
export interface ScanAudience {
  readonly notifier: Notifier;
  readonly chatIds: readonly string[];
}

/** The data-bucket documents the scan reads and writes; storage-s3's `createS3Documents` provides them all. */
export interface ScanDocuments {
  readonly priceHistory: PriceHistoryCache;
  readonly scans: ScanRepository;
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
}

/** Options of one run. */
export interface ScheduledScanOptions {
  readonly asOf?: string;
  /** Scan only the first `limit` symbols of the universe (local runs). */
  readonly limit?: number;
  readonly concurrency?: number;
  /** Send the top 10 to the audience when the scan is saved. */
  readonly notifySummary?: boolean;
  readonly onProgress?: (progress: ScanProgress) => void;
}

/** What a run did. */
export interface ScheduledScanResult {
  readonly outcome: DrawdownScanOutcome;
  readonly universeSource: 'shipped' | 'override';
  readonly summarySent: boolean;
  /** One line per optional document the run went without (rules, blacklist), in the rules' language. */
  readonly notices: readonly string[];
}

/**
 * Runs the collector once. Never throws for a symbol, for Telegram, or for an unreadable rules file
 * or blacklist: those give the default rules or no blacklist filter, a logged error, and a notice in
 * the result and in the messages sent (the files are never written).
 */
export async function runScheduledScan(deps: ScheduledScanDeps, options: ScheduledScanOptions = {}): Promise<ScheduledScanResult> {
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
  let universeSource: ScheduledScanResult['universeSource'] = 'shipped';
  try {
    const text = documents.universe ? await documents.universe.get() : null;
    if (text) {
      universe = parseUniverseCsv(text, 'universe override');
      universeSource = 'override';
    }
  } catch (error) {
    // A broken override is not used at all; the shipped list is the safe default.
    log?.error({ error: error instanceof Error ? error.message : String(error) }, 'universe override ignored; scanning the shipped Russell 1000');
  }
  if (options.limit !== undefined) universe = universe.slice(0, Math.max(0, options.limit));

  // Resolved before the scan: a failed run must be able to alert. Without an audience it only logs.
  let audience: ScanAudience | null = null;
  try {
    audience = deps.audience ? await deps.audience() : null;
  } catch (error) {
    log?.error({ error: error instanceof Error ? error.message : String(error) }, 'Telegram audience unavailable; the scan runs without messages');
  }

  const outcome = await runDrawdownScan(
    {
      feed: deps.feed,
      cache: documents.priceHistory,
      repository: documents.scans,
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

  let summarySent = false;
  if (outcome.ok && options.notifySummary) {
    const target = audience;
    if (target && target.chatIds.length) {
      const html = `${formatScanSummaryHtml(outcome.summary, 10)}${noticeHtml}`;
      for (const chatId of target.chatIds) {
        try {
          await target.notifier.send(chatId, html);
          summarySent = true;
        } catch (error) {
          log?.warn({ chatId, error: error instanceof Error ? error.message : String(error) }, 'scan summary not sent; the scan is saved');
        }
      }
    }
  }
  return { outcome, universeSource, summarySent, notices };
}
