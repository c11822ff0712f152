import type { Logger } from '@tradebot/core-domain';
import { startTelegramServer, type TelegramServer } from '@tradebot/local-stack';
import { Telegraf } from 'telegraf';
import { deliverMessages, outgoingMessages, TelegramNotifier, TelegramSendError } from '../../src';

const QUICK = { budgetMs: 2000, initialDelayMs: 10, maxDelayMs: 50 };

/** A logger that keeps its warnings. */
function capturingLogger(): Logger & { warnings: { obj: unknown; msg: string | undefined }[] } {
  const warnings: { obj: unknown; msg: string | undefined }[] = [];
  return { debug() {}, info() {}, error() {}, warn: (obj, msg) => warnings.push({ obj, msg }), warnings };
}

describe('Function: deliverMessages', () => {
  let telegram: TelegramServer;
  let client: Telegraf['telegram'];
  beforeEach(async () => {
    telegram = await startTelegramServer({ token: '1:deliver' });
    client = new Telegraf('1:deliver', { telegram: { apiRoot: telegram.apiRoot } }).telegram;
  });
  afterEach(async () => {
    await telegram.stop();
  });

  const statuses = (): number[] => telegram.calls.map((c) => c.status);

  it('retries 5xx answers and dropped connections, then delivers, logging each retry', async () => {
    // Prepare
    telegram.setMode({ kind: 'fail', status: 502 }, { times: 1 });
    const logger = capturingLogger();
    const first = outgoingMessages(77, '<b>one</b>');
    // Act
    const delivery = await deliverMessages(client, first, { ...QUICK, logger });
    telegram.setMode({ kind: 'disconnect' }, { times: 1 });
    const second = await deliverMessages(client, outgoingMessages(77, 'two'), QUICK);
    // Assess
    expect(delivery).toEqual({ outcome: 'delivered', sent: 1 });
    expect(second).toEqual({ outcome: 'delivered', sent: 1 });
    expect(statuses()).toEqual([502, 200, 0, 200]);
    expect(telegram.messagesTo(77).map((m) => m.plainText)).toEqual(['one', 'two']);
    expect(logger.warnings).toEqual([{ obj: expect.objectContaining({ chatId: '77', attempt: 1, errorCode: 502 }), msg: 'telegram send retry' }]);
  });

  it('gives up at once when a 429 asks for a wait longer than the budget, reporting what Telegram asked', async () => {
    // Prepare
    telegram.setMode({ kind: 'rate-limit', retryAfterSeconds: 30 });
    // Act
    const delivery = await deliverMessages(client, outgoingMessages(77, 'hello'), QUICK);
    // Assess
    expect(delivery).toMatchObject({ outcome: 'unavailable', sent: 0, retryAfterSeconds: 30 });
    expect(delivery.outcome === 'unavailable' && delivery.error).toBeInstanceOf(TelegramSendError);
    expect(delivery.outcome === 'unavailable' && delivery.error.errorCode).toBe(429);
    expect(statuses()).toEqual([429]);
  });

  it('does not retry a refusal: a 400 will not get better', async () => {
    // Prepare
    telegram.setMode({ kind: 'fail', status: 400, description: 'Bad Request: message is too long' });
    // Act
    const delivery = await deliverMessages(client, outgoingMessages(77, 'hello'), QUICK);
    // Assess
    expect(delivery).toMatchObject({ outcome: 'refused', sent: 0 });
    expect(delivery.outcome === 'refused' && delivery.error.message).toMatch(/message is too long/);
    expect(statuses()).toEqual([400]);
  });

  it('stops at the first part that cannot be sent, so the rest can be resumed without repeating any', async () => {
    // Prepare: a reply of three parts; Telegram goes down right after accepting the first.
    const messages = outgoingMessages(77, Array.from({ length: 3 }, (_, i) => `${i}`.repeat(3000)).join('\n'));
    const stop = telegram.onMessage(() => {
      telegram.setMode({ kind: 'fail', status: 500 });
      stop();
    });
    // Act
    const partial = await deliverMessages(client, messages, { ...QUICK, budgetMs: 300, maxRetries: 2 });
    telegram.setMode({ kind: 'ok' });
    const rest = await deliverMessages(client, messages.slice(partial.sent), QUICK);
    // Assess
    expect(messages).toHaveLength(3);
    expect(partial).toMatchObject({ outcome: 'unavailable', sent: 1 });
    expect(rest).toEqual({ outcome: 'delivered', sent: 2 });
    expect(telegram.messagesTo(77).map((m) => m.text)).toEqual(messages.map((m) => m.html));
  });
});

describe('Class: TelegramNotifier (silent)', () => {
  let telegram: TelegramServer;
  beforeEach(async () => {
    telegram = await startTelegramServer({ token: '1:notify' });
  });
  afterEach(async () => {
    await telegram.stop();
  });

  it('sends every part of a silent message and a silent picture with disable_notification, and a normal one without', async () => {
    // Prepare
    const notifier = new TelegramNotifier(new Telegraf('1:notify', { telegram: { apiRoot: telegram.apiRoot } }).telegram);
    const long = Array.from({ length: 400 }, (_, i) => `line ${i} of a long report`).join('\n');
    // A 1x1 PNG: signature, IHDR (width 1, height 1), enough for the stand-in to read its size.
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0])]);
    // Act
    await notifier.send('5', long, { silent: true });
    await notifier.send('5', 'loud');
    await notifier.sendPhoto('5', png, '<b>chart</b>', { silent: true });
    // Assess
    const messages = telegram.messagesTo(5);
    expect(messages.length).toBeGreaterThan(2);
    expect(messages.slice(0, -1).every((m) => m.disableNotification === true)).toBe(true);
    expect(messages.at(-1)).toMatchObject({ plainText: 'loud' });
    expect(messages.at(-1)!.disableNotification).toBeUndefined();
    expect(telegram.photosTo(5)).toEqual([expect.objectContaining({ caption: '<b>chart</b>', disableNotification: true })]);
  });
});
