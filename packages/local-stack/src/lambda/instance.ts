/**
 * One local Lambda execution environment: a `node` process that loaded a packaged function and
 * takes invocations one at a time, kept warm until stopped, killed when an invocation outlives the
 * function's timeout (as Lambda does; the next invocation then needs a fresh instance).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { delimiter, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LAMBDA_RUNTIME_SOURCE } from './runtime';

/** How a function is configured, as Lambda would run it. */
export interface LambdaConfiguration {
  /** Directory holding the unpacked package (`index.js` at its root). */
  readonly taskRoot: string;
  /** `AWS_LAMBDA_FUNCTION_NAME`, e.g. `tradebot-prod-webhook`. */
  readonly functionName: string;
  /** The function's configured environment (and endpoints, credentials). Nothing else is inherited. */
  readonly env: Readonly<Record<string, string>>;
  /** Lambda's handler string. Default `index.handler`. */
  readonly handler?: string;
  /** The function's timeout: an invocation running longer is killed with its process. Default 30 000 ms. */
  readonly timeoutMs?: number;
  /** `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`; also sizes the V8 heap as Lambda does. Default 512. */
  readonly memoryMb?: number;
  /** AWS region. Default `us-east-1`. */
  readonly region?: string;
  /**
   * Let each invocation say what time it is (`InvokeOptions.at`): the process's `Date` then runs from
   * that instant (see `runtime.ts`). For tests that play days in seconds; off by default.
   */
  readonly virtualClock?: boolean;
  /**
   * A directory playing Lambda's `/opt`: the function's layers unpacked into it, as Lambda extracts
   * them. The process then reads `/opt/...` from there (see `runtime.ts`) and resolves modules from
   * the layer's `nodejs/node_modules` through `NODE_PATH`, as Lambda's Node.js runtime does. Default: no layers.
   */
  readonly optDir?: string;
}

/** Per-invocation options. */
export interface InvokeOptions {
  /** The wall-clock time the function sees when the invocation starts (needs `virtualClock`). */
  readonly at?: Date;
}

/** One invocation's outcome, as Lambda's Invoke API would report it. */
export interface LambdaInvocation {
  /** False when the handler threw, the process died, or the timeout was reached. */
  readonly ok: boolean;
  /** Wall time of the handler call, in ms. */
  readonly ms: number;
  /** The handler's return value (JSON round-tripped). */
  readonly result?: unknown;
  /** What went wrong: the thrown error, or Lambda's `Sandbox.Timedout` / `Runtime.ExitError`. */
  readonly error?: { readonly name: string; readonly message: string };
  /** The context's `awsRequestId` ('' when the invocation never started). */
  readonly requestId: string;
  /** Which instance ran it (1, 2, ... per function) and whether it was that instance's first. */
  readonly instance: number;
  readonly coldStart: boolean;
  /** The invocation's own log, from `START` to `REPORT`, as CloudWatch would show it. */
  readonly logs: string;
  readonly timedOut: boolean;
  /** True when the function's reserved concurrency was used up and nothing ran (`createLocalFunction`). */
  readonly throttled?: boolean;
}

/** Thrown when the module could not load or the process died before it was ready. */
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

/** The environment Lambda gives a function: its own variables plus the runtime's. */
export function lambdaEnvironment(config: LambdaConfiguration): Record<string, string> {
  const region = config.region ?? 'us-east-1';
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_LAMBDA_FUNCTION_NAME: config.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.memoryMb ?? 512),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${config.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: 'local/[$LATEST]0',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    _HANDLER: config.handler ?? 'index.handler',
    LAMBDA_TASK_ROOT: config.taskRoot,
    LAMBDA_RUNTIME_DIR: config.taskRoot,
    // Lambda's Node.js runtime resolves modules from the layers' nodejs/ folders, then the task root.
    NODE_PATH: [...(config.optDir ? [join(config.optDir, 'nodejs', 'node22', 'node_modules'), join(config.optDir, 'nodejs', 'node_modules')] : []), config.taskRoot].join(delimiter),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...config.env,
  };
}

type RuntimeMessage =
  | { t: 'ready'; initMs: number }
  | { t: 'init-error'; error: { name: string; message: string } }
  | { t: 'start'; id: number; requestId: string }
  | { t: 'done'; id: number; ok: boolean; ms: number; result?: unknown; error?: { name: string; message: string } };

