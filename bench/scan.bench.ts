/**
 * Drawdown scan bench: 1,000+ symbols (the shipped Russell 1000) against the local Yahoo server
 * with SIMULATED prices and 50 ms of latency per request, concurrency 8.
 * - cold backfill: wall time vs the ideal `requests x latency / concurrency` (target <= 1.3x);
 * - next market day (incremental): Yahoo requests (target <= 20) and wall time (target <= 5 s);
 * - peak RSS of the scanning process (target <= 160 MB: a 256 MB Lambda with headroom), each run in
 *   a fresh process as each daily invocation is, and its V8 heap at the end of each run.
 * The scan runs in a child process (so other suites and the servers do not pollute its RSS):
 * `scan-child.ts`, the collector as its handler wires it (`createCollector`), bundled like the Lambda
 * and run on plain node, on its own storage: the price history cache in S3 shards
 * (`market/history/<shard>.json`), the scan's CSV and `latest.json`, the date's claim in DynamoDB,
 * on an s3rver and a dynalite that run here with the Yahoo server, which moves its clock between the
 * two runs. Each child runs with the NODE_OPTIONS Terraform gives the collector (`COLLECTOR_NODE_OPTIONS`,
 * its V8 heap budget); one more cold run without them shows what V8's default sizing would take.
 * `BENCH_HEAP_SNAPSHOT_DIR=dir pnpm bench scan` also writes V8 heap snapshots of each child when
 * saving starts (everything fetched, nothing written: the most the scan holds) and at the end of its
 * run; `tsx bench/heap-summary.ts <file>` sums one up by constructor (or open it in Chrome DevTools).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'tsup';
import { shippedUniverse } from '@tradebot/market-data';
import { startYahooServer } from '../packages/local-stack/src/yahoo';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DEFAULT_RULES } from '@tradebot/core-domain';
import { ensureBucket, ensureTable } from '../packages/local-stack/src/aws/bootstrap';
import { localDynamoClient, localS3Client } from '../packages/local-stack/src/aws/clients';
import { startDynamoServer, startS3Server } from '../packages/local-stack/src/aws/servers';
import { COLLECTOR_NODE_OPTIONS } from '../packages/fn-collector/src/config';
import { lambdaConfig } from '../scripts/build/tsup-base';
import { atMost, info, type BenchRow, type BenchSuite } from './lib';
import { COLD_AT, CONCURRENCY, NEXT_DAY_AT, type ChildMessage, type RunKind, type RunReport } from './scan-child';

const LATENCY_MS = 50;

/** Bundles `scan-child.ts` the way a Lambda is bundled; returns the file to run. */
async function bundleChild(outDir: string): Promise<string> {
  await build({ ...lambdaConfig({ entry: { 'scan-child': join(__dirname, 'scan-child.ts') }, outDir, sourcemap: false, metafile: false, ...(process.env.READABLE ? { minify: false, keepNames: true } : {}) }), silent: true, config: false });
  return join(outDir, 'scan-child.js');
}

