/**
 * `pnpm scan`: the Russell 1000 drawdown scan on the local stack. By default offline: the embedded
 * S3 of the data directory (`.local/`, the same data `pnpm start` uses, through its servers while
 * it runs) and the local Yahoo server with SIMULATED prices. `--live` asks the real Yahoo Finance
 * instead (internet needed).
 */
import { REDACTED_LOG_PATHS, isCalendarDate } from '@tradebot/core-domain';
import { runScheduledScan, YahooPriceFeed, type ScanProgress } from '@tradebot/market-data';
import { createS3Documents } from '@tradebot/storage-s3';
import { SingleBar } from 'cli-progress';
import pino from 'pino';
import { openLocalData } from './local-data';
import { startYahooServer, yahooFetch, type YahooServer } from './yahoo';
import { parseCli, printUsageOutcome, runCli, type CliParse } from './cli';

const USAGE = `Usage: pnpm scan [--live] [--limit N] [--as-of YYYY-MM-DD] [--concurrency N] [--latency MS] [--data-dir DIR] [--help]

  Runs the drawdown scan on the local stack and stores the result in the local S3:
  scans/drawdown/<date>.csv, scans/drawdown/latest.json and the price-history cache market/history/.
  While pnpm start runs on the same data directory, the scan uses its S3.

  --live           use the real Yahoo Finance (default: the local server with simulated prices)
  --limit N        scan only the first N symbols of the universe (e.g. --limit 50)
  --as-of DATE     market date to scan (default: the last closed New York session)
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
  readonly dataDir?: string;
}

/** Parses argv; returns a usage message (with one correct example) instead of throwing. */
export function parseScanArgs(argv: readonly string[]): CliParse<CliOptions> {
  const parsed = parseCli(argv, {
    usage: USAGE,
    options: {
      live: { type: 'boolean', default: false },
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
      stop: () => bar.stop(),
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

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseScanArgs(argv);
  if (!parsed.ok) return printUsageOutcome(parsed);
  const { options } = parsed;
  const logger = pino(
    { level: process.env.LOG_LEVEL ?? 'warn', redact: { paths: [...REDACTED_LOG_PATHS], censor: '[redacted]' } },
    pino.destination(2),
  );
  const opened = await openLocalData({ command: 'pnpm scan', ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  if (!opened.ok) {
    console.error(opened.message);
    return 1;
  }
  const { aws } = opened.data;
  const directory = aws.directory;
  let yahoo: YahooServer | undefined;
  const progress = progressReporter();
  try {
    if (!options.live) yahoo = await startYahooServer({ latencyMs: options.latencyMs });
    const clock = { now: () => new Date() };
    const documents = createS3Documents({ client: aws.s3, bucket: aws.dataBucket });
    const feed = new YahooPriceFeed({ ...(yahoo ? { fetch: yahooFetch(yahoo) } : {}), clock, logger, concurrency: options.concurrency });
    console.error(options.live ? 'Prices: live Yahoo Finance.' : 'Prices: local Yahoo server, SIMULATED data (use --live for real prices).');
    const result = await runScheduledScan(
      {
        feed,
        documents,
        clock,
        logger,
      },
      {
        concurrency: options.concurrency,
        onProgress: (p) => progress.update(p),
        ...(options.limit ? { limit: options.limit } : {}),
        ...(options.asOf ? { asOf: options.asOf } : {}),
      },
    );
    progress.stop();
    const { outcome } = result;
    if (!outcome.ok) {
      console.error(`\n${outcome.error.message}`);
      for (const f of outcome.failures.slice(0, 10)) console.error(`  ${f.symbol}: ${f.reason}`);
      return 1;
    }
    const { summary, plans, skippedBy } = outcome;
    console.log(`\nDrawdown scan ${summary.date} (${result.universeSource} universe, ${summary.lookbackDays}-day high), ${(summary.durationMs / 1000).toFixed(1)} s`);
    console.log(`${summary.scanned} ranked, ${summary.skipped} filtered out, ${summary.failed} failed of ${summary.universeSize}.`);
    console.log(`History: ${plans.current} up to date, ${plans.append} appended from quotes, ${plans.gap} gaps and ${plans.backfill} backfills fetched.`);
    for (const [reason, count] of Object.entries(skippedBy)) console.log(`  filtered: ${count} ${reason}`);
    if (yahoo) console.log(`Yahoo requests: ${JSON.stringify(yahoo.counts())}`);
    console.log('\n rank symbol    drawdown  last       peak       peak date   days  above low');
    for (const r of outcome.rows.slice(0, 10)) {
      console.log(
        ` ${String(r.rank).padStart(4)} ${r.symbol.padEnd(9)} ${`-${r.drawdownPct.toFixed(1)}%`.padStart(8)}  ${r.lastClose.toFixed(2).padStart(9)}  ${r.peakClose
          .toFixed(2)
          .padStart(9)}  ${r.peakDate}  ${String(r.daysSincePeak).padStart(4)}  ${`${r.aboveLowPct.toFixed(1)}%`.padStart(8)}`,
      );
    }
    for (const f of summary.failures.slice(0, 10)) console.log(`  failed ${f.symbol}: ${f.reason}`);
    console.log(`\nSaved s3://${aws.dataBucket}/${summary.csvKey} and s3://${aws.dataBucket}/scans/drawdown/latest.json (local S3 data in ${directory}).`);
    return 0;
  } finally {
    progress.stop();
    await yahoo?.close();
    await opened.data.close();
  }
}

runCli(module, main);
