import { DependencyError, type Clock, type TradeLedger } from '@tradebot/core-domain';
import { makeUpdate, makeWebhookEvent } from '@tradebot/local-stack';
import { createWebhookApp } from '../../src/public';
import { appBasics, CHAT, SECRET, STRANGER, webhookStack, type LogLine, type WebhookStack } from '../helpers/webhook-stack';

/** A clock the test moves by hand. */
const movableClock = (start: string): Clock & { advanceSeconds(s: number): void } => {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), advanceSeconds: (s) => (now += s * 1000) };
};

/** A small budget, so a Telegram that stays down is given up on quickly. */
const QUICK = { budgetMs: 600, initialDelayMs: 20, maxDelayMs: 100 };

const sendCalls = (stack: WebhookStack): number[] => stack.telegram.calls.filter((c) => c.method === 'sendMessage').map((c) => c.status);
const logged = (stack: WebhookStack, msg: string, updateId?: number): LogLine[] =>
  stack.logs.filter((l) => l.msg === msg && (updateId === undefined || l.updateId === updateId));

describe('Function: createWebhookApp (reply delivery)', () => {
  let stack: WebhookStack;
  beforeEach(async () => {
    stack = await webhookStack({ app: { delivery: QUICK } });
  });
  afterEach(async () => {
    await stack.stop();
  });

  it('retries a reply Telegram answers with 5xx and delivers it within the same invocation', async () => {
    // Prepare
    stack.telegram.setMode({ kind: 'fail', status: 502 }, { method: 'sendMessage', times: 2 });
    // Act
    const result = await stack.say('/buy KO 2 60');
    // Assess
    expect(result.status).toBe(200);
    expect(result.replies).toEqual([expect.stringContaining('Buy recorded')]);
    expect(sendCalls(stack)).toEqual([502, 502, 200]);
    expect(await stack.entries()).toHaveLength(1);
  });

  it('retries a dropped connection and delivers the reply', async () => {
    // Prepare
    stack.telegram.setMode({ kind: 'disconnect' }, { method: 'sendMessage', times: 1 });
    // Act
    const result = await stack.say('/blacklist add TSLA');
    // Assess
    expect(result.status).toBe(200);
    expect(result.replies).toEqual([expect.stringContaining('TSLA')]);
    expect(sendCalls(stack)).toEqual([0, 200]);
  });

  it('waits the retry_after Telegram asks for on a 429, then delivers the reply', async () => {
    // Prepare: a budget that fits a one-second wait.
    stack.app = createWebhookApp({ ...stack.adapters, ...appBasics(stack), delivery: { budgetMs: 5000 } });
    stack.telegram.setMode({ kind: 'rate-limit', retryAfterSeconds: 1 }, { method: 'sendMessage', times: 1 });
    // Act
    const result = await stack.say('/buy KO 1 60');
    // Assess
    expect(result.status).toBe(200);
    expect(result.replies).toEqual([expect.stringContaining('Buy recorded')]);
    expect(sendCalls(stack)).toEqual([429, 200]);
    expect(logged(stack, 'telegram send retry')).toEqual([expect.objectContaining({ delayMs: 1000, errorCode: 429 })]);
  });

  it('answers 503 when the reply cannot be delivered, keeps the trade once, and re-sends the stored reply on redelivery', async () => {
    // Prepare: Telegram asks for a wait longer than the budget, so the reply cannot go out now.
    stack.telegram.setMode({ kind: 'rate-limit', retryAfterSeconds: 3600 }, { method: 'sendMessage' });
    const updateId = 9101;

    // Act: the first delivery, then Telegram's redeliveries once it accepts messages again.
    const first = await stack.say('/buy AAPL 3 100', { updateId });
    stack.telegram.setMode({ kind: 'ok' });
    const redelivered = await stack.say('/buy AAPL 3 100', { updateId });
    const again = await stack.say('/buy AAPL 3 100', { updateId });

    // Assess: the trade was recorded exactly once, the user got the original reply once.
    expect(first).toEqual({ status: 503, replies: [] });
    expect(redelivered.status).toBe(200);
    expect(redelivered.replies).toEqual([expect.stringContaining('Buy recorded')]);
    expect(again).toEqual({ status: 200, replies: [] });
    expect(await stack.entries()).toHaveLength(1);
    expect(stack.telegram.messagesTo(CHAT).filter((m) => m.plainText.includes('Buy recorded'))).toHaveLength(1);
    expect(logged(stack, 'update handled', updateId)).toHaveLength(1);
    expect(logged(stack, 'stored reply re-sent', updateId)).toHaveLength(1);
    expect(logged(stack, 'duplicate update skipped', updateId)).toHaveLength(1);
  });

  it('answers 503 when Telegram keeps failing with 5xx, after retrying within the budget, and changes nothing on redelivery', async () => {
    // Prepare
    stack.telegram.setMode({ kind: 'fail', status: 500 }, { method: 'sendMessage' });
    const updateId = 9202;

    // Act
    const first = await stack.say('/tips add MSFT cloud growth', { updateId });
    const attempts = sendCalls(stack).length;
    stack.telegram.setMode({ kind: 'ok' });
    const redelivered = await stack.say('/tips add MSFT cloud growth', { updateId });

    // Assess: retried, gave up, answered non-2xx; the redelivery sent the stored reply and added no second tip.
    expect(first.status).toBe(503);
    expect(attempts).toBeGreaterThan(1);
    expect(redelivered.status).toBe(200);
    expect(redelivered.replies).toEqual([expect.stringContaining('MSFT')]);
    expect(await stack.adapters.tips.get()).toHaveLength(1);
  });

  it('answers 200 without retrying when Telegram refuses the reply for good (400)', async () => {
    // Prepare
    stack.telegram.setMode({ kind: 'fail', status: 400, description: 'Bad Request: message is too long' }, { method: 'sendMessage', times: 1 });
    // Act
    const result = await stack.say('/buy KO 2 60');
    // Assess
    expect(result.status).toBe(200);
    expect(sendCalls(stack)).toEqual([400]);
    expect(await stack.entries()).toHaveLength(1);
    expect(logged(stack, 'Telegram refused the reply')).toHaveLength(1);
  });

  it('never logs a redelivered update as handled, and never re-runs it', async () => {
    // Act
    await stack.say('/buy KO 2 60', { updateId: 9303 });
    const again = await stack.say('/buy KO 2 60', { updateId: 9303 });
    // Assess
    expect(again).toEqual({ status: 200, replies: [] });
    expect(logged(stack, 'update handled', 9303)).toHaveLength(1);
    expect(logged(stack, 'duplicate update skipped', 9303)).toHaveLength(1);
    expect(await stack.entries()).toHaveLength(1);
  });
});

