/**
 * Faults against the fn-webhook zip run as Lambda runs it: forged and replayed webhooks, one update
 * delivered five times while the first is still running, 50 concurrent updates from one chat, the
 * function's timeout striking mid-command, and the Telegram Bot API failing, rate-limiting and slow.
 * What must hold each time: nothing lost, nothing doubled, the user told.
 */
import Big from 'big.js';
import { makeWebhookEvent, parseTelegramHtml } from '@tradebot/local-stack';
import { price } from './helpers/format';
import { deliverFiveTimesWhileRunning, deliverUntilAccepted, exactlyOnceViolations } from './helpers/redelivery';
import { objectText, tableItems } from './helpers/storage';
import { startWorld, type World } from './helpers/world';

const CHATS = { forged: 515151, replay: 616161, five: 626262, crowd: 636363, timeout: 646464, telegram: 656565 } as const;

describe('The webhook zip under faults', () => {
  let world: World;
  const ledgerOf = async (chat: number) => (await tableItems(world.dynamo, world.aws.tableName)).filter((i) => i.PK === `PORTFOLIO#${chat}`);

  beforeAll(async () => {
    world = await startWorld({ otherChatIds: Object.values(CHATS).filter((c) => c !== CHATS.forged) });
  }, 60_000);
  afterAll(async () => {
    await world?.stop();
  });

  it('refuses forged webhooks (no secret, a wrong one, one of the same length) and a GET, before touching anything', async () => {
    // Prepare
    const chat = world.chatOf(CHATS.forged);
    const update = chat.update('/buy AAPL 1 100');
    const secret = world.stack.secretToken;
    const forged = [
      world.stack.webhookEvent(update, { secretToken: undefined }),
      world.stack.webhookEvent(update, { secretToken: 'not-the-secret' }),
      world.stack.webhookEvent(update, { secretToken: secret.toUpperCase() === secret ? secret.toLowerCase() : secret.toUpperCase() }),
      world.stack.webhookEvent(update, { secretToken: `${secret}x` }),
    ];
    const [s3Before, dynamoBefore] = [world.s3Proxy.requests.length, world.dynamoProxy.requests.length];
    // Act
    const answers = [];
    for (const event of forged) answers.push(await world.webhook.invoke(event, { at: world.clock.now() }));
    const get = await world.webhook.invoke(world.stack.webhookEvent(update, { method: 'GET' }), { at: world.clock.now() });
    // Assess
    expect(answers.map((a) => (a.result as { statusCode: number }).statusCode)).toEqual([401, 401, 401, 401]);
    expect((get.result as { statusCode: number }).statusCode).toBe(405);
    expect([world.s3Proxy.requests.length, world.dynamoProxy.requests.length]).toEqual([s3Before, dynamoBefore]);
    expect(chat.messages()).toEqual([]);
    expect(await ledgerOf(CHATS.forged)).toEqual([]);
  });

  it('answers a malformed body 400 and writes nothing', async () => {
    // Prepare
    const chat = world.chatOf(CHATS.forged);
    const dynamoBefore = world.dynamoProxy.requests.length;
    // Act
    const notJson = await world.webhook.invoke(makeWebhookEvent({ body: '{"update_id": 1, "message": ', secretToken: world.stack.secretToken }), { at: world.clock.now() });
    const notAnUpdate = await world.webhook.invoke(world.stack.webhookEvent({ update_id: 'x', message: { text: '/buy AAPL 1 100' } }), { at: world.clock.now() });
    // Assess
    expect([notJson, notAnUpdate].map((a) => (a.result as { statusCode: number }).statusCode)).toEqual([400, 400]);
    expect(world.dynamoProxy.requests.length).toBe(dynamoBefore);
    expect(chat.messages()).toEqual([]);
  });

  it('handles a replayed webhook once: later replays, base64-encoded or days later, add nothing and send nothing', async () => {
    // Prepare
    const chat = world.chatOf(CHATS.replay);
    const update = chat.update('/buy MSFT 2 400,10 1,05');
    // Act
    const first = await chat.deliver(update);
    world.clock.advance(60_000);
    const replay = await chat.deliver(update);
    world.clock.advance(2 * 3_600_000);
    const base64 = await chat.deliver(update, { base64: true });
    world.clock.advance(2 * 86_400_000);
    const days = await chat.deliver(update);
    // Assess
    expect([first, replay, base64, days].map((d) => d.status)).toEqual([200, 200, 200, 200]);
    const ledger = await ledgerOf(CHATS.replay);
    expect(ledger.map((i) => [i.seq, i.updateId, i.symbol, i.quantity])).toEqual([[1, update.update_id, 'MSFT', '2']]);
    expect(chat.messages().map((m) => m.plainText.split('\n')[1])).toEqual(['#1 Buy 2 MSFT @ 400.10 USD, fees 1.05, on ' + new Date(update.message.date * 1000).toISOString().slice(0, 10)]);
  });

  it('does not record twice a replay older than the idempotency record: the ledger knows the update, and says so', async () => {
    // Prepare: the record of the update above is kept 3 days; a replay after that reaches the ledger.
    const chat = world.chatOf(CHATS.replay);
    const [entry] = await ledgerOf(CHATS.replay);
    const update = { ...chat.update('/buy MSFT 2 400,10 1,05'), update_id: entry!.updateId as number };
    world.clock.advance(4 * 86_400_000);
    // Act
    const stale = await chat.deliver(update);
    // Assess
    expect(stale.status).toBe(200);
    expect(await ledgerOf(CHATS.replay)).toHaveLength(1);
    expect(chat.messages().at(-1)!.plainText).toContain('#1 ');
  });

  it('records an update delivered five times while the first is still running, across two warm instances, once, and tells the user once', async () => {
    // Prepare: a reserved concurrency of 2 and an 8 s timeout (so a delivery waits 2 s for a run in progress).
    const webhook = world.createFunction('fn-webhook', { reservedConcurrency: 2, timeoutSeconds: 8 });
    // Act
    const outcome = await deliverFiveTimesWhileRunning(world, webhook, world.chatOf(CHATS.five));
    // Assess
    expect(exactlyOnceViolations(outcome)).toEqual([]);
    expect(outcome.whileRunning.map((d) => d.status).sort()).toEqual([429, 429, 429, 503]);
    expect(new Set(outcome.redelivered.map((d) => d.invocation.instance)).size).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('takes 50 concurrent updates from one chat on four instances: every one recorded once, in gapless order, each answered', async () => {
    // Prepare: 40 buys, 5 tips and 5 blacklist additions, all sent at once; Telegram redelivers what is throttled.
    const chat = world.chatOf(CHATS.crowd);
    const webhook = world.createFunction('fn-webhook', { reservedConcurrency: 4 });
    const symbols = ['AAPL', 'MSFT', 'NVDA', 'AMZN'];
    const buys = Array.from({ length: 40 }, (_, i) => ({ symbol: symbols[i % 4]!, quantity: String(i + 1), price: `${100 + i},${String(i).padStart(2, '0')}`, fees: `0,${String(i % 10)}5` }));
    const blacklisted = ['IBM', 'ORCL', 'CSCO', 'INTC', 'AMD'];
    const texts = [...buys.map((b) => `/buy ${b.symbol} ${b.quantity} ${b.price} ${b.fees}`), ...blacklisted.map((s, i) => `/tips add ${s} note ${i}`), ...blacklisted.map((s) => `/blacklist add ${s}`)];
    const updates = texts.map((text) => chat.update(text));
    // Act
    const answers = await Promise.all(updates.map((u) => deliverUntilAccepted(chat, u, webhook, 200)));
    // Assess: every delivery finally accepted, the work spread over the four instances.
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    expect(new Set(answers.map((a) => a.invocation.instance))).toEqual(new Set([1, 2, 3, 4]));
    // The ledger: one entry per buy update, seq 1..40 without a gap, amounts as typed.
    const ledger = await ledgerOf(CHATS.crowd);
    expect(ledger.map((i) => i.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(ledger.map((i) => i.updateId).sort()).toEqual(updates.slice(0, 40).map((u) => u.update_id).sort());
    for (const item of ledger) {
      const typed = buys[updates.findIndex((u) => u.update_id === item.updateId)]!;
      expect([item.symbol, item.quantity, new Big(String(item.price)).eq(typed.price.replace(',', '.')), new Big(String(item.fees)).eq(typed.fees.replace(',', '.'))]).toEqual([typed.symbol, typed.quantity, true, true]);
    }
    // One reply per update; the buys name every seq once.
    const replies = chat.messages();
    expect(replies).toHaveLength(50);
    const seqs = replies.map((m) => /#(\d+) Buy/.exec(m.plainText)?.[1]).filter((s): s is string => s !== undefined).map(Number);
    expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // The documents: five tips with five different numbers, five tickers on the blacklist.
    const tips = JSON.parse((await objectText(world.s3, world.aws.bucket, 'external/user_tips.json'))!) as { id: number; symbol: string; text: string }[];
    expect(tips.map((t) => `${t.symbol}:${t.text}`).sort()).toEqual(blacklisted.map((s, i) => `${s}:note ${i}`).sort());
    expect(new Set(tips.map((t) => t.id)).size).toBe(5);
    expect((await objectText(world.s3, world.aws.bucket, 'external/tickers_blacklist.txt'))!.trim().split('\n').sort()).toEqual([...blacklisted].sort());
    // What the investor holds adds up, whatever order the buys landed in.
    const portfolio = await chat.send('/portfolio');
    for (const symbol of symbols) {
      const mine = buys.filter((b) => b.symbol === symbol);
      const held = mine.reduce((a, b) => a.plus(b.quantity), new Big(0));
      const basis = mine.reduce((a, b) => a.plus(new Big(b.quantity).times(b.price.replace(',', '.'))).plus(b.fees.replace(',', '.')), new Big(0));
      expect(portfolio.replies[0]!.plainText).toMatch(new RegExp(`${symbol} +${held.toString()} +${price(basis.div(held), 'en').replace('.', '\\.')} `));
    }
  }, 120_000);

  describe('the function\'s timeout reached mid-command', () => {
    it('after the trade was written: the next delivery past the lease completes the update, and the trade stays recorded once', async () => {
      // Prepare: a 4 s timeout, so the lease of a run in progress is 9 s; the record's completion hangs.
      const chat = world.chatOf(CHATS.timeout);
      const webhook = world.createFunction('fn-webhook', { timeoutSeconds: 4 });
      await webhook.invoke(world.stack.webhookEvent(chat.update('/help')), { at: world.clock.now() });
      const update = chat.update('/buy NVDA 4 118,20 0,40');
      const completion = world.dynamoProxy.hold((r) => r.operation === 'PutItem' && r.body.includes(`"UPDATE#${update.update_id}"`) && r.body.includes('"COMPLETED"'));
      // Act
      const killed = await chat.deliver(update, { on: webhook });
      await completion.abandoned;
      completion.release();
      const tooSoon = await chat.deliver(update, { on: webhook });
      world.clock.advance(10_000);
      const after = await chat.deliver(update, { on: webhook });
      // Assess
      expect(killed).toMatchObject({ status: 500, invocation: { timedOut: true } });
      expect(tooSoon.status).toBe(503);
      expect(after.status).toBe(200);
      const ledger = await ledgerOf(CHATS.timeout);
      expect(ledger.map((i) => [i.seq, i.updateId, i.symbol, i.quantity])).toEqual([[1, update.update_id, 'NVDA', '4']]);
      // The killed run had replied before it hung; the run that took over names the same entry.
      expect(chat.messages().slice(1).map((m) => /#(\d+) Buy 4 NVDA/.exec(m.plainText)?.[1])).toEqual(['1', '1']);
      const record = (await tableItems(world.dynamo, world.aws.tableName)).find((i) => i.PK === `UPDATE#${update.update_id}`);
      expect(record?.status).toBe('COMPLETED');
    }, 60_000);

    it('before the trade was written: nothing was recorded, and the delivery past the lease records it once and says so once', async () => {
      // Prepare
      const chat = world.chatOf(CHATS.timeout);
      const webhook = world.createFunction('fn-webhook', { timeoutSeconds: 4 });
      const before = chat.messages().length;
      const update = chat.update('/sell NVDA 1 121,00');
      const write = world.dynamoProxy.hold((r) => r.operation === 'PutItem' && r.body.includes(`"PORTFOLIO#${CHATS.timeout}"`));
      // Act
      const killed = await chat.deliver(update, { on: webhook });
      await write.abandoned;
      write.release();
      const during = await ledgerOf(CHATS.timeout);
      world.clock.advance(10_000);
      const after = await chat.deliver(update, { on: webhook });
      // Assess
      expect(killed.invocation.timedOut).toBe(true);
      expect(during).toHaveLength(1);
      expect(after.status).toBe(200);
      expect((await ledgerOf(CHATS.timeout)).map((i) => [i.seq, i.side, i.updateId])).toEqual([
        [1, 'buy', during[0]!.updateId],
        [2, 'sell', update.update_id],
      ]);
      expect(chat.messages().slice(before).map((m) => m.plainText.split('\n')[1])).toEqual([expect.stringMatching(/^#2 Sell 1 NVDA @ 121\.00 USD/)]);
    }, 60_000);
  });

  describe('the Telegram Bot API failing, rate-limiting and slow', () => {
    it('Telegram down: answers 503 so Telegram redelivers, and the redelivery sends the stored reply without recording again', async () => {
      // Prepare: a 6 s timeout gives the reply 2 s of retries.
      const chat = world.chatOf(CHATS.telegram);
      const webhook = world.createFunction('fn-webhook', { timeoutSeconds: 6 });
      const update = chat.update('/buy AMZN 3 180,00');
      world.stack.telegram.setMode({ kind: 'fail', status: 502 }, { method: 'sendMessage' });
      // Act
      const down = await chat.deliver(update, { on: webhook });
      world.stack.telegram.setMode({ kind: 'ok' });
      const again = await chat.deliver(update, { on: webhook });
      // Assess
      expect([down.status, again.status]).toEqual([503, 200]);
      expect((await ledgerOf(CHATS.telegram)).map((i) => [i.seq, i.updateId])).toEqual([[1, update.update_id]]);
      expect(chat.messages().map((m) => m.plainText.split('\n')[1])).toEqual([expect.stringMatching(/^#1 Buy 3 AMZN @ 180\.00 USD/)]);
      expect(world.stack.telegram.calls.filter((c) => c.method === 'sendMessage' && c.params.chat_id === String(CHATS.telegram) && c.status === 502).length).toBeGreaterThanOrEqual(1);
    }, 30_000);

    it('Telegram rate-limiting: waits the retry_after it asks for, then delivers once', async () => {
      // Prepare
      const chat = world.chatOf(CHATS.telegram);
      const before = chat.messages().length;
      world.stack.telegram.setMode({ kind: 'rate-limit', retryAfterSeconds: 1 }, { method: 'sendMessage', times: 1 });
      // Act
      const sent = await chat.send('/buy AMZN 1 181,50');
      // Assess
      expect(sent.status).toBe(200);
      expect(chat.messages().slice(before).map((m) => m.plainText.split('\n')[1])).toEqual([expect.stringMatching(/^#2 Buy 1 AMZN @ 181\.50 USD/)]);
      expect(sent.invocation.logs).toContain('telegram send retry');
    }, 30_000);

    it('Telegram slow: the reply still goes out once, and the update is answered 200', async () => {
      // Prepare
      const chat = world.chatOf(CHATS.telegram);
      const before = chat.messages().length;
      world.stack.telegram.setMode({ kind: 'slow', delayMs: 1_500 }, { method: 'sendMessage', times: 1 });
      // Act
      const sent = await chat.send('/portfolio');
      // Assess
      expect(sent.status).toBe(200);
      const replies = chat.messages().slice(before);
      expect(replies).toHaveLength(1);
      expect(replies[0]!.plainText).toMatch(/AMZN +4 /);
      expect(parseTelegramHtml(replies[0]!.text).ok).toBe(true);
    }, 30_000);
  });
});
