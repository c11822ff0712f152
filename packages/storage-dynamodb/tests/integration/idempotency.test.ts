import { dec, type Clock, type EntryDraft } from '@tradebot/core-domain';
import { testAws, type TestAws } from '@tradebot/local-stack';
import { DynamoIdempotencyStore, DynamoTradeLedger, IdempotencyInProgressError } from '../../src';

const buy = (updateId: number): EntryDraft => ({
  kind: 'trade',
  trade: { side: 'buy', symbol: 'MSFT', quantity: dec('2'), price: dec('400'), fees: dec('1'), currency: 'USD', executedAt: '2026-01-02T15:00:00.000Z' },
  updateId,
});

/** A clock the test moves by hand. */
const movableClock = (start: string): Clock & { advanceSeconds(s: number): void } => {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), advanceSeconds: (s) => (now += s * 1000) };
};

describe('Class: DynamoIdempotencyStore', () => {
  let aws: TestAws;
  let ledger: DynamoTradeLedger;
  let store: DynamoIdempotencyStore;
  beforeAll(async () => {
    aws = await testAws();
    ledger = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName });
    store = new DynamoIdempotencyStore({ client: aws.dynamo, tableName: aws.tableName, pollIntervalMs: 10 });
  });
  afterAll(() => aws.destroy());

  /** What the webhook does with one update: record the buy, reply with its seq. */
  const handleUpdate = (portfolio: string, updateId: number) =>
    store.once(`${updateId}`, async (): Promise<{ reply: string; seq: number | null }> => {
      const result = await ledger.append(portfolio, buy(updateId));
      if (!result.ok) return { reply: result.error.message, seq: null };
      return { reply: `Recorded #${result.value.entry.seq}: bought 2 MSFT at 400.`, seq: result.value.entry.seq };
    });

  it('records an update processed 5 times in a row once, with the same reply each time', async () => {
    // Act
    const replies = [];
    for (let i = 0; i < 5; i += 1) replies.push(await handleUpdate('p-seq', 1001));

    // Assess
    expect(await ledger.list('p-seq')).toHaveLength(1);
    expect(new Set(replies.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(replies[0]).toEqual({ reply: 'Recorded #1: bought 2 MSFT at 400.', seq: 1 });
  });

  it('records an update delivered 5 times at once once, every delivery getting the same reply', async () => {
    // Act
    const replies = await Promise.all(Array.from({ length: 5 }, () => handleUpdate('p-conc', 2002)));

    // Assess
    expect(await ledger.list('p-conc')).toHaveLength(1);
    expect(replies).toEqual(Array.from({ length: 5 }, () => ({ reply: 'Recorded #1: bought 2 MSFT at 400.', seq: 1 })));
  });

  it('lets a retry redo work that threw, and keeps the retry result', async () => {
    // Prepare
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      if (calls === 1) throw new Error('Telegram unreachable');
      return { reply: 'done' };
    };

    // Act
    const first = store.once('3003', flaky);
    await expect(first).rejects.toThrow('Telegram unreachable');
    const second = await store.once('3003', flaky);
    const third = await store.once('3003', flaky);

    // Assess
    expect(second).toEqual({ reply: 'done' });
    expect(third).toEqual({ reply: 'done' });
    expect(calls).toBe(2);
  });

  it('takes over a key whose worker crashed once its in-progress record expired', async () => {
    // Prepare: a worker that never finishes holds the key (its work starts once the claim is written).
    const clock = movableClock('2026-01-02T10:00:00.000Z');
    const timed = new DynamoIdempotencyStore({ client: aws.dynamo, tableName: aws.tableName, clock, inProgressTimeoutSeconds: 60, waitTimeoutMs: 100, pollIntervalMs: 10 });
    await new Promise<void>((claimed) => {
      void timed.once('4004', () => {
        claimed();
        return new Promise<never>(() => undefined);
      });
    });

    // Act
    const blocked = timed.once('4004', async () => 'second');
    await expect(blocked).rejects.toBeInstanceOf(IdempotencyInProgressError);
    clock.advanceSeconds(61);
    const takenOver = await timed.once('4004', async () => 'second');

    // Assess
    expect(takenOver).toBe('second');
    expect(await timed.once('4004', async () => 'third')).toBe('second');
  });

  it('replaces the stored result of a completed key, so a repeat gets the new one and the work never runs again', async () => {
    // Prepare
    let runs = 0;
    const work = async () => {
      runs += 1;
      return { reply: 'Buy recorded', delivered: false };
    };
    await store.once('6006', work);

    // Act
    const replaced = await store.replaceResult('6006', { reply: 'Buy recorded', delivered: true });
    const repeat = await store.once('6006', work);

    // Assess
    expect(replaced).toBe(true);
    expect(repeat).toEqual({ reply: 'Buy recorded', delivered: true });
    expect(runs).toBe(1);
  });

  it('never creates a record or touches a run in progress when asked to replace a result', async () => {
    // Prepare: a run that is still going holds 7007.
    const clock = movableClock('2026-01-02T10:00:00.000Z');
    const timed = new DynamoIdempotencyStore({ client: aws.dynamo, tableName: aws.tableName, clock, completedTtlSeconds: 60, waitTimeoutMs: 50, pollIntervalMs: 10 });
    let finish!: (value: string) => void;
    let firstRun!: Promise<string>;
    await new Promise<void>((started) => {
      firstRun = timed.once('7007', () => {
        started();
        return new Promise<string>((resolve) => (finish = resolve));
      });
    });
    await timed.once('7008', async () => 'done');

    // Act
    const unknown = await timed.replaceResult('7009', 'invented');
    const inProgress = await timed.replaceResult('7007', 'invented');
    clock.advanceSeconds(61);
    const expired = await timed.replaceResult('7008', 'invented');

    // Assess: nothing was written, so unknown keys still run their work and the live run keeps its key.
    expect([unknown, inProgress, expired]).toEqual([false, false, false]);
    expect(await timed.once('7009', async () => 'ran')).toBe('ran');
    await expect(timed.once('7007', async () => 'second')).rejects.toBeInstanceOf(IdempotencyInProgressError);
    finish('first');
    expect(await firstRun).toBe('first');
  });

  it('runs the work again once the completed record has expired', async () => {
    // Prepare
    const clock = movableClock('2026-01-02T10:00:00.000Z');
    const timed = new DynamoIdempotencyStore({ client: aws.dynamo, tableName: aws.tableName, clock, completedTtlSeconds: 3600 });
    await timed.once('5005', async () => 'first');

    // Act
    const within = await timed.once('5005', async () => 'again');
    clock.advanceSeconds(3601);
    const after = await timed.once('5005', async () => 'again');

    // Assess
    expect(within).toBe('first');
    expect(after).toBe('again');
  });
});
