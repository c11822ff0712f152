import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { Collector } from '../../src/app';
import { startCollectorStack, type CollectorStack } from '../helpers/collector-stack';

const summariesOf = (stack: CollectorStack, date: string): number =>
  stack.telegram.messagesTo('111').filter((m) => m.plainText.includes(`Drawdown scan ${date}`)).length;

describe('Function: createCollector, once per scan date', () => {
  let stack: CollectorStack;
  let collector: Collector;

  beforeAll(async () => {
    stack = await startCollectorStack(13, new Date('2026-11-14T11:00:00Z'));
    collector = stack.collector();
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(() => {
    stack.telegram.clear();
    stack.yahoo.configure({ refuseAll: false });
  });

  it('scans and summarises a date once: a redelivery of the event does nothing and says so', async () => {
    // Prepare: Saturday 06:00 New York; the scan date is Friday 2026-11-13.
    stack.clock.instant = new Date('2026-11-14T11:00:00Z');
    const first = await collector.run({});
    stack.yahoo.resetLog();
    // Act
    const again = await collector.run({});
    // Assess
    expect(first).toMatchObject({ ok: true, status: 'saved', date: '2026-11-13', prices: 'simulated', summarySent: true });
    expect(again).toMatchObject({ ok: true, status: 'already-scanned', date: '2026-11-13', summarySent: false });
    expect(stack.yahoo.counts().total).toBe(0);
    expect(summariesOf(stack, '2026-11-13')).toBe(1);
    const claim = await stack.aws.dynamo.send(
      new GetItemCommand({ TableName: stack.aws.tableName, Key: { PK: { S: 'UPDATE#scan#2026-11-13#simulated' }, SK: { S: 'UPDATE' } } }),
    );
    expect(claim.Item?.status?.S).toBe('COMPLETED');
  });

  it('scans and summarises a date once when two deliveries arrive together', async () => {
    // Prepare: Tuesday 06:00 New York; the scan date is Monday 2026-11-16.
    stack.clock.instant = new Date('2026-11-17T11:00:00Z');
    // Act
    const results = await Promise.all([collector.run({}), collector.run({})]);
    // Assess: one did the work; the other found it in progress (or, if it looked late, done).
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 'saved')).toHaveLength(1);
    expect(['already-scanned', 'in-progress']).toContain(statuses.find((s) => s !== 'saved'));
    expect(results.every((r) => r.ok && r.date === '2026-11-16')).toBe(true);
    expect(summariesOf(stack, '2026-11-16')).toBe(1);
  });

  it('leaves a failed date unclaimed, so the 07:30 retry scans and summarises it, once', async () => {
    // Prepare: Wednesday 06:00 New York, Yahoo refuses everything.
    stack.clock.instant = new Date('2026-11-18T11:00:00Z');
    stack.yahoo.configure({ refuseAll: true });
    const failed = await collector.run({});
    stack.yahoo.configure({ refuseAll: false });
    stack.clock.instant = new Date('2026-11-18T12:30:00Z');
    // Act
    const retry = await collector.run({});
    const redelivered = await collector.run({});
    // Assess
    expect(failed).toMatchObject({ ok: false, status: 'failed', date: '2026-11-17' });
    expect(retry).toMatchObject({ ok: true, status: 'saved', date: '2026-11-17', summarySent: true });
    expect(redelivered).toMatchObject({ status: 'already-scanned', date: '2026-11-17' });
    expect((await stack.documents.scans.latest())?.date).toBe('2026-11-17');
    expect(summariesOf(stack, '2026-11-17')).toBe(1);
  });

  it('scans and summarises a done date again when the input says force', async () => {
    // Prepare: 2026-11-17 was scanned by the previous test.
    stack.clock.instant = new Date('2026-11-18T13:00:00Z');
    // Act
    const forced = await collector.run({ force: true });
    // Assess
    expect(forced).toMatchObject({ ok: true, status: 'saved', date: '2026-11-17', summarySent: true });
    expect(summariesOf(stack, '2026-11-17')).toBe(1);
  });

  it('writes a limit run apart: the day\'s scan, latest.json and the date stay as they were, and no summary goes out', async () => {
    // Prepare: Thursday 06:00 New York; the scan date is 2026-11-18.
    stack.clock.instant = new Date('2026-11-19T11:00:00Z');
    const before = await stack.documents.scans.latest();
    // Act
    const partial = await collector.run({ limit: 3 });
    // Assess
    expect(partial).toMatchObject({ ok: true, status: 'saved-apart', date: '2026-11-18', summarySent: false });
    expect(await stack.documents.scans.latest()).toEqual(before);
    expect(await stack.documents.scans.rows('2026-11-18')).toBeNull();
    expect(await stack.documents.partialScans.latest()).toMatchObject({ date: '2026-11-18', universeSize: 3, csvKey: 'scans/drawdown/partial/2026-11-18.csv' });
    expect(summariesOf(stack, '2026-11-18')).toBe(0);
    // The date is still to be scanned in full.
    expect(await collector.run({})).toMatchObject({ status: 'saved', date: '2026-11-18', summarySent: true });
  });

  it('saves apart, and says so, a run whose prices did not come from live Yahoo; the date stays unclaimed', async () => {
    // Prepare: a collector that expects live Yahoo (the production default), answered by the stand-in.
    const live = stack.collector({ expectedPrices: undefined });
    stack.clock.instant = new Date('2026-11-20T11:00:00Z');
    const before = await stack.documents.scans.latest();
    // Act
    const result = await live.run({});
    const again = await live.run({});
    // Assess
    expect(result).toMatchObject({
      ok: false,
      status: 'saved-apart',
      date: '2026-11-19',
      prices: 'simulated',
      summarySent: false,
      notice: expect.stringContaining('SIMULATED'),
    });
    expect(again).toMatchObject({ status: 'saved-apart', prices: 'simulated' });
    expect(await stack.documents.scans.latest()).toEqual(before);
    expect(await stack.documents.partialScans.latest()).toMatchObject({ date: '2026-11-19', prices: 'simulated' });
    expect(summariesOf(stack, '2026-11-19')).toBe(0);
  });
});