interface Pending {
  readonly id: number;
  readonly resolve: (invocation: LambdaInvocation) => void;
  requestId: string;
  started?: number;
  timer?: NodeJS.Timeout;
  done?: Extract<RuntimeMessage, { t: 'done' }>;
  ended?: boolean;
}

/** Where an instance is in its life. */
export type InstanceState = 'starting' | 'idle' | 'busy' | 'dead';

/** A running local Lambda instance. */
export interface LambdaInstance {
  /** 1, 2, ... in the order the function started them. */
  readonly number: number;
  readonly pid: number | undefined;
  state(): InstanceState;
  /** Resolves when the handler module is loaded; rejects with `LambdaRunError` when it cannot be. */
  readonly ready: Promise<void>;
  /** Time to `require()` the handler module inside the process (Lambda's Init Duration), in ms. */
  initMs(): number;
  /** From spawning the process to its first response, in ms (undefined before one). */
  coldStartMs(): number | undefined;
  /** Runs one invocation (queued behind the ones already asked of this instance). */
  invoke(event: unknown, options?: InvokeOptions): Promise<LambdaInvocation>;
  /** Everything the process wrote. */
  stdout(): string;
  stderr(): string;
  /** Lets the queued invocations finish, then ends the process. */
  stop(): Promise<void>;
}

function readLines(stream: Readable | null, onLine: (line: string) => void): void {
  if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
}

/**
 * Starts an instance of the function: a fresh `node` with only Lambda's environment and the
 * function's, which loads the handler (the cold start). Use `LocalLambdaFunction` to have instances
 * started and reused the way Lambda does; use this directly to pin invocations to an instance.
 */
