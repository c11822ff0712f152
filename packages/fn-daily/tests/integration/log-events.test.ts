import type { Logger } from '@tradebot/core-domain';
import { dailyLogSchema } from '@tradebot/core-domain';
import { LOG_EVENTS, microUsd } from '../../src/log-events';
import { CHAT, closeWorlds, startWorld } from '../helpers/world';

/** A logger that keeps every info line's fields. */
function recordingLogger(): Logger & { readonly info_: Record<string, unknown>[] } {
  const info_: Record<string, unknown>[] = [];
  return { info_, debug() {}, warn() {}, error() {}, info: (fields) => info_.push({ ...(fields as Record<string, unknown>) }) };
}

describe('Function: createDailyJob (monitoring events)', () => {
  afterEach(closeWorlds);

  it('ends a delivered run with a daily.completed event, ok, and its Claude cost in micro-dollars', async () => {
    // Prepare
    const world = await startWorld();
    const logger = recordingLogger();
    // Act
    await world.job({ logger }).run();
    // Assess: the cost is the log's, exactly, as an integer the metric filter can add up
    const events = logger.info_.filter((f) => f.event === LOG_EVENTS.dailyCompleted);
    expect(events).toHaveLength(1);
    const log = dailyLogSchema().parse(await world.docs.dailyLogs.get('2026-11-21'));
    expect(events[0]).toMatchObject({ ok: true, date: '2026-11-21', sent: 1, failed: 0, costUsd: log.totalCostUsd, costMicroUsd: microUsd(log.totalCostUsd) });
    expect(events[0]!.costMicroUsd).toBeGreaterThan(0);
    expect(Number.isInteger(events[0]!.costMicroUsd)).toBe(true);
  });

  it('marks a run whose Telegram delivery failed as not ok, so "daily did not run" still counts it as missing', async () => {
    // Prepare
    const world = await startWorld();
    world.telegram.failNext(1, 500);
    const logger = recordingLogger();
    // Act
    const result = await world.job({ logger }).run();
    // Assess
    expect(result.failed).toEqual([CHAT]);
    expect(logger.info_.filter((f) => f.event === LOG_EVENTS.dailyCompleted)).toEqual([expect.objectContaining({ ok: false, failed: 1 })]);
  });
});

describe('Function: microUsd', () => {
  it.each([
    ['0', 0],
    ['0.0123456', 12346],
    ['0.0000004', 0],
    ['0.0000005', 1],
    ['4.99', 4990000],
  ])('turns %s USD into %d millionths, rounding half up', (cost, expected) => {
    // Assess
    expect(microUsd(cost)).toBe(expected);
  });
});
