import { DEFAULT_RULES, dec, parseCommand, type Command, type Rules } from '@tradebot/core-domain';
import { DynamoPriceAlertStore } from '@tradebot/storage-dynamodb';
import type { Context } from 'telegraf';
import { alert, alertList, rearm } from '../../src/commands/alerts';
import { chart } from '../../src/commands/chart';
import { dividend } from '../../src/commands/income';
import { performance } from '../../src/commands/performance';
import { ruleSet, rulesReset } from '../../src/commands/rules';
import { tipsRemove } from '../../src/commands/lists';
import { trade, undo } from '../../src/commands/trades';
import { help } from '../../src/commands/help';
import { CachedDocument } from '../../src/document-cache';
import { messagesFor } from '../../src/messages';
import type { BotDependencies } from '../../src';
import type { Services, Turn } from '../../src/turn';
import { botStack, CHAT, type BotStack } from '../helpers/bot-stack';

let updateId = 10_000;

/** The services `createBot` builds, over the stack's stores (or `deps`, where a test adds a port). */
function servicesOn(stack: BotStack, deps: BotDependencies = stack.deps): Services {
  return {
    deps,
    log: stack.logger,
    prices: stack.deps.prices,
    undoWindowMs: 24 * 3600 * 1000,
    linkExpirySeconds: 3600,
    forgetRules: () => undefined,
    // No reuse: each read goes to the stack's store, as these tests change it between messages.
    blacklist: new CachedDocument(deps.blacklist, { ttlMs: 0, clock: stack.deps.clock, logger: stack.logger, name: 'blacklist' }),
    splitChecks: new Map(),
  };
}

/** A message of the test chat under `rules`, answered in their language. */
function turnOn(stack: BotStack, rules: Rules = DEFAULT_RULES): Turn {
  return {
    ctx: {} as Context,
    chatId: String(CHAT),
    updateId: (updateId += 1),
    rules,
    language: rules.language,
    t: messagesFor(rules.language),
    messageAt: stack.clock.now().toISOString(),
    early: {},
    problems: [],
    notices: [],
  };
}

/** `text` parsed, which must be a `/name` command. */
function parsed<N extends Command['name']>(text: string, name: N): Extract<Command, { name: N }> {
  const result = parseCommand(text);
  if (!result.ok || result.value.name !== name) throw new Error(`not a /${name}: ${text}`);
  return result.value as Extract<Command, { name: N }>;
}

/**
 * The handlers called directly, on the real stores: a user error comes back as a value
 * (`{ ok: false, error: { html } }`), never as an exception, and nothing is written.
 */
