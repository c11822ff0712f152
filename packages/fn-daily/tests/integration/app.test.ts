import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { dailyLogSchema, dec } from '@tradebot/core-domain';
import { DEFAULT_MODEL } from '@tradebot/llm-claude';
import { DynamoModelSpend } from '@tradebot/storage-dynamodb';
import { CHAT, closeWorlds, loggedSpend, OTHER_CHAT, startWorld, type World } from '../helpers/world';

const DATE = '2026-11-21';

describe('Function: createDailyJob', () => {
  let world: World;

  afterEach(closeWorlds);

  it('sends the analysis with alerts and candidates, and logs prompt, answer, usage, cost and delivery', async () => {
    // Prepare
    world = await startWorld();

    // Act
    const result = await world.job().run();

    // Assess: the chat got one message with the alerts, the candidates and Claude's text
    expect(result).toMatchObject({ ok: true, date: DATE, sent: [CHAT], failed: [] });
    const messages = world.telegram.messagesTo(CHAT);
    expect(messages).toHaveLength(1);
    const text = messages[0]!.plainText;
    expect(text).toContain('Daily analysis · 2026-11-21');
    expect(text).toMatch(/PFE is -12\.6% vs its average cost, past the -8\.0% stop loss/);
    expect(text).toMatch(/NVDA is \+33\.9% vs its average cost/);
    expect(text).toContain('- INTC 50, -48.7% below peak');
    expect(text).not.toContain('WBA');
    expect(text).toContain('PFE hit its stop loss: decide today.');
    // the prompt sent to Claude holds the alerts and no blacklisted or held candidate
    expect(world.anthropic.requests).toHaveLength(1);
    const user = JSON.stringify(world.anthropic.requests[0]!.body.messages);
    expect(user).toContain('A PFE stop loss -12.6 (-8)');
    expect(user).toContain('C INTC');
    expect(user).not.toMatch(/C (WBA|PFE) /);
    // the log in S3
    const log = dailyLogSchema().parse(await world.docs.dailyLogs.get(DATE));
    const chat = log.chats[CHAT]!;
    expect(chat.prompt.user).toContain('A PFE stop loss -12.6 (-8)');
    expect(chat.analysis).toMatchObject({ status: 'ok', model: DEFAULT_MODEL, answer: expect.stringContaining('INTC'), stopReason: 'end_turn' });
    expect(chat.analysis.usage.outputTokens).toBe(40);
    expect(Number(chat.analysis.costUsd)).toBeGreaterThan(0);
    expect(log.totalCostUsd).toBe(chat.analysis.costUsd);
    expect(chat.delivery).toMatchObject({ status: 'sent', attempts: 1, sentAt: '2026-11-21T07:00:00.000Z' });
    expect(log.runs).toHaveLength(1);
    expect(result.logKey).toBe('logs/daily_analysis_2026-11-21.json');
  });

  it.each([
    ['a 500', { kind: 'fail', status: 500 } as const, 'Claude unavailable'],
    ['a 429', { kind: 'rate-limit', retryAfterSeconds: 1 } as const, 'Claude rate limited'],
    ['a timeout', { kind: 'slow', delayMs: 3_000 } as const, 'Claude timed out'],
  ])('still delivers alerts and candidates with a notice when Claude answers %s', async (_label, mode, reason) => {
    // Prepare
    world = await startWorld();
    world.anthropic.setMode(mode);

    // Act
    const result = await world.job({ analyst: world.claude({ timeoutMs: 300 }) }).run();

    // Assess
    expect(result.ok).toBe(true);
    const messages = world.telegram.messagesTo(CHAT);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.plainText).toContain(`AI analysis unavailable today (${reason})`);
    expect(messages[0]!.plainText).toMatch(/PFE is -12\.6% vs its average cost/);
    expect(messages[0]!.plainText).toContain('- INTC 50');
    const log = dailyLogSchema().parse(await world.docs.dailyLogs.get(DATE));
    expect(log.chats[CHAT]!.analysis).toMatchObject({ status: 'failed', costUsd: '0' });
    expect(log.chats[CHAT]!.analysis.error).toMatch(/^Claude/);
  });

  it('writes the log and reports failure when Telegram is down, then a retry sends only what is missing', async () => {
    // Prepare
    world = await startWorld();
    world.telegram.failNext(1, 500);
    const job = world.job({ chatIds: [CHAT, OTHER_CHAT] });

    // Act
    const first = await job.run();

    // Assess: one chat failed, the log records it, Claude was asked once per chat
    expect(first.ok).toBe(false);
    expect(first.failed).toEqual([CHAT]);
    expect(first.sent).toEqual([OTHER_CHAT]);
    const log = dailyLogSchema().parse(await world.docs.dailyLogs.get(DATE));
    expect(log.chats[CHAT]!.delivery).toMatchObject({ status: 'failed', attempts: 1 });
    expect(log.chats[CHAT]!.delivery.error).toMatch(/TelegramSendError/);
    expect(log.chats[OTHER_CHAT]!.delivery.status).toBe('sent');
    expect(world.anthropic.requests).toHaveLength(2);

    // Act: the platform retries
    const retry = await job.run();

    // Assess: the failed chat gets the same message, the other chat nothing more, no new Claude call
    expect(retry).toMatchObject({ ok: true, sent: [CHAT], alreadySent: [OTHER_CHAT] });
    expect(world.telegram.messagesTo(CHAT)).toHaveLength(1);
    expect(world.telegram.messagesTo(OTHER_CHAT)).toHaveLength(1);
    expect(world.telegram.messagesTo(CHAT)[0]!.text).toBe(log.chats[CHAT]!.message);
    expect(world.anthropic.requests).toHaveLength(2);
    const after = dailyLogSchema().parse(await world.docs.dailyLogs.get(DATE));
    expect(after.chats[CHAT]!.delivery).toMatchObject({ status: 'sent', attempts: 2 });
    expect(after.runs).toHaveLength(2);
  });

  it('does not send a second message when run twice on the same date', async () => {
    // Prepare
    world = await startWorld();
    await world.job().run();

    // Act
    const second = await world.job().run();

    // Assess
    expect(second).toMatchObject({ ok: true, sent: [], failed: [], alreadySent: [CHAT] });
    expect(world.telegram.messagesTo(CHAT)).toHaveLength(1);
    expect(world.anthropic.requests).toHaveLength(1);
  });

  it('sends one message when two runs of the same date overlap (the scheduler delivers at least once)', async () => {
    // Prepare
    world = await startWorld();
    const first = world.job({ idempotency: true, lock: true });
    const second = world.job({ idempotency: true, lock: true });

    // Act
    const results = await Promise.all([first.run(), second.run()]);

    // Assess
    expect(results.every((r) => r.ok)).toBe(true);
    expect(world.telegram.messagesTo(CHAT)).toHaveLength(1);
    const log = dailyLogSchema().parse(await world.docs.dailyLogs.get(DATE));
    expect(log.chats[CHAT]!.delivery.status).toBe('sent');
    expect(log.chats[CHAT]!.message).toBe(world.telegram.messagesTo(CHAT)[0]!.text);
  });

  it('skips the Claude call and says so when the month-to-date spend plus this run would pass the budget', async () => {
    // Prepare: 4.99 USD already spent this month, budget 4.995 USD (a run's worst case is under 0.01 USD)
    world = await startWorld({ analysis: { monthlyBudgetUsd: 4.995 } });
    await world.docs.dailyLogs.put('2026-11-03', loggedSpend('2026-11-03', '2.50'));
    await world.docs.dailyLogs.put('2026-11-20', loggedSpend('2026-11-20', '2.49'));
    await world.docs.dailyLogs.put('2026-10-31', loggedSpend('2026-10-31', '100')); // last month: not counted

    // Act
    const result = await world.job().run();

    // Assess
    expect(result.ok).toBe(true);
    expect(world.anthropic.requests).toHaveLength(0);
    const text = world.telegram.messagesTo(CHAT)[0]!.plainText;
    expect(text).toContain("AI analysis skipped: this month's spend (4.99 USD) would pass the 4.995 USD budget");
    expect(text).toMatch(/PFE is -12\.6% vs its average cost/);
    const log = dailyLogSchema().parse(await world.docs.dailyLogs.get(DATE));
    expect(log.chats[CHAT]!.analysis.status).toBe('skipped-budget');
    expect(log.totalCostUsd).toBe('0');
  });

  it('counts the chat readings of plain-language trades in the same monthly budget', async () => {
    // Prepare: 2.50 USD of daily analyses and 2.49 USD of chat readings this month, budget 4.995 USD
    // (a run's worst case is under 0.01 USD: the budget is passed only with the readings counted).
    world = await startWorld({ analysis: { monthlyBudgetUsd: 4.995 } });
    await world.docs.dailyLogs.put('2026-11-03', loggedSpend('2026-11-03', '2.50'));
    const readings = new DynamoModelSpend({ client: world.aws.dynamo, tableName: world.aws.tableName });
    await readings.add('2026-11', dec('2.49'), 'talk-1');
    await readings.add('2026-10', dec('100'), 'talk-0'); // last month: not counted

    // Act
    await world.job({ chatReadingsSpend: true }).run();

    // Assess
    expect(world.anthropic.requests).toHaveLength(0);
    expect(world.telegram.messagesTo(CHAT)[0]!.plainText).toContain("AI analysis skipped: this month's spend (4.99 USD) would pass the 4.995 USD budget");
  });

  it('still sends the morning message when an earlier log of the month is not a daily log, leaving its cost out and saying why in the logs', async () => {
    // Prepare: 4.99 USD spent on the 3rd (budget 4.995 USD); the 20th holds something that is not a daily log.
    world = await startWorld({ analysis: { monthlyBudgetUsd: 4.995 } });
    await world.docs.dailyLogs.put('2026-11-03', loggedSpend('2026-11-03', '4.99'));
    const corrupt = '{"totalCostUsd": 0.5}';
    await world.aws.s3.send(new PutObjectCommand({ Bucket: world.aws.bucket, Key: 'logs/daily_analysis_2026-11-20.json', Body: corrupt }));
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (obj: object, msg?: string) => warnings.push(`${msg} ${JSON.stringify(obj)}`) };

    // Act
    const result = await world.job({ logger }).run();

    // Assess: sent; the budget counted only the readable 4.99; the unreadable day is named in a warning and left as it was
    expect(result.ok).toBe(true);
    expect(world.telegram.messagesTo(CHAT)[0]!.plainText).toContain("this month's spend (4.99 USD)");
    expect(warnings).toContainEqual(expect.stringMatching(/could not read an earlier log.*2026-11-20.*daily_analysis_2026-11-20\.json.*version/));
    const raw = await world.aws.s3.send(new GetObjectCommand({ Bucket: world.aws.bucket, Key: 'logs/daily_analysis_2026-11-20.json' }));
    expect(await raw.Body!.transformToString()).toBe(corrupt);
  });

  it('calls Claude when last month was expensive but this month is within budget', async () => {
    // Prepare
    world = await startWorld({ analysis: { monthlyBudgetUsd: 5 } });
    await world.docs.dailyLogs.put('2026-10-31', loggedSpend('2026-10-31', '100'));

    // Act
    await world.job().run();

    // Assess
    expect(world.anthropic.requests).toHaveLength(1);
  });

  it('uses the offline analyst, labelled as such, and at no cost when no API key is configured', async () => {
    // Prepare
    world = await startWorld({ language: 'es' });

    // Act
    const result = await world.job({ analyst: world.offline() }).run();

    // Assess
    expect(result.ok).toBe(true);
    expect(world.anthropic.requests).toHaveLength(0);
    const text = world.telegram.messagesTo(CHAT)[0]!.plainText;
    expect(text).toContain('Análisis diario · 2026-11-21');
    expect(text).toContain('Resumen sin conexión: no hay clave de la API de Anthropic configurada');
    const log = dailyLogSchema().parse(await world.docs.dailyLogs.get(DATE));
    expect(log.chats[CHAT]!.analysis).toMatchObject({ status: 'offline', model: 'offline', costUsd: '0' });
  });

  it('labels the message and tells Claude when the prices are simulated, and not when they are market data', async () => {
    // Prepare: the local Yahoo stand-in marks its quotes as simulated.
    world = await startWorld();

    // Act
    await world.job().run({ date: '2026-11-20' });
    world.yahoo.configure({ quoteSourceName: 'Nasdaq Real Time Price' });
    await world.job().run({ date: '2026-11-21' });

    // Assess
    const [simulated, real] = world.telegram.messagesTo(CHAT).map((m) => m.plainText);
    expect(simulated).toMatch(/^Daily analysis · 2026-11-20\nValued at simulated prices \(a local stand-in, not market data\)\./);
    expect(JSON.stringify(world.anthropic.requests[0]!.body.messages)).toContain('Prices are simulated test data, not market data');
    expect(real).toContain('Daily analysis · 2026-11-21');
    expect(real).not.toContain('simulated');
    expect(JSON.stringify(world.anthropic.requests[1]!.body.messages)).not.toContain('simulated');
  });

  it('labels simulated prices in Spanish too', async () => {
    // Prepare
    world = await startWorld({ language: 'es' });
    // Act
    await world.job({ analyst: world.offline() }).run();
    // Assess
    expect(world.telegram.messagesTo(CHAT)[0]!.plainText).toContain('Valorado con precios simulados (un simulador local, no datos de mercado).');
  });

  it('still sends the morning message on default rules, saying so, when rules.json is invalid', async () => {
    // Prepare
    world = await startWorld();
    await world.aws.s3.send(new PutObjectCommand({ Bucket: world.aws.bucket, Key: 'config/rules.json', Body: '{"stopLossPct": -5}', ContentType: 'application/json' }));

    // Act
    const result = await world.job().run();

    // Assess
    expect(result.ok).toBe(true);
    const text = world.telegram.messagesTo(CHAT)[0]!.plainText;
    expect(text).toMatch(/config\/rules\.json could not be read \(stopLossPct: .*\); default rules were used/);
    expect(text).toMatch(/PFE is -12\.6% vs its average cost, past the -8\.0% stop loss/);
  });

  it('names the run by the local date of the rules time zone', async () => {
    // Prepare: 07:00 UTC on the 21st is still the 20th in Los Angeles
    world = await startWorld({ analysis: { timezone: 'America/Los_Angeles' } });

    // Act
    const result = await world.job().run();

    // Assess
    expect(result.date).toBe('2026-11-20');
    expect(await world.docs.dailyLogs.get('2026-11-20')).not.toBeNull();
  });
});
