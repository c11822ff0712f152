/**
 * Lambda package benches (`pnpm bench package`): builds the three packages afresh (`pnpm package`
 * into a temp dir) and reports, per function,
 * - the zip size (target <= 400 KB);
 * - module evaluation: wall time of a fresh `node -e "require('<task root>/index.js')"` with the
 *   function's environment set, minus that of `node -e 0`, medians of 10 processes each, run
 *   interleaved so load on the machine hits both alike (target <= 100 ms);
 * - the cold start: from spawning a fresh Lambda-like instance (local-stack's runner) to its first
 *   response to a real-shaped event against the local stack, median of 5 instances (targets:
 *   fn-webhook <= 300 ms, fn-collector and fn-daily <= 400 ms), with the first invocation's own
 *   handler time beside it;
 * - the warm invocation: the same event again on an instance that has already answered one,
 *   median of 10 (fn-webhook target <= 150 ms, the others for information).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { localS3Client, startLambdaInstance, startLambdaStack, type LambdaConfiguration, type LambdaStack } from '@tradebot/local-stack';
import { readZip } from '../scripts/build/zip';
import { packageFunctions } from '../scripts/package';
import { atMost, info, median, type BenchRow, type BenchSuite } from './lib';

const RUNS = 10;
const ZIP_LIMIT_KB = 400;
const EVAL_LIMIT_MS = 100;
const COLD_STARTS = 5;
const WARM_RUNS = 10;
/** Issue 17: a person waits for the webhook's answer; the scheduled jobs' start is billed and delays their work. */
const COLD_START_LIMIT_MS: Readonly<Record<string, number>> = { 'fn-webhook': 300, 'fn-collector': 400, 'fn-daily': 400 };
const WARM_LIMIT_MS: Readonly<Record<string, number>> = { 'fn-webhook': 150 };

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

/** Prepares the local stack for `fn` (the collector's 50-symbol universe). */
async function prepare(fn: string, stack: LambdaStack): Promise<void> {
  if (fn !== 'fn-collector') return;
  // A 50-symbol universe keeps the bench short; the path (crumb, quotes, history, CSV) is the full one.
  const s3 = localS3Client(stack.aws.s3Endpoint);
  const universe = ['symbol,name,sector', ...Array.from({ length: 50 }, (_, i) => `BN${String(i).padStart(2, '0')},Bench ${i},Test`)].join('\n');
  await s3.send(new PutObjectCommand({ Bucket: stack.aws.bucket, Key: 'config/universe.csv', Body: universe }));
  s3.destroy();
}

/**
 * The n-th real-shaped event for `fn`, all doing the same work: a `/buy` (each a new update), a
 * forced scan of the same date (the price cache is warm after the first), the analysis of a date
 * of its own (a date already sent would do nothing).
 */
function eventFor(fn: string, stack: LambdaStack, n: number): unknown {
  if (fn === 'fn-webhook') return stack.webhookEvent('/buy AAPL 10 182.50');
  if (fn === 'fn-collector') return { ...stack.schedulerEvent(), force: true };
  return { ...stack.schedulerEvent(), date: new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10) };
}

/** Cold starts (spawn to first response) and the first invocation's handler time, `COLD_STARTS` fresh instances. */
async function coldStarts(config: LambdaConfiguration, event: (n: number) => unknown, first: number): Promise<{ coldMs: number[]; invocationMs: number[] }> {
  const coldMs: number[] = [];
  const invocationMs: number[] = [];
  for (let i = 0; i < COLD_STARTS; i += 1) {
    const instance = startLambdaInstance(config);
    try {
      const invocation = await instance.invoke(event(first + i));
      if (!invocation.ok) throw new Error(`${config.functionName} cold invocation failed: ${invocation.error?.name}: ${invocation.error?.message}`);
      coldMs.push(instance.coldStartMs()!);
      invocationMs.push(invocation.ms);
    } finally {
      await instance.stop();
    }
  }
  return { coldMs, invocationMs };
}

/** Handler time of `WARM_RUNS` invocations on an instance that has already answered one. */
async function warmInvocations(config: LambdaConfiguration, event: (n: number) => unknown, first: number): Promise<number[]> {
  const instance = startLambdaInstance(config);
  try {
    await instance.invoke(event(first));
    const ms: number[] = [];
    for (let i = 1; i <= WARM_RUNS; i += 1) {
      const invocation = await instance.invoke(event(first + i));
      if (!invocation.ok) throw new Error(`${config.functionName} warm invocation failed: ${invocation.error?.name}: ${invocation.error?.message}`);
      ms.push(invocation.ms);
    }
    return ms;
  } finally {
    await instance.stop();
  }
}

/** A row with a target when the function has one, for information otherwise. */
const row = (name: string, value: number, limit: number | undefined, note: string): BenchRow => (limit === undefined ? info(name, value, 'ms', note) : atMost(name, value, 'ms', limit, note));

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

        await prepare(fn, stack);
        const config: LambdaConfiguration = { taskRoot, functionName: `tradebot-bench-${fn}`, env: stack.env(fn), timeoutMs: 60_000 };
        const event = (n: number): unknown => eventFor(fn, stack, n);
        // One run first: the collector's price cache and every function's table and bucket are then as they are in service.
        const warmUpInstance = startLambdaInstance(config);
        const warmUp = await warmUpInstance.invoke(event(0));
        await warmUpInstance.stop();
        if (!warmUp.ok) throw new Error(`${fn} first invocation failed: ${warmUp.error?.name}: ${warmUp.error?.message}`);
        const cold = await coldStarts(config, event, 1);
        const warm = await warmInvocations(config, event, 1 + COLD_STARTS);
        const coldLoad = loadavg()[0]!.toFixed(1);
        rows.push(
          row(`package.${fn}.cold_start_ms`, Math.round(median(cold.coldMs)), COLD_START_LIMIT_MS[fn], `process start to first response, median of ${COLD_STARTS} fresh instances (min ${Math.round(Math.min(...cold.coldMs))}, max ${Math.round(Math.max(...cold.coldMs))}); load average ${coldLoad}`),
          info(`package.${fn}.first_invocation_ms`, Math.round(median(cold.invocationMs)), 'ms', `the handler's share of the cold start: the first invocation after load, median of ${COLD_STARTS}, local stack`),
          row(`package.${fn}.warm_invocation_ms`, Math.round(median(warm) * 10) / 10, WARM_LIMIT_MS[fn], `the same event on a warm instance, median of ${WARM_RUNS} (max ${Math.round(Math.max(...warm))})`),
        );
      }
    } finally {
      await stack.stop();
      rmSync(work, { recursive: true, force: true });
    }
    return rows;
  },
};

export default suite;
