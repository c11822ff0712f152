import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { dec, DomainErrorCode, replay, type EntryDraft, type EntrySource } from '@tradebot/core-domain';
import { attachMiddleware, countRequests, detachMiddleware, testAws, type TestAws } from '@tradebot/local-stack';
import { CorruptLedgerItemError, DynamoTradeLedger, LedgerContentionError } from '../../src';

const trade = (side: 'buy' | 'sell', quantity: string, price = '10', extra: EntrySource = {}): EntryDraft => ({
  kind: 'trade',
  trade: { side, symbol: 'AAPL', quantity: dec(quantity), price: dec(price), fees: dec('0.5'), currency: 'USD', executedAt: '2026-01-02T15:00:00.000Z' },
  ...extra,
});

describe('Class: DynamoTradeLedger', () => {
  let aws: TestAws;
  let ledger: DynamoTradeLedger;
  beforeAll(async () => {
    aws = await testAws();
    ledger = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName, clock: { now: () => new Date('2026-01-02T16:00:00.000Z') } });
  });
  afterAll(() => aws.destroy());

  it('appends entries with seq 1, 2, ... and reads them back exactly, decimals and sources included', async () => {
    // Act
    const first = await ledger.append('p-basic', trade('buy', '1.123456789', '182.305', { updateId: 77 }));
    const second = await ledger.append('p-basic', { kind: 'void', voids: 1, reason: 'typo', importId: 'row-1' });
    const listed = await ledger.list('p-basic');

    // Assess
    expect(first.ok && first.value.entry.seq).toBe(1);
    expect(second.ok && second.value.entries.map((e) => e.seq)).toEqual([1, 2]);
    expect(listed).toHaveLength(2);
    const [buy, undo] = listed;
    expect(buy).toMatchObject({ seq: 1, kind: 'trade', updateId: 77, recordedAt: '2026-01-02T16:00:00.000Z' });
    expect(buy?.kind === 'trade' && buy.trade.quantity.toFixed()).toBe('1.123456789');
    expect(buy?.kind === 'trade' && buy.trade.price.toFixed()).toBe('182.305');
    expect(undo).toEqual({ seq: 2, kind: 'void', voids: 1, reason: 'typo', importId: 'row-1', recordedAt: '2026-01-02T16:00:00.000Z' });
    expect(await ledger.list('p-other')).toEqual([]);
  });

  it('records 50 concurrent buys as exactly 50 entries, seq 1..50 without a gap, holding their sum', async () => {
    // Prepare
    const quantities = Array.from({ length: 50 }, (_, i) => String(i + 1));

    // Act
    const results = await Promise.all(quantities.map((q) => ledger.append('p-race', trade('buy', q))));
    const entries = await ledger.list('p-race');

    // Assess
    expect(results.every((r) => r.ok)).toBe(true);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(replay(entries).positions.get('AAPL')?.quantity.toFixed()).toBe(String((50 * 51) / 2));
  });

  it('lets only one of two concurrent sells through when together they exceed the holding', async () => {
    // Prepare
    await ledger.append('p-sells', trade('buy', '10'));

    // Act
    const [a, b] = await Promise.all([ledger.append('p-sells', trade('sell', '6')), ledger.append('p-sells', trade('sell', '6'))]);
    const entries = await ledger.list('p-sells');

    // Assess
    const outcomes = [a, b];
    expect(outcomes.filter((r) => r.ok)).toHaveLength(1);
    const refused = outcomes.find((r) => !r.ok);
    expect(refused?.ok === false && refused.error.code).toBe(DomainErrorCode.InsufficientQuantity);
    expect(refused?.ok === false && refused.error.message).toMatch(/cannot sell 6 AAPL: you hold 4/);
    expect(entries.map((e) => e.seq)).toEqual([1, 2]);
    expect(replay(entries).positions.get('AAPL')?.quantity.toFixed()).toBe('4');
  });

  it('refuses a sale of shares not held and writes nothing', async () => {
    // Act
    const result = await ledger.append('p-empty', trade('sell', '1'));

    // Assess
    expect(result.ok).toBe(false);
    expect(await ledger.list('p-empty')).toEqual([]);
  });

  it('reads a ledger longer than one DynamoDB page in full and in order', async () => {
    // Prepare: items of ~30 KB each, so 60 of them span two 1 MB Query pages.
    const counter = countRequests(aws.dynamo);
    const padding = 'x'.repeat(30_000);
    for (let seq = 1; seq <= 60; seq += 1) {
      await aws.dynamo.send(
        new PutItemCommand({
          TableName: aws.tableName,
          Item: {
            PK: { S: 'PORTFOLIO#p-long' },
            SK: { S: `TRADE#${String(seq).padStart(10, '0')}` },
            seq: { N: String(seq) },
            recordedAt: { S: '2026-01-02T16:00:00.000Z' },
            kind: { S: 'trade' },
            side: { S: 'buy' },
            symbol: { S: 'AAPL' },
            quantity: { S: '1' },
            price: { S: '1' },
            fees: { S: '0' },
            currency: { S: 'USD' },
            executedAt: { S: '2026-01-02T15:00:00.000Z' },
            importId: { S: padding },
          },
        }),
      );
    }
    counter.reset();

    // Act
    const entries = await ledger.list('p-long');

    // Assess
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(counter.byOperation().QueryCommand).toBeGreaterThan(1);
  });

  it('names the item when a stored entry has a shape it never writes', async () => {
    // Prepare
    await aws.dynamo.send(
      new PutItemCommand({ TableName: aws.tableName, Item: { PK: { S: 'PORTFOLIO#p-bad' }, SK: { S: 'TRADE#0000000001' }, seq: { N: '1' }, kind: { S: 'gift' } } }),
    );

    // Act
    const listing = ledger.list('p-bad');

    // Assess
    await expect(listing).rejects.toBeInstanceOf(CorruptLedgerItemError);
    await expect(ledger.list('p-bad')).rejects.toThrow(/PORTFOLIO#p-bad \/ TRADE#0000000001/);
  });

  it('gives up with a clear error after its bounded attempts when it keeps losing the race', async () => {
    // Prepare: a ledger allowed one attempt, against 5 writers at once.
    const impatient = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName, maxAttempts: 1 });

    // Act
    const settled = await Promise.allSettled(Array.from({ length: 5 }, () => impatient.append('p-busy', trade('buy', '1'))));

    // Assess
    const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    const written = await ledger.list('p-busy');
    expect(failures.length + written.length).toBe(5);
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) expect(f.reason).toBeInstanceOf(LedgerContentionError);
    expect(written.map((e) => e.seq)).toEqual(Array.from({ length: written.length }, (_, i) => i + 1));
  });

  it('reads only entries it has not seen yet on a warm instance, and still sees what other instances wrote', async () => {
    // Prepare: two instances, as two warm Lambdas would have; count the items each Query returns.
    const itemsReturned: number[] = [];
    attachMiddleware(
      aws.dynamo,
      (next: (args: unknown) => Promise<{ output: unknown }>, context: { commandName?: string }) => async (args: unknown) => {
        const result = await next(args);
        if (context.commandName === 'QueryCommand') itemsReturned.push((result.output as { Count?: number }).Count ?? 0);
        return result;
      },
      { step: 'initialize', name: 'countQueryItems' },
    );
    const warm = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName });
    const other = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName });
    try {
      for (let i = 0; i < 20; i += 1) await other.append('p-warm', trade('buy', '1'));
      expect(await warm.list('p-warm')).toHaveLength(20);
      itemsReturned.length = 0;

      // Act: the other instance records two more; the warm one reads, then sells all 22.
      await other.append('p-warm', trade('buy', '1'));
      await other.append('p-warm', trade('buy', '1'));
      const listed = await warm.list('p-warm');
      const sale = await warm.append('p-warm', trade('sell', '22', '11'));
      const tooMuch = await warm.append('p-warm', trade('sell', '1', '11'));

      // Assess: 22 entries seen, yet after warm-up the only Queries are the warm read (the 2 new
      // items) and the check behind the refusal (nothing new): warm appends put without reading first.
      expect(listed.map((e) => e.seq)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
      expect(itemsReturned).toEqual([2, 0]);
      expect(sale.ok && sale.value.entry.seq).toBe(23);
      expect(tooMuch.ok).toBe(false);
      expect(!tooMuch.ok && tooMuch.error.code).toBe(DomainErrorCode.InsufficientQuantity);
      expect(replay(await other.list('p-warm')).positions.size).toBe(0);
    } finally {
      detachMiddleware(aws.dynamo, 'countQueryItems');
    }
  });

  it('re-checks a warm refusal against the current ledger before refusing', async () => {
    // Prepare: the warm instance saw the position closed; another instance then bought 5.
    const warm = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName });
    const other = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName });
    await warm.append('p-stale', trade('buy', '2'));
    await warm.append('p-stale', trade('sell', '2', '11'));
    await other.append('p-stale', trade('buy', '5'));

    // Act: by what the warm instance knows, it holds nothing.
    const sale = await warm.append('p-stale', trade('sell', '3', '12'));
    const tooMuch = await warm.append('p-stale', trade('sell', '3', '12'));

    // Assess: the sale is recorded after catching up; the next one is refused on fresh figures.
    expect(sale.ok && sale.value.entry.seq).toBe(4);
    expect(!tooMuch.ok && tooMuch.error.message).toBe('You cannot sell 3 AAPL: you hold 2.');
    expect((await other.list('p-stale')).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('puts optimistically on a warm instance and catches up when another instance took the seq', async () => {
    // Prepare
    const warm = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName });
    const other = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName });
    await warm.append('p-optimistic', trade('buy', '1'));
    await other.append('p-optimistic', trade('buy', '1'));
    await other.append('p-optimistic', trade('buy', '1'));

    // Act: the warm instance still believes seq 2 is next.
    const appended = await warm.append('p-optimistic', trade('sell', '3', '12'));

    // Assess: it caught up (entries 2 and 3) and sold all three at seq 4.
    expect(appended.ok && appended.value.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(replay(await other.list('p-optimistic')).positions.size).toBe(0);
  });

  it('hands back the state after a trade, replayed with what was stored (also after catching up), and none for a void', async () => {
    // Prepare: a warm instance that will miss the buy another instance writes.
    const warm = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName });
    const other = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName });
    await warm.append('p-state', trade('buy', '4', '10'));
    await other.append('p-state', trade('buy', '2', '13'));

    // Act
    const sale = await warm.append('p-state', trade('sell', '5', '12', { updateId: 9 }));
    const undo = await warm.append('p-state', { kind: 'void', voids: 3 });
    const stored = await other.list('p-state');

    // Assess
    expect(sale.ok && sale.value.state).toEqual(replay(stored.slice(0, 3)));
    expect(sale.ok && sale.value.state?.positions.get('AAPL')?.quantity.toFixed()).toBe('1');
    expect(sale.ok && sale.value.state?.closed.map((c) => c.seq)).toEqual([3]);
    expect(undo.ok && undo.value.state).toBeUndefined();
  });

  it('records a Telegram update once: a redelivery after a crashed first run gets the entry it wrote', async () => {
    // Prepare: the first run wrote the entry and died before completing its idempotency record
    const firstRun = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName });
    await firstRun.append('p-redelivered', trade('buy', '3', '10', { updateId: 501 }));
    const coldInstance = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName });

    // Act: the takeover on another instance runs the same command again
    const again = await coldInstance.append('p-redelivered', trade('buy', '3', '10', { updateId: 501 }));

    // Assess
    expect(again.ok && again.value.alreadyRecorded).toBe(true);
    expect(again.ok && again.value.entry.seq).toBe(1);
    expect((await ledger.list('p-redelivered')).map((e) => e.seq)).toEqual([1]);
  });

  it('records an update once even when a warm instance had not seen the first run\'s entry', async () => {
    // Prepare: a warm instance knows the ledger up to seq 1; another instance records update 602
    const warm = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName });
    await warm.append('p-stale-redelivery', trade('buy', '1', '10', { updateId: 601 }));
    const other = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName });
    await other.append('p-stale-redelivery', trade('buy', '2', '10', { updateId: 602 }));

    // Act: the warm instance runs update 602 again with its stale cache
    const again = await warm.append('p-stale-redelivery', trade('buy', '2', '10', { updateId: 602 }));
    const entries = await ledger.list('p-stale-redelivery');

    // Assess
    expect(again.ok && again.value.alreadyRecorded).toBe(true);
    expect(again.ok && again.value.entry.seq).toBe(2);
    expect(entries.map((e) => e.updateId)).toEqual([601, 602]);
  });

  it('does not mistake a different update for a repeat', async () => {
    // Act
    const first = await ledger.append('p-distinct', trade('buy', '1', '10', { updateId: 701 }));
    const second = await ledger.append('p-distinct', trade('buy', '1', '10', { updateId: 702 }));

    // Assess
    expect(first.ok && first.value.alreadyRecorded).toBeFalsy();
    expect(second.ok && second.value.alreadyRecorded).toBeFalsy();
    expect((await ledger.list('p-distinct')).map((e) => e.seq)).toEqual([1, 2]);
  });
});