describe('Function: createWebhookApp (an update still in progress)', () => {
  const FUNCTION_TIMEOUT_SECONDS = 30;
  let stack: WebhookStack;
  let clock: ReturnType<typeof movableClock>;
  beforeEach(async () => {
    clock = movableClock('2026-03-02T15:00:00.000Z');
    stack = await webhookStack({ clock, adapters: { functionTimeoutSeconds: FUNCTION_TIMEOUT_SECONDS, inProgressWaitMs: 50 } });
  });
  afterEach(async () => {
    await stack.stop();
  });

  /** Leaves the IN_PROGRESS record of a run that died (a Lambda timeout, a crash) before finishing. */
  const crashedRun = (updateId: number): Promise<void> =>
    new Promise((started) => {
      void stack.adapters.idempotency.once(String(updateId), () => {
        started();
        return new Promise<never>(() => undefined);
      });
    });

  it('answers 503 (never 200) while the first run may still be going, then takes over once it is past the function timeout', async () => {
    // Prepare
    await crashedRun(9404);

    // Act
    clock.advanceSeconds(FUNCTION_TIMEOUT_SECONDS - 1);
    const whileRunning = await stack.say('/buy AAPL 2 100', { updateId: 9404 });
    clock.advanceSeconds(11);
    const afterTimeout = await stack.say('/buy AAPL 2 100', { updateId: 9404 });

    // Assess
    expect(whileRunning).toEqual({ status: 503, replies: [] });
    expect(afterTimeout.status).toBe(200);
    expect(afterTimeout.replies).toEqual([expect.stringContaining('Buy recorded')]);
    expect(await stack.entries()).toHaveLength(1);
    expect(logged(stack, 'update handled', 9404)).toHaveLength(1);
  });
});

describe('Function: createWebhookApp (authorization before any write)', () => {
  let stack: WebhookStack;
  beforeAll(async () => {
    stack = await webhookStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('spends no DynamoDB request and no S3 write on a stranger, and refuses once per instance', async () => {
    // Prepare
    stack.requests.dynamo.reset();
    stack.requests.s3.reset();
    // Act
    const results = [
      await stack.say('/buy AAPL 1 100', { chatId: STRANGER }),
      await stack.say('/blacklist add TSLA', { chatId: STRANGER }),
      await stack.say('/undo', { chatId: STRANGER }),
      await stack.say('/portfolio', { chatId: STRANGER }),
    ];
    // Assess
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(results.flatMap((r) => r.replies)).toEqual([expect.stringContaining('private bot')]);
    expect(stack.requests.dynamo.byOperation()).toEqual({});
    expect(Object.keys(stack.requests.s3.byOperation()).filter((op) => !op.startsWith('Get'))).toEqual([]);
  });
});

describe('Function: createWebhookApp (per-request logs)', () => {
  let stack: WebhookStack;
  beforeAll(async () => {
    stack = await webhookStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('logs two overlapping requests of one process each with its own request id', async () => {
    // Prepare: request A's ledger read blocks until request B has been handled completely, then fails.
    let entered!: () => void;
    const aEntered = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const gated: TradeLedger = {
      list: async () => {
        entered();
        await released;
        throw new DependencyError('DynamoDB', 'DynamoDB Query failed: unreachable');
      },
      append: (portfolioId, draft) => stack.adapters.ledger.append(portfolioId, draft),
    };
    const app = createWebhookApp({ ...stack.adapters, ...appBasics(stack), ledger: gated });
    const event = (text: string) => makeWebhookEvent({ body: makeUpdate({ text, chatId: CHAT }), secretToken: SECRET });

    // Act
    const a = app.handle(event('/portfolio'), { awsRequestId: 'req-A' });
    await aEntered;
    const b = await app.handle(event('/help'), { awsRequestId: 'req-B' });
    release();
    await a;

    // Assess
    expect(b.statusCode).toBe(200);
    const failed = stack.logs.filter((l) => l.msg === 'command failed on a dependency');
    expect(failed.map((l) => l.requestId)).toEqual(['req-A']);
    const handled = stack.logs.filter((l) => l.msg === 'update handled').map((l) => l.requestId);
    expect(handled.sort()).toEqual(['req-A', 'req-B']);
  });
});

