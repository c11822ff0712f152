import { GetObjectCommand } from '@aws-sdk/client-s3';
import { makeCallbackQuery, makeUpdate, makeWebhookEvent } from '@tradebot/local-stack';
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

describe('Function: createWebhookApp (the positions snapshot follows the ledger through its stream)', () => {
  let stack: WebhookStack;
  beforeAll(async () => {
    stack = await webhookStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  const snapshot = async (): Promise<{ portfolioId: string; positions: { symbol: string; quantity: string }[] }> => {
    await stack.stream.drained();
    const stored = await stack.aws.s3.send(new GetObjectCommand({ Bucket: stack.aws.bucket, Key: 'portfolio/current_positions.json' }));
    return JSON.parse(await stored.Body!.transformToString()) as { portfolioId: string; positions: { symbol: string; quantity: string }[] };
  };
  /** What the ledger changes of one update sent to the stream: the sort keys of its records. */
  const streamed = (from: number): string[] => stack.stream.records().slice(from).map((r) => String(r.dynamodb?.Keys?.SK?.S));

  it.each([
    ['/buy KO 3 60', 'TRADE#0000000001', [['KO', '3']]],
    ['/sell KO 1 62', 'TRADE#0000000002', [['KO', '2']]],
    ['/dividend KO 1.50', 'TRADE#0000000003', [['KO', '2']]],
  ])('answers %s without writing the snapshot itself; the writer behind the stream writes it from the ledger', async (text, entry, positions) => {
    // Prepare
    stack.requests.s3.reset();
    const records = stack.stream.records().length;
    // Act
    const result = await stack.say(text);
    // Assess: the webhook's S3 client wrote nothing; the entry went to the stream, and the snapshot follows.
    expect(result.status).toBe(200);
    expect(stack.requests.s3.byOperation().PutObjectCommand).toBeUndefined();
    expect(streamed(records)).toContain(entry);
    const written = await snapshot();
    expect({ chat: written.portfolioId, positions: written.positions.map((p) => [p.symbol, p.quantity]) }).toEqual({ chat: String(CHAT), positions });
  });

  it("confirms an /undo without writing the snapshot; the writer's next snapshot no longer holds the undone trade", async () => {
    // Prepare: the last entry is the dividend above; undo it, then the sale.
    const undoOnce = async (): Promise<void> => {
      await stack.say('/undo');
      const confirm = stack.telegram.messagesTo(CHAT).at(-1)!.inlineKeyboard![0]![0]!.callback_data!;
      await stack.post(makeWebhookEvent({ body: makeCallbackQuery({ data: confirm, chatId: CHAT }), secretToken: SECRET }));
    };
    await undoOnce();
    stack.requests.s3.reset();
    // Act
    await undoOnce();
    // Assess: two void entries reached the stream; the snapshot has the three shares back.
    expect(stack.requests.s3.byOperation().PutObjectCommand).toBeUndefined();
    expect((await stack.entries()).map((e) => e.kind)).toEqual(['trade', 'trade', 'dividend', 'void', 'void']);
    expect((await snapshot()).positions.map((p) => [p.symbol, p.quantity])).toEqual([['KO', '3']]);
    expect(stack.writerLogs.filter((l) => l.level >= 50)).toEqual([]);
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
