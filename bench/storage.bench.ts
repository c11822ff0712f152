/**
 * Storage bench, on the embedded servers (dynalite persisting to LevelDB in a temp dir, s3rver):
 * - ledger append latency (median, p99) on a portfolio that already holds 10,000 entries, and the
 *   requests each append makes (every append reads the whole ledger: one paginated Query, then a
 *   conditional Put);
 * - full-ledger read of 10,000 entries (latency and Query pages);
 * - the same append on an empty ledger, for contrast;
 * - idempotency overhead per Telegram update (requests of `once`);
 * - price-history cache: load of 1,000 symbols (S3 GETs thanks to sharding).
 * The 10,000 entries are seeded with BatchWriteItem (`seedLedger`, 25 items a request): appending
 * them one by one re-reads the growing ledger each time (O(n^2) items read) and would take far
 * longer than this suite's ~2-minute budget.
 */
import { dec, type Bar, type EntryDraft } from '@tradebot/core-domain';
import { DynamoIdempotencyStore, DynamoTradeLedger } from '@tradebot/storage-dynamodb';
import { S3PriceHistoryCache } from '@tradebot/storage-s3';
import { countRequests, seedLedger, startLocalAws } from '../packages/local-stack/src/aws';
import { atMost, info, median, percentile, type BenchRow, type BenchSuite } from './lib';

const LEDGER_SIZE = 10_000;
const APPENDS = 30;
const READS = 5;

const buy = (i: number): EntryDraft => ({
  kind: 'trade',
  trade: {
    side: 'buy',
    symbol: `S${i % 50}`,
    quantity: dec('1.5'),
    price: dec('123.45'),
    fees: dec('0.99'),
    currency: 'USD',
    executedAt: new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString(),
  },
  updateId: 1_000_000 + i,
});

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

