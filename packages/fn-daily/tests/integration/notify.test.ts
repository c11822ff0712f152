import { PutObjectCommand } from '@aws-sdk/client-s3';
import { dailyLogSchema, withNotificationChange, type NotificationChange } from '@tradebot/core-domain';
import { CHART_DATA_KEYWORD, createResvgRenderer, loadChartAssetsFromPackages, pngChunks } from '@tradebot/telegram-bot';
import { CHAT, closeWorlds, OTHER_CHAT, startWorld, type World } from '../helpers/world';

const DATE = '2026-11-21';

/** Applies `/notify` changes for `chatId` the way the bot stores them. */
async function notify(world: World, chatId: string, ...changes: NotificationChange[]): Promise<void> {
  await world.docs.notifications.edit((current) => changes.reduce((settings, change) => withNotificationChange(settings, chatId, change), current));
}

describe('Function: createDailyJob (/notify)', () => {
  let world: World;

  afterEach(closeWorlds);

  it('sends the morning analysis without a sound to a chat that set it (and its rule alerts) silent, and with one to the others', async () => {
    // Prepare
    world = await startWorld();
    await notify(world, CHAT, { kind: 'level', kinds: ['morning', 'ruleAlerts'], level: 'silent' });
    // Act
    const result = await world.job({ chatIds: [CHAT, OTHER_CHAT] }).run();
    // Assess
    expect(result.sent).toEqual([CHAT, OTHER_CHAT]);
    expect(world.telegram.messagesTo(CHAT)[0]!.disableNotification).toBe(true);
    expect(world.telegram.messagesTo(OTHER_CHAT)[0]!.disableNotification).toBeUndefined();
    const log = dailyLogSchema().parse(await world.docs.dailyLogs.get(DATE));
    expect(log.chats[CHAT]!.delivery.silent).toBe(true);
  });

  it('makes an "on" morning analysis silent during the chat quiet hours, in the rules time zone', async () => {
    // Prepare: the job runs at 08:00 in Madrid.
    world = await startWorld();
    await notify(world, CHAT, { kind: 'quiet', quiet: { from: '07:30', to: '09:00' } });
    await notify(world, OTHER_CHAT, { kind: 'quiet', quiet: { from: '22:00', to: '08:00' } });
    // Act
    await world.job({ chatIds: [CHAT, OTHER_CHAT] }).run();
    // Assess
    expect(world.telegram.messagesTo(CHAT)[0]!.disableNotification).toBe(true);
    expect(world.telegram.messagesTo(OTHER_CHAT)[0]!.disableNotification).toBeUndefined();
  });

  it('sends nothing and pays no model call for a chat with the morning analysis and rule alerts off, and a re-run sends nothing either', async () => {
    // Prepare
    world = await startWorld();
    await notify(world, CHAT, { kind: 'level', kinds: ['morning', 'ruleAlerts'], level: 'off' });
    // Act
    const first = await world.job().run();
    const again = await world.job().run();
    // Assess
    expect(first).toMatchObject({ ok: true, sent: [], off: [CHAT] });
    expect(again).toMatchObject({ ok: true, sent: [], off: [CHAT] });
    expect(world.telegram.messagesTo(CHAT)).toHaveLength(0);
    expect(world.anthropic.requests).toHaveLength(0);
    const log = dailyLogSchema().parse(await world.docs.dailyLogs.get(DATE));
    expect(log.chats[CHAT]).toMatchObject({ message: '', analysis: { status: 'skipped-off' }, delivery: { status: 'off' } });
    expect(log.totalCostUsd).toBe('0');
  });

  it('with the morning analysis off sends the rule alerts alone (their own sound), without a model call', async () => {
    // Prepare
    world = await startWorld();
    await notify(world, CHAT, { kind: 'level', kinds: ['morning'], level: 'off' }, { kind: 'level', kinds: ['ruleAlerts'], level: 'silent' });
    // Act
    const result = await world.job().run();
    // Assess
    expect(result.sent).toEqual([CHAT]);
    const [message] = world.telegram.messagesTo(CHAT);
    expect(message!.plainText).toContain('Rule alerts · 2026-11-21');
    expect(message!.plainText).toMatch(/PFE is -12\.6% vs its average cost, past the -8\.0% stop loss/);
    expect(message!.plainText).not.toContain('INTC');
    expect(message!.disableNotification).toBe(true);
    expect(world.anthropic.requests).toHaveLength(0);
  });

  it('with rule alerts off leaves them out of the morning analysis; silent morning plus loud alerts rings', async () => {
    // Prepare
    world = await startWorld();
    await notify(world, CHAT, { kind: 'level', kinds: ['ruleAlerts'], level: 'off' });
    await notify(world, OTHER_CHAT, { kind: 'level', kinds: ['morning'], level: 'silent' });
    // Act
    await world.job({ chatIds: [CHAT, OTHER_CHAT] }).run();
    // Assess
    const text = world.telegram.messagesTo(CHAT)[0]!.plainText;
    expect(text).toContain('Daily analysis · 2026-11-21');
    expect(text).toContain('INTC');
    expect(text).not.toMatch(/past the -8\.0% stop loss/);
    expect(world.telegram.messagesTo(OTHER_CHAT)[0]!.plainText).toMatch(/past the -8\.0% stop loss/);
    // OTHER_CHAT's message carries rule alerts, which are on: it rings.
    expect(world.telegram.messagesTo(OTHER_CHAT)[0]!.disableNotification).toBeUndefined();
  });

  it('sends everything as usual with a notice when config/notifications.json cannot be read, and never rewrites it', async () => {
    // Prepare
    world = await startWorld();
    await world.aws.s3.send(new PutObjectCommand({ Bucket: world.aws.bucket, Key: 'config/notifications.json', Body: '{ not json' }));
    // Act
    const result = await world.job().run();
    // Assess
    expect(result.sent).toEqual([CHAT]);
    const [message] = world.telegram.messagesTo(CHAT);
    expect(message!.disableNotification).toBeUndefined();
    expect(message!.plainText).toContain('config/notifications.json could not be read');
    await expect(world.docs.notifications.get()).rejects.toThrow('config/notifications.json');
  });
});

