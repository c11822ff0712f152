import { DeleteItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dec } from '@tradebot/core-domain';
import { DynamoIdempotencyStore, DynamoProposalStore, DynamoTradeLedger, LEDGER_STREAM_FILTER, ledgerPortfolioOf } from '@tradebot/storage-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { localDynamoClient, matchesEventPattern, startDynamoStream, testAws, type DynamoStreamProxy, type TestAws } from '../../src/aws';

const buy = (symbol: string) => ({
  kind: 'trade' as const,
  trade: { side: 'buy' as const, symbol, quantity: dec(1), price: dec(10), fees: dec(0), currency: 'USD', executedAt: '2026-11-20T10:00:00.000Z' },
});

/** The sort keys of the records of each batch the consumer got. */
const sortKeys = (batches: readonly (readonly DynamoDBRecord[])[]): string[][] => batches.map((batch) => batch.map((r) => String(r.dynamodb?.Keys?.SK?.S)));

/** A consumer that records what it was given and answers as `answer` says. */
function consumer(answer: (event: DynamoDBStreamEvent, call: number) => DynamoDBBatchResponse | Promise<DynamoDBBatchResponse>) {
  const events: DynamoDBStreamEvent[] = [];
  return {
    events,
    handle: async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
      events.push(event);
      return answer(event, events.length);
    },
  };
}

