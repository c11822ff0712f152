import { dec } from '@tradebot/core-domain';
import { ClaudeInterpreter } from '@tradebot/llm-claude';
import { makeCallbackQuery, makeUpdate, makeWebhookEvent, startAnthropicServer, type AnthropicServer, type SentMessage } from '@tradebot/local-stack';
import { CHAT, SECRET, webhookStack, type WebhookStack } from '../helpers/webhook-stack';

/** What the Anthropic stand-in's model "proposes" for each message (by a phrase it contains). */
const SCRIPT: readonly [string, { name: string; input: unknown }][] = [
  ['ten shares of Apple', { name: 'propose_trade', input: { side: 'buy', ticker: 'AAPL', quantity: '10', price: '182.50', fees: null, date: 'yesterday' } }],
  ['the bank', { name: 'ask_user', input: { reason: 'unclear-ticker', text: 'the bank' } }],
  ['some apple', { name: 'ask_user', input: { reason: 'missing-quantity', text: 'AAPL' } }],
];

describe('Function: createWebhookApp, plain-language trades and buttons', () => {
  let stack: WebhookStack;
  let anthropic: AnthropicServer;
  let updateId = 700_000;
  /** Added to the wall clock: moves the bot's "now" forward (stale proposals). */
  let skewMs = 0;

  /** Taps a button: a real callback_query update through the webhook. */
  const tap = async (data: string, id = updateId++): Promise<number> =>
    stack.post(makeWebhookEvent({ body: makeCallbackQuery({ data, chatId: CHAT, updateId: id }), secretToken: SECRET }));
  const last = (): SentMessage => stack.telegram.messagesTo(CHAT).at(-1)!;
  /** The callback data of the last message's button labelled `label`. */
  const button = (label: RegExp, message = last()): string =>
    message.inlineKeyboard!.flat().find((b) => label.test(b.text))!.callback_data!;
  const answers = (): (string | undefined)[] => stack.telegram.callbackAnswers().map((a) => a.text);

  beforeAll(async () => {
    anthropic = await startAnthropicServer({
      toolUse: (_body, userText) => SCRIPT.find(([phrase]) => userText.includes(phrase))?.[1] ?? { name: 'ask_user', input: { reason: 'not-a-trade', text: '' } },
    });
    stack = await webhookStack({
      anthropicApiKey: 'sk-test-local',
      clock: { now: () => new Date(Date.now() + skewMs) },
      app: { interpreterFor: (apiKey) => new ClaudeInterpreter({ apiKey, baseURL: anthropic.url, maxRetries: 0 }) },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await anthropic?.close();
  });
  beforeEach(() => {
    stack.telegram.clear();
    skewMs = 0;
  });

  it('proposes a simple form read without the model, and records nothing before Confirm', async () => {
    // Act
    const said = await stack.say('buy 10 aapl 182.5');
    // Assess
    expect(said.status).toBe(200);
    expect(said.replies[0]).toContain('I understood: /buy AAPL 10 182.5');
    expect(said.replies[0]).toContain('Position: 10 shares, average cost 182.50 USD');
    expect(last().inlineKeyboard!.flat().map((b) => b.text)).toEqual(['✅ Confirm', '✏️ Edit', '✖️ Cancel']);
    expect(anthropic.requests).toHaveLength(0);
    expect(await stack.entries()).toHaveLength(0);
  });

  it('records a confirmed proposal once when Confirm is pressed twice, and a redelivered tap changes nothing', async () => {
    // Prepare
    await stack.say('buy 10 aapl 182.5');
    const confirm = button(/Confirm/);
    const firstTap = updateId++;
    // Act: two taps (two devices), then Telegram redelivers the first one.
    const statuses = [await tap(confirm, firstTap), await tap(confirm), await tap(confirm, firstTap)];
    // Assess
    expect(statuses).toEqual([200, 200, 200]);
    const entries = await stack.entries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'trade', importId: expect.stringMatching(/^proposal:/), trade: { symbol: 'AAPL' } });
    expect(stack.telegram.messagesTo(CHAT).slice(1).map((m) => m.plainText)).toEqual([expect.stringContaining('✅ Buy recorded\n#1 Buy 10 AAPL @ 182.50 USD')]);
    expect(answers()).toEqual(['Recorded.', 'Already recorded as #1.']);
  });

  it('reads a message the reader cannot with the model, resolves "yesterday" itself, and logs the cost', async () => {
    // Act
    const said = await stack.say('I picked up ten shares of Apple at 182.50 yesterday');
    // Assess: the model got the trade tools, strict, and was made to call one.
    const request = anthropic.requests.at(-1)!.body as { tools: { name: string; strict: boolean }[]; tool_choice: { type: string } };
    expect(request.tools.map((t) => [t.name, t.strict])).toEqual([['propose_trade', true], ['ask_user', true]]);
    expect(request.tool_choice.type).toBe('any');
    const yesterday = new Date(Date.now() - 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/Madrid' });
    expect(said.replies[0]).toContain(`I understood: /buy AAPL 10 182.5 ${yesterday}`);
    const cost = stack.logs.find((l) => l.event === 'talk.model');
    expect(cost).toMatchObject({ tool: 'propose_trade', inputTokens: expect.any(Number), costUsd: expect.stringMatching(/^0\.\d+$/) });
  });

  it('says the analyst cannot be reached when Claude fails, and proposes nothing', async () => {
    // Prepare: the stand-in answers 500 (the interpreter does not retry here).
    anthropic.setMode({ kind: 'fail', status: 500 }, { times: 1 });
    const before = (await stack.entries()).length;
    // Act
    const said = await stack.say('I picked up ten shares of Apple at 182.50');
    // Assess
    expect(said.replies[0]).toContain('Plain text needs the analyst, and it cannot be reached right now.');
    expect(last().inlineKeyboard).toBeUndefined();
    expect(await stack.entries()).toHaveLength(before);
  });

  it('answers a long text as not a trade without asking the model', async () => {
    // Prepare
    const asked = anthropic.requests.length;
    // Act
    const said = await stack.say(`Here is my view on the market: ${'rates and earnings matter. '.repeat(12)}`);
    // Assess
    expect(said.replies[0]).toContain('I read plain text only to record trades');
    expect(anthropic.requests).toHaveLength(asked);
  });

  it('asks instead of guessing when the model cannot tell the ticker or the quantity', async () => {
    // Act
    const bank = await stack.say('sold the bank at 40');
    const some = await stack.say('bought some apple yesterday');
    // Assess
    expect(bank.replies[0]).toContain('I am not sure which ticker "the bank" is.');
    expect(some.replies[0]).toContain('How many shares of AAPL?');
    expect(stack.telegram.messagesTo(CHAT).every((m) => m.inlineKeyboard === undefined)).toBe(true);
  });

  it('Edit shows the command to copy; Cancel closes the proposal and a later Confirm records nothing', async () => {
    // Prepare
    await stack.say('buy 2 msft 400');
    const proposal = last();
    const before = (await stack.entries()).length;
    // Act
    await tap(button(/Edit/, proposal));
    await tap(button(/Cancel/, proposal));
    await tap(button(/Confirm/, proposal));
    // Assess
    const texts = stack.telegram.messagesTo(CHAT).slice(1).map((m) => m.plainText);
    expect(texts).toEqual([expect.stringContaining('/buy MSFT 2 400'), '✖️ Cancelled: nothing was recorded.']);
    expect(answers().at(-1)).toBe('This proposal was cancelled.');
    expect(await stack.entries()).toHaveLength(before);
  });

  it('refuses a proposal whose ledger changed since, with a fresh preview, and one older than 10 minutes', async () => {
    // Prepare: a proposal, then a typed trade changes the ledger.
    await stack.say('sell 1 aapl 190');
    const stale = button(/Confirm/);
    await stack.say('/buy AAPL 1 180');
    const before = (await stack.entries()).length;
    // Act
    await tap(stale);
    const fresh = last();
    skewMs = 11 * 60_000;
    await tap(button(/Confirm/, fresh));
    // Assess: nothing recorded either time; each refusal shows the proposal again with new buttons.
    expect(await stack.entries()).toHaveLength(before);
    expect(fresh.plainText).toContain('That proposal is stale');
    expect(fresh.plainText).toContain('I understood: /sell AAPL 1 190');
    expect(button(/Confirm/, fresh)).not.toBe(stale);
    expect(last().plainText).toContain('That proposal is stale');
  });

  it('says plain text needs the analyst without an API key, and asks nothing of the model', async () => {
    // Prepare: the same stores, no key in the secrets.
    const keyless = await webhookStack({ app: { interpreterFor: (apiKey) => new ClaudeInterpreter({ apiKey, baseURL: anthropic.url }) } });
    const asked = anthropic.requests.length;
    try {
      // Act
      const said = await keyless.say('I picked up ten shares of Apple at 182.50');
      const simple = await keyless.say('compro 5 msft a 410,20');
      // Assess
      expect(said.replies[0]).toContain('Plain text needs the analyst, and no Anthropic API key is configured.');
      expect(said.replies[0]).toContain('/buy TICKER QTY PRICE [FEES] [YYYY-MM-DD]');
      expect(simple.replies[0]).toContain('I understood: /buy MSFT 5 410.2');
      expect(anthropic.requests).toHaveLength(asked);
    } finally {
      await keyless.stop();
    }
  });

  it('asks to confirm /undo with the trade shown, undoes once, and Cancel changes nothing', async () => {
    // Prepare
    await stack.say('/buy KO 3 60');
    const count = (await stack.entries()).length;
    // Act
    await stack.say('/undo');
    const question = last();
    await tap(button(/Cancel/, question));
    const afterCancel = (await stack.entries()).length;
    await tap(button(/Confirm undo/, question));
    await tap(button(/Confirm undo/, question));
    // Assess
    expect(question.plainText).toMatch(/^Undo #\d+\?\nBuy 3 KO @ 60\.00 USD/);
    expect(afterCancel).toBe(count);
    const entries = await stack.entries();
    expect(entries).toHaveLength(count + 1);
    expect(entries.at(-1)).toMatchObject({ kind: 'void', voids: count });
    expect(stack.telegram.messagesTo(CHAT).map((m) => m.plainText)).toContain('Undo cancelled: nothing changed.');
    expect(answers().at(-1)).toBe(`Trade #${count} was already undone.`);
  });

  it('pages /scan with Previous and Next buttons', async () => {
    // Prepare: a scan of 5 candidates.
    const row = (rank: number, symbol: string) => ({
      rank, symbol, name: symbol, sector: 'Tech', lastClose: 50, lastDate: '2026-03-09', peakClose: 100, peakDate: '2025-11-03',
      drawdownPct: 50 - rank, daysSincePeak: 126, lowClose: 40, aboveLowPct: 25, avgVolume20: 1_000_000,
    });
    const rows = ['INTC', 'TSLA', 'PYPL', 'NKE', 'DIS'].map((s, i) => row(i + 1, s));
    await stack.adapters.scans.save(rows, {
      date: '2026-03-09', generatedAt: '2026-03-09T11:00:00.000Z', lookbackDays: 180, universeSize: 5, scanned: 5, failed: 0, skipped: 0,
      durationMs: 1, csvKey: 'scans/drawdown/2026-03-09.csv', top: rows, failures: [],
    });
    // Act
    await stack.say('/scan 2');
    const first = last();
    await tap(button(/Next/, first));
    const second = last();
    await tap(button(/Next/, second));
    const third = last();
    await tap(button(/Previous/, third));
    // Assess
    expect(first.plainText).toMatch(/\b1 INTC/);
    expect(first.inlineKeyboard!.flat().map((b) => b.text)).toEqual(['Next ▶️']);
    expect(second.plainText).toMatch(/\b3 PYPL/);
    expect(second.inlineKeyboard!.flat().map((b) => b.text)).toEqual(['◀️ Previous', 'Next ▶️']);
    expect(third.plainText).toMatch(/\b5 DIS/);
    expect(third.inlineKeyboard!.flat().map((b) => b.text)).toEqual(['◀️ Previous']);
    expect(last().plainText).toMatch(/\b3 PYPL/);
  });

  it('holds a forged /scan page size to the 50 rows /scan accepts', async () => {
    // Prepare: a scan of 60 candidates.
    const rows = Array.from({ length: 60 }, (_, i) => ({
      rank: i + 1, symbol: `S${String(i + 1).padStart(2, '0')}X`, name: 'x', sector: 'Tech', lastClose: 50, lastDate: '2026-03-09', peakClose: 100,
      peakDate: '2025-11-03', drawdownPct: 60 - i / 2, daysSincePeak: 126, lowClose: 40, aboveLowPct: 25, avgVolume20: 1_000_000,
    }));
    await stack.adapters.scans.save(rows, {
      date: '2026-03-10', generatedAt: '2026-03-10T11:00:00.000Z', lookbackDays: 180, universeSize: 60, scanned: 60, failed: 0, skipped: 0,
      durationMs: 1, csvKey: 'scans/drawdown/2026-03-10.csv', top: rows, failures: [],
    });
    // Act
    await tap('scan:0:99');
    // Assess
    expect(last().plainText).toMatch(/\b50 S50X/);
    expect(last().plainText).not.toContain('S51X');
    expect(last().inlineKeyboard!.flat().map((b) => [b.text, b.callback_data])).toEqual([['Next ▶️', 'scan:50:50']]);
  });

  it('shows /help and /portfolio buttons that run the command or propose a sale', async () => {
    // Prepare
    await stack.say('/buy MSFT 4 400');
    // Act
    await stack.say('/help');
    const help = last();
    await tap(button(/^\/balance$/, help));
    const balance = last();
    await tap(button(/^\/notify$/, help));
    const notify = last();
    await stack.say('/portfolio');
    const portfolio = last();
    await tap(button(/Sell half MSFT/, portfolio));
    // Assess
    expect(help.inlineKeyboard!.flat().map((b) => b.text)).toContain('/portfolio');
    expect(balance.plainText).toContain('Balance');
    expect(help.inlineKeyboard!.map((row) => row.map((b) => b.text))).toEqual([
      ['/portfolio', '/balance', '/stats', '/performance'],
      ['/scan', '/alerts', '/tips', '/blacklist'],
      ['/rules', '/notify', '/lessons', '/undo'],
    ]);
    expect(notify.plainText).toContain('Notifications (messages the bot sends on its own)');
    expect(portfolio.inlineKeyboard!.flat().map((b) => b.text)).toEqual(expect.arrayContaining(['Sell half MSFT', 'Tips MSFT', 'Chart MSFT']));
    expect(last().plainText).toMatch(/I understood: \/sell MSFT \d+(\.\d+)? [\d.]+/);
    expect(last().inlineKeyboard!.flat().map((b) => b.text)).toEqual(['✅ Confirm', '✏️ Edit', '✖️ Cancel']);
  });

  it('answers an expired or unknown button and changes nothing', async () => {
    // Prepare
    const before = (await stack.entries()).length;
    // Act
    const statuses = [await tap('p:y:zz-unknown'), await tap('u:y:999'), await tap('no-such-button'), await tap('pos:s:NOTHELD')];
    // Assess
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(answers()).toEqual(['This button has expired. Nothing was changed.', expect.stringMatching(/./), 'This button has expired. Nothing was changed.', undefined]);
    expect(last().plainText).toBe('You no longer hold NOTHELD.');
    expect(stack.telegram.callbackAnswers()).toHaveLength(4);
    expect(await stack.entries()).toHaveLength(before);
  });

  it('asks for the price of a sale with a sale as the example', async () => {
    // Act
    const said = await stack.say('sell 2 msft');
    // Assess
    expect(said.replies[0]).toBe('At what price per share of MSFT? Say it again with the price, e.g. sell 10 MSFT 182.5.');
  });

  it('never runs a redelivered plain-text message twice (no second proposal, no second model call)', async () => {
    // Prepare
    const id = updateId++;
    const update = makeUpdate({ text: 'I picked up ten shares of Apple at 182.50', chatId: CHAT, updateId: id });
    const asked = anthropic.requests.length;
    // Act
    await stack.post(makeWebhookEvent({ body: update, secretToken: SECRET }));
    await stack.post(makeWebhookEvent({ body: update, secretToken: SECRET }));
    // Assess
    expect(anthropic.requests).toHaveLength(asked + 1);
    expect(stack.telegram.messagesTo(CHAT)).toHaveLength(1);
  });
});

describe('Function: createWebhookApp, plain text over the monthly model budget', () => {
  it('says plain text needs the analyst once the month is spent, and asks nothing of the model', async () => {
    // Prepare: a key, and the month's spend already past the default budget.
    const anthropic = await startAnthropicServer({ toolUse: () => ({ name: 'ask_user', input: { reason: 'not-a-trade', text: '' } }) });
    const stack = await webhookStack({ anthropicApiKey: 'sk-test-local', app: { interpreterFor: (apiKey) => new ClaudeInterpreter({ apiKey, baseURL: anthropic.url }) } });
    try {
      const month = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Madrid' }).slice(0, 7);
      await stack.adapters.modelSpend!.add(month, dec(1000), 'earlier-readings');
      // Act
      const said = await stack.say('I picked up ten shares of Apple at 182.50');
      const simple = await stack.say('buy 1 aapl 180');
      // Assess
      expect(said.replies[0]).toContain("Plain text needs the analyst, and this month's model budget is spent");
      expect(simple.replies[0]).toContain('I understood: /buy AAPL 1 180');
      expect(anthropic.requests).toHaveLength(0);
      expect(stack.logs.find((l) => l.event === 'talk.budget')).toMatchObject({ spentUsd: '1000' });
    } finally {
      await stack.stop();
      await anthropic.close();
    }
  });
});

describe('Function: createWebhookApp, plain-language trades in Spanish', () => {
  it('proposes in Spanish with Spanish buttons, resolves "la mitad" and "ayer", and records on Confirmar', async () => {
    // Prepare: Spanish rules, 10 KO held; no API key.
    const stack = await webhookStack();
    try {
      await stack.say('/reglas set language es');
      await stack.say('/compro KO 10 60');
      // Act
      const said = await stack.say('vendí la mitad de mis KO a 62 ayer');
      const proposal = stack.telegram.messagesTo(CHAT).at(-1)!;
      const confirm = proposal.inlineKeyboard!.flat().find((b) => b.text === '✅ Confirmar')!.callback_data!;
      await stack.post(makeWebhookEvent({ body: makeCallbackQuery({ data: confirm, chatId: CHAT }), secretToken: SECRET }));
      const unread = await stack.say('me deshice de mis coca-colas');
      // Assess
      const yesterday = new Date(Date.now() - 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/Madrid' });
      expect(said.replies[0]).toContain(`He entendido: /sell KO 5 62 ${yesterday}`);
      expect(said.replies[0]).toContain('Posición: 5 acciones, coste medio 60,00 USD');
      expect(proposal.inlineKeyboard!.flat().map((b) => b.text)).toEqual(['✅ Confirmar', '✏️ Editar', '✖️ Cancelar']);
      expect((await stack.entries()).at(-1)).toMatchObject({ kind: 'trade', importId: expect.stringMatching(/^proposal:/), trade: { side: 'sell', symbol: 'KO' } });
      expect(unread.replies[0]).toContain('El texto libre necesita al analista, y no hay clave de API de Anthropic configurada.');
    } finally {
      await stack.stop();
    }
  });
});
