/**
 * A complete local world for the daily job: embedded S3 and DynamoDB (fresh bucket and table),
 * the Yahoo, Anthropic and Telegram Bot API test servers, and the real adapters pointed at them.
 */
import { dec, RulesSchema, type Analyst, type Clock, type DailyLog, type Logger, type RulesInput, type ScanRow, type ScanSummary } from '@tradebot/core-domain';
import { ClaudeAnalyst, OfflineAnalyst } from '@tradebot/llm-claude';
import {
  startAnthropicServer,
  startTelegramServer,
  startYahooServer,
  testAws,
  yahooFetch,
  type AnthropicServer,
  type TelegramServer,
  type TestAws,
  type YahooServer,
} from '@tradebot/local-stack';
import { CachedClosingPrices, YahooPriceFeed } from '@tradebot/market-data';
import { DynamoIdempotencyStore, DynamoModelSpend, DynamoTradeLedger } from '@tradebot/storage-dynamodb';
import { createS3Documents, type S3Documents } from '@tradebot/storage-s3';
import { TelegramNotifier, type ChartRenderer } from '@tradebot/telegram-bot';
import { Telegram } from 'telegraf';
import { createDailyJob, dailyLock, type DailyJob } from '../../src/app';

export const CHAT = '1001';
export const OTHER_CHAT = '1002';
export const BOT_TOKEN = '123456:test-token';
/** 08:00 in Madrid on Saturday 2026-11-21. */
export const NOW = new Date('2026-11-21T07:00:00.000Z');

/** [symbol, quantity, average cost, previous close, last close]: PFE past its stop loss, NVDA past its take profit. */
const HOLDINGS: [string, string, string, number, number][] = [
  ['AAPL', '10', '170', 191.1, 189.95],
  ['NVDA', '20', '98.40', 128.9, 131.72],
  ['PFE', '40', '29.80', 26.4, 26.05],
];

const scanRow = (rank: number, symbol: string, drawdownPct: number): ScanRow => ({
  rank,
  symbol,
  name: `${symbol} Inc.`,
  sector: 'Industrials',
  lastClose: 50,
  lastDate: '2026-11-20',
  peakClose: 50 / (1 - drawdownPct / 100),
  peakDate: '2026-06-01',
  drawdownPct,
  daysSincePeak: 150,
  lowClose: 45,
  aboveLowPct: 11.1,
  avgVolume20: 2e6,
});

/** The scan: INTC and BA are candidates, WBA is blacklisted, PFE is held. */
export const SCAN: ScanSummary = {
  date: '2026-11-20',
  generatedAt: '2026-11-20T11:05:00.000Z',
  lookbackDays: 180,
  universeSize: 1000,
  scanned: 1000,
  failed: 0,
  skipped: 0,
  durationMs: 1000,
  csvKey: 'scans/drawdown/2026-11-20.csv',
  top: [scanRow(1, 'WBA', 55), scanRow(2, 'INTC', 48.7), scanRow(3, 'PFE', 31.2), scanRow(4, 'BA', 34.9)],
  failures: [],
};

/** An earlier day's log that cost `totalCostUsd` (what the month-to-date spend reads). */
export function loggedSpend(date: string, totalCostUsd: string): DailyLog {
  return { version: 1, date, timezone: 'Europe/Madrid', runs: [], totalCostUsd, chats: {} };
}

export interface World {
  readonly aws: TestAws;
  readonly docs: S3Documents;
  readonly anthropic: AnthropicServer;
  readonly telegram: TelegramServer;
  readonly yahoo: YahooServer;
  readonly clock: Clock;
  /** A job wired to the world; `analyst` defaults to Claude on the Anthropic server (no retries, 2 s timeout). */
  job(options?: { analyst?: Analyst; chatIds?: readonly string[]; idempotency?: boolean; lock?: boolean; logger?: Logger; charts?: ChartRenderer; closes?: boolean; chatReadingsSpend?: boolean }): DailyJob;
  claude(options?: { timeoutMs?: number; maxRetries?: number }): ClaudeAnalyst;
  offline(): OfflineAnalyst;
  close(): Promise<void>;
}

