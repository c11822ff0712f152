import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { countRequests, sequentialRoundTrips, startLocalAws, testAws, traceRequests, type TestAws } from '../../src/aws';

describe('Function: startLocalAws', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'tradebot-local-aws-test-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('keeps ledger items and S3 objects across a restart on the same directory', async () => {
    // Prepare
    const first = await startLocalAws({ directory });
    await first.dynamo.send(
      new PutItemCommand({ TableName: first.tableName, Item: { PK: { S: 'PORTFOLIO#1' }, SK: { S: 'TRADE#0000000001' }, note: { S: 'kept' } } }),
    );
    await first.s3.send(new PutObjectCommand({ Bucket: first.dataBucket, Key: 'config/rules.json', Body: '{"stopLossPct":5}' }));
    await first.stop();

    // Act
    const second = await startLocalAws({ directory });
    try {
      const item = await second.dynamo.send(
        new GetItemCommand({ TableName: second.tableName, Key: { PK: { S: 'PORTFOLIO#1' }, SK: { S: 'TRADE#0000000001' } } }),
      );
      const object = await second.s3.send(new GetObjectCommand({ Bucket: second.dataBucket, Key: 'config/rules.json' }));

      // Assess
      expect(second.tableName).toBe('tradebot');
      expect(second.dataBucket).toBe('tradebot-data');
      expect(item.Item?.note?.S).toBe('kept');
      expect(await object.Body?.transformToString()).toBe('{"stopLossPct":5}');
    } finally {
      await second.stop();
    }
  });
});

describe('Function: testAws', () => {
  let aws: TestAws;
  beforeAll(async () => {
    aws = await testAws();
  });
  afterAll(() => aws.destroy());

  it('gives a ready table and bucket that no other test file shares', async () => {
    // Prepare
    const other = await testAws();
    try {
      // Act
      await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'a.txt', Body: 'mine' }));

      // Assess
      expect(other.bucket).not.toBe(aws.bucket);
      expect(other.tableName).not.toBe(aws.tableName);
      await expect(other.s3.send(new GetObjectCommand({ Bucket: other.bucket, Key: 'a.txt' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
      const mine = await aws.s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: 'a.txt' }));
      expect(await mine.Body?.transformToString()).toBe('mine');
    } finally {
      await other.destroy();
    }
  });
});

describe('Function: countRequests', () => {
  let aws: TestAws;
  beforeAll(async () => {
    aws = await testAws();
  });
  afterAll(() => aws.destroy());

  it('counts each request by operation and starts over after reset', async () => {
    // Prepare
    const counter = countRequests(aws.dynamo);
    const key = { PK: { S: 'X' }, SK: { S: 'Y' } };

    // Act
    await aws.dynamo.send(new PutItemCommand({ TableName: aws.tableName, Item: key }));
    await aws.dynamo.send(new GetItemCommand({ TableName: aws.tableName, Key: key }));
    await aws.dynamo.send(new GetItemCommand({ TableName: aws.tableName, Key: key }));
    const before = counter.byOperation();
    const total = counter.total();
    counter.reset();

    // Assess
    expect(before).toEqual({ PutItemCommand: 1, GetItemCommand: 2 });
    expect(total).toBe(3);
    expect(counter.total()).toBe(0);
  });

  it('counts the requests of an S3 client that had already sent some before the counter was attached', async () => {
    // Prepare: the local S3 client caches its middleware chains (S3_CLIENT_SETTINGS), and this one
    // has resolved the PUT's and the GET's already.
    await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'counted.txt', Body: 'one' }));
    await aws.s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: 'counted.txt' }));
    const counter = countRequests(aws.s3);
    const trace = traceRequests(aws.s3, { service: 's3' });

    // Act
    await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'counted.txt', Body: 'two' }));
    const read = await aws.s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: 'counted.txt' }));

    // Assess
    expect(await read.Body?.transformToString()).toBe('two');
    expect(counter.byOperation()).toEqual({ PutObjectCommand: 1, GetObjectCommand: 1 });
    expect(trace.spans().map((s) => s.operation)).toEqual(['PutObjectCommand', 'GetObjectCommand']);
  });
});

describe('Function: jest global setup', () => {
  it('hands every test worker the endpoints of servers started once for the run', () => {
    // Prepare / Act
    const s3 = process.env.TRADEBOT_TEST_S3_ENDPOINT;
    const dynamo = process.env.TRADEBOT_TEST_DYNAMODB_ENDPOINT;

    // Assess
    expect(s3).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(dynamo).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s3).not.toBe(dynamo);
  });
});

describe('Function: traceRequests', () => {
  let aws: TestAws;
  beforeAll(async () => {
    aws = await testAws();
  });
  afterAll(() => aws.destroy());

  it('records each attempt with its operation, and requests sent together count as one round trip', async () => {
    // Prepare
    const trace = traceRequests(aws.dynamo, { service: 'dynamodb', delayMs: 5 });
    const key = { PK: { S: 'TRACE' }, SK: { S: 'ONE' } };

    // Act: a write, then two reads in flight together, then a read after them.
    await aws.dynamo.send(new PutItemCommand({ TableName: aws.tableName, Item: key }));
    const [first, second] = await Promise.all([
      aws.dynamo.send(new GetItemCommand({ TableName: aws.tableName, Key: key })),
      aws.dynamo.send(new GetItemCommand({ TableName: aws.tableName, Key: key })),
    ]);
    await aws.dynamo.send(new GetItemCommand({ TableName: aws.tableName, Key: key }));
    const spans = trace.spans();
    trace.reset();

    // Assess
    expect(first.Item?.SK?.S).toBe('ONE');
    expect(second.Item?.SK?.S).toBe('ONE');
    expect(spans.map((s) => `${s.service}:${s.operation}`)).toEqual([
      'dynamodb:PutItemCommand',
      'dynamodb:GetItemCommand',
      'dynamodb:GetItemCommand',
      'dynamodb:GetItemCommand',
    ]);
    expect(sequentialRoundTrips(spans)).toBe(3);
    expect(sequentialRoundTrips(spans, spans[0]!.end)).toBe(1);
    expect(trace.spans()).toEqual([]);
  });
});

describe('Function: sequentialRoundTrips', () => {
  it('counts requests waited for one after another, once for requests in flight together', () => {
    // Prepare: a claim, two reads side by side, a write, then a write still in flight at the reply.
    const spans = [
      { start: 0, end: 5 },
      { start: 5.1, end: 10 },
      { start: 5.2, end: 10.3 },
      { start: 10.4, end: 15 },
      { start: 15.5, end: 21 },
    ];

    // Act
    const beforeReply = sequentialRoundTrips(spans, 16);
    const all = sequentialRoundTrips(spans);

    // Assess
    expect(beforeReply).toBe(3);
    expect(all).toBe(4);
    expect(sequentialRoundTrips([])).toBe(0);
  });
});
