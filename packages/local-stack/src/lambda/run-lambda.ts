/**
 * Runs a packaged Lambda function the way the Lambda Node.js runtime does, on this machine: a fresh
 * `node` process whose environment holds only what Lambda sets plus the function's configuration,
 * that `require()`s the handler module from the task root (the unpacked zip) and invokes the
 * handler with each event and a Lambda-shaped context. Use it to test and time the built packages
 * (`scripts/tests/package.test.ts`, `bench/package.bench.ts`); it loads nothing from the workspace.
 */
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

/** What to run. */
export interface LambdaRunOptions {
  /** Directory holding the unpacked package (`index.js` at its root). */
  readonly taskRoot: string;
  /** `AWS_LAMBDA_FUNCTION_NAME`, e.g. `tradebot-prod-webhook`. */
  readonly functionName: string;
  /** The function's configured environment (and endpoints, credentials). Nothing else is inherited. */
  readonly env: Readonly<Record<string, string>>;
  /** Events, invoked in order in the same process (the first is the cold invocation). */
  readonly events: readonly unknown[];
  /** Lambda's handler string. Default `index.handler`. */
  readonly handler?: string;
  /** Per-invocation timeout, as configured on the function. Default 30 000 ms. */
  readonly timeoutMs?: number;
  /** AWS region. Default `us-east-1`. */
  readonly region?: string;
}

/** One invocation's outcome. */
export interface LambdaInvocation {
  readonly ok: boolean;
  /** Wall time of the handler call, in ms. */
  readonly ms: number;
  readonly result?: unknown;
  readonly error?: { readonly name: string; readonly message: string };
}

/** What the process reported. */
export interface LambdaRunResult {
  /** Time to `require()` the handler module (the init phase), in ms. */
  readonly loadMs: number;
  readonly invocations: readonly LambdaInvocation[];
  /** The function's logs. */
  readonly stdout: string;
  readonly stderr: string;
}

/** Thrown when the module could not load or the process died or timed out. */
export class LambdaRunError extends Error {
  constructor(
    message: string,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'LambdaRunError';
  }
}

// The runtime inside the child: plain CommonJS, run with `node -e`. Events come on stdin; the report
// goes to fd 3 so the function's own stdout (its logs) stays separate.
const RUNTIME = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const report = (value) => fs.writeSync(3, JSON.stringify(value));
const describe = (e) => ({ name: (e && e.name) || 'Error', message: (e && e.message) || String(e), stack: e && e.stack });
(async () => {
  const [file, exported] = process.env._HANDLER.split('.');
  const started = performance.now();
  const mod = require(path.join(process.env.LAMBDA_TASK_ROOT, file + '.js'));
  const loadMs = performance.now() - started;
  const handler = mod[exported];
  if (typeof handler !== 'function') throw new Error('handler ' + process.env._HANDLER + ' is not a function');
  const invocations = [];
  for (const [index, event] of input.events.entries()) {
    const deadline = Date.now() + input.timeoutMs;
    const context = {
      awsRequestId: 'local-invocation-' + (index + 1),
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: '$LATEST',
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      invokedFunctionArn: 'arn:aws:lambda:' + process.env.AWS_REGION + ':000000000000:function:' + process.env.AWS_LAMBDA_FUNCTION_NAME,
      logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    const t = performance.now();
    try {
      const result = await handler(event, context);
      invocations.push({ ok: true, ms: performance.now() - t, result });
    } catch (error) {
      invocations.push({ ok: false, ms: performance.now() - t, error: describe(error) });
    }
  }
  report({ loadMs, invocations });
  // Lambda freezes the process after a response; here it ends, whatever sockets are still open.
  process.exit(0);
})().catch((error) => {
  report({ fatal: describe(error) });
  process.exit(1);
});
`;

function collect(stream: Readable | null): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    if (!stream) return resolve('');
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/**
 * Loads the package in a fresh `node` with a Lambda-like environment (`AWS_LAMBDA_FUNCTION_NAME`,
 * `AWS_REGION`, `_HANDLER`, `LAMBDA_TASK_ROOT`, `TZ=:UTC`, ...) plus `options.env`, and invokes the
 * handler with each event. Resolves with the load time and each invocation's result or error;
 * rejects with `LambdaRunError` when the module does not load or the process dies or hangs.
 */
export async function runLambdaInFreshNode(options: LambdaRunOptions): Promise<LambdaRunResult> {
  const region = options.region ?? 'us-east-1';
  const timeoutMs = options.timeoutMs ?? 30_000;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_LAMBDA_FUNCTION_NAME: options.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${options.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: 'local/[$LATEST]0',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    _HANDLER: options.handler ?? 'index.handler',
    LAMBDA_TASK_ROOT: options.taskRoot,
    LAMBDA_RUNTIME_DIR: options.taskRoot,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...options.env,
  };
  const child = spawn(process.execPath, ['-e', RUNTIME], { cwd: options.taskRoot, env, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
  const [stdout, stderr, reportText] = [collect(child.stdout), collect(child.stderr), collect(child.stdio[3] as Readable)];
  child.stdin.end(JSON.stringify({ events: options.events, timeoutMs }));
  const limit = timeoutMs * Math.max(1, options.events.length) + 30_000;
  const killer = setTimeout(() => child.kill('SIGKILL'), limit);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(killer);
  const [out, err, raw] = await Promise.all([stdout, stderr, reportText]);
  let report: { loadMs?: number; invocations?: LambdaInvocation[]; fatal?: { name: string; message: string; stack?: string } } = {};
  try {
    report = raw ? (JSON.parse(raw) as typeof report) : {};
  } catch {
    // Reported below as a dead process.
  }
  if (report.fatal) throw new LambdaRunError(`${options.functionName} did not load: ${report.fatal.name}: ${report.fatal.message}`, out, err);
  if (code !== 0 || !report.invocations || report.loadMs === undefined) {
    throw new LambdaRunError(`${options.functionName}: the process ended (code ${code}) without a report${code === null ? ' (killed after the timeout)' : ''}`, out, err);
  }
  return { loadMs: report.loadMs, invocations: report.invocations, stdout: out, stderr: err };
}
