/**
 * The program a local Lambda instance runs: plain CommonJS for `node -e`, the part of the Lambda
 * Node.js runtime a function can notice. It `require()`s the handler module from the task root (the
 * init phase), then takes invocations one at a time from stdin, calls the handler with the event and
 * a Lambda-shaped context, and reports on fd 3 so the function's own stdout (its logs) stays apart.
 * Like Lambda it writes `START`, `END` and `REPORT` lines around each invocation's logs.
 *
 * Messages are one JSON object a line. In (stdin): `{ "t": "invoke", "id", "event", "now"? }`.
 * Out (fd 3): `{ "t": "ready", "initMs" }` or `{ "t": "init-error", "error" }`, then per invocation
 * `{ "t": "start", "id", "requestId" }` and `{ "t": "done", "id", "ok", "ms", "result" | "error" }`.
 *
 * With `virtualClock` (argv[1], JSON) the process reads time through a `Date` that runs at the wall
 * clock's pace from the instant each invocation names (`now`), as libfaketime would: the function's
 * code is untouched, only its notion of "now" moves, so a test can play a week of mornings in
 * seconds. Timers and `performance.now()` are not shifted.
 *
 * With `optDir` the process sees that directory at `/opt`, where Lambda extracts a function's layers:
 * the `fs` calls that take a path (`readFile`, `stat`, `readdir`, `open`, `createReadStream`... and
 * their promise forms) read `/opt/x` from `optDir/x`. No root, no mount, and the package is untouched.
 */
export const LAMBDA_RUNTIME_SOURCE = String.raw`
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const { randomUUID } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const options = JSON.parse(process.argv[1] || '{}');
const report = (value) => fs.writeSync(3, JSON.stringify(value) + '\n');
const describe = (e) => ({ name: (e && e.name) || 'Error', message: (e && e.message) || String(e), stack: (e && e.stack) || undefined });

let clockOffsetMs = 0;
const realNow = Date.now.bind(Date);
if (options.virtualClock) {
  const RealDate = Date;
  class LocalDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + clockOffsetMs);
      else super(...args);
    }
    static now() { return RealDate.now() + clockOffsetMs; }
    // Dates made before the switch (or by Node itself) are still Dates.
    static [Symbol.hasInstance](value) { return value instanceof RealDate; }
  }
  // Date() called without new gives the current time as a string, like the real one.
  globalThis.Date = new Proxy(LocalDate, { apply: () => new LocalDate().toString() });
}

if (options.optDir) {
  const { fileURLToPath } = require('node:url');
  const toOpt = (p) => {
    const s = typeof p === 'string' ? p : p instanceof URL && p.protocol === 'file:' ? fileURLToPath(p) : undefined;
    return s !== undefined && (s === '/opt' || s.startsWith('/opt/')) ? options.optDir + s.slice(4) : p;
  };
  const wrap = (target, names) => {
    for (const name of names) {
      const original = target[name];
      if (typeof original === 'function') target[name] = function (p, ...rest) { return original.call(this, toOpt(p), ...rest); };
    }
  };
  const reads = ['readFile', 'stat', 'lstat', 'readdir', 'access', 'open', 'opendir'];
  wrap(fs, [...reads, ...reads.map((n) => n + 'Sync'), 'existsSync', 'createReadStream']);
  wrap(fs.promises, reads);
}

const env = process.env;
const [file, exported] = env._HANDLER.split('.');
const initStarted = performance.now();
let handler;
try {
  const mod = require(path.join(env.LAMBDA_TASK_ROOT, file + '.js'));
  handler = mod[exported];
  if (typeof handler !== 'function') throw new Error('handler ' + env._HANDLER + ' is not a function');
} catch (error) {
  report({ t: 'init-error', error: describe(error) });
  process.exit(1);
}
const initMs = performance.now() - initStarted;
report({ t: 'ready', initMs });

let first = true;
const memoryMb = Number(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE);

async function invoke(message) {
  if (options.virtualClock && typeof message.now === 'number') clockOffsetMs = message.now - realNow();
  const requestId = randomUUID();
  const deadline = Date.now() + options.timeoutMs;
  const context = {
    awsRequestId: requestId,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    invokedFunctionArn: 'arn:aws:lambda:' + env.AWS_REGION + ':000000000000:function:' + env.AWS_LAMBDA_FUNCTION_NAME,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  process.stdout.write('START RequestId: ' + requestId + ' Version: ' + env.AWS_LAMBDA_FUNCTION_VERSION + '\n');
  report({ t: 'start', id: message.id, requestId });
  const started = performance.now();
  let outcome;
  try {
    const result = await handler(message.event, context);
    outcome = { ok: true, result: result === undefined ? null : result };
  } catch (error) {
    outcome = { ok: false, error: describe(error) };
  }
  const ms = performance.now() - started;
  const usedMb = Math.ceil(process.memoryUsage.rss() / 1048576);
  process.stdout.write('END RequestId: ' + requestId + '\n');
  process.stdout.write('REPORT RequestId: ' + requestId + '\tDuration: ' + ms.toFixed(2) + ' ms\tBilled Duration: ' + Math.ceil(ms) + ' ms\tMemory Size: ' + memoryMb + ' MB\tMax Memory Used: ' + usedMb + ' MB' + (first ? '\tInit Duration: ' + initMs.toFixed(2) + ' ms' : '') + '\n');
  first = false;
  let line;
  try {
    line = JSON.stringify({ t: 'done', id: message.id, ms, ...outcome });
  } catch (error) {
    line = JSON.stringify({ t: 'done', id: message.id, ms, ok: false, error: { name: 'Runtime.MarshalError', message: 'Unable to marshal response: ' + describe(error).message } });
  }
  fs.writeSync(3, line + '\n');
}

// One invocation at a time, in the order asked (invoke never rejects).
let running = Promise.resolve();
readline.createInterface({ input: process.stdin }).on('line', (text) => {
  if (!text) return;
  const message = JSON.parse(text);
  running = running.then(() => invoke(message));
}).on('close', () => {
  // The instance is being shut down: finish what was asked, then end whatever sockets stay open.
  running.then(() => process.exit(0));
});
`;