describe('Function: startDynamoStream (the DynamoDB stream and event source mapping stand-in)', () => {
  let aws: TestAws;
  let stream: DynamoStreamProxy;
  let client: DynamoDBClient;

  beforeEach(async () => {
    aws = await testAws();
  });
  afterEach(async () => {
    client?.destroy();
    await stream?.stop();
    await aws.destroy();
  });

  /** A stream on this test's table, with the writers' client on it. */
  const open = async (options: Partial<Parameters<typeof startDynamoStream>[0]> = {}): Promise<void> => {
    stream = await startDynamoStream({ target: aws.dynamoEndpoint, tableName: aws.tableName, ...options });
    client = localDynamoClient(stream.endpoint);
  };
  const put = (sk: string, pk = 'PORTFOLIO#1', condition?: string) =>
    client.send(new PutItemCommand({ TableName: aws.tableName, Item: { PK: { S: pk }, SK: { S: sk } }, ...(condition ? { ConditionExpression: condition } : {}) }));

  it("streams every write the table accepted as a KEYS_ONLY record, and hands the consumer only the ledger's, as the mapping's filter says", async () => {
    // Prepare: the real adapters, writing through the stream.
    const got = consumer(() => ({ batchItemFailures: [] }));
    await open({ filter: LEDGER_STREAM_FILTER, consumer: got.handle });
    const ledger = new DynamoTradeLedger({ client, tableName: aws.tableName });
    // Act: a ledger entry, a proposal and the model spend in the same partition, an idempotency claim.
    await ledger.append('424242', { ...buy('KO'), updateId: 1 });
    await new DynamoProposalStore({ client, tableName: aws.tableName }).create({
      id: 'p1',
      chatId: '424242',
      command: '/buy KO 1 10',
      intent: { side: 'buy', ticker: 'KO', quantity: '1', price: '10', fees: null, date: null },
      createdAt: '2026-11-20T10:00:00.000Z',
      messageAt: '2026-11-20T10:00:00.000Z',
      ledgerSeq: 1,
    });
    await new DynamoIdempotencyStore({ client, tableName: aws.tableName }).once('734512345', async () => 'done');
    await ledger.append('424242', { ...buy('PEP'), updateId: 2 });
    await stream.drained();
    // Assess: every write is a record, in order; the consumer got the two ledger entries.
    const records = stream.records();
    expect(records.length).toBeGreaterThanOrEqual(5);
    expect(records.every((r) => r.eventSource === 'aws:dynamodb' && r.dynamodb?.StreamViewType === 'KEYS_ONLY' && Object.keys(r.dynamodb.Keys ?? {}).sort().join() === 'PK,SK')).toBe(true);
    const sequence = records.map((r) => BigInt(r.dynamodb!.SequenceNumber!));
    expect(sequence).toEqual([...sequence].sort((a, b) => (a < b ? -1 : 1)));
    expect(got.events.flatMap((e) => e.Records.map((r) => r.dynamodb?.Keys?.SK?.S))).toEqual(['TRADE#0000000001', 'TRADE#0000000002']);
    // The filter and storage-dynamodb's own reading of the keys agree on every record.
    for (const record of records) expect({ key: record.dynamodb?.Keys, delivered: matchesEventPattern(LEDGER_STREAM_FILTER, record) }).toEqual({ key: record.dynamodb?.Keys, delivered: ledgerPortfolioOf(record.dynamodb?.Keys) !== null });
  });

  it('makes no record for a write the table refused, a write to another table or a read, and names a delete REMOVE', async () => {
    // Prepare
    await open();
    await put('TRADE#0000000001');
    // Act
    await expect(put('TRADE#0000000001', 'PORTFOLIO#1', 'attribute_not_exists(PK)')).rejects.toThrow();
    await expect(client.send(new PutItemCommand({ TableName: 'no-such-table', Item: { PK: { S: 'PORTFOLIO#1' }, SK: { S: 'TRADE#0000000002' } } }))).rejects.toThrow();
    await client.send(new DeleteItemCommand({ TableName: aws.tableName, Key: { PK: { S: 'PORTFOLIO#1' }, SK: { S: 'TRADE#0000000001' } } }));
    // Assess
    expect(stream.records().map((r) => [r.eventName, r.dynamodb?.Keys?.SK?.S])).toEqual([
      ['INSERT', 'TRADE#0000000001'],
      ['REMOVE', 'TRADE#0000000001'],
    ]);
  });

  it('never keeps a writer waiting for the consumer: the write is answered while a batch is still being handled', async () => {
    // Prepare: the consumer holds its first batch until the test lets it go.
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const got = consumer(async () => {
      await released;
      return { batchItemFailures: [] };
    });
    await open({ consumer: got.handle });
    // Act: both writes are answered although the first record's batch has not been acknowledged.
    await put('TRADE#0000000001');
    await put('TRADE#0000000002');
    let drained = false;
    const draining = stream.drained().then(() => {
      drained = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    const drainedWhileHeld = drained;
    release();
    await draining;
    // Assess: the second record waited for the first batch (one shard), then came in its own.
    expect(drainedWhileHeld).toBe(false);
    expect(sortKeys(stream.batches()).flat()).toEqual(['TRADE#0000000001', 'TRADE#0000000002']);
  });

  it('retries a batch from its lowest failed record (ReportBatchItemFailures), and the records after it', async () => {
    // Prepare: records wait for the consumer, so they arrive as one batch; the second fails once.
    const got = consumer((event, call) => ({ batchItemFailures: call === 1 ? [{ itemIdentifier: event.Records[1]!.dynamodb!.SequenceNumber! }] : [] }));
    await open();
    for (const seq of [1, 2, 3]) await put(`TRADE#000000000${seq}`);
    // Act
    stream.attach(got.handle);
    await stream.drained();
    // Assess
    expect(sortKeys(stream.batches())).toEqual([
      ['TRADE#0000000001', 'TRADE#0000000002', 'TRADE#0000000003'],
      ['TRADE#0000000002', 'TRADE#0000000003'],
    ]);
    expect(stream.failures()).toEqual([]);
  });

  it('retries a batch whose function failed as two halves (bisect), until each half succeeds', async () => {
    // Prepare: the function fails on any batch holding more than two records.
    const got = consumer((event) => {
      if (event.Records.length > 2) throw new Error('out of memory');
      return { batchItemFailures: [] };
    });
    await open();
    for (const seq of [1, 2, 3, 4]) await put(`TRADE#000000000${seq}`);
    // Act
    stream.attach(got.handle);
    await stream.drained();
    // Assess
    expect(sortKeys(stream.batches()).map((b) => b.length)).toEqual([4, 2, 2]);
    expect(sortKeys(stream.batches()).slice(1).flat()).toEqual(['TRADE#0000000001', 'TRADE#0000000002', 'TRADE#0000000003', 'TRADE#0000000004']);
  });

  it('gives records up to the failure destination after the retries, and goes on with the next ones', async () => {
    // Prepare: a record the consumer can never handle.
    const sent: string[][] = [];
    const got = consumer((event) => ({ batchItemFailures: event.Records.filter((r) => r.dynamodb?.Keys?.SK?.S === 'TRADE#0000000001').map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) }));
    await open({ maximumRetryAttempts: 2, onFailure: (failure) => sent.push(failure.records.map((r) => String(r.dynamodb?.Keys?.SK?.S))) });
    await put('TRADE#0000000001');
    // Act
    stream.attach(got.handle);
    await stream.drained();
    await put('TRADE#0000000002');
    await stream.drained();
    // Assess: the first try and two retries, then the destination; the next record is handled.
    expect(sortKeys(stream.batches())).toEqual([['TRADE#0000000001'], ['TRADE#0000000001'], ['TRADE#0000000001'], ['TRADE#0000000002']]);
    expect(sent).toEqual([['TRADE#0000000001']]);
    expect(stream.failures()[0]?.reason).toContain('batch item failures');
  });
});
