/**
 * The local Lambda runner on a handler written for the test (the packaged zips run in e2e/): warm
 * instances, cold starts, the timeout, throttling, the context, the logs, and the virtual clock.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalFunction, LambdaRunError, runLambdaInFreshNode, schedulerEvent, startLambdaInstance } from '../../src/lambda';

// A handler that reports what Lambda gave it; `wait` (a URL of the test's gate) parks it until the test answers.
const HANDLER = `
let calls = 0;
const loadedAt = Date.now();
exports.handler = async (event, context) => {
  calls += 1;
  console.log(JSON.stringify({ level: 30, msg: 'handling', n: event.n }));
  if (event.fail) throw Object.assign(new Error('boom ' + event.n), { name: 'HandlerError' });
  if (event.crash) setImmediate(() => { throw new Error('stray'); });
  if (event.wait) await fetch(event.wait);
  return {
    n: event.n,
    calls,
    pid: process.pid,
    now: Date.now(),
    isoNow: new Date().toISOString(),
    dateIsDate: new Date() instanceof Date,
    remaining: context.getRemainingTimeInMillis(),
    requestId: context.awsRequestId,
    functionName: context.functionName,
    memory: context.memoryLimitInMB,
    env: { name: process.env.AWS_LAMBDA_FUNCTION_NAME, handler: process.env._HANDLER, region: process.env.AWS_REGION, secret: process.env.SECRET, home: process.env.HOME ?? null },
  };
};
`;

describe('Local Lambda runner', () => {
  let root: string;
  const config = () => ({ taskRoot: root, functionName: 'tradebot-test-fn', env: { SECRET: 's3cr3t' }, timeoutMs: 5_000 });
  // The gate: a request to /<name> is answered when the test opens that name (never, for /never).
  const waiting = new Map<string, ServerResponse[]>();
  const opened = new Set<string>();
  const gate = createServer((req, res) => {
    const name = req.url!.slice(1);
    if (opened.has(name)) res.end('open');
    else waiting.set(name, [...(waiting.get(name) ?? []), res]);
  });
  const gateUrl = (name: string): string => `http://127.0.0.1:${(gate.address() as AddressInfo).port}/${name}`;
  const open = (name: string): void => {
    opened.add(name);
    for (const res of waiting.get(name) ?? []) res.end('open');
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'tradebot-runner-'));
    writeFileSync(join(root, 'index.js'), HANDLER);
    await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    gate.closeAllConnections();
    await new Promise((resolve) => gate.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  describe('Function: startLambdaInstance', () => {
    it('keeps one process warm across invocations, with Lambda\'s environment and a context per invocation', async () => {
      // Prepare
      const instance = startLambdaInstance(config());
      try {
        // Act
        const first = await instance.invoke({ n: 1 });
        const second = await instance.invoke({ n: 2 });
        // Assess
        const [a, b] = [first.result, second.result] as { calls: number; pid: number; requestId: string; remaining: number; functionName: string; memory: string; env: Record<string, unknown> }[];
        expect([first.coldStart, second.coldStart]).toEqual([true, false]);
        expect([a!.calls, b!.calls, b!.pid]).toEqual([1, 2, a!.pid]);
        expect(a!.requestId).not.toBe(b!.requestId);
        expect(first.requestId).toBe(a!.requestId);
        expect(a!.remaining).toBeGreaterThan(0);
        expect(a!.remaining).toBeLessThanOrEqual(5_000);
        expect(a).toMatchObject({ functionName: 'tradebot-test-fn', memory: '512', env: { name: 'tradebot-test-fn', handler: 'index.handler', region: 'us-east-1', secret: 's3cr3t', home: null } });
        expect(instance.coldStartMs()).toBeGreaterThan(0);
      } finally {
        await instance.stop();
      }
    });

    it('gives each invocation its own log, from START to REPORT, and Init Duration only on the first', async () => {
      // Prepare
      const instance = startLambdaInstance(config());
      try {
        // Act
        const [first, second] = await Promise.all([instance.invoke({ n: 1 }), instance.invoke({ n: 2 })]);
        // Assess
        expect(first!.logs.split('\n')).toEqual([
          `START RequestId: ${first!.requestId} Version: $LATEST`,
          JSON.stringify({ level: 30, msg: 'handling', n: 1 }),
          `END RequestId: ${first!.requestId}`,
          expect.stringMatching(new RegExp(`^REPORT RequestId: ${first!.requestId}\\tDuration: [\\d.]+ ms\\t.*\\tInit Duration: [\\d.]+ ms$`)),
        ]);
        expect(second!.logs).toContain(JSON.stringify({ level: 30, msg: 'handling', n: 2 }));
        expect(second!.logs).not.toContain('Init Duration');
        expect(second!.logs).not.toContain('"n":1');
      } finally {
        await instance.stop();
      }
    });

    it('reports a thrown error as the invocation\'s, and the instance stays warm', async () => {
      // Prepare
      const instance = startLambdaInstance(config());
      try {
        // Act
        const failed = await instance.invoke({ n: 1, fail: true });
        const next = await instance.invoke({ n: 2 });
        // Assess
        expect(failed).toMatchObject({ ok: false, timedOut: false, error: { name: 'HandlerError', message: 'boom 1' } });
        expect(next).toMatchObject({ ok: true, coldStart: false, result: { calls: 2 } });
      } finally {
        await instance.stop();
      }
    });

    it('kills the process when an invocation outlives the timeout, as Lambda does, and the instance is gone', async () => {
      // Prepare
      const instance = startLambdaInstance({ ...config(), timeoutMs: 1_000 });
      await instance.ready;
      // Act: the handler waits for a gate nobody opens.
      const stuck = await instance.invoke({ n: 1, wait: gateUrl('never') });
      const after = await instance.invoke({ n: 2 });
      // Assess
      expect(stuck).toMatchObject({ ok: false, timedOut: true, error: { name: 'Sandbox.Timedout', message: 'Task timed out after 1.00 seconds' } });
      expect(stuck.logs).toContain('Task timed out after 1.00 seconds');
      expect(instance.state()).toBe('dead');
      expect(after).toMatchObject({ ok: false, error: { name: 'Runtime.InstanceGone' } });
      await instance.stop();
    });

    it('ends the invocation with Runtime.ExitError when the process crashes', async () => {
      // Prepare
      const instance = startLambdaInstance(config());
      // Act: a stray exception after the handler returned takes the process down before the next call.
      await instance.invoke({ n: 1, crash: true });
      const next = await instance.invoke({ n: 2 });
      // Assess
      expect(next.ok).toBe(false);
      expect(['Runtime.ExitError', 'Runtime.InstanceGone']).toContain(next.error?.name);
      await instance.stop();
    });

    it('runs the function at the time each invocation names when the clock is virtual', async () => {
      // Prepare
      const instance = startLambdaInstance({ ...config(), virtualClock: true });
      try {
        const monday = new Date('2031-03-03T07:30:00Z');
        // Act
        const first = (await instance.invoke({ n: 1 }, { at: monday })).result as { now: number; isoNow: string; dateIsDate: boolean };
        const later = (await instance.invoke({ n: 2 }, { at: new Date('2031-03-04T07:30:00Z') })).result as { now: number };
        // Assess
        expect(first.now - monday.getTime()).toBeGreaterThanOrEqual(0);
        // It runs on from the given instant (by however long the machine took to get there).
        expect(first.now - monday.getTime()).toBeLessThan(60_000);
        expect(first.isoNow.slice(0, 13)).toBe('2031-03-03T07');
        expect(first.dateIsDate).toBe(true);
        expect(later.now - Date.parse('2031-03-04T07:30:00Z')).toBeGreaterThanOrEqual(0);
        expect(later.now - Date.parse('2031-03-04T07:30:00Z')).toBeLessThan(60_000);
      } finally {
        await instance.stop();
      }
    });

    it('refuses a time for a function without a virtual clock', () => {
      // Prepare
      const instance = startLambdaInstance(config());
      // Act + Assess
      expect(() => instance.invoke({}, { at: new Date() })).toThrow(/virtualClock/);
      return instance.stop();
    });
  });

  describe('Function: createLocalFunction', () => {
    it('reuses an idle instance, starts another for a concurrent invocation, and throttles past the reserved concurrency', async () => {
      // Prepare
      const fn = createLocalFunction({ ...config(), reservedConcurrency: 2 });
      try {
        // Act
        const warm = await fn.invoke({ n: 0 });
        const held = fn.invoke({ n: 1, wait: gateUrl('scale') });
        const second = await fn.invoke({ n: 2 });
        // Both instances busy: the reserved concurrency is used up.
        const third = fn.invoke({ n: 3, wait: gateUrl('scale') });
        const throttled = await fn.invoke({ n: 4 });
        open('scale');
        const [first, blocked] = await Promise.all([held, third]);
        // Assess
        expect(warm).toMatchObject({ ok: true, instance: 1, coldStart: true });
        expect(first).toMatchObject({ ok: true, instance: 1, coldStart: false });
        expect(second).toMatchObject({ ok: true, instance: 2, coldStart: true });
        expect(blocked).toMatchObject({ ok: true, instance: 2, coldStart: false });
        expect(throttled).toMatchObject({ ok: false, throttled: true, error: { name: 'TooManyRequestsException' } });
        expect(fn.instances()).toHaveLength(2);
      } finally {
        await fn.stop();
      }
    });

    it('starts a fresh instance after one was killed by the timeout', async () => {
      // Prepare
      const fn = createLocalFunction({ ...config(), timeoutMs: 1_000 });
      try {
        // Act
        const stuck = await fn.invoke({ n: 1, wait: gateUrl('never') });
        const next = await fn.invoke({ n: 2 });
        // Assess
        expect(stuck).toMatchObject({ timedOut: true, instance: 1 });
        expect(next).toMatchObject({ ok: true, instance: 2, coldStart: true });
      } finally {
        await fn.stop();
      }
    });
  });

  describe('Function: runLambdaInFreshNode', () => {
    it('runs the events in one fresh process and ends it', async () => {
      // Act
      const run = await runLambdaInFreshNode({ ...config(), events: [{ n: 1 }, { n: 2 }] });
      // Assess
      expect(run.invocations.map((i) => (i.result as { calls: number }).calls)).toEqual([1, 2]);
      expect(run.loadMs).toBeGreaterThan(0);
      expect(run.stdout).toContain('"n":2');
    });

    it('rejects with LambdaRunError naming the error when the module does not load', async () => {
      // Prepare
      const broken = mkdtempSync(join(tmpdir(), 'tradebot-runner-broken-'));
      writeFileSync(join(broken, 'index.js'), "throw Object.assign(new Error('bad env: TABLE_NAME'), { name: 'ConfigError' });");
      // Act
      const attempt = runLambdaInFreshNode({ ...config(), taskRoot: broken, events: [{}] });
      // Assess
      await expect(attempt).rejects.toThrow(LambdaRunError);
      await expect(attempt).rejects.toThrow(/did not load: ConfigError: bad env: TABLE_NAME/);
      rmSync(broken, { recursive: true, force: true });
    });

    it('gives the function its layers at /opt: files read from /opt/..., modules required from /opt/nodejs/node_modules', async () => {
      // Prepare: a layer with a data file and a Node module, and a handler that uses both as it would in Lambda.
      const opt = mkdtempSync(join(tmpdir(), 'tradebot-runner-opt-'));
      const task = mkdtempSync(join(tmpdir(), 'tradebot-runner-layered-'));
      mkdirSync(join(opt, 'charts'));
      mkdirSync(join(opt, 'nodejs', 'node_modules', 'greeting'), { recursive: true });
      writeFileSync(join(opt, 'charts', 'font.ttf'), 'layer bytes');
      writeFileSync(join(opt, 'nodejs', 'node_modules', 'greeting', 'index.js'), "exports.hello = 'hello from the layer';");
      writeFileSync(
        join(task, 'index.js'),
        `const { readFile } = require('node:fs/promises');
        const fs = require('node:fs');
        exports.handler = async () => ({
          file: await readFile('/opt/charts/font.ttf', 'utf8'),
          sync: fs.readFileSync(new URL('file:///opt/charts/font.ttf'), 'utf8'),
          listed: fs.readdirSync('/opt/charts'),
          exists: fs.existsSync('/opt/charts/missing.ttf'),
          module: require('greeting').hello,
        });`,
      );
      try {
        // Act
        const run = await runLambdaInFreshNode({ ...config(), taskRoot: task, optDir: opt, events: [{}] });
        // Assess
        expect(run.invocations[0]!.result).toEqual({ file: 'layer bytes', sync: 'layer bytes', listed: ['font.ttf'], exists: false, module: 'hello from the layer' });
      } finally {
        rmSync(opt, { recursive: true, force: true });
        rmSync(task, { recursive: true, force: true });
      }
    });
  });

  describe('Function: schedulerEvent', () => {
    it('is EventBridge Scheduler\'s envelope, whose detail is the string "{}"', () => {
      // Act
      const event = schedulerEvent({ time: new Date('2031-03-04T11:00:00.123Z') });
      // Assess
      expect(event).toMatchObject({ version: '0', 'detail-type': 'Scheduled Event', source: 'aws.scheduler', time: '2031-03-04T11:00:00Z', detail: '{}' });
      expect(event.resources).toEqual([expect.stringMatching(/^arn:aws:scheduler:/)]);
    });
  });
});