describe('Command handlers: refusals are results', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await botStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  const services = (): Services => servicesOn(stack);
  const turnIn = (rules: Rules = DEFAULT_RULES): Turn => turnOn(stack, rules);
  const tradeCommand = (text: string): Extract<Command, { name: 'trade' }> => parsed(text, 'trade');

  it('returns the refusal of a blacklisted buy and of a sale larger than the holding, writing nothing', async () => {
    // Prepare
    await stack.documents.blacklist.update(() => ['TSLA']);
    const before = await stack.stored();
    // Act
    const blacklisted = await trade(services(), turnIn(), tradeCommand('/buy TSLA 1 200'));
    const oversold = await trade(services(), turnIn(), tradeCommand('/sell AAPL 1 200'));
    // Assess
    expect(blacklisted).toEqual({ ok: false, error: { html: expect.stringContaining('TSLA is on your blacklist') } });
    expect(oversold).toEqual({ ok: false, error: { html: expect.stringContaining('Not recorded: You cannot sell 1 AAPL: you hold 0.') } });
    expect(await stack.stored()).toEqual(before);
  });

  it('returns the refusal of a trade past a per-trade limit, naming the rule that raises it', async () => {
    // Act
    const result = await trade(services(), turnIn(), tradeCommand('/buy AAPL 2000000 1'));
    // Assess
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.html).toContain('/rules set maxTradeQuantity 2000000');
    expect(await stack.entries()).toEqual([]);
  });

  it('returns the reply of a recorded trade, and /undo refuses with nothing to undo only once there is nothing', async () => {
    // Prepare
    const nothing = await undo(services(), turnIn());
    // Act
    const bought = await trade(services(), turnIn(), tradeCommand('/buy KO 2 60'));
    const undone = await undo(services(), turnIn());
    // Assess
    expect(nothing).toEqual({ ok: false, error: { html: 'There is nothing to undo: no trade recorded yet.' } });
    expect(bought).toEqual({ ok: true, value: expect.stringContaining('Buy 2 KO @ 60.00 USD, on 2026-03-10') });
    expect(undone).toEqual({ ok: true, value: expect.stringContaining('Undone trade #1: Buy 2 KO') });
  });

  it('refuses an /undo past the window in the chat language, with the window in its words', async () => {
    // Prepare: a sale recorded 25 hours ago.
    const spanish: Rules = { ...DEFAULT_RULES, language: 'es' };
    await stack.deps.ledger.append(String(CHAT), {
      kind: 'trade',
      trade: { side: 'buy', symbol: 'PEP', quantity: dec('3'), price: dec('170'), fees: dec('0'), currency: 'USD', executedAt: '2026-03-09T10:00:00.000Z' },
    });
    stack.clock.advance(25 * 3600 * 1000);
    // Act
    const result = await undo(services(), turnIn(spanish));
    // Assess
    expect(result).toEqual({
      ok: false,
      error: { html: expect.stringMatching(/^La última operación \(#3, registrada 2026-03-10 15:00\) tiene más de 24 h, así que \/undo no la quita\. .*<code>\/sell PEP 3 170<\/code>$/) },
    });
  });

  it('returns the refusal of an unknown tip number without writing the tips', async () => {
    // Prepare
    const before = await stack.stored();
    // Act
    const result = await tipsRemove(services(), turnIn(), 99);
    // Assess
    expect(result).toEqual({ ok: false, error: { html: 'There is no tip #99. Send /tips to see their numbers.' } });
    expect(await stack.stored()).toEqual(before);
  });

  it('answers a /rules set that changes nothing, and refuses one that would leave the file invalid, without writing', async () => {
    // Prepare: a stored file with a fault (a rule out of range).
    await stack.putRules({ stopLossPct: 10 });
    const unchanged = await ruleSet(services(), turnIn(), 'stopLossPct', 10);
    const stored = await fetch(`${stack.aws.s3Endpoint}/${stack.aws.bucket}/config/rules.json`, { method: 'PUT', body: '{"stopLossPct":500}' });
    expect(stored.status).toBe(200);
    // Act
    const faulty = await ruleSet(services(), turnIn(), 'takeProfitPct', 30);
    const resetOther = await rulesReset(services(), turnIn(), ['takeProfitPct']);
    // Assess
    expect(unchanged).toEqual({ ok: true, value: 'stopLossPct is already 10: nothing changed.' });
    expect(faulty).toEqual({ ok: false, error: { html: expect.stringContaining('<code>/rules reset stopLossPct</code>') } });
    expect(resetOther).toEqual({ ok: true, value: 'Already at the default, nothing to change: takeProfitPct.' });
    expect(await stack.documents.rules.getDocument()).toEqual({ stopLossPct: 500 });
  });

  it('answers /help and /start under their own titles', () => {
    // Act
    const helpReply = help(turnIn(), 'help');
    const start = help(turnIn({ ...DEFAULT_RULES, language: 'es' }), 'start');
    // Assess
    expect(helpReply).toEqual({ ok: true, value: expect.stringMatching(/^🤖 <b>Commands<\/b>\n\n<b>\/buy · \/compro<\/b>/) });
    expect(start).toEqual({ ok: true, value: expect.stringMatching(/^👋 <b>Bienvenido a tradebot<\/b>.*<i>Los decimales admiten punto o coma\./s) });
  });
});

/**
 * The handlers of charts, alerts, dividends and performance, called directly on the real stores:
 * what the user cannot have comes back as a refusal value, never as an exception, and is not stored.
 */
describe('Command handlers: charts, alerts, dividends and performance answer with results', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await botStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  // No chart renderer: /chart must say charts are unavailable.
  const services = (): Services => servicesOn(stack, { ...stack.deps, alerts: new DynamoPriceAlertStore({ client: stack.aws.dynamo, tableName: stack.aws.tableName }) });
  const turnIn = (language: Rules['language'] = 'en'): Turn => turnOn(stack, { ...DEFAULT_RULES, language });

  it('refuses a dividend of a ticker never held, with the example in the chat language, and records nothing', async () => {
    // Prepare
    const before = await stack.stored();
    // Act
    const english = await dividend(services(), turnIn(), parsed('/dividend XOM 12.40', 'dividend'));
    const spanish = await dividend(services(), turnIn('es'), parsed('/dividend XOM 12.40', 'dividend'));
    // Assess
    expect(english).toEqual({ ok: false, error: { html: expect.stringMatching(/^Not recorded: You never held XOM.*\nExample: <code>\/dividend XOM 12\.40<\/code>$/s) } });
    expect(spanish).toEqual({ ok: false, error: { html: expect.stringContaining('Ejemplo: <code>/dividendo XOM 12.40</code>') } });
    expect(await stack.stored()).toEqual(before);
  });

  it('records a dividend as a reply; /undo undoes it inside the window and refuses it past the window', async () => {
    // Prepare
    await trade(services(), turnIn(), parsed('/buy KO 10 60', 'trade'));
    // Act
    const recorded = await dividend(services(), turnIn(), parsed('/dividend KO 4.20', 'dividend'));
    const undone = await undo(services(), turnIn());
    await dividend(services(), turnIn(), parsed('/dividend KO 4.20', 'dividend'));
    stack.clock.advance(25 * 3600 * 1000);
    const tooOld = await undo(services(), turnIn());
    // Assess
    expect(recorded).toEqual({ ok: true, value: expect.stringContaining('#2 KO: 4.20 USD received') });
    expect(undone).toEqual({ ok: true, value: '↩️ Undone dividend #2: KO 4.20 USD' });
    expect(tooOld).toEqual({ ok: false, error: { html: expect.stringMatching(/^The last trade \(#4, recorded .*\) is older than 24 hours/) } });
    expect((await stack.entries()).length).toBe(4);
  });

  it('refuses a chart it cannot draw: an unknown ticker, an empty portfolio chart in a new chat, no renderer', async () => {
    // Prepare
    const newChat: Turn = { ...turnIn(), chatId: '777' };
    // Act
    const unknown = await chart(services(), turnIn(), parsed('/chart NOPE', 'chart'));
    const empty = await chart(services(), newChat, parsed('/chart portfolio', 'chart'));
    const noRenderer = await chart(services(), turnIn('es'), parsed('/chart KO', 'chart'));
    // Assess
    expect(unknown).toEqual({ ok: false, error: { html: expect.stringContaining('There is no price history for NOPE') } });
    expect(empty).toEqual({ ok: false, error: { html: expect.stringContaining('Nothing to chart yet') } });
    expect(noRenderer).toEqual({ ok: false, error: { html: expect.stringContaining('Los gráficos no están disponibles ahora') } });
  });

  it('refuses an alert on an unknown ticker and the removal of an unknown alert, storing nothing; lists the alerts set', async () => {
    // Prepare
    const s = services();
    const alerts = s.deps.alerts!;
    // Act
    const unknown = await alert(s, turnIn(), parsed('/alert NOPE below 5', 'alert'));
    const missing = await alert(s, turnIn(), parsed('/alert remove 9', 'alert'));
    const set = await alert(s, turnIn(), parsed('/alert KO drawdown 20', 'alert'));
    const list = await alertList(s, turnIn('es'));
    // Assess
    expect(unknown).toEqual({ ok: false, error: { html: expect.stringContaining('I could not find NOPE in the price source, so no alert was set.') } });
    expect(missing).toEqual({ ok: false, error: { html: 'There is no alert #9. Send /alerts to see their numbers.' } });
    expect(set).toEqual({ ok: true, value: expect.stringContaining('🔔 Alert #1 set: <b>KO</b>') });
    expect(list).toEqual({ ok: true, value: expect.stringContaining('-20% máx') });
    expect((await alerts.list(String(CHAT))).map((a) => a.symbol)).toEqual(['KO']);
  });

  it('refuses the re-arm of an alert that no longer exists, and finds an armed one already armed', async () => {
    // Act
    const gone = await rearm(services(), turnIn(), 99);
    const armed = await rearm(services(), turnIn(), 1);
    // Assess
    expect(gone).toEqual({ ok: false, error: { html: 'That alert no longer exists.' } });
    expect(armed).toEqual({ ok: true, value: { toast: 'Alert #1 is already armed.', html: null } });
  });

  it('answers /performance without trades with a reply saying there is nothing to measure', async () => {
    // Prepare
    const newChat: Turn = { ...turnIn(), chatId: '778' };
    // Act
    const result = await performance(services(), newChat, 'all');
    // Assess
    expect(result).toEqual({ ok: true, value: expect.stringContaining('No trades yet, so nothing to measure.') });
  });
});