const suite: BenchSuite = {
  name: 'market-data.scan',
  async run(): Promise<BenchRow[]> {
    let now = COLD_AT;
    const work = mkdtempSync(join(tmpdir(), 'tradebot-bench-scan-'));
    const childFile = await bundleChild(work);
    const [s3Server, dynamoServer] = await Promise.all([startS3Server({ directory: join(work, 's3') }), startDynamoServer()]);
    // The measured runs' storage, and a second one for the comparison run with V8's default heap.
    const [bucket, tableName] = ['tradebot-bench-scan', 'tradebot-bench-scan'];
    const [comparisonBucket, comparisonTable] = ['tradebot-bench-scan-default-heap', 'tradebot-bench-scan-default-heap'];
    const admin = { s3: localS3Client(s3Server.endpoint), dynamo: localDynamoClient(dynamoServer.endpoint) };
    // Every symbol ranked (no price or volume filter), so the run does all the work it can.
    const rules = { scan: { ...DEFAULT_RULES.scan, minPrice: 0, minAvgVolume: 0 } };
    for (const [b, t] of [[bucket, tableName], [comparisonBucket, comparisonTable]] as const) {
      await Promise.all([ensureBucket(admin.s3, b), ensureTable(admin.dynamo, t)]);
      await admin.s3.send(new PutObjectCommand({ Bucket: b, Key: 'config/rules.json', Body: JSON.stringify(rules) }));
    }
    admin.s3.destroy();
    admin.dynamo.destroy();
    const server = await startYahooServer({ seed: 2026, latencyMs: LATENCY_MS, now: () => now });
    server.warm(
      (await shippedUniverse()).map((m) => m.symbol),
      '2026-11-16',
    );
    const load = loadavg()[0]!.toFixed(1);
    try {
      // Plain node on the bundle, one run per process (the collector's daily run is one invocation),
      // with the NODE_OPTIONS Terraform gives the Lambda (its V8 heap budget) unless told otherwise.
      const runChild = (kind: RunKind, nodeOptions = COLLECTOR_NODE_OPTIONS, storage = [bucket, tableName]): Promise<RunReport> =>
        new Promise<RunReport>((resolve, reject) => {
          const proc = fork(childFile, [server.url, s3Server.endpoint, dynamoServer.endpoint, ...storage, kind], {
            execArgv: process.env.SCAN_CHILD_FLAGS ? process.env.SCAN_CHILD_FLAGS.split(' ') : [],
            stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
            env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NODE_OPTIONS: nodeOptions },
          });
          proc.on('message', (message: ChildMessage) => {
            if (message.kind === 'error') reject(new Error(message.message));
            else resolve(message.report);
            proc.disconnect();
          });
          proc.on('exit', (code) => {
            if (code) reject(new Error(`scan bench child (${kind}) exited with ${code}`));
          });
        });
      // The cold run with V8's default heap sizing first, on its own storage (not what the Lambda runs).
      const coldDefaultHeap = await runChild('cold', '', [comparisonBucket, comparisonTable]);
      const serverCpuStart = process.cpuUsage();
      const cold = await runChild('cold');
      const serverCpu = process.cpuUsage(serverCpuStart);
      const serverCpuColdMs = (serverCpu.user + serverCpu.system) / 1000;
      now = NEXT_DAY_AT;
      const incremental = await runChild('incremental');
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
        atMost('scan.peak_rss', Math.max(cold.peakRssMb, incremental.peakRssMb), 'MB', 160, `peak RSS of the scanning process (the bundled scan on plain node with the Lambda's NODE_OPTIONS ${COLLECTOR_NODE_OPTIONS}, S3 cache and output included), the larger of the two runs; load average ${loadavg()[0]!.toFixed(1)}`),
        info('scan.cold_backfill.peak_rss', cold.peakRssMb, 'MB', `peak in phase ${cold.peakPhase} (V8 heap ${cold.peakHeapTotalMb} MB, external ${cold.peakExternalMb} MB at the largest sample); RSS at each phase's start ${JSON.stringify(cold.phaseRssMb)}`),
        info('scan.incremental.peak_rss', incremental.peakRssMb, 'MB', `peak in phase ${incremental.peakPhase} (V8 heap ${incremental.peakHeapTotalMb} MB, external ${incremental.peakExternalMb} MB at the largest sample); RSS at each phase's start ${JSON.stringify(incremental.phaseRssMb)}`),
        info('scan.cold_backfill.peak_rss_default_heap', coldDefaultHeap.peakRssMb, 'MB', `the cold run again without NODE_OPTIONS (V8 sizes its heap for this machine): peak in phase ${coldDefaultHeap.peakPhase} (V8 heap ${coldDefaultHeap.peakHeapTotalMb} MB)`),
        info('scan.heap_used_after_cold', Math.round(cold.heapUsedMb), 'MB', 'V8 heap in use right after the cold run (before any further collection)'),
        info('scan.heap_used_after_incremental', Math.round(incremental.heapUsedMb), 'MB', 'V8 heap in use right after the incremental run'),
      ];
    } finally {
      await server.close();
      await Promise.all([s3Server.stop(), dynamoServer.stop()]);
      rmSync(work, { recursive: true, force: true });
    }
  },
};

export default suite;
