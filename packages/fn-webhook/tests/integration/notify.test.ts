import { PutObjectCommand } from '@aws-sdk/client-s3';
import { NotificationSettingsSchema } from '@tradebot/core-domain';
import { CHAT, webhookStack, type WebhookStack } from '../helpers/webhook-stack';

const OTHER = 4_242_000;

describe('Function: createWebhookApp (/notify, /lessons)', () => {
  let stack: WebhookStack;
  beforeAll(async () => {
    stack = await webhookStack({ allowed: [CHAT, OTHER] });
  });
  afterAll(async () => {
    await stack.stop();
  });

  const stored = async (): Promise<ReturnType<typeof NotificationSettingsSchema.parse>> => stack.adapters.notifications.get();

  it('shows every kind on and no quiet hours for a chat that never used /notify, writing nothing', async () => {
    // Act
    const shown = await stack.say('/notify');
    // Assess
    expect(shown.replies[0]).toContain('Notifications');
    expect(shown.replies[0]).toMatch(/Morning analysis\s+on/);
    expect(shown.replies[0]).toMatch(/Price alerts\s+on/);
    expect(shown.replies[0]).toContain('No quiet hours.');
    expect(await stack.keys()).not.toContain('config/notifications.json');
  });

  it('sets a kind per chat, saves it in config/notifications.json and says so; a redelivery has one effect', async () => {
    // Act
    const set = await stack.say('/notify scan silent', { updateId: 77_001 });
    const redelivered = await stack.say('/notify scan silent', { updateId: 77_001 });
    const alerts = await stack.say('/notify alerts off');
    const other = await stack.say('/notify', { chatId: OTHER });
    // Assess
    expect(set.replies[0]).toContain('Saved.');
    expect(set.replies[0]).toMatch(/Scan summary\s+silent/);
    expect(redelivered.replies).toEqual([]);
    expect(alerts.replies[0]).toMatch(/Rule alerts\s+off/);
    expect(alerts.replies[0]).toMatch(/Price alerts\s+off/);
    expect(other.replies[0]).toMatch(/Scan summary\s+on/);
    expect((await stored()).chats[String(CHAT)]).toEqual({ morning: 'on', scan: 'silent', ruleAlerts: 'off', priceAlerts: 'off', quiet: null });
    expect((await stored()).chats[String(OTHER)]).toBeUndefined();
  });

  it('sets quiet hours in the rules time zone and turns them off, in Spanish with /avisos', async () => {
    // Act
    const quiet = await stack.say('/notify quiet 22:00-7:30');
    const again = await stack.say('/notify quiet 22:00-07:30');
    await stack.say('/rules set language es');
    const off = await stack.say('/avisos descanso off');
    await stack.say('/reglas reset language');
    // Assess
    expect(quiet.replies[0]).toContain('Quiet hours 22:00-07:30 (Europe/Madrid)');
    expect(again.replies[0]).toContain('Already so; nothing changed.');
    expect(off.replies[0]).toContain('Guardado.');
    expect(off.replies[0]).toContain('Sin horas de descanso.');
    expect((await stored()).chats[String(CHAT)]?.quiet).toBeNull();
  });

  it('keeps every change when several chats change their settings at once (the document lease)', async () => {
    // Act
    const results = await Promise.all([
      stack.say('/notify morning silent', { updateId: 77_100 }),
      stack.say('/notify morning off', { chatId: OTHER, updateId: 77_101 }),
      stack.say('/notify prices on', { updateId: 77_102 }),
    ]);
    // Assess
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const settings = await stored();
    expect(settings.chats[String(CHAT)]).toMatchObject({ morning: 'silent', priceAlerts: 'on', scan: 'silent' });
    expect(settings.chats[String(OTHER)]).toMatchObject({ morning: 'off' });
  });

  it('refuses bad input with an example and changes nothing', async () => {
    // Prepare
    const before = await stored();
    // Act
    const bad = await stack.say('/notify scan loud');
    const badQuiet = await stack.say('/notify quiet 9-5');
    // Assess
    expect(bad.replies[0]).toContain('"loud" is not on, silent or off.');
    expect(bad.replies[0]).toContain('Example: /notify scan silent');
    expect(badQuiet.replies[0]).toContain('Example: /notify quiet 22:00-07:00');
    expect(await stored()).toEqual(before);
  });

  it('says an unreadable settings file cannot be read, never writes over it, and still shows the defaults', async () => {
    // Prepare
    const corrupt = '{"chats":{"1":{"morning":"loud"}}}';
    await stack.aws.s3.send(new PutObjectCommand({ Bucket: stack.aws.bucket, Key: 'config/notifications.json', Body: corrupt }));
    // Act
    const shown = await stack.say('/notify');
    const set = await stack.say('/notify scan off');
    // Assess
    expect(shown.replies[0]).toMatch(/Scan summary\s+on/);
    expect(shown.replies[0]).toContain('config/notifications.json could not be read');
    expect(set.replies[0]).toContain('Not saved: config/notifications.json could not be read');
    const object = await stack.aws.s3.send(new (await import('@aws-sdk/client-s3')).GetObjectCommand({ Bucket: stack.aws.bucket, Key: 'config/notifications.json' }));
    expect(await object.Body!.transformToString()).toBe(corrupt);
  });

  it('/lessons says there are none yet, then shows the chat review with its evidence', async () => {
    // Act
    const none = await stack.say('/lessons');
    await stack.adapters.lessons.edit(() => ({
      version: 1,
      chats: {
        [String(CHAT)]: {
          month: '2026-10',
          reviewedAt: '2026-11-02T07:00:00.000Z',
          model: 'offline',
          trades: 2,
          patterns: [{ pattern: '1 of 2 sales broke the stop-loss rule.', evidence: '#4 PFE -14.2%', symbols: ['PFE'] }],
        },
      },
    }));
    const shown = await stack.say('/lecciones');
    const other = await stack.say('/lessons', { chatId: OTHER });
    // Assess
    expect(none.replies[0]).toContain('No lessons yet');
    expect(shown.replies[0]).toContain('Lessons of 2026-10 (2 closed trades, offline)');
    expect(shown.replies[0]).toContain('no Anthropic API key');
    expect(shown.replies[0]).toContain('1. 1 of 2 sales broke the stop-loss rule.');
    expect(shown.replies[0]).toContain('Evidence: #4 PFE -14.2%');
    expect(other.replies[0]).toContain('No lessons yet');
  });

  it('lists /notify and /lessons in /help', async () => {
    // Act
    const help = await stack.say('/help');
    // Assess
    expect(help.replies.join('\n')).toContain('/notify · /avisos');
    expect(help.replies.join('\n')).toContain('/lessons · /lecciones');
  });
});