const open = new Set<() => Promise<void>>();

/** Stops every world still running (use in `afterEach`), even one whose start failed half-way. */
export async function closeWorlds(): Promise<void> {
  await Promise.all([...open].map((close) => close()));
}

/** Starts every server, seeds rules, blacklist, tips, the scan and a portfolio for `CHAT` and `OTHER_CHAT`. */
export async function startWorld(rules: RulesInput = {}): Promise<World> {
  const aws = await testAws();
  const docs = createS3Documents({ client: aws.s3, bucket: aws.bucket });
  const anthropic = await startAnthropicServer({ reply: 'PFE hit its stop loss: decide today. INTC is the most beaten-down candidate. Not advice.', outputTokens: 40 });
  const telegram = await startTelegramServer({ token: BOT_TOKEN });
  const series = Object.fromEntries(
    HOLDINGS.map(([symbol, , , previous, last]) => [
      symbol,
      [
        { date: '2026-11-19', close: previous },
        { date: '2026-11-20', close: last },
      ],
    ]),
  );
  const yahoo = await startYahooServer({ series, now: () => NOW, symbols: HOLDINGS.map(([s]) => s) });
  const clock: Clock = { now: () => NOW };
  const close = async (): Promise<void> => {
    open.delete(close);
    await Promise.all([anthropic.close(), telegram.stop(), yahoo.close()]);
    await aws.destroy();
  };
  open.add(close);
  const ledger = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName, clock });
  await seed(docs, rules);
  await seedLedger(ledger);


  const world: World = {
    aws,
    docs,
    anthropic,
    telegram,
    yahoo,
    clock,
    claude: (options = {}) => new ClaudeAnalyst({ apiKey: 'test-key', baseURL: anthropic.url, maxRetries: options.maxRetries ?? 0, timeoutMs: options.timeoutMs ?? 2_000 }),
    offline: () => new OfflineAnalyst(),
    job: (options = {}) =>
      createDailyJob({
        clock,
        documents: docs,
        ledger,
        prices: new YahooPriceFeed({ fetch: yahooFetch(yahoo), clock, maxRetries: 1, initialBackoffMs: 1 }),
        analyst: options.analyst ?? world.claude(),
        notifier: new TelegramNotifier(new Telegram(BOT_TOKEN, { apiRoot: telegram.apiRoot })),
        chatIds: options.chatIds ?? [CHAT],
        ...(options.idempotency ? { idempotency: new DynamoIdempotencyStore({ client: aws.dynamo, tableName: aws.tableName, clock }) } : {}),
        ...(options.lock ? { lock: dailyLock({ client: aws.dynamo, tableName: aws.tableName, clock }, 60) } : {}),
        ...(options.chatReadingsSpend ? { chatReadingsSpend: new DynamoModelSpend({ client: aws.dynamo, tableName: aws.tableName }) } : {}),
        ...(options.logger ? { logger: options.logger } : {}),
        ...(options.charts ? { charts: options.charts } : {}),
        ...(options.closes ? { closes: new CachedClosingPrices({ source: new YahooPriceFeed({ fetch: yahooFetch(yahoo), clock, maxRetries: 1, initialBackoffMs: 1 }), cache: docs.priceHistory, clock }) } : {}),
      }),
    close,
  };
  return world;
}

async function seed(docs: S3Documents, rules: RulesInput): Promise<void> {
  await docs.rules.put(RulesSchema.parse(rules));
  await docs.blacklist.update(() => ['WBA']);
  await docs.scans.save(SCAN.top, SCAN);
}

async function seedLedger(ledger: DynamoTradeLedger): Promise<void> {
  for (const chat of [CHAT, OTHER_CHAT]) {
    for (const [symbol, qty, avg] of HOLDINGS) {
      const appended = await ledger.append(chat, {
        kind: 'trade',
        trade: { side: 'buy', symbol, quantity: dec(qty), price: dec(avg), fees: dec(0), currency: 'USD', executedAt: '2026-03-02T15:00:00.000Z' },
      });
      if (!appended.ok) throw new Error(appended.error.message);
    }
  }
}
