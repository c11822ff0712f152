import { dec, type PriceAlert } from '@tradebot/core-domain';
import type { HandBar } from '@tradebot/local-stack';
import { DynamoPriceAlertStore } from '@tradebot/storage-dynamodb';
import type { Collector } from '../../src/app';
import { startCollectorStack, type CollectorStack } from '../helpers/collector-stack';

const CHAT = '111';

/** Weekday bars of KO from May to 17 November 2026: a high of 70 on 3 August, 55 at the end. */
function koSeries(): HandBar[] {
  const bars: HandBar[] = [];
  for (let t = Date.parse('2026-05-01T00:00:00Z'); t <= Date.parse('2026-11-17T00:00:00Z'); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    const day = new Date(t).getUTCDay();
    if (day === 0 || day === 6) continue;
    bars.push({ date, close: date === '2026-08-03' ? 70 : date >= '2026-11-16' ? 55 : 62 });
  }
  return bars;
}

describe('Function: createCollector, price alerts', () => {
  let stack: CollectorStack;
  let collector: Collector;
  let store: DynamoPriceAlertStore;
  const alerts: Record<string, PriceAlert> = {};

  const add = async (name: string, condition: PriceAlert['condition']): Promise<void> => {
    const added = await store.add({ chatId: CHAT, symbol: 'KO', condition, createdAt: '2026-11-16T12:00:00.000Z' }, 20);
    if (!added.ok) throw new Error('not added');
    alerts[name] = added.value;
  };
  const alertMessages = (): { text: string; buttons: string[] }[] =>
    stack.telegram.messagesTo(CHAT).map((m) => ({ text: m.plainText, buttons: (m.inlineKeyboard ?? []).flat().map((b) => b.callback_data ?? '') }));

  beforeAll(async () => {
    // Tuesday 17 November 2026, 10:00 New York: the market is open.
    stack = await startCollectorStack(5, new Date('2026-11-17T15:00:00Z'));
    stack.yahoo.configure({ series: { KO: koSeries() } });
    collector = stack.collector();
    store = new DynamoPriceAlertStore({ client: stack.aws.dynamo, tableName: stack.aws.tableName });
    await add('below', { kind: 'below', price: dec(58) });
    await add('above', { kind: 'above', price: dec(100) });
    await add('drawdown', { kind: 'drawdown', pct: dec(20) });
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(() => {
    stack.telegram.clear();
    stack.yahoo.resetLog();
  });

  it('fires each alert whose condition holds once, even when two checks overlap, with the price, its time and a re-arm button', async () => {
    // Act
    const runs = await Promise.all([collector.run({ kind: 'alerts' }), collector.run({ kind: 'alerts' })]);
    // Assess
    expect(runs.map((r) => r.status)).toEqual(['alerts-checked', 'alerts-checked']);
    expect(runs.reduce((sum, r) => sum + (r.alerts && 'fired' in r.alerts ? r.alerts.fired : 0), 0)).toBe(2);
    const sent = alertMessages();
    expect(sent).toHaveLength(2);
    expect(sent).toEqual(
      expect.arrayContaining([
        { text: expect.stringContaining('KO is below 58: 55.00 USD at 2026-11-17 10:00 New York.'), buttons: [`rearm:${alerts.below!.id}`] },
        { text: expect.stringContaining('KO is 20% below its 180-day high: 55.00 USD'), buttons: [`rearm:${alerts.drawdown!.id}`] },
      ]),
    );
    expect(sent.find((m) => m.text.includes('180-day high 70.00'))?.text).toContain('21.4% below it.');
    const stored = await store.list(CHAT);
    expect(stored.map((a) => [a.id, a.status, a.fired])).toEqual([
      [alerts.below!.id, 'fired', 1],
      [alerts.above!.id, 'armed', 0],
      [alerts.drawdown!.id, 'fired', 1],
    ]);
  });

  it('does nothing, and asks Yahoo nothing, when the US market is closed: at night, on a weekend, on an NYSE holiday', async () => {
    // Prepare
    await store.rearm(CHAT, alerts.below!.id);
    const closed = ['2026-11-17T23:00:00Z', '2026-11-21T16:00:00Z', '2026-11-26T16:00:00Z'];
    // Act
    const results = [];
    for (const instant of closed) {
      stack.clock.instant = new Date(instant);
      results.push(await collector.run({ kind: 'alerts' }));
    }
    stack.clock.instant = new Date('2026-11-17T15:00:00Z');
    // Assess
    expect(results.map((r) => [r.ok, r.status])).toEqual(closed.map(() => [true, 'market-closed']));
    expect(stack.yahoo.counts().total).toBe(0);
    expect(alertMessages()).toHaveLength(0);
  });

  it('keeps an alert armed when its message cannot be sent, and fires it at the next check', async () => {
    // Prepare: alert "below" is armed again (previous test); Telegram refuses messages for now.
    stack.telegram.setMode({ kind: 'fail', status: 502 }, { method: 'sendMessage' });
    // Act
    const failed = await collector.run({ kind: 'alerts' });
    const afterFailure = (await store.list(CHAT)).find((a) => a.id === alerts.below!.id);
    stack.telegram.setMode({ kind: 'ok' });
    const retried = await collector.run({ kind: 'alerts' });
    // Assess
    expect(failed.alerts).toMatchObject({ fired: 0, notSent: 1 });
    expect(afterFailure).toMatchObject({ status: 'armed', fired: 1 });
    expect(retried.alerts).toMatchObject({ fired: 1, notSent: 0 });
    expect(alertMessages().map((m) => m.buttons)).toEqual([[`rearm:${alerts.below!.id}`]]);
  });

  it('checks the alerts in the morning run too, whatever became of the scan', async () => {
    // Prepare: Wednesday 06:00 New York; alert "above" now holds (the threshold is lowered by re-adding).
    stack.clock.instant = new Date('2026-11-18T11:00:00Z');
    await add('above50', { kind: 'above', price: dec(50) });
    // Act
    const morning = await collector.run({});
    // Assess
    expect(morning.alerts).toMatchObject({ fired: 1 });
    // (The scan itself fails here: the stand-in knows KO only. Its own message is not an alert.)
    expect(alertMessages().filter((m) => m.text.startsWith('🔔')).map((m) => m.text)).toEqual([expect.stringContaining('KO is above 50: 55.00 USD at 2026-11-17 16:00 New York.')]);
  });
});