describe('Function: createDailyJob (the morning chart)', () => {
  let world: World;

  afterEach(closeWorlds);

  it('sends the portfolio chart after the analysis, with the same sound, to chats with the morning analysis on or silent, and to nobody else', async () => {
    // Prepare
    world = await startWorld();
    await notify(world, CHAT, { kind: 'level', kinds: ['morning', 'ruleAlerts'], level: 'silent' });
    await notify(world, OTHER_CHAT, { kind: 'level', kinds: ['morning'], level: 'off' });
    const charts = createResvgRenderer(loadChartAssetsFromPackages);
    // Act
    const result = await world.job({ chatIds: [CHAT, OTHER_CHAT], charts, closes: true }).run();
    const again = await world.job({ chatIds: [CHAT, OTHER_CHAT], charts, closes: true }).run();
    // Assess
    expect(result.sent).toEqual([CHAT, OTHER_CHAT]);
    expect(again.sent).toEqual([]);
    const [photo, ...more] = world.telegram.photosTo(CHAT);
    expect(more).toEqual([]);
    expect(photo).toMatchObject({ format: 'png', width: 1080, disableNotification: true });
    expect(photo!.plainCaption).toContain('Portfolio');
    const chunk = pngChunks(photo!.bytes).find((c) => c.type === 'tEXt' && c.data.toString('latin1').startsWith(`${CHART_DATA_KEYWORD}\0`));
    expect(JSON.parse(chunk!.data.toString('latin1').slice(CHART_DATA_KEYWORD.length + 1))).toMatchObject({ kind: 'portfolio', range: '1y' });
    // OTHER_CHAT turned the analysis off: its rule alerts came alone, without a chart.
    expect(world.telegram.messagesTo(OTHER_CHAT)[0]!.plainText).toContain('Rule alerts');
    expect(world.telegram.photosTo(OTHER_CHAT)).toEqual([]);
  });

  it('still delivers the analysis when the chart cannot be rendered, and notes why', async () => {
    // Prepare
    world = await startWorld();
    const broken = createResvgRenderer(() => Promise.reject(new Error('no layer here')));
    // Act
    const result = await world.job({ charts: broken, closes: true }).run();
    // Assess
    expect(result).toMatchObject({ ok: true, sent: [CHAT] });
    expect(world.telegram.photosTo(CHAT)).toEqual([]);
    expect(result.log.runs[0]!.notes.join('\n')).toContain(`portfolio chart not sent to ${CHAT}`);
  });
});
