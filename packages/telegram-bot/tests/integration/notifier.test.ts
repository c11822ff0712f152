import { startTelegramServer, type TelegramServer } from '@tradebot/local-stack';
import { Telegraf } from 'telegraf';
import { TelegramNotifier, TelegramSendError } from '../../src';

describe('Class: TelegramNotifier', () => {
  let telegram: TelegramServer;
  let notifier: TelegramNotifier;
  beforeAll(async () => {
    telegram = await startTelegramServer({ token: '1:notify' });
    notifier = new TelegramNotifier(new Telegraf('1:notify', { telegram: { apiRoot: telegram.apiRoot } }).telegram);
  });
  afterAll(async () => {
    await telegram.stop();
  });

  it('pushes a long HTML report as several messages Telegram accepts, in order', async () => {
    // Prepare: ~10,000 characters with bold headings and a table.
    const sections = Array.from({ length: 40 }, (_, i) => `<b>Section ${i}</b>\n<pre>${'row of the table x'.repeat(12)}</pre>`);
    // Act
    await notifier.send('77', sections.join('\n'));
    // Assess
    const sent = telegram.messagesTo(77);
    expect(sent.length).toBeGreaterThan(2);
    expect(sent.every((m) => m.parseMode === 'HTML')).toBe(true);
    const text = sent.map((m) => m.plainText).join('\n');
    expect(text.indexOf('Section 0')).toBeLessThan(text.indexOf('Section 39'));
    expect(telegram.calls.every((c) => c.status === 200)).toBe(true);
  });

  it('throws TelegramSendError when Telegram refuses, so the caller can keep its work', async () => {
    // Prepare
    telegram.failNext(1, 502);
    // Act
    const sending = notifier.send('77', 'hello');
    // Assess
    await expect(sending).rejects.toBeInstanceOf(TelegramSendError);
  });
});