const suite: BenchSuite = {
  name: 'storage',
  async run(): Promise<BenchRow[]> {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const aws = await startLocalAws();
    const rows: BenchRow[] = [];
    try {
      const dynamoRequests = countRequests(aws.dynamo);
      const s3Requests = countRequests(aws.s3);
      // A fresh instance is a cold Lambda: it has read nothing yet. A warm instance reads only new entries.
      const coldLedger = () => new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName });
      const ledger = coldLedger();

      // Seed.
      const seed = await timed(() =>
        seedLedger({ dynamo: aws.dynamo, tableName: aws.tableName, portfolioId: 'bench-10k', drafts: Array.from({ length: LEDGER_SIZE }, (_, i) => buy(i)), recordedAt: '2026-01-01T00:00:00.000Z' }),
      );
      rows.push(info('storage.ledger.seed_10k.batch_write', Math.round(seed.ms), 'ms', `${dynamoRequests.byOperation().BatchWriteItemCommand ?? 0} BatchWriteItem requests`));

      // Full read.
      const readMs: number[] = [];
      dynamoRequests.reset();
      for (let i = 0; i < READS; i += 1) {
        const cold = coldLedger();
        const read = await timed(() => cold.list('bench-10k'));
        if (read.value.length !== LEDGER_SIZE) throw new Error(`read ${read.value.length} entries, expected ${LEDGER_SIZE}`);
        readMs.push(read.ms);
      }
      const queriesPerRead = (dynamoRequests.byOperation().QueryCommand ?? 0) / READS;
      rows.push(atMost('storage.ledger.read_10k.median', Math.round(median(readMs)), 'ms', 1500, `${READS} full reads of ${LEDGER_SIZE} entries, each by a cold instance`));
      rows.push(atMost('storage.ledger.read_10k.requests', queriesPerRead, 'requests', 10, 'Query pages per full read (1 MB each)'));

      // Appends on the 10k ledger.
      const appendMs: number[] = [];
      dynamoRequests.reset();
      for (let i = 0; i < APPENDS; i += 1) {
        const cold = coldLedger();
        const appended = await timed(() => cold.append('bench-10k', buy(LEDGER_SIZE + i)));
        if (!appended.value.ok) throw new Error(appended.value.error.message);
        appendMs.push(appended.ms);
      }
      const perAppend = dynamoRequests.total() / APPENDS;
      rows.push(atMost('storage.ledger.append_at_10k.median', Math.round(median(appendMs)), 'ms', 1500, `${APPENDS} sequential appends, each by a cold instance that reads the whole ledger first`));
      rows.push(info('storage.ledger.append_at_10k.p99', Math.round(percentile(appendMs, 99)), 'ms', `${APPENDS} samples`));
      rows.push(
        atMost('storage.ledger.append_at_10k.requests', perAppend, 'requests', 10, `per append: ${JSON.stringify(Object.fromEntries(Object.entries(dynamoRequests.byOperation()).map(([k, v]) => [k, v / APPENDS])))}`),
      );

      // Appends on the 10k ledger by one warm instance (the usual case in a warm Lambda).
      const warm = coldLedger();
      await warm.list('bench-10k');
      const warmMs: number[] = [];
      dynamoRequests.reset();
      for (let i = 0; i < APPENDS; i += 1) {
        const appended = await timed(() => warm.append('bench-10k', buy(LEDGER_SIZE + APPENDS + i)));
        if (!appended.value.ok) throw new Error(appended.value.error.message);
        warmMs.push(appended.ms);
      }
      rows.push(info('storage.ledger.append_at_10k_warm.median', Math.round(median(warmMs) * 10) / 10, 'ms', `${APPENDS} appends by a warm instance: it validates against what it has read and puts at the next seq`));
      rows.push(info('storage.ledger.append_at_10k_warm.requests', dynamoRequests.total() / APPENDS, 'requests', 'per warm append (conditional Put; a Query only when another instance appended meanwhile)'));
      rows.push(info('storage.ledger.append_at_10k_warm.p99', Math.round(percentile(warmMs, 99) * 10) / 10, 'ms', `${APPENDS} samples`));

      // Appends on an empty ledger.
      const smallMs: number[] = [];
      dynamoRequests.reset();
      for (let i = 0; i < APPENDS; i += 1) {
        const appended = await timed(() => ledger.append('bench-small', buy(i)));
        if (!appended.value.ok) throw new Error(appended.value.error.message);
        smallMs.push(appended.ms);
      }
      rows.push(info('storage.ledger.append_small.median', Math.round(median(smallMs) * 10) / 10, 'ms', `${APPENDS} appends to a ledger of 0..${APPENDS - 1} entries`));
      rows.push(info('storage.ledger.append_small.requests', dynamoRequests.total() / APPENDS, 'requests', 'per append by one instance: its first append reads the (empty) ledger, the rest are a conditional Put each'));

      // Idempotency overhead per update.
      const store = new DynamoIdempotencyStore({ client: aws.dynamo, tableName: aws.tableName });
      dynamoRequests.reset();
      for (let i = 0; i < APPENDS; i += 1) await store.once(`bench-${i}`, async () => ({ reply: 'ok' }));
      rows.push(atMost('storage.idempotency.first_delivery.requests', dynamoRequests.total() / APPENDS, 'requests', 2, 'per update: claim + complete'));
      dynamoRequests.reset();
      for (let i = 0; i < APPENDS; i += 1) await store.once(`bench-${i}`, async () => ({ reply: 'again' }));
      rows.push(atMost('storage.idempotency.repeat.requests', dynamoRequests.total() / APPENDS, 'requests', 2, 'per redelivered update: failed claim + read'));

      // Price-history cache, 1,000 symbols of 250 bars.
      const cache = new S3PriceHistoryCache({ client: aws.s3, bucket: aws.dataBucket });
      const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
      const symbols = Array.from({ length: 1000 }, (_, i) => `${letters[i % 26]}${letters[Math.floor(i / 26) % 26]}${i}`);
      const bars: Bar[] = Array.from({ length: 250 }, (_, d) => ({
        date: new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString().slice(0, 10),
        close: 100 + d / 10,
        high: 101 + d / 10,
        low: 99 + d / 10,
        volume: 1_000_000 + d,
      }));
      await cache.save(new Map(symbols.map((s) => [s, bars])));
      s3Requests.reset();
      const load = await timed(() => cache.load(symbols));
      if (load.value.size !== symbols.length) throw new Error(`loaded ${load.value.size} series`);
      rows.push(atMost('storage.price_cache.load_1000.requests', s3Requests.total(), 'requests', 40, '1,000 symbols x 250 bars; one GET per shard'));
      rows.push(info('storage.price_cache.load_1000', Math.round(load.ms), 'ms'));
    } finally {
      await aws.stop();
    }
    return rows;
  },
};

export default suite;
