import { DependencyError, dec } from '@tradebot/core-domain';
import { localDynamoClient, startDynamoServer } from '@tradebot/local-stack';
import { DynamoIdempotencyStore, DynamoTradeLedger, StorageUnavailableError } from '../../src';

describe('Function: vendor error translation', () => {
  it('reports an unreachable DynamoDB as StorageUnavailableError (a DependencyError) keeping the cause', async () => {
    // Prepare: a server that was stopped, so its port refuses connections.
    const server = await startDynamoServer();
    await server.stop();
    const client = localDynamoClient(server.endpoint);
    const ledger = new DynamoTradeLedger({ client, tableName: 'tradebot' });
    const store = new DynamoIdempotencyStore({ client, tableName: 'tradebot' });

    try {
      // Act (each awaited at once: a rejection nobody listens to yet would be reported as unhandled)
      const listing = await ledger.list('p1').catch((error: unknown) => error);
      const appending = await ledger
        .append('p1', {
          kind: 'trade',
          trade: { side: 'buy', symbol: 'AAPL', quantity: dec(1), price: dec(1), fees: dec(0), currency: 'USD', executedAt: '2026-01-02T15:00:00.000Z' },
        })
        .catch((error: unknown) => error);
      const failure = (await store.once('1', async () => 'never').catch((error: unknown) => error)) as StorageUnavailableError;

      // Assess
      expect(listing).toBeInstanceOf(StorageUnavailableError);
      expect(appending).toBeInstanceOf(DependencyError);
      expect(failure).toBeInstanceOf(StorageUnavailableError);
      expect(failure.name).toBe('StorageUnavailableError');
      expect(failure.dependency).toBe('DynamoDB');
      expect(failure.operation).toBe('PutItem');
      // The SDK's own network error, not a stand-in: the port refused the connection.
      expect(failure.cause).toBeInstanceOf(Error);
      expect((failure.cause as Error).message).toMatch(/ECONNREFUSED 127\.0\.0\.1:\d+/);
    } finally {
      client.destroy();
    }
  });

  it('reports a missing table as StorageUnavailableError naming the operation', async () => {
    // Prepare
    const server = await startDynamoServer();
    const client = localDynamoClient(server.endpoint);
    const ledger = new DynamoTradeLedger({ client, tableName: 'no-such-table' });

    try {
      // Act
      const listing = ledger.list('p1');

      // Assess
      await expect(listing).rejects.toThrow(/DynamoDB Query failed: ResourceNotFoundException/);
    } finally {
      client.destroy();
      await server.stop();
    }
  });
});
