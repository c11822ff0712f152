import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dec } from '@tradebot/core-domain';
import { DynamoIdempotencyStore, DynamoTradeLedger } from '@tradebot/storage-dynamodb';
import { testAws, type TestAws } from '../../src/aws';
import { UPDATE_ID_FILE } from '../../src/local-data';
import { highestStoredUpdateId, openUpdateIds } from '../../src/start/update-ids';

describe('Function: openUpdateIds', () => {
  let aws: TestAws;
  let dir: string;
  beforeAll(async () => {
    aws = await testAws();
  });
  afterAll(() => aws.destroy());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tradebot-ids-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('continues from the counter on disk, across openings', async () => {
    // Act
    const first = await openUpdateIds(dir, async () => 0);
    const a = first.next();
    const b = first.next();
    const second = await openUpdateIds(dir, () => Promise.reject(new Error('the counter exists: the table must not be read')));
    const c = second.next();

    // Assess
    expect([a, b, c]).toEqual([100_001, 100_002, 100_003]);
    expect(readFileSync(join(dir, UPDATE_ID_FILE), 'utf8')).toBe('100003\n');
  });

  it('without a counter (a data directory from before it existed) starts above every id the table holds', async () => {
    // Prepare: ids used by earlier runs, in idempotency records and in a ledger entry.
    const idempotency = new DynamoIdempotencyStore({ client: aws.dynamo, tableName: aws.tableName });
    await idempotency.once('100007', async () => 'done');
    await idempotency.once('daily#2026-11-20#424242', async () => 'sent');
    const ledger = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName });
    const trade = { side: 'buy', symbol: 'AAPL', quantity: dec(1), price: dec(100), fees: dec(0), currency: 'USD', executedAt: '2026-11-20T10:00:00.000Z' } as const;
    await ledger.append('ids-1', { kind: 'trade', updateId: 100_009, trade });

    // Act
    const ids = await openUpdateIds(dir, () => highestStoredUpdateId(aws.dynamo, aws.tableName));

    // Assess
    expect(ids.next()).toBe(100_010);
  });

  it('reads an unreadable counter as missing', async () => {
    // Prepare
    writeFileSync(join(dir, UPDATE_ID_FILE), 'garbage');
    // Act
    const ids = await openUpdateIds(dir, async () => 100_500);
    // Assess
    expect(ids.next()).toBe(100_501);
  });
});
