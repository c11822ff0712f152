/**
 * Drawdown scan bench: 1,000+ symbols (the shipped Russell 1000) against the local Yahoo server
 * with SIMULATED prices and 50 ms of latency per request, concurrency 8.
 * - cold backfill: wall time vs the ideal `requests x latency / concurrency` (target <= 1.3x);
 * - next market day (incremental): Yahoo requests (target <= 20) and wall time (target <= 5 s);
 * - peak RSS of the scanning process (target <= 256 MB).
 * The scan runs in a child process (so other suites and the Yahoo server do not pollute its RSS);
 * the server runs here and moves its clock between the two runs. Cache and scan output are
 * in-memory ports: the rows measure the market-data side, not S3.
 */
import { fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import type { Bar, PriceHistoryCache, ScanRepository, ScanRow, ScanSummary } from '@tradebot/core-domain';
import { DEFAULT_RULES } from '@tradebot/core-domain';
// The Yahoo pieces only: the whole local-stack (S3, DynamoDB servers) would inflate the child's RSS.
import { startYahooServer, yahooFetch } from '../packages/local-stack/src/yahoo';
import { runDrawdownScan, shippedUniverse, YahooPriceFeed } from '@tradebot/market-data';
import { atMost, info, type BenchRow, type BenchSuite } from './lib';

const LATENCY_MS = 50;
const CONCURRENCY = 8;
const COLD_AT = new Date('2026-11-14T11:00:00Z'); // Saturday: Friday 11-13 is the latest session
const NEXT_DAY_AT = new Date('2026-11-17T11:00:00Z'); // Tuesday 06:00 New York: Monday 11-16 has closed

interface RunReport {
  readonly wallMs: number;
  /** CPU time (user + system) of the scanning process during the run. */
  readonly cpuMs: number;
  readonly requests: number;
  readonly scanned: number;
  readonly failed: number;
  readonly plans: Record<string, number>;
}

type ChildMessage = { kind: 'cold'; report: RunReport } | { kind: 'incremental'; report: RunReport; maxRssKb: number } | { kind: 'error'; message: string };

/** The scanning process: cold run, wait for the parent to move the clock, incremental run. */
async function child(serverUrl: string): Promise<void> {
  const send = (message: ChildMessage): void => {
    process.send!(message);
  };
  const series = new Map<string, readonly Bar[]>();
  const cache: PriceHistoryCache = {
    load: async (symbols) => new Map(symbols.filter((s) => series.has(s)).map((s) => [s, series.get(s)!])),
    save: async (changed) => {
      for (const [s, bars] of changed) series.set(s, bars);
    },
  };
  let latest: ScanSummary | null = null;
  const repository: ScanRepository = {
    save: async (_rows: readonly ScanRow[], summary: ScanSummary) => {
      latest = summary;
    },
    latest: async () => latest,
    readLatest: async () => ({ ok: true, value: latest }),
  };
  let requests = 0;
  const transport = yahooFetch(serverUrl);
  const counted: typeof fetch = (input, init) => {
    requests++;
    return transport(input, init);
  };
  const universe = shippedUniverse();
  const rules = { ...DEFAULT_RULES, scan: { ...DEFAULT_RULES.scan, minAvgVolume: 0, minPrice: 0 } };

  const run = async (now: Date): Promise<RunReport> => {
    const clock = { now: () => now };
    requests = 0;
    const feed = new YahooPriceFeed({ fetch: counted, clock, concurrency: CONCURRENCY });
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    const outcome = await runDrawdownScan({ feed, cache, repository, clock }, { universe, rules });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const cpu = process.cpuUsage(cpuBefore);
    if (!outcome.ok) throw outcome.error;
    return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, requests, scanned: outcome.summary.scanned, failed: outcome.summary.failed, plans: outcome.plans };
  };

  send({ kind: 'cold', report: await run(COLD_AT) });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const report = await run(NEXT_DAY_AT);
  send({ kind: 'incremental', report, maxRssKb: process.resourceUsage().maxRSS });
}

const suite: BenchSuite = {
  name: 'market-data.scan',
  async run(): Promise<BenchRow[]> {
    let now = COLD_AT;
    const server = await startYahooServer({ seed: 2026, latencyMs: LATENCY_MS, now: () => now });
    server.warm(
      shippedUniverse().map((m) => m.symbol),
      '2026-11-16',
    );
    const load = loadavg()[0]!.toFixed(1);
    try {
      const proc = fork(__filename, ['--scan-bench-child', server.url], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      });
      const serverCpuStart = process.cpuUsage();
      let serverCpuColdMs = 0;
      const results = await new Promise<{ cold: RunReport; incremental: RunReport; maxRssKb: number }>((resolve, reject) => {
        let cold: RunReport | undefined;
        proc.on('message', (message: ChildMessage) => {
          if (message.kind === 'error') reject(new Error(message.message));
          else if (message.kind === 'cold') {
            cold = message.report;
            const cpu = process.cpuUsage(serverCpuStart);
            serverCpuColdMs = (cpu.user + cpu.system) / 1000;
            now = NEXT_DAY_AT;
            proc.send('go');
          } else resolve({ cold: cold!, incremental: message.report, maxRssKb: message.maxRssKb });
        });
        proc.on('exit', (code) => {
          if (code) reject(new Error(`scan bench child exited with ${code}`));
        });
      });
      proc.disconnect();
      const { cold, incremental, maxRssKb } = results;
      const ideal = (cold.requests * LATENCY_MS) / CONCURRENCY;
      const setup = `${cold.scanned + cold.failed} symbols, ${LATENCY_MS} ms/request, concurrency ${CONCURRENCY}, simulated source`;
      return [
        info('scan.cold_backfill.wall', Math.round(cold.wallMs), 'ms', `${setup}; ideal ${Math.round(ideal)} ms; load average ${load} on ${cpus().length} cores`),
        info('scan.cold_backfill.cpu', Math.round(cold.cpuMs), 'ms', 'CPU time of the scanning process (yahoo-finance2 parsing and type coercion dominate)'),
        info('scan.cold_backfill.server_cpu', Math.round(serverCpuColdMs), 'ms', 'CPU time of the simulated Yahoo server (bench parent) during the cold run, incl. child start-up'),
        info('scan.cold_backfill.requests', cold.requests, 'requests', `plans ${JSON.stringify(cold.plans)}`),
        atMost('scan.cold_backfill.wall_vs_ideal', Number((cold.wallMs / ideal).toFixed(3)), 'x', 1.3, 'wall / (requests x latency / concurrency)'),
        atMost('scan.incremental.requests', incremental.requests, 'requests', 20, `next market day; plans ${JSON.stringify(incremental.plans)}`),
        atMost('scan.incremental.wall', Math.round(incremental.wallMs), 'ms', 5000, `${setup}; CPU ${Math.round(incremental.cpuMs)} ms`),
        atMost('scan.peak_rss', Math.round(maxRssKb / 1024), 'MB', 256, 'maxRSS of the child process that ran both scans'),
      ];
    } finally {
      await server.close();
    }
  },
};

export default suite;

if (process.argv[2] === '--scan-bench-child') {
  child(process.argv[3]!).catch((error: unknown) => {
    process.send?.({ kind: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) });
    process.exitCode = 1;
  });
}
