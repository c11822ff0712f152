/** The collector on the local stand-ins: embedded S3 and DynamoDB, the Yahoo and Telegram servers. */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Logger, SecretsProvider } from '@tradebot/core-domain';
import { startTelegramServer, startYahooServer, testAws, yahooFetch, type TelegramServer, type TestAws, type YahooServer } from '@tradebot/local-stack';
import { createS3Documents, type S3Documents } from '@tradebot/storage-s3';
import { createCollector, type Collector, type CollectorOptions } from '../../src/app';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const secrets: SecretsProvider = {
  get: async () => ({ telegramBotToken: '123:TEST', webhookSecretToken: 'unused', allowedChatIds: ['111'] }),
};

/** A clock the test moves. */
export interface MovableClock {
  instant: Date;
  now(): Date;
}

export interface CollectorStack {
  readonly aws: TestAws;
  readonly yahoo: YahooServer;
  readonly telegram: TelegramServer;
  readonly clock: MovableClock;
  readonly documents: S3Documents;
  /** A collector on this stack (simulated prices expected unless `overrides` say otherwise). */
  collector(overrides?: Partial<CollectorOptions>): Collector;
  close(): Promise<void>;
}

/**
 * Starts the stand-ins with a 12-symbol universe override (SIM0..SIM11, SIM0 blacklisted) and rules
 * that filter nothing else, so every scan ranks 11 symbols. Call in `beforeAll`, `close` in `afterAll`.
 */
export async function startCollectorStack(seed: number, start: Date): Promise<CollectorStack> {
  const clock: MovableClock = { instant: start, now() { return this.instant; } };
  const [aws, yahoo, telegram] = await Promise.all([testAws(), startYahooServer({ seed, now: () => clock.now() }), startTelegramServer({ token: '123:TEST' })]);
  const documents = createS3Documents({ client: aws.s3, bucket: aws.bucket });
  const universe = ['symbol,name,sector', ...Array.from({ length: 12 }, (_, i) => `SIM${i},Simulated ${i} & Co,Test`)].join('\n');
  await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'config/universe.csv', Body: universe }));
  await documents.rules.put({ ...(await documents.rules.get()), scan: { lookbackDays: 180, minPrice: 0, minAvgVolume: 0, topN: 25 } });
  await documents.blacklist.update(() => ['SIM0']);
  return {
    aws,
    yahoo,
    telegram,
    clock,
    documents,
    collector: (overrides = {}) =>
      createCollector({
        s3: aws.s3,
        bucket: aws.bucket,
        dynamo: aws.dynamo,
        tableName: aws.tableName,
        secrets,
        telegramApiRoot: telegram.apiRoot,
        notifySummary: true,
        concurrency: 4,
        clock,
        logger: silent,
        fetch: yahooFetch(yahoo),
        expectedPrices: 'simulated',
        feed: { initialBackoffMs: 1, maxBackoffMs: 4, breakerThreshold: 5 },
        ...overrides,
      }),
    close: async () => {
      await Promise.all([aws.destroy(), yahoo.close(), telegram.stop()]);
    },
  };
}
