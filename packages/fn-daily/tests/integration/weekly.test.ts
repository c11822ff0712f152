import { dec, RulesSchema, type RulesInput } from '@tradebot/core-domain';
import { OfflineAnalyst } from '@tradebot/llm-claude';
import { startTelegramServer, startYahooServer, testAws, yahooFetch, type TelegramServer, type TestAws, type YahooServer } from '@tradebot/local-stack';
import { CachedClosingPrices, YahooPriceFeed } from '@tradebot/market-data';
import { DynamoTradeLedger } from '@tradebot/storage-dynamodb';
import { createS3Documents } from '@tradebot/storage-s3';
import { TelegramNotifier } from '@tradebot/telegram-bot';
import { Telegram } from 'telegraf';
import { createDailyJob } from '../../src/app';

const CHAT = '1001';
const TOKEN = '123456:test-token';
// AAA held since 11-02: 100 at the close before the week of 11-16 (Friday 11-13), 110 at its end
// (Friday 11-20), 121 the week after; SPY 200 -> 204, then flat. The stand-in serves only closed sessions.
const series = {
  AAA: [
    { date: '2026-11-02', close: 95 },
    { date: '2026-11-13', close: 100 },
    { date: '2026-11-16', close: 101 },
    { date: '2026-11-18', close: 103 },
    { date: '2026-11-20', close: 110 },
    { date: '2026-11-24', close: 121 },
    { date: '2026-11-27', close: 121 },
  ],
  SPY: [
    { date: '2026-10-30', close: 190 },
    { date: '2026-11-13', close: 200 },
    { date: '2026-11-16', close: 199 },
    { date: '2026-11-18', close: 201 },
    { date: '2026-11-20', close: 204 },
    { date: '2026-11-24', close: 204 },
    { date: '2026-11-27', close: 204 },
  ],
};

describe('The morning report on Mondays', () => {
  let aws: TestAws;
  let yahoo: YahooServer;
  let telegram: TelegramServer;
  let instant = new Date('2026-11-20T22:00:00Z');
  const clock = { now: () => instant };

  beforeAll(async () => {
    [aws, yahoo, telegram] = await Promise.all([testAws(), startYahooServer({ series, now: () => clock.now() }), startTelegramServer({ token: TOKEN })]);
    const ledger = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName, clock });
    const appended = await ledger.append(CHAT, {
      kind: 'trade',
      trade: { side: 'buy', symbol: 'AAA', quantity: dec(10), price: dec(95), fees: dec(0), currency: 'USD', executedAt: '2026-11-02T15:00:00.000Z' },
    });
    if (!appended.ok) throw new Error(appended.error.message);
  });
  afterAll(async () => {
    await Promise.all([yahoo.close(), telegram.stop()]);
    await aws.destroy();
  });

  const run = async (at: string, rules: RulesInput = {}): Promise<string> => {
    instant = new Date(at);
    const docs = createS3Documents({ client: aws.s3, bucket: aws.bucket });
    await docs.rules.put(RulesSchema.parse(rules));
    const prices = new YahooPriceFeed({ fetch: yahooFetch(yahoo), clock, maxRetries: 0, initialBackoffMs: 1 });
    const job = createDailyJob({
      clock,
      documents: docs,
      ledger: new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName, clock }),
      prices,
      closes: new CachedClosingPrices({ source: prices, cache: docs.priceHistory, clock }),
      analyst: new OfflineAnalyst(),
      notifier: new TelegramNotifier(new Telegram(TOKEN, { apiRoot: telegram.apiRoot })),
      chatIds: [CHAT],
    });
    const result = await job.run();
    return result.messages[CHAT] ?? '';
  };

  it("adds last week's time-weighted return against the benchmark on a Monday", async () => {
    // Act: Monday 2026-11-23, 08:00 in Madrid
    const message = await run('2026-11-23T07:00:00Z');
    // Assess: 110/100 - 1 and 204/200 - 1
    expect(message).toContain('Last week (2026-11-13 → 2026-11-20): +10.0% time-weighted vs SPY +2.0% (+8.0 pp). Simulated prices.');
  });

  it('says it in Spanish, and not on other days', async () => {
    // Act
    const monday = await run('2026-11-30T07:00:00Z', { language: 'es' });
    const tuesday = await run('2026-11-24T07:00:00Z');
    // Assess: 121/110 - 1 against a flat SPY
    expect(monday).toContain('Semana pasada (2026-11-20 → 2026-11-27): +10,0% ponderada por tiempo frente a SPY 0,0% (+10,0 pp). Precios simulados.');
    expect(tuesday).not.toContain('Last week');
  });

  it('says the week could not be measured when the price source does not answer, and still sends the report', async () => {
    // Prepare: a new Monday, the cache ends at 11-20 and the source refuses everything
    yahoo.configure({ refuseAll: true });
    try {
      // Act
      const message = await run('2026-12-07T07:00:00Z');
      // Assess
      expect(message).toContain("Last week's performance: prices could not be loaded");
      expect(message).toContain('Daily analysis · 2026-12-07');
    } finally {
      yahoo.configure({ refuseAll: false });
    }
  });
});
