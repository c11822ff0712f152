import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { Clock, DocumentLease } from '@tradebot/core-domain';
import { testAws, type TestAws } from '@tradebot/local-stack';
import { DocumentLockBusyError, DynamoDocumentLock } from '../../src';

/** A clock the test moves by hand. */
const movableClock = (start: string): Clock & { advanceSeconds(s: number): void } => {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), advanceSeconds: (s) => (now += s * 1000) };
};

/** A promise and the function that resolves it (for deterministic hand-offs between tasks). */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Class: DynamoDocumentLock', () => {
  let aws: TestAws;
  beforeAll(async () => {
    aws = await testAws();
  });
  afterAll(() => aws.destroy());

  it('lets 20 concurrent read-modify-writes of one value take turns, so none is lost', async () => {
    // Prepare: a shared value changed by read, pause, write (the lost-update shape of an S3 document)
    const lock = new DynamoDocumentLock({ client: aws.dynamo, tableName: aws.tableName });
    let stored = 0;
    const increment = () =>
      lock.withLock('counter', async () => {
        const read = stored;
        await new Promise((resolve) => setImmediate(resolve));
        stored = read + 1;
      });

    // Act
    await Promise.all(Array.from({ length: 20 }, increment));

    // Assess
    expect(stored).toBe(20);
  });

  it('keeps the lease item under the DOC# prefix by default and removes it on release', async () => {
    // Prepare
    const lock = new DynamoDocumentLock({ client: aws.dynamo, tableName: aws.tableName });
    const key = { PK: { S: 'DOC#external/tickers_blacklist.txt' }, SK: { S: 'LOCK' } };
    let during: unknown;

    // Act
    await lock.withLock('external/tickers_blacklist.txt', async () => {
      during = (await aws.dynamo.send(new GetItemCommand({ TableName: aws.tableName, Key: key, ConsistentRead: true }))).Item;
    });
    const after = (await aws.dynamo.send(new GetItemCommand({ TableName: aws.tableName, Key: key, ConsistentRead: true }))).Item;

    // Assess
    expect(during).toMatchObject({ owner: { S: expect.any(String) }, expiresAt: { N: expect.any(String) } });
    expect(after).toBeUndefined();
  });

  it('releases the lease when the work throws', async () => {
    // Prepare
    const lock = new DynamoDocumentLock({ client: aws.dynamo, tableName: aws.tableName, waitTimeoutMs: 0 });

    // Act
    const failed = lock.withLock('released', async () => {
      throw new Error('work failed');
    });
    await expect(failed).rejects.toThrow('work failed');
    const next = await lock.withLock('released', async () => 'ran');

    // Assess
    expect(next).toBe('ran');
  });

  it('takes over the lease of a holder that died once it has expired, and not before', async () => {
    // Prepare: a holder takes the lease and never finishes (its process died)
    const clock = movableClock('2026-03-10T15:00:00Z');
    const dead = new DynamoDocumentLock({ client: aws.dynamo, tableName: aws.tableName, clock, leaseSeconds: 30 });
    const other = new DynamoDocumentLock({ client: aws.dynamo, tableName: aws.tableName, clock, leaseSeconds: 30, waitTimeoutMs: 0 });
    const acquired = signal();
    let deadLease: DocumentLease | undefined;
    void dead.withLock('external/user_tips.json', (lease) => {
      deadLease = lease;
      acquired.resolve();
      return new Promise<never>(() => undefined);
    });
    await acquired.promise;
    let waited = false;

    // Act: while the lease runs, the other holder gives up without running its work
    const early = other.withLock('external/user_tips.json', async () => 'too early', { onWait: () => (waited = true) });
    await expect(early).rejects.toBeInstanceOf(DocumentLockBusyError);
    clock.advanceSeconds(31);
    const late = await other.withLock('external/user_tips.json', async () => 'taken over');

    // Assess: the lease was taken over, and the dead holder (should it wake up) knows it lost it
    expect(waited).toBe(true);
    expect(late).toBe('taken over');
    expect(deadLease!.held()).toBe(false);
  });

  it('tells the holder its lease ends a safety margin before it really does', async () => {
    // Prepare
    const clock = movableClock('2026-03-10T15:00:00Z');
    const lock = new DynamoDocumentLock({ client: aws.dynamo, tableName: aws.tableName, clock, leaseSeconds: 30, safetyMarginMs: 5_000 });
    const held: boolean[] = [];

    // Act
    await lock.withLock('margin', async (lease) => {
      held.push(lease.held());
      clock.advanceSeconds(24);
      held.push(lease.held());
      clock.advanceSeconds(2);
      held.push(lease.held());
    });

    // Assess
    expect(held).toEqual([true, true, false]);
  });
});
