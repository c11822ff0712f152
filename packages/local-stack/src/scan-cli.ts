/**
 * `pnpm scan`: the Russell 1000 drawdown scan on the local stack. By default offline: the embedded
 * S3 and DynamoDB of the data directory (`.local/`, the same data `pnpm start` uses, through its
 * servers while it runs) and the local Yahoo server with SIMULATED prices. `--live` asks the real
 * Yahoo Finance instead (internet needed). Like the collector, a date is scanned once (per price
 * source); what the run reports about its prices is what answered, and only a full scan from the
 * source asked for replaces the day's scan.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { isCalendarDate, type Clock, type Logger } from '@tradebot/core-domain';
import {
  describePrices,
  lastClosedSession,
  runScheduledScan,
  SCAN_CLAIM_TIMING,
  YahooPriceFeed,
  type ScanProgress,
  type YahooPriceFeedOptions,
} from '@tradebot/market-data';
import { DynamoIdempotencyStore, IdempotencyInProgressError } from '@tradebot/storage-dynamodb';
import { createS3Documents, DOCUMENT_KEYS, partialScanCsvKey, partialScanLatestKey, scanCsvKey } from '@tradebot/storage-s3';
import { SingleBar } from 'cli-progress';
import { openLocalCommand } from './local-data';
import { startYahooServer, yahooFetch, type YahooServer } from './yahoo';
import { parseCli, printUsageOutcome, runCli, type CliParse } from './cli';

const USAGE = `Usage: pnpm scan [--live] [--limit N] [--as-of YYYY-MM-DD] [--force] [--concurrency N] [--latency MS] [--data-dir DIR] [--help]

  Runs the drawdown scan on the local stack and stores the result in the local S3:
  scans/drawdown/<date>.csv, scans/drawdown/latest.json and the price-history cache market/history/.
  While pnpm start runs on the same data directory, the scan uses its servers.
  A date is scanned once per price source; a run reports where its prices really came from, and
  one whose prices did not come from the source asked for is saved apart (scans/drawdown/partial/).

  --live           use the real Yahoo Finance (default: the local server with simulated prices)
  --limit N        scan only the first N symbols (e.g. --limit 50); saved apart in scans/drawdown/partial/
  --as-of DATE     market date to scan (default: the last closed New York session)
  --force          scan and save again even when the date's scan is already saved
  --concurrency N  Yahoo requests in flight (default 8)
  --latency MS     simulated latency per request of the local Yahoo server (default 0)
  --data-dir DIR   local data directory (default: .local)
  --help           this text

Example: pnpm scan --limit 100`;

interface CliOptions {
  readonly live: boolean;
  readonly limit?: number;
  readonly asOf?: string;
  readonly concurrency: number;
  readonly latencyMs: number;
  readonly force: boolean;
  readonly dataDir?: string;
}

/** Parses argv; returns a usage message (with one correct example) instead of throwing. */
export function parseScanArgs(argv: readonly string[]): CliParse<CliOptions> {
  const parsed = parseCli(argv, {
    usage: USAGE,
    options: {
      live: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      limit: { type: 'string' },
      'as-of': { type: 'string' },
      concurrency: { type: 'string' },
      latency: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  if (!parsed.ok) return parsed;
  const { values } = parsed;
  const whole = (flag: string, value: string | undefined, min: number, fallback?: number): number | string | undefined => {
    if (value === undefined) return fallback;
    const n = Number(value);
    return value.trim() !== '' && Number.isInteger(n) && n >= min ? n : `${flag} needs a whole number of at least ${min}, e.g. ${flag} 50`;
  };
  const limit = whole('--limit', values.limit, 1);
  const concurrency = whole('--concurrency', values.concurrency, 1, 8);
  const latencyMs = whole('--latency', values.latency, 0, 0);
  for (const value of [limit, concurrency, latencyMs]) if (typeof value === 'string') return { ok: false, message: value };
  const asOf = values['as-of'];
  if (asOf !== undefined && !isCalendarDate(asOf)) return { ok: false, message: '--as-of needs a date, e.g. --as-of 2026-11-20' };
  const dataDir = values['data-dir'];
  return {
    ok: true,
    options: {
      live: values.live,
      force: values.force,
      concurrency: concurrency as number,
      latencyMs: latencyMs as number,
      ...(limit !== undefined ? { limit: limit as number } : {}),
      ...(asOf ? { asOf } : {}),
      ...(dataDir ? { dataDir } : {}),
    },
  };
}

function progressReporter(): { update(p: ScanProgress): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      { format: ' {phase} [{bar}] {value}/{total} symbols | {failed} failed | {toFetch} to fetch | {duration}s', hideCursor: true, stream: process.stderr },
    );
    let started = false;
    return {
      update(p) {
        if (!started) {
          bar.start(p.total, p.done, { phase: p.phase, failed: p.failed, toFetch: p.toFetch ?? '-' });
          started = true;
        }
        bar.setTotal(p.total);
        bar.update(p.done, { phase: p.phase.padEnd(7), failed: p.failed, toFetch: p.toFetch ?? '-' });
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let lastPhase = '';
  let lastTenth = -1;
  return {
    update(p) {
      const tenth = p.total ? Math.floor((p.done / p.total) * 10) : 10;
      if (p.phase === lastPhase && tenth === lastTenth) return;
      lastPhase = p.phase;
      lastTenth = tenth;
      console.error(`scan ${p.phase}: ${p.done}/${p.total} symbols, ${p.failed} failed${p.toFetch !== undefined ? `, ${p.toFetch} to fetch` : ''}`);
    },
    stop() {},
  };
}

/** A local run's claim is taken over this long after it started (a run interrupted with Ctrl-C leaves it behind). */
const LOCAL_CLAIM_TIMEOUT_SECONDS = 16 * 60;

/** What a scan run does, whatever parsed its flags. */
export interface ScanRunOptions {
  /** Ask the real Yahoo Finance (else the local server's SIMULATED prices). */
  readonly live: boolean;
  /** Scan only the first N symbols: saved apart, never the day's scan. */
  readonly limit?: number;
  readonly asOf?: string;
  readonly concurrency: number;
  /** Scan and save even when the date's scan is already saved (for a `--force` flag). */
  readonly force?: boolean;
}

/** What a scan run talks to; `main` builds it on `.local/aws`, tests on their own servers. */
export interface ScanEnvironment {
  readonly s3: S3Client;
  readonly dynamo: DynamoDBClient;
  readonly bucket: string;
  readonly tableName: string;
  /** Where the local S3 data lives, for the closing line. */
  readonly dataDirectory?: string;
  /** The local Yahoo server (SIMULATED prices): required unless the run is `--live`. */
  readonly yahoo?: YahooServer;
  /** Transport of `--live` runs. Default: the global fetch (the internet). */
  readonly liveFetch?: typeof fetch;
  /** Feed tuning (retries, breaker, backoff). */
  readonly feed?: Omit<YahooPriceFeedOptions, 'fetch' | 'clock' | 'logger' | 'concurrency'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The report (stdout). */
  readonly out: (line: string) => void;
  /** Notes, warnings and errors (stderr). */
  readonly err: (line: string) => void;
  readonly onProgress?: (progress: ScanProgress) => void;
}

/**
 * Runs one scan and prints what happened. Exit code 0 when the run did what was asked (the day's
 * scan saved, a `--limit` run saved apart, or the date already scanned); 1 when it failed, another
 * run holds the date, or its prices did not come from the source asked for (then it is saved apart
 * and the day's scan and `latest.json` are left as they were).
 */
export async function runScan(options: ScanRunOptions, env: ScanEnvironment): Promise<number> {
  const { out, err, clock } = env;
  if (!options.live && !env.yahoo) throw new TypeError('runScan needs the local Yahoo server unless the run is --live');
  const expected = options.live ? 'live' : 'simulated';
  const documents = createS3Documents({ client: env.s3, bucket: env.bucket });
  const transport = env.yahoo ? yahooFetch(env.yahoo) : env.liveFetch;
  const feed = new YahooPriceFeed({ ...env.feed, ...(transport ? { fetch: transport } : {}), clock, logger: env.logger, concurrency: options.concurrency });
  const claims = new DynamoIdempotencyStore({ client: env.dynamo, tableName: env.tableName, clock, ...SCAN_CLAIM_TIMING, inProgressTimeoutSeconds: LOCAL_CLAIM_TIMEOUT_SECONDS });
  const s3Url = (key: string): string => `s3://${env.bucket}/${key}`;
  const date = options.asOf ?? lastClosedSession(clock.now());
  err(options.live ? 'Asking live Yahoo Finance for prices (internet needed).' : 'Asking the local Yahoo server: SIMULATED prices (use --live for real ones).');

  let result;
  try {
    result = await runScheduledScan(
      { feed, documents, clock, logger: env.logger, claims },
      {
        asOf: date,
        expectedPrices: expected,
        ...(env.onProgress ? { onProgress: env.onProgress } : {}),
        ...(options.limit ? { limit: options.limit } : {}),
        ...(options.force ? { force: true } : {}),
      },
    );
  } catch (error) {
    if (!(error instanceof IdempotencyInProgressError)) throw error;
    err(`Another run is scanning ${date} right now (or one was interrupted: its claim is taken over ${LOCAL_CLAIM_TIMEOUT_SECONDS / 60} minutes after it started). Nothing was done.`);
    return 1;
  }
  if (result.status === 'already-scanned') {
    out(`The ${date} scan is already saved (${s3Url(scanCsvKey(date))}); nothing was fetched or sent.`);
    out('A date is scanned once, like the scheduled collector; pick another date with --as-of, or try a subset with --limit N (saved apart).');
    return 0;
  }

  const { outcome } = result;
  for (const notice of result.notices) err(`\nWarning: ${notice}`);
  err(`Prices came from ${describePrices(result.prices)}.`);
  const activity = feed.activity();
  if (activity.rateLimited > 0) {
    err(`Yahoo rate limited ${activity.rateLimited} requests: paused ${(activity.pausedMs / 1000).toFixed(1)} s in all, concurrency down to ${activity.lowestConcurrency}.`);
  }
  if (!outcome.ok) {
    err(`\n${outcome.error.message}`);
    for (const f of outcome.failures.slice(0, 10)) err(`  ${f.symbol}: ${f.reason}`);
    err(`Nothing was saved for ${date}; the date is left for the next run.`);
    return 1;
  }
  const { summary, plans, skippedBy } = outcome;
  out(`\nDrawdown scan ${summary.date} (${result.universeSource} universe, ${summary.lookbackDays}-day high), ${(summary.durationMs / 1000).toFixed(1)} s`);
  out(`${summary.scanned} ranked, ${summary.skipped} filtered out, ${summary.failed} failed of ${summary.universeSize}.`);
  out(`History: ${plans.current} up to date, ${plans.append} appended from quotes, ${plans.gap} gaps and ${plans.backfill} backfills fetched.`);
  for (const [reason, count] of Object.entries(skippedBy)) out(`  filtered: ${count} ${reason}`);
  if (env.yahoo) out(`Yahoo requests: ${JSON.stringify(env.yahoo.counts())}`);
  out('\n rank symbol    drawdown  last       peak       peak date   days  above low');
  for (const r of outcome.rows.slice(0, 10)) {
    out(
      ` ${String(r.rank).padStart(4)} ${r.symbol.padEnd(9)} ${`-${r.drawdownPct.toFixed(1)}%`.padStart(8)}  ${r.lastClose.toFixed(2).padStart(9)}  ${r.peakClose
        .toFixed(2)
        .padStart(9)}  ${r.peakDate}  ${String(r.daysSincePeak).padStart(4)}  ${`${r.aboveLowPct.toFixed(1)}%`.padStart(8)}`,
    );
  }
  for (const f of summary.failures.slice(0, 10)) out(`  failed ${f.symbol}: ${f.reason}`);
  const where = env.dataDirectory ? ` (local S3 data in ${env.dataDirectory})` : '';
  if (result.savedAs === 'day') {
    out(`\nSaved ${s3Url(summary.csvKey)} and ${s3Url(DOCUMENT_KEYS.scanLatest)}${where}.`);
    return 0;
  }
  const apart = `${s3Url(partialScanCsvKey(summary.date))} and ${s3Url(partialScanLatestKey)}${where}`;
  if (result.notice) {
    err(`\nNOT saved as the day's scan: ${result.notice}.`);
    out(`\nSaved apart: ${apart}.`);
    return 1;
  }
  out(`\nSaved apart, as a --limit run never replaces the day's scan or latest.json: ${apart}.`);
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseScanArgs(argv);
  if (!parsed.ok) return printUsageOutcome(parsed);
  const { options } = parsed;
  const opened = await openLocalCommand('pnpm scan', options.dataDir);
  if (!opened) return 1;
  const { logger, aws } = opened;
  const directory = aws.directory;
  let yahoo: YahooServer | undefined;
  const progress = progressReporter();
  try {
    if (!options.live) yahoo = await startYahooServer({ latencyMs: options.latencyMs });
    return await runScan(options, {
      s3: aws.s3,
      dynamo: aws.dynamo,
      bucket: aws.dataBucket,
      tableName: aws.tableName,
      dataDirectory: directory,
      ...(yahoo ? { yahoo } : {}),
      clock: { now: () => new Date() },
      logger,
      // The bar is drawn on stderr: take it down before any line is printed.
      out: (line) => {
        progress.stop();
        console.log(line);
      },
      err: (line) => {
        progress.stop();
        console.error(line);
      },
      onProgress: (p) => progress.update(p),
    });
  } finally {
    progress.stop();
    await yahoo?.close();
    await opened.close();
  }
}

runCli(module, main);
