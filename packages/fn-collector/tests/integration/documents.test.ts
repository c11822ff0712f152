/**
 * The collector with an unreadable rules file or blacklist: the scan still runs and is saved, the
 * summary says what it went without, the cause is logged, and the files are left as they were.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Logger, SecretsProvider } from '@tradebot/core-domain';
import { startTelegramServer, startYahooServer, testAws, yahooFetch, type TelegramServer, type TestAws, type YahooServer } from '@tradebot/local-stack';
import { createS3Documents } from '@tradebot/storage-s3';
import { createCollector, type Collector } from '../../src/app';

const secrets: SecretsProvider = {
  get: async () => ({ telegramBotToken: '123:TEST', webhookSecretToken: 'unused', allowedChatIds: ['111'] }),
};

describe('Function: createCollector (unreadable optional documents)', () => {
  let aws: TestAws;
  let yahoo: YahooServer;
  let telegram: TelegramServer;
  let collector: Collector;
  const errors: string[] = [];
  const logger: Logger = { debug() {}, info() {}, warn() {}, error: (obj, msg) => errors.push(JSON.stringify({ ...obj, msg })) };
  const clock = { instant: new Date('2026-11-14T11:00:00Z'), now() { return this.instant; } };

  beforeAll(async () => {
    [aws, yahoo, telegram] = await Promise.all([testAws(), startYahooServer({ seed: 5, now: () => clock.now() }), startTelegramServer({ token: '123:TEST' })]);
    collector = createCollector({
      s3: aws.s3,
      bucket: aws.bucket,
      dynamo: aws.dynamo,
      tableName: aws.tableName,
      expectedPrices: 'simulated',
      secrets,
      telegramApiRoot: telegram.apiRoot,
      notifySummary: true,
      concurrency: 4,
      clock,
      logger,
      fetch: yahooFetch(yahoo),
      feed: { initialBackoffMs: 1, maxBackoffMs: 4, breakerThreshold: 5 },
    });
    const universe = ['symbol,name,sector', ...Array.from({ length: 6 }, (_, i) => `SIM${i},Simulated ${i},Test`)].join('\n');
    await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'config/universe.csv', Body: universe }));
  });
  afterAll(async () => {
    await Promise.all([aws?.destroy(), yahoo?.close(), telegram?.stop()]);
  });

  const putRaw = (key: string, body: string): Promise<unknown> => aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: body }));
  const getRaw = async (key: string): Promise<string> => (await aws.s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: key }))).Body!.transformToString();

  it('scans on default rules and without the blacklist, says so in the summary, logs why and leaves both files', async () => {
    // Prepare
    const rules = '{ "scan": { "minPrice": -1 } }';
    const blacklist = 'SIM0\nnot a ticker\n';
    await Promise.all([putRaw('config/rules.json', rules), putRaw('external/tickers_blacklist.txt', blacklist)]);

    // Act
    const result = await collector.run({});

    // Assess: the scan ran and was saved; SIM0 was not filtered out
    expect(result).toMatchObject({ ok: true, date: '2026-11-13', failed: 0 });
    expect(result.notices).toHaveLength(2);
    const latest = await createS3Documents({ client: aws.s3, bucket: aws.bucket }).scans.latest();
    expect(latest?.date).toBe('2026-11-13');
    // the summary message names both files once each
    const text = telegram.messagesTo('111')[0]!.plainText;
    expect(text).toContain('Drawdown scan 2026-11-13');
    expect(text.split('config/rules.json could not be read (scan.minPrice:')).toHaveLength(2);
    expect(text.split('external/tickers_blacklist.txt could not be read (line 2 is not a ticker')).toHaveLength(2);
    // the causes are logged and the files untouched
    expect(errors.some((line) => line.includes('config/rules.json') && line.includes('minPrice'))).toBe(true);
    expect(errors.some((line) => line.includes('external/tickers_blacklist.txt') && line.includes('line 2'))).toBe(true);
    expect(await getRaw('config/rules.json')).toBe(rules);
    expect(await getRaw('external/tickers_blacklist.txt')).toBe(blacklist);
  });

  it('still alerts about a failed scan when the rules are unreadable, with the notice', async () => {
    // Prepare: a later market day (the cache lacks it, so Yahoo is asked), Yahoo refusing everything
    clock.instant = new Date('2026-11-21T11:00:00Z');
    await putRaw('config/rules.json', '{ "language": "es", ');
    telegram.clear();
    yahoo.configure({ refuseAll: true });
    try {
      // Act
      const result = await collector.run({});

      // Assess
      expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('circuit breaker open') });
      const text = telegram.messagesTo('111')[0]!.plainText;
      expect(text).toContain('Drawdown scan failed');
      expect(text).toContain('config/rules.json could not be read (not valid JSON');
    } finally {
      yahoo.configure({ refuseAll: false });
    }
  });
});