export function startLambdaInstance(config: LambdaConfiguration, number = 1): LambdaInstance {
  const timeoutMs = config.timeoutMs ?? 30_000;
  const memoryMb = config.memoryMb ?? 512;
  const spawnedAt = performance.now();
  // Lambda sizes the old space below the memory limit, leaving room for buffers and the runtime.
  const child: ChildProcess = spawn(
    process.execPath,
    [`--max-old-space-size=${Math.floor(memoryMb * 0.85)}`, '-e', LAMBDA_RUNTIME_SOURCE, JSON.stringify({ timeoutMs, virtualClock: config.virtualClock === true, ...(config.optDir ? { optDir: config.optDir } : {}) })],
    { cwd: config.taskRoot, env: lambdaEnvironment(config), stdio: ['pipe', 'pipe', 'pipe', 'pipe'] },
  );
  let state: InstanceState = 'starting';
  let out = '';
  let err = '';
  let initMs = 0;
  let coldStartMs: number | undefined;
  let nextId = 1;
  let count = 0;
  const pending: Pending[] = [];
  const byRequest = new Map<string, Pending>();
  const logs = new Map<string, string[]>();
  // stdout and fd 3 are separate pipes: a REPORT line may arrive before its `start` message.
  const endedEarly = new Set<string>();
  let current: string | undefined;
  let exited: Promise<void>;
  let readySettled = false;
  let resolveReady!: () => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  // Callers that never await `ready` learn of a failed start from their invocation instead.
  ready.catch(() => undefined);

  const finish = (p: Pending, invocation: Omit<LambdaInvocation, 'instance' | 'requestId' | 'logs' | 'coldStart'>): void => {
    if (p.timer) clearTimeout(p.timer);
    const index = pending.indexOf(p);
    if (index >= 0) pending.splice(index, 1);
    const coldStart = count === 0;
    count += 1;
    if (coldStart && coldStartMs === undefined) coldStartMs = performance.now() - spawnedAt;
    const lines = logs.get(p.requestId) ?? [];
    logs.delete(p.requestId);
    byRequest.delete(p.requestId);
    if (state === 'busy' && pending.length === 0) state = 'idle';
    p.resolve({ ...invocation, requestId: p.requestId, instance: number, coldStart, logs: lines.join('\n') });
  };

  // An invocation is over when the runtime reported it and its REPORT line went by (its logs are complete).
  const settle = (p: Pending): void => {
    if (!p.done || !p.ended) return;
    const { ok, ms, result, error } = p.done;
    finish(p, { ok, ms, timedOut: false, ...(ok ? { result } : { error: error ?? { name: 'Error', message: 'unknown error' } }) });
  };

  readLines(child.stdio[3] as Readable, (line) => {
    const message = JSON.parse(line) as RuntimeMessage;
    switch (message.t) {
      case 'ready':
        initMs = message.initMs;
        state = pending.length > 0 ? 'busy' : 'idle';
        readySettled = true;
        resolveReady();
        return;
      case 'init-error':
        readySettled = true;
        rejectReady(new LambdaRunError(`${config.functionName} did not load: ${message.error.name}: ${message.error.message}`, out, err));
        return;
      case 'start': {
        const p = pending.find((x) => x.id === message.id);
        if (!p) return;
        p.requestId = message.requestId;
        p.started = performance.now();
        byRequest.set(message.requestId, p);
        if (endedEarly.delete(message.requestId)) p.ended = true;
        p.timer = setTimeout(() => timeOut(p), timeoutMs);
        return;
      }
      case 'done': {
        const p = pending.find((x) => x.id === message.id);
        if (!p) return;
        p.done = message;
        settle(p);
      }
    }
  });

  readLines(child.stdout, (line) => {
    out += `${line}\n`;
    const start = /^START RequestId: (\S+)/.exec(line);
    if (start) current = start[1];
    if (current !== undefined) {
      const lines = logs.get(current) ?? [];
      lines.push(line);
      logs.set(current, lines);
    }
    // REPORT is the invocation's last line (after END): its logs are complete.
    const report = /^REPORT RequestId: (\S+)/.exec(line);
    if (report) {
      current = undefined;
      const p = byRequest.get(report[1]!);
      if (p) {
        p.ended = true;
        settle(p);
      } else endedEarly.add(report[1]!);
    }
  });
  // Writing to a process that just died must not take this one down; the close handler reports it.
  child.stdin?.on('error', () => undefined);
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });

  function timeOut(p: Pending): void {
    const seconds = (timeoutMs / 1000).toFixed(2);
    const line = `${new Date().toISOString()} ${p.requestId} Task timed out after ${seconds} seconds`;
    out += `${line}\n`;
    logs.set(p.requestId, [...(logs.get(p.requestId) ?? []), line]);
    finish(p, { ok: false, ms: performance.now() - (p.started ?? performance.now()), timedOut: true, error: { name: 'Sandbox.Timedout', message: `Task timed out after ${seconds} seconds` } });
    state = 'dead';
    child.kill('SIGKILL');
  }

  exited = new Promise<void>((resolve) => {
    child.on('close', (code, signal) => {
      const wasDead = state === 'dead';
      state = 'dead';
      if (!readySettled) {
        readySettled = true;
        rejectReady(new LambdaRunError(`${config.functionName}: the process ended (code ${code}${signal ? `, ${signal}` : ''}) before the handler loaded`, out, err));
      }
      for (const p of [...pending]) {
        finish(p, {
          ok: false,
          ms: p.started === undefined ? 0 : performance.now() - p.started,
          timedOut: false,
          error: wasDead ? { name: 'Runtime.InstanceGone', message: 'the instance was killed before this invocation ran' } : { name: 'Runtime.ExitError', message: `RequestId: ${p.requestId} Error: Runtime exited with error: ${signal ? `signal: ${signal}` : `exit status ${code}`}` },
        });
      }
      resolve();
    });
  });

  return {
    number,
    pid: child.pid,
    state: () => state,
    ready,
    initMs: () => initMs,
    coldStartMs: () => coldStartMs,
    invoke(event, options = {}) {
      if (state === 'dead') {
        return Promise.resolve({ ok: false, ms: 0, requestId: '', instance: number, coldStart: false, logs: '', timedOut: false, error: { name: 'Runtime.InstanceGone', message: 'this instance has ended' } });
      }
      if (options.at && config.virtualClock !== true) throw new Error('InvokeOptions.at needs a function configured with virtualClock: true');
      return new Promise<LambdaInvocation>((resolve) => {
        const p: Pending = { id: nextId++, resolve, requestId: '' };
        pending.push(p);
        if (state === 'idle') state = 'busy';
        child.stdin?.write(`${JSON.stringify({ t: 'invoke', id: p.id, event, ...(options.at ? { now: options.at.getTime() } : {}) })}\n`);
      });
    },
    stdout: () => out,
    stderr: () => err,
    async stop() {
      if (state !== 'dead') child.stdin?.end();
      await exited;
    },
  };
}
