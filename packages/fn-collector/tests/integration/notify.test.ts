import { dec, withNotificationChange, type NotificationChange, type SecretsProvider } from '@tradebot/core-domain';
import type { HandBar } from '@tradebot/local-stack';
import { DynamoPriceAlertStore } from '@tradebot/storage-dynamodb';
import { startCollectorStack, type CollectorStack } from '../helpers/collector-stack';

const LOUD = '111';
const SILENT = '222';
const OFF = '333';
const QUIET = '444';

const secrets: SecretsProvider = {
  get: async () => ({ telegramBotToken: '123:TEST', webhookSecretToken: 'unused', allowedChatIds: [LOUD, SILENT, OFF, QUIET] }),
};

async function notify(stack: CollectorStack, chatId: string, change: NotificationChange): Promise<void> {
  await stack.documents.notifications.edit((current) => withNotificationChange(current, chatId, change));
}

/** KO at 62, then 55 from 16 November 2026. */
function koSeries(): HandBar[] {
  const bars: HandBar[] = [];
  for (let t = Date.parse('2026-08-01T00:00:00Z'); t <= Date.parse('2026-11-17T00:00:00Z'); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    if ([0, 6].includes(new Date(t).getUTCDay())) continue;
    bars.push({ date, close: date >= '2026-11-16' ? 55 : 62 });
  }
  return bars;
}

describe('Function: createCollector (/notify)', () => {
  let stack: CollectorStack | undefined;

  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('sends the scan summary with a sound, without one, or not at all, per chat', async () => {
    // Prepare: Saturday 14 November 2026, 12:00 in Madrid.
    stack = await startCollectorStack(3, new Date('2026-11-14T11:00:00Z'));
    await notify(stack, SILENT, { kind: 'level', kinds: ['scan'], level: 'silent' });
    await notify(stack, OFF, { kind: 'level', kinds: ['scan'], level: 'off' });
    await notify(stack, QUIET, { kind: 'quiet', quiet: { from: '11:00', to: '13:00' } });
    // Act
    const result = await stack.collector({ secrets }).run({});
    // Assess
    expect(result).toMatchObject({ ok: true, status: 'saved', summarySent: true });
    expect(stack.telegram.messagesTo(LOUD).map((m) => m.disableNotification)).toEqual([undefined]);
    expect(stack.telegram.messagesTo(SILENT).map((m) => m.disableNotification)).toEqual([true]);
    expect(stack.telegram.messagesTo(QUIET).map((m) => m.disableNotification)).toEqual([true]);
    expect(stack.telegram.messagesTo(OFF)).toHaveLength(0);
    expect(stack.telegram.messagesTo(SILENT)[0]!.plainText).toContain('Drawdown scan 2026-11-13');
  });

  it('sends the scan summary to every chat with a notice when the settings cannot be read', async () => {
    // Prepare
    stack = await startCollectorStack(3, new Date('2026-11-14T11:00:00Z'));
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    await stack.aws.s3.send(new PutObjectCommand({ Bucket: stack.aws.bucket, Key: 'config/notifications.json', Body: '{"chats": 3}' }));
    // Act
    await stack.collector({ secrets }).run({});
    // Assess
    for (const chat of [LOUD, SILENT, OFF, QUIET]) {
      const [message] = stack.telegram.messagesTo(chat);
      expect(message!.disableNotification).toBeUndefined();
      expect(message!.plainText).toContain('config/notifications.json could not be read');
    }
  });

  it('fires price alerts silent for silent chats and in quiet hours, and leaves an "off" chat alerts armed and unsent until it turns them on', async () => {
    // Prepare: Tuesday 17 November 2026, 10:00 New York (16:00 Madrid); KO at 55.
    stack = await startCollectorStack(5, new Date('2026-11-17T15:00:00Z'));
    stack.yahoo.configure({ series: { KO: koSeries() } });
    const store = new DynamoPriceAlertStore({ client: stack.aws.dynamo, tableName: stack.aws.tableName });
    for (const chatId of [LOUD, SILENT, OFF, QUIET]) {
      const added = await store.add({ chatId, symbol: 'KO', condition: { kind: 'below', price: dec(58) }, createdAt: '2026-11-16T12:00:00.000Z' }, 20);
      if (!added.ok) throw new Error('not added');
    }
    await notify(stack, SILENT, { kind: 'level', kinds: ['priceAlerts'], level: 'silent' });
    await notify(stack, OFF, { kind: 'level', kinds: ['priceAlerts'], level: 'off' });
    await notify(stack, QUIET, { kind: 'quiet', quiet: { from: '15:00', to: '17:00' } });
    const collector = stack.collector({ secrets });
    // Act
    const first = await collector.run({ kind: 'alerts' });
    await notify(stack, OFF, { kind: 'level', kinds: ['priceAlerts'], level: 'on' });
    const second = await collector.run({ kind: 'alerts' });
    // Assess
    expect(first.alerts).toMatchObject({ checked: 3, fired: 3 });
    expect(stack.telegram.messagesTo(LOUD).map((m) => m.disableNotification)).toEqual([undefined]);
    expect(stack.telegram.messagesTo(SILENT).map((m) => m.disableNotification)).toEqual([true]);
    expect(stack.telegram.messagesTo(QUIET).map((m) => m.disableNotification)).toEqual([true]);
    expect(second.alerts).toMatchObject({ checked: 1, fired: 1 });
    expect(stack.telegram.messagesTo(OFF).map((m) => [m.plainText.includes('KO is below 58'), m.disableNotification])).toEqual([[true, undefined]]);
  });
});
