/**
 * A scanning process of `scan.bench.ts`: the collector itself (fn-collector's `createCollector`: the
 * scheduled scan with its S3 documents, price history shards and DynamoDB claim, as its handler
 * wires it), bundled like the Lambda (`lambdaConfig`: one minified CommonJS file, every dependency
 * inside) and run on plain node, so its memory is what the function uses, without the TypeScript
 * loader's. One run per process, as the collector's daily invocation is one run in a fresh instance:
 * `cold` (empty cache) or `incremental` (the next market day, once the parent has moved the Yahoo
 * server's clock). Arguments: the Yahoo server URL, the S3 and DynamoDB endpoints, the bucket, the
 * table, the run.
 */
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '@tradebot/core-domain';
import { yahooOriginFetch } from '@tradebot/market-data';
// The collector's own wiring; its handler.ts would read the Lambda environment instead.
import { createCollector } from '../packages/fn-collector/src/app';

/** One run of the scan, as the parent reports it. */
export interface RunReport {
  readonly wallMs: number;
  /** CPU time (user + system) of the scanning process during the run. */
  readonly cpuMs: number;
  readonly requests: number;
  readonly scanned: number;
  readonly failed: number;
  readonly plans: Record<string, number>;
  /** V8 heap in use right after the run (garbage not yet collected included), MB. */
  readonly heapUsedMb: number;
  /** Peak resident set size of the process, MB, and the scan phase it was reached in (sampled every 10 ms). */
  readonly peakRssMb: number;
  readonly peakPhase: string;
  /** At that peak: the V8 heap's committed size and memory outside it (buffers), MB. */
  readonly peakHeapTotalMb: number;
  readonly peakExternalMb: number;
  /** RSS when each phase began, MB (`load` = after loading the code, before the run). */
  readonly phaseRssMb: Record<string, number>;
}

/** The runs the bench makes, each in its own process. */
export type RunKind = 'cold' | 'incremental';

/** What the child tells the parent. */
export type ChildMessage = { kind: 'done'; report: RunReport } | { kind: 'error'; message: string };

/** The scan dates: Friday 11-13 is the latest session on Saturday; Monday 11-16 has closed by Tuesday 06:00 New York. */
export const COLD_AT = new Date('2026-11-14T11:00:00Z');
export const NEXT_DAY_AT = new Date('2026-11-17T11:00:00Z');
export const CONCURRENCY = 8;

/** Where the child's storage is: the parent's s3rver and dynalite. */
interface Storage {
  readonly s3Endpoint: string;
  readonly dynamoEndpoint: string;
  readonly bucket: string;
  readonly tableName: string;
}

async function main(serverUrl: string, storage: Storage, kind: RunKind): Promise<void> {
  const send = (message: ChildMessage): void => {
    process.send!(message);
  };
  const rssMb = (): number => Math.round(process.memoryUsage.rss() / 2 ** 20);
  const phaseRssMb: Record<string, number> = { load: rssMb() };
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const s3 = new S3Client({ endpoint: storage.s3Endpoint, region: 'us-east-1', credentials, forcePathStyle: true });
  const dynamo = new DynamoDBClient({ endpoint: storage.dynamoEndpoint, region: 'us-east-1', credentials });
  const snapshotDir = process.env.BENCH_HEAP_SNAPSHOT_DIR;
  // The scan's own log line carries its plans (how the history was obtained); the rest is not needed.
  let plans: Record<string, number> = {};
  const quiet = (): void => {};
  const logger: Logger = {
    debug: quiet,
    warn: quiet,
    error: quiet,
    info: (fields) => {
      const logged = (fields as { plans?: Record<string, number> }).plans;
      if (logged) plans = logged;
    },
  };
  let requests = 0;
  // Every Yahoo host sent to the local server, as the collector does with YAHOO_API_ROOT.
  const transport = yahooOriginFetch(serverUrl);
  const counted: typeof fetch = (input, init) => {
    requests++;
    return transport(input, init);
  };
  const run = async (now: Date): Promise<RunReport> => {
    const clock = { now: () => now };
    requests = 0;
    const collector = createCollector({ s3, bucket: storage.bucket, dynamo, tableName: storage.tableName, expectedPrices: 'simulated', notifySummary: false, concurrency: CONCURRENCY, clock, logger, fetch: counted });
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    let phase = 'start';
    let peak = { rss: 0, phase, heapTotal: 0, external: 0 };
    const sampler = setInterval(() => {
      const rss = process.memoryUsage.rss();
      if (rss > peak.rss) {
        const { heapTotal, external } = process.memoryUsage();
        peak = { rss, phase, heapTotal, external };
      }
    }, 10);
    const outcome = await collector
      .run({}, (progress) => {
        if (progress.phase === phase) return;
        phase = progress.phase;
        phaseRssMb[phase] = rssMb();
        // Saving starts with everything fetched and nothing yet written: the most the scan holds.
        if (snapshotDir && phase === 'saving') writeHeapSnapshot(join(snapshotDir, `scan-${kind}-saving.heapsnapshot`));
      })
      .finally(() => clearInterval(sampler));
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const cpu = process.cpuUsage(cpuBefore);
    if (outcome.status !== 'saved') throw new Error(`the collector's run was ${outcome.status}: ${outcome.reason ?? outcome.notice ?? ''}`);
    const heapUsedMb = process.memoryUsage().heapUsed / 2 ** 20;
    if (snapshotDir) writeHeapSnapshot(join(snapshotDir, `scan-${kind}-end.heapsnapshot`));
    const sampledMb = peak.rss / 2 ** 20;
    const peakRssMb = Math.round(Math.max(sampledMb, process.resourceUsage().maxRSS / 1024));
    // The sampler runs on the event loop: a peak reached inside a long synchronous stretch (a shard's
    // merge and JSON) is seen only by the kernel's maxRSS, and its phase is then not known.
    const peakPhase = peakRssMb - sampledMb > 2 ? `unknown (between samples; the largest sampled, ${Math.round(sampledMb)} MB, in ${peak.phase})` : peak.phase;
    return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, requests, scanned: outcome.scanned ?? 0, failed: outcome.failed, plans, heapUsedMb, peakRssMb, peakPhase, peakHeapTotalMb: Math.round(peak.heapTotal / 2 ** 20), peakExternalMb: Math.round(peak.external / 2 ** 20), phaseRssMb };
  };

  send({ kind: 'done', report: await run(kind === 'cold' ? COLD_AT : NEXT_DAY_AT) });
}

if (process.send && process.argv.length >= 8) {
  const [serverUrl, s3Endpoint, dynamoEndpoint, bucket, tableName, kind] = process.argv.slice(2) as [string, string, string, string, string, string];
  main(serverUrl, { s3Endpoint, dynamoEndpoint, bucket, tableName }, kind === 'incremental' ? 'incremental' : 'cold').catch((error: unknown) => {
    process.send?.({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exitCode = 1;
  });
}
