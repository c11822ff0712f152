import { DEFAULT_RULES, dec, parseCommand, type Command, type Rules } from '@tradebot/core-domain';
import type { Context } from 'telegraf';
import { ruleSet, rulesReset } from '../../src/commands/rules';
import { tipsRemove } from '../../src/commands/lists';
import { trade, undo } from '../../src/commands/trades';
import { help } from '../../src/commands/help';
import { messagesFor } from '../../src/messages';
import { positionsSnapshot } from '../../src/snapshot';
import type { Services, Turn } from '../../src/turn';
import { botStack, CHAT, type BotStack } from '../helpers/bot-stack';

/**
 * The handlers called directly, on the real stores: a user error comes back as a value
 * (`{ ok: false, error: { html } }`), never as an exception, and nothing is written.
 */
describe('Command handlers: refusals are results', () => {
  let stack: BotStack;
  let updateId = 10_000;
  beforeAll(async () => {
    stack = await botStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  const services = (): Services => ({
    deps: stack.deps,
    log: stack.logger,
    prices: stack.deps.prices,
    undoWindowMs: 24 * 3600 * 1000,
    linkExpirySeconds: 3600,
    writeSnapshot: (turn, state) => stack.deps.snapshots.putPositions(positionsSnapshot(turn.chatId, state, stack.clock.now())),
    forgetRules: () => undefined,
  });
  const turnIn = (rules: Rules = DEFAULT_RULES): Turn => ({
    ctx: {} as Context,
    chatId: String(CHAT),
    updateId: (updateId += 1),
    rules,
    language: rules.language,
    t: messagesFor(rules.language),
    messageAt: stack.clock.now().toISOString(),
    pending: [],
    problems: [],
  });
  const tradeCommand = (text: string): Extract<Command, { name: 'trade' }> => {
    const parsed = parseCommand(text);
    if (!parsed.ok || parsed.value.name !== 'trade') throw new Error(`not a trade: ${text}`);
    return parsed.value;
  };

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
