/**
 * Lambda package benches (`pnpm bench package`): builds the three packages afresh (`pnpm package`
 * into a temp dir) and reports, per function,
 * - the zip size (target <= 400 KB);
 * - module evaluation: wall time of a fresh `node -e "require('<task root>/index.js')"` with the
 *   function's environment set, minus that of `node -e 0`, medians of 10 processes each, run
 *   interleaved so load on the machine hits both alike (target <= 100 ms);
 * - the first invocation after load: the cold handler path of one real-shaped event against the
 *   local stack, in a fresh Lambda-like process (information).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { localS3Client, runLambdaInFreshNode, startLambdaStack, type LambdaStack } from '@tradebot/local-stack';
import { readZip } from '../scripts/build/zip';
import { packageFunctions } from '../scripts/package';
import { atMost, info, median, type BenchRow, type BenchSuite } from './lib';

const RUNS = 10;
const ZIP_LIMIT_KB = 400;
const EVAL_LIMIT_MS = 100;

/** Wall time of one fresh node process running `script`, in ms, and what it printed. */
function timeNode(script: string, env: Record<string, string>, cwd: string): { ms: number; out: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['-e', script], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`node -e failed: ${result.stderr.toString().slice(0, 300)}`);
  return { ms, out: result.stdout.toString() };
}

/**
 * Median `require()` time of the bundle minus median `node -e 0`, over `RUNS` interleaved pairs
 * (the target's definition), plus the CPU time the `require()` itself took in each process, which
 * load from other processes on the machine barely moves (wall times on a busy 2-core machine do).
 */
function moduleEvaluationMs(taskRoot: string, env: Record<string, string>): { ms: number; requireMs: number; baseMs: number; cpuMs: number } {
  const requires: number[] = [];
  const bases: number[] = [];
  const cpus: number[] = [];
  const script = `const c=process.cpuUsage();require(${JSON.stringify(join(taskRoot, 'index.js'))});const d=process.cpuUsage(c);process.stdout.write(String((d.user+d.system)/1000))`;
  for (let i = 0; i < RUNS; i += 1) {
    bases.push(timeNode('0', env, taskRoot).ms);
    const run = timeNode(script, env, taskRoot);
    requires.push(run.ms);
    cpus.push(Number(run.out));
  }
  const requireMs = median(requires);
  const baseMs = median(bases);
  return { ms: requireMs - baseMs, requireMs, baseMs, cpuMs: median(cpus) };
}

/** The scheduled event and the setup each function needs for its first, real-shaped invocation. */
async function firstEvent(fn: string, stack: LambdaStack): Promise<unknown> {
  if (fn === 'fn-webhook') return stack.webhookEvent('/buy AAPL 10 182.50');
  if (fn === 'fn-collector') {
    // A 50-symbol universe keeps the bench short; the path (crumb, quotes, history, CSV) is the full one.
    const s3 = localS3Client(stack.aws.s3Endpoint);
    const universe = ['symbol,name,sector', ...Array.from({ length: 50 }, (_, i) => `BN${String(i).padStart(2, '0')},Bench ${i},Test`)].join('\n');
    await s3.send(new PutObjectCommand({ Bucket: stack.aws.bucket, Key: 'config/universe.csv', Body: universe }));
    s3.destroy();
  }
  return stack.scheduledEvent();
}

const suite: BenchSuite = {
  name: 'package',
  async run() {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const work = mkdtempSync(join(tmpdir(), 'tradebot-bench-package-'));
    const rows: BenchRow[] = [];
    const stack = await startLambdaStack();
    try {
      const manifest = packageFunctions({ outDir: join(work, 'lambda'), buildDir: (fn) => join(work, 'build', fn) });
      for (const entry of manifest.functions) {
        const fn = entry.function;
        const taskRoot = join(work, 'task', fn);
        for (const [path, data] of Object.entries(readZip(readFileSync(join(work, 'lambda', entry.zip))))) {
          mkdirSync(dirname(join(taskRoot, path)), { recursive: true });
          writeFileSync(join(taskRoot, path), data);
        }
        const kb = Math.round((entry.bytes / 1024) * 10) / 10;
        rows.push(atMost(`package.${fn}.zip_kb`, kb, 'KB', ZIP_LIMIT_KB, `index.js ${(entry.bundleBytes / 1024).toFixed(0)} KB before compression`));

        const env = { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1', _HANDLER: 'index.handler', LAMBDA_TASK_ROOT: taskRoot, AWS_LAMBDA_FUNCTION_NAME: `tradebot-bench-${fn}`, ...stack.env(fn) };
        const evaluation = moduleEvaluationMs(taskRoot, env);
        const load = loadavg()[0]!.toFixed(1);
        rows.push(
          atMost(`package.${fn}.module_eval_ms`, Math.round(evaluation.ms * 10) / 10, 'ms', EVAL_LIMIT_MS, `median of ${RUNS} fresh processes: require ${evaluation.requireMs.toFixed(0)} ms - node -e 0 ${evaluation.baseMs.toFixed(0)} ms; load average ${load} on ${cpus().length} cores`),
          info(`package.${fn}.module_eval_cpu_ms`, Math.round(evaluation.cpuMs * 10) / 10, 'ms', `CPU time of the require() inside those processes (median): the same work, nearly independent of machine load`),
        );

        const run = await runLambdaInFreshNode({ taskRoot, functionName: `tradebot-bench-${fn}`, env: stack.env(fn), events: [await firstEvent(fn, stack)] });
        const first = run.invocations[0]!;
        if (!first.ok) throw new Error(`${fn} first invocation failed: ${first.error?.name}: ${first.error?.message}`);
        rows.push(info(`package.${fn}.first_invocation_ms`, Math.round(first.ms), 'ms', `cold handler path after load (load ${run.loadMs.toFixed(0)} ms in that process), local stack`));
      }
    } finally {
      await stack.stop();
      rmSync(work, { recursive: true, force: true });
    }
    return rows;
  },
};

export default suite;
