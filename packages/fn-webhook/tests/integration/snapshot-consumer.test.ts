import { Writable } from 'node:stream';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { dec, type EntryDraft } from '@tradebot/core-domain';
import { countRequests, localS3Client, makeStreamRecord, startFaultProxy, testAws, type FaultProxy, type TestAws } from '@tradebot/local-stack';
import { DynamoTradeLedger, idempotencyKey, portfolioKey, proposalKey, tradeKey } from '@tradebot/storage-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { createLogger, createSnapshotAdapters, createSnapshotConsumer, LOG_EVENTS, SnapshotEventError, type SnapshotConsumer } from '../../src/public';
import { DEAD_ENDPOINT, type LogLine } from '../helpers/webhook-stack';

const AT = new Date('2026-11-20T15:00:00.000Z');
const buy = (symbol: string, quantity: number, price: number, updateId: number): EntryDraft => ({
  kind: 'trade',
  updateId,
  trade: { side: 'buy', symbol, quantity: dec(quantity), price: dec(price), fees: dec(1), currency: 'USD', executedAt: '2026-11-19T15:00:00.000Z' },
});

describe('Function: createSnapshotConsumer (the positions snapshot writer, on real-shaped stream events)', () => {
  let aws: TestAws;
  let s3Proxy: FaultProxy;
  let consumerS3: S3Client;
  let consumer: SnapshotConsumer;
  let logs: LogLine[];
  let ledger: DynamoTradeLedger;
  let sequence = 0;

  /** The stream record of `chat`'s ledger entry `seq` (KEYS_ONLY, as Lambda delivers it). */
  const ledgerRecord = (chat: string, seq: number): DynamoDBRecord =>
    makeStreamRecord({ tableName: aws.tableName, keys: { PK: { S: portfolioKey(chat) }, SK: { S: tradeKey(seq) } }, sequenceNumber: String(1_000_000 + (sequence += 1)), at: AT });
  const sequenceOf = (record: DynamoDBRecord): string => record.dynamodb!.SequenceNumber!;
  const stored = async (): Promise<Record<string, unknown>> => {
    const object = await aws.s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: 'portfolio/current_positions.json' }));
    return JSON.parse(await object.Body!.transformToString()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    aws = await testAws();
    // The writer reaches S3 through a proxy, so a test can make one of its writes fail on the wire.
    s3Proxy = await startFaultProxy({ target: aws.s3Endpoint });
    consumerS3 = localS3Client(s3Proxy.endpoint);
    logs = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logs.push(JSON.parse(line) as LogLine);
        done();
      },
    });
    const clock = { now: () => AT };
    consumer = createSnapshotConsumer({
      ...createSnapshotAdapters({ s3: consumerS3, dynamo: aws.dynamo, bucket: aws.bucket, tableName: aws.tableName, clock }),
      clock,
      logger: createLogger('info', sink, 'fn-webhook-snapshot'),
    });
    ledger = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName });
    await ledger.append('111', buy('KO', 10, 60, 1));
    await ledger.append('111', buy('PEP', 2, 170, 2));
    await ledger.append('222', buy('MSFT', 1, 410, 3));
  });
  afterAll(async () => {
    consumerS3.destroy();
    await s3Proxy.stop();
    await aws.destroy();
  });

  it("writes the chat's positions from its whole ledger, for a batch of that chat's records", async () => {
    // Act
    const result = await consumer.handle({ Records: [ledgerRecord('111', 1), ledgerRecord('111', 2)] }, { awsRequestId: 'r1' });
    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await stored()).toEqual({
      portfolioId: '111',
      generatedAt: AT.toISOString(),
      positions: [
        { symbol: 'KO', currency: 'USD', quantity: '10', averageCost: '60.1', costBasis: '601', realizedPnl: '0', openedAt: '2026-11-19T15:00:00.000Z' },
        { symbol: 'PEP', currency: 'USD', quantity: '2', averageCost: '170.5', costBasis: '341', realizedPnl: '0', openedAt: '2026-11-19T15:00:00.000Z' },
      ],
      realizedBySymbol: {},
      feesByCurrency: { USD: '2' },
    });
    expect(logs.find((l) => l.event === LOG_EVENTS.snapshotsWritten && l.requestId === 'r1')).toMatchObject({ records: 2, chats: 1, failed: 0, skipped: 0 });
  });

  it('writes once per chat of a batch holding two chats, the chat whose record came last last', async () => {
    // Prepare
    const puts = countRequests(consumerS3);
    // Act
    const result = await consumer.handle({ Records: [ledgerRecord('222', 1), ledgerRecord('111', 1), ledgerRecord('222', 1)] });
    // Assess: two writes; the document holds the last one's chat.
    expect(result).toEqual({ batchItemFailures: [] });
    expect(puts.byOperation()).toEqual({ PutObjectCommand: 2 });
    expect(await stored()).toMatchObject({ portfolioId: '222', positions: [{ symbol: 'MSFT', quantity: '1' }] });
  });

  it('writes the same document for a duplicated record, for records in any order and for a late record of an older entry', async () => {
    // Prepare
    await consumer.handle({ Records: [ledgerRecord('111', 1), ledgerRecord('111', 2)] });
    const once = await stored();
    const puts = countRequests(consumerS3);
    // Act
    const duplicated = await consumer.handle({ Records: [ledgerRecord('111', 2), ledgerRecord('111', 2), ledgerRecord('111', 1)] });
    // Assess: one write, the same document.
    expect(duplicated).toEqual({ batchItemFailures: [] });
    expect(puts.byOperation()).toEqual({ PutObjectCommand: 1 });
    expect(await stored()).toEqual(once);
  });

  it('skips, and logs, records of items that are not ledger entries and records that are not stream records', async () => {
    // Prepare
    const puts = countRequests(consumerS3);
    const proposal = makeStreamRecord({ tableName: aws.tableName, keys: { PK: { S: portfolioKey('111') }, SK: { S: proposalKey('p1') } }, sequenceNumber: '2000001' });
    const claim = makeStreamRecord({ tableName: aws.tableName, keys: { PK: { S: idempotencyKey('734512345') }, SK: { S: 'UPDATE' } }, sequenceNumber: '2000002' });
    // Act
    const result = await consumer.handle({ Records: [proposal, claim, { eventName: 'INSERT' }] }, { awsRequestId: 'r-skip' });
    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(puts.total()).toBe(0);
    expect(logs.filter((l) => l.requestId === 'r-skip' && l.level === 40).map((l) => l.msg)).toEqual([
      'stream record of an item that is not a ledger entry; skipped',
      'stream record of an item that is not a ledger entry; skipped',
      'not a DynamoDB stream record; skipped',
    ]);
    expect(logs.find((l) => l.event === LOG_EVENTS.snapshotsWritten && l.requestId === 'r-skip')).toMatchObject({ records: 3, chats: 0, skipped: 3 });
  });

  it("returns as batch item failures exactly the records of the chat whose snapshot S3 did not take, and writes the other chat's", async () => {
    // Prepare: chat 111's PUT finds S3 gone (its retries too); S3 is back for chat 222's.
    const first = s3Proxy.hold((r) => r.method === 'PUT' && /"portfolioId": "111"/.test(r.body));
    const second = s3Proxy.hold((r) => r.method === 'PUT' && /"portfolioId": "222"/.test(r.body));
    void first.reached.then(() => {
      s3Proxy.retarget(DEAD_ENDPOINT);
      first.release();
    });
    void second.reached.then(() => {
      s3Proxy.retarget(aws.s3Endpoint);
      second.release();
    });
    const records = [ledgerRecord('111', 1), ledgerRecord('222', 1), ledgerRecord('111', 2)];
    // Act
    const result = await consumer.handle({ Records: records }, { awsRequestId: 'r-fail' });
    // Assess
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([sequenceOf(records[0]!), sequenceOf(records[2]!)].sort());
    expect(await stored()).toMatchObject({ portfolioId: '222' });
    expect(logs.find((l) => l.requestId === 'r-fail' && l.level === 50)).toMatchObject({ chatId: '111', records: 2, msg: expect.stringContaining('retried') });
    expect(logs.find((l) => l.event === LOG_EVENTS.snapshotsWritten && l.requestId === 'r-fail')).toMatchObject({ chats: 1, failed: 1 });
  });

  it('returns the records of a chat whose ledger cannot be read (a corrupt item) as failures, and writes nothing for it', async () => {
    // Prepare
    await aws.dynamo.send(new PutItemCommand({ TableName: aws.tableName, Item: { PK: { S: portfolioKey('333') }, SK: { S: tradeKey(1) }, seq: { N: '1' }, kind: { S: 'trade' } } }));
    const puts = countRequests(consumerS3);
    const record = ledgerRecord('333', 1);
    // Act
    const result = await consumer.handle({ Records: [record] });
    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(record) }] });
    expect(puts.total()).toBe(0);
  });

  it('refuses an event that is not a stream event, naming what is wrong', async () => {
    // Act + Assess
    await expect(consumer.handle({ records: [] })).rejects.toThrow(SnapshotEventError);
    await expect(consumer.handle({ records: [] })).rejects.toThrow(/not a DynamoDB stream event: Records/);
  });
});
