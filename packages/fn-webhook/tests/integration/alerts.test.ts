import { dec, MAX_ALERTS_PER_CHAT } from '@tradebot/core-domain';
import { makeCallbackQuery, makeWebhookEvent } from '@tradebot/local-stack';
import { CHAT, SECRET, webhookStack, type WebhookStack } from '../helpers/webhook-stack';

describe('Function: createWebhookApp, price alerts', () => {
  let stack: WebhookStack;
  let updateId = 90_000;

  const tap = async (data: string, chatId = CHAT): Promise<number> =>
    stack.post(makeWebhookEvent({ body: makeCallbackQuery({ data, chatId, updateId: updateId++ }), secretToken: SECRET }));

  beforeAll(async () => {
    stack = await webhookStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });
  beforeEach(() => {
    stack.telegram.clear();
  });

  it('sets alerts below, above and on a drawdown, and lists them with their numbers', async () => {
    // Act
    const below = await stack.say('/alert KO below 58');
    const above = await stack.say('/alerta NVDA sobre 150,5');
    const drawdown = await stack.say('/alert ko drawdown 20%');
    const list = await stack.say('/alerts');
    // Assess
    expect(below.replies[0]).toContain('Alert #1 set: KO below 58.');
    expect(below.replies[0]).toMatch(/Now [\d,.]+ USD\./);
    // NVDA is not a symbol the stand-in knows: nothing is saved.
    expect(above.replies[0]).toContain('I could not find NVDA in the price source, so no alert was set.');
    expect(drawdown.replies[0]).toContain('Alert #2 set: KO 20% below its 180-day high.');
    expect(list.replies[0]).toContain('Price alerts (2 of 20)');
    expect(list.replies[0]).toMatch(/#1\s+KO\s+≤ 58\.00\s+armed/);
    expect(list.replies[0]).toMatch(/#2\s+KO\s+-20% high\s+armed/);
  });

  it('removes an alert by its number and never gives that number again', async () => {
    // Act
    const removed = await stack.say('/alert remove 2');
    const again = await stack.say('/alert remove 2');
    const next = await stack.say('/alert MSFT above 900');
    // Assess
    expect(removed.replies[0]).toContain('Alert #2 removed (KO 20% below its 180-day high).');
    expect(again.replies[0]).toContain('There is no alert #2.');
    expect(next.replies[0]).toContain('Alert #3 set: MSFT above 900.');
    expect((await stack.adapters.alerts!.list(String(CHAT))).map((a) => a.id)).toEqual([1, 3]);
  });

  it('refuses bad input with one correct example and changes nothing', async () => {
    // Act
    const replies = [];
    for (const text of ['/alert KO below', '/alert KO sideways 58', '/alert KO drawdown 120', '/alert KO below -3']) replies.push(await stack.say(text));
    // Assess
    expect(replies[0]!.replies[0]).toContain('After KO, say below, above or drawdown and a number.');
    expect(replies[1]!.replies[0]).toContain('"sideways" is not below, above or drawdown.');
    expect(replies[2]!.replies[0]).toContain('must be a percentage above 0 and under 100');
    expect(replies[2]!.replies[0]).toContain('Example: /alert KO drawdown 20');
    expect(replies[3]!.replies[0]).toContain('Example: /alert KO below 58');
    expect(await stack.adapters.alerts!.list(String(CHAT))).toHaveLength(2);
  });

  it('refuses an alert past the per-chat limit, clearly, and saves nothing', async () => {
    // Prepare: fill the chat up to the limit.
    for (let i = (await stack.adapters.alerts!.list(String(CHAT))).length; i < MAX_ALERTS_PER_CHAT; i++) await stack.say(`/alert AAPL above ${1000 + i}`);
    // Act
    const refused = await stack.say('/alert AAPL above 5000');
    // Assess
    expect(refused.replies[0]).toContain(`You already have ${MAX_ALERTS_PER_CHAT} alerts, the most a chat can keep.`);
    expect(refused.replies[0]).toContain('Nothing was saved.');
    expect(await stack.adapters.alerts!.list(String(CHAT))).toHaveLength(MAX_ALERTS_PER_CHAT);
  });

  it('re-arms a fired alert from its button: the tap is answered and the chat told, once', async () => {
    // Prepare: alert #1 fired (as the collector's check would have recorded it).
    const store = stack.adapters.alerts!;
    const [first] = await store.list(String(CHAT));
    await store.markFired(first!, { price: dec('57.90'), priceAt: '2026-11-17T15:45:00.000Z', firedAt: '2026-11-17T15:45:05.000Z' });
    // Act
    const status = await tap('rearm:1');
    const again = await tap('rearm:1');
    // Assess
    expect([status, again]).toEqual([200, 200]);
    expect((await store.list(String(CHAT)))[0]).toMatchObject({ id: 1, status: 'armed', fired: 1 });
    expect(stack.telegram.messagesTo(CHAT).map((m) => m.plainText)).toEqual(['🔁 Alert #1 re-armed: KO below 58.']);
    expect(stack.telegram.callbackAnswers().map((a) => a.text)).toEqual(['🔁 Alert #1 re-armed: KO below 58.', 'Alert #1 is already armed.']);
  });

  it('answers a tap on the button of a removed alert, or from a chat it does not serve, without changing anything', async () => {
    // Act
    const gone = await tap('rearm:999');
    const stranger = await tap('rearm:1', 555);
    // Assess
    expect([gone, stranger]).toEqual([200, 200]);
    expect(stack.telegram.callbackAnswers().map((a) => a.text)).toEqual(['That alert no longer exists.']);
    expect(stack.telegram.messagesTo(CHAT)).toHaveLength(0);
  });
});
