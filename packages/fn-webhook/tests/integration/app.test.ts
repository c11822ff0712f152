import { GetObjectCommand } from '@aws-sdk/client-s3';
import { makeUpdate, makeWebhookEvent, watchReplies } from '@tradebot/local-stack';
import { BOT_USERNAME, SECRET, STRANGER, CHAT, webhookStack, TOKEN, type WebhookStack } from '../helpers/webhook-stack';
import { createWebhookApp, secretsMatch } from '../../src/public';

describe('Function: createWebhookApp (HTTP checks)', () => {
  let stack: WebhookStack;
  beforeAll(async () => {
    stack = await webhookStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  const buy = (): Record<string, unknown> => makeUpdate({ text: '/buy AAPL 1 100', chatId: CHAT });

  it.each([
    ['no secret header', makeWebhookEvent({ body: buy() }), 401],
    ['a wrong secret header', makeWebhookEvent({ body: buy(), secretToken: 'guess' }), 401],
    ['a secret that differs only in length', makeWebhookEvent({ body: buy(), secretToken: `${SECRET}x` }), 401],
    ['a GET', makeWebhookEvent({ body: buy(), secretToken: SECRET, method: 'GET' }), 405],
    ['a body over 256 KB', makeWebhookEvent({ body: { ...buy(), padding: 'x'.repeat(300 * 1024) }, secretToken: SECRET }), 413],
    ['a body that is not JSON', makeWebhookEvent({ body: '{"update_id": 1, ', secretToken: SECRET }), 400],
    ['JSON that is not an update', makeWebhookEvent({ body: { hello: 'world' }, secretToken: SECRET }), 400],
    ['an update with a malformed message', makeWebhookEvent({ body: { update_id: 5, message: { chat: 'me', text: '/buy AAPL 1 1' } }, secretToken: SECRET }), 400],
  ])('answers %s with the right status and changes nothing', async (_name, event, status) => {
    // Act
    const answered = await stack.post(event);
    // Assess
    expect(answered).toBe(status);
    expect(await stack.entries()).toEqual([]);
    expect(await stack.keys()).toEqual([]);
    expect(stack.telegram.calls.filter((c) => c.method === 'sendMessage')).toEqual([]);
  });

  it('answers a chat that is not allowed with 200, one polite refusal and no state change', async () => {
    // Act
    const first = await stack.say('/buy AAPL 1 100', { chatId: STRANGER });
    const second = await stack.say('/buy AAPL 1 100', { chatId: STRANGER });
    // Assess
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.replies).toEqual([expect.stringContaining('private bot')]);
    expect(second.replies).toEqual([]);
    expect(await stack.entries(STRANGER)).toEqual([]);
    expect(await stack.keys()).toEqual([]);
  });

  it('handles a base64-encoded update', async () => {
    // Act
    const status = await stack.post(makeWebhookEvent({ body: makeUpdate({ text: '/help', chatId: CHAT }), secretToken: SECRET, base64: true }));
    // Assess
    expect(status).toBe(200);
    expect(stack.telegram.messagesTo(CHAT).at(-1)?.plainText).toContain('/buy AAPL 10 182.50');
  });

  it('records a trade once when Telegram delivers the same update twice', async () => {
    // Act
    const first = await stack.say('/buy AAPL 3 100', { updateId: 777 });
    const again = await stack.say('/buy AAPL 3 100', { updateId: 777 });
    // Assess
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(first.replies[0]).toContain('Buy recorded');
    expect(again.replies).toEqual([]);
    expect(await stack.entries()).toHaveLength(1);
    expect((await stack.entries())[0]).toMatchObject({ updateId: 777 });
  });

  it('records a trade once when the same update arrives twice at the same time', async () => {
    // Act
    const [a, b] = await Promise.all([stack.say('/buy MSFT 1 400', { updateId: 888 }), stack.say('/buy MSFT 1 400', { updateId: 888 })]);
    // Assess
    expect([a.status, b.status]).toEqual([200, 200]);
    const msft = (await stack.entries()).filter((e) => JSON.stringify(e).includes('MSFT'));
    expect(msft).toHaveLength(1);
    expect(stack.telegram.messagesTo(CHAT).filter((m) => m.plainText.includes('Buy 1 MSFT'))).toHaveLength(1);
  });

  it('answers 200 to a user error and tells the user', async () => {
    // Act
    const result = await stack.say('/sell AAPL 50 100');
    // Assess
    expect(result.status).toBe(200);
    expect(result.replies[0]).toContain('you hold 3');
    expect(await stack.entries()).toHaveLength(2);
  });

  it('logs each update with the request id and never the secret token', async () => {
    // Act
    await stack.post(makeWebhookEvent({ body: makeUpdate({ text: '/portfolio', chatId: CHAT }), secretToken: SECRET, requestId: 'ignored' }));
    // Assess
    const handled = stack.logs.filter((l) => l.msg === 'update handled');
    expect(handled.length).toBeGreaterThan(0);
    expect(handled.at(-1)!.requestId).toMatch(/^req-/);
    const text = JSON.stringify(stack.logs);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
  });

  it('logs every handled update as an update.handled event naming its command, for the dashboard', async () => {
    // Act
    await stack.say(`/portfolio@${BOT_USERNAME}`);
    await stack.say('hello there');
    // Assess
    const handled = stack.logs.filter((l) => l.event === 'update.handled');
    expect(handled.slice(-2).map((l) => l.command)).toEqual(['portfolio', 'text']);
  });
});

describe('Function: createWebhookApp (dependency failures)', () => {
  let stack: WebhookStack;
  beforeEach(async () => {
    stack = await webhookStack();
  });
  afterEach(async () => {
    await stack.stop();
  });

  it('tells the user nothing was recorded when DynamoDB is down, answers 200 and writes nothing', async () => {
    // Prepare
    stack.breakStores({ dynamo: true });
    // Act
    const result = await stack.say('/buy AAPL 1 100');
    // Assess
    expect(result.status).toBe(200);
    expect(result.replies[0]).toContain('Nothing was recorded');
    expect(await stack.entries()).toEqual([]);
    expect(await stack.keys()).toEqual([]);
    expect(stack.logs.some((l) => l.level >= 50)).toBe(true);
  });

  it('tells the user nothing was recorded when S3 is down, answers 200 and writes nothing', async () => {
    // Prepare
    stack.breakStores({ s3: true });
    // Act
    const result = await stack.say('/buy AAPL 1 100');
    const read = await stack.say('/blacklist');
    // Assess
    expect(result.status).toBe(200);
    expect(result.replies[0]).toContain('Nothing was recorded');
    expect(read.replies[0]).toContain('Could not load your data');
    expect(await stack.entries()).toEqual([]);
  });

  it('answers 503 without processing when the secrets cannot be loaded, and recovers', async () => {
    // Prepare
    let failing = true;
    const secrets = {
      get: async () => {
        if (failing) throw new Error('SSM unreachable');
        return { telegramBotToken: TOKEN, webhookSecretToken: SECRET, allowedChatIds: [String(CHAT)] };
      },
    };
    const app = createWebhookApp({
      ...stack.adapters,
      secrets,
      clock: { now: () => new Date() },
      logger: (await import('../../src/public')).createLogger('silent'),
      botUsername: 'tradebot_test_bot',
      telegramApiRoot: stack.telegram.apiRoot,
    });
    const event = (): ReturnType<typeof makeWebhookEvent> => makeWebhookEvent({ body: makeUpdate({ text: '/buy KO 1 60', chatId: CHAT }), secretToken: SECRET });
    // Act
    const down = await app.handle(event());
    failing = false;
    const up = await app.handle(event());
    // Assess
    expect(down.statusCode).toBe(503);
    expect(up.statusCode).toBe(200);
    expect(await stack.entries()).toHaveLength(1);
  });
});

describe('Function: createWebhookApp (side work)', () => {
  let stack: WebhookStack;
  beforeAll(async () => {
    stack = await webhookStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('sends the reply before it rewrites the positions snapshot, and answers only once the snapshot is written', async () => {
    // Prepare: the snapshot write notes whether the reply's request had left when it started, then
    // waits for the test to let it finish. A chat of its own keeps the other test's ledger as it expects.
    const chat = CHAT + 1;
    const replies = watchReplies();
    let replyLeftWhenSnapshotStarted = false;
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let snapshotStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      snapshotStarted = resolve;
    });
    const snapshots = stack.adapters.snapshots;
    const heldSnapshots: typeof snapshots = Object.assign(Object.create(snapshots) as typeof snapshots, {
      async putPositions(snapshot: Parameters<typeof snapshots.putPositions>[0]) {
        replyLeftWhenSnapshotStarted = replies.at() !== null;
        snapshotStarted();
        await released;
        await snapshots.putPositions(snapshot);
      },
    });
    const app = createWebhookApp({
      ...stack.adapters,
      snapshots: heldSnapshots,
      secrets: { get: async () => ({ telegramBotToken: TOKEN, webhookSecretToken: SECRET, allowedChatIds: [String(chat)] }) },
      clock: { now: () => new Date() },
      logger: (await import('../../src/public')).createLogger('silent'),
      botUsername: 'tradebot_test_bot',
      telegramApiRoot: stack.telegram.apiRoot,
    });
    const repliesBefore = stack.telegram.messagesTo(chat).length;

    // Act
    replies.reset();
    let answered = false;
    const answering = app.handle(makeWebhookEvent({ body: makeUpdate({ text: '/buy KO 2 61', chatId: chat, updateId: 778 }), secretToken: SECRET })).then((result) => {
      answered = true;
      return result;
    });
    await started;
    await new Promise((resolve) => setImmediate(resolve));
    const answeredWhileSnapshotHeld = answered;
    release();
    const result = await answering;
    replies.stop();

    // Assess: the reply was on its way to the user before the snapshot write began (it overlaps
    // Telegram's answer, never precedes the reply); the webhook waited for the snapshot.
    expect(replyLeftWhenSnapshotStarted).toBe(true);
    expect(stack.telegram.messagesTo(chat)).toHaveLength(repliesBefore + 1);
    expect(answeredWhileSnapshotHeld).toBe(false);
    expect(result.statusCode).toBe(200);
    const stored = await stack.aws.s3.send(new GetObjectCommand({ Bucket: stack.aws.bucket, Key: 'portfolio/current_positions.json' }));
    expect(JSON.parse(await stored.Body!.transformToString())).toMatchObject({ portfolioId: String(chat), positions: [{ symbol: 'KO', quantity: '2' }] });
  });

  it('returns only after the positions snapshot is written, even when that write finishes last', async () => {
    // Prepare: the snapshot rewrite waits until Telegram has the reply, so it ends after everything else.
    let snapshotWritten = false;
    const replySent = new Promise<void>((sent) => {
      const unsubscribe = stack.telegram.onMessage((message) => {
        if (message.chatId !== String(CHAT)) return;
        unsubscribe();
        sent();
      });
    });
    const slowSnapshots = {
      ...stack.adapters.snapshots,
      putLedgerCsv: stack.adapters.snapshots.putLedgerCsv.bind(stack.adapters.snapshots),
      putMonthlyPerformance: stack.adapters.snapshots.putMonthlyPerformance.bind(stack.adapters.snapshots),
      async putPositions(snapshot: Parameters<typeof stack.adapters.snapshots.putPositions>[0]) {
        await replySent;
        await stack.adapters.snapshots.putPositions(snapshot);
        snapshotWritten = true;
      },
    };
    const app = createWebhookApp({
      ...stack.adapters,
      snapshots: slowSnapshots,
      secrets: { get: async () => ({ telegramBotToken: TOKEN, webhookSecretToken: SECRET, allowedChatIds: [String(CHAT)] }) },
      clock: { now: () => new Date() },
      logger: (await import('../../src/public')).createLogger('silent'),
      botUsername: 'tradebot_test_bot',
      telegramApiRoot: stack.telegram.apiRoot,
    });

    // Act
    const result = await app.handle(makeWebhookEvent({ body: makeUpdate({ text: '/buy KO 3 60', chatId: CHAT, updateId: 777 }), secretToken: SECRET }));

    // Assess: the reply went out and the Lambda would not be frozen with the write in flight.
    expect(result.statusCode).toBe(200);
    expect(snapshotWritten).toBe(true);
    expect(await stack.keys()).toContain('portfolio/current_positions.json');
    expect(stack.telegram.messagesTo(CHAT).at(-1)?.plainText).toContain('Position: 3 shares');
  });
});

describe('Function: secretsMatch', () => {
  it('accepts only the exact secret', () => {
    expect(secretsMatch('abc', 'abc')).toBe(true);
    expect(secretsMatch('abd', 'abc')).toBe(false);
    expect(secretsMatch('ab', 'abc')).toBe(false);
    expect(secretsMatch(undefined, 'abc')).toBe(false);
    expect(secretsMatch('', '')).toBe(false);
  });
});
