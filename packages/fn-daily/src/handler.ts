import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { LOG_REDACTION } from '@tradebot/core-domain';
import { CachedClosingPrices, YahooPriceFeed, yahooOriginFetch } from '@tradebot/market-data';
import { DYNAMODB_CLIENT_SETTINGS, DynamoDocumentLock, DynamoIdempotencyStore, DynamoModelSpend, DynamoTradeLedger } from '@tradebot/storage-dynamodb';
import { createS3Documents, S3_CLIENT_SETTINGS, SsmSecretsProvider } from '@tradebot/storage-s3';
import { CHART_LAYER_DIR, createResvgRenderer, loadChartAssets } from '@tradebot/telegram-bot';
import type { Context } from 'aws-lambda';
import pino from 'pino';
import { analystFor, createDailyJob, dailyLock, telegramNotifierFor, type DailyRunResult } from './app';
import { loadConfig, parseDailyEvent } from './config';
import { DailyDeliveryError } from './errors';

// Built once per cold start; every invocation of this instance reuses them.
const config = loadConfig(process.env);
const logger = pino({ level: config.LOG_LEVEL, redact: LOG_REDACTION });
const clock = { now: () => new Date() };
const docs = createS3Documents({ client: new S3Client({ ...S3_CLIENT_SETTINGS }), bucket: config.DATA_BUCKET });
const dynamo = new DynamoDBClient({ ...DYNAMODB_CLIENT_SETTINGS });
const ledger = new DynamoTradeLedger({ client: dynamo, tableName: config.TABLE_NAME, clock });
const idempotency = new DynamoIdempotencyStore({ client: dynamo, tableName: config.TABLE_NAME, clock });
const lock = dailyLock({ client: dynamo, tableName: config.TABLE_NAME, clock }, config.FUNCTION_TIMEOUT_SECONDS);
const secrets = new SsmSecretsProvider({ client: new SSMClient({}), prefix: config.SSM_PREFIX });
// The morning chart's renderer and fonts come from the chart layer (/opt/charts), read on the first chart only.
const charts = createResvgRenderer(() => loadChartAssets(CHART_LAYER_DIR));

/** What the handler returns (the log holds the rest). */
export type DailyHandlerResult = Pick<DailyRunResult, 'ok' | 'date' | 'sent' | 'alreadySent' | 'logKey'>;

/**
 * EventBridge Scheduler -> daily analysis. The event is the schedule's input (`{}` or
 * `{ "date": "YYYY-MM-DD" }`). When a chat's delivery fails the log is written first and then
 * `DailyDeliveryError` is thrown, so the platform retries; the retry sends only to those chats.
 */
export async function handler(event: unknown, context: Context): Promise<DailyHandlerResult> {
  const log = logger.child({ requestId: context.awsRequestId });
  const options = parseDailyEvent(event);
  const current = await secrets.get();
  const prices = new YahooPriceFeed({ logger: log, clock, ...(config.YAHOO_API_ROOT ? { fetch: yahooOriginFetch(config.YAHOO_API_ROOT) } : {}) });
  const job = createDailyJob({
    clock,
    documents: docs,
    ledger,
    prices,
    // Mondays: last week's return against the benchmark, from the shared price-history documents.
    closes: new CachedClosingPrices({ source: prices, cache: docs.priceHistory, clock, logger: log }),
    analyst: analystFor(current, { model: config.ANTHROPIC_MODEL, timeoutMs: config.ANTHROPIC_TIMEOUT_MS, maxRetries: config.ANTHROPIC_MAX_RETRIES }),
    notifier: telegramNotifierFor(current.telegramBotToken, config.TELEGRAM_API_ROOT),
    charts,
    chatIds: current.allowedChatIds,
    idempotency,
    lock,
    // The webhook's plain-language readings share the month's model budget.
    chatReadingsSpend: new DynamoModelSpend({ client: dynamo, tableName: config.TABLE_NAME }),
    logger: log,
  });
  const result = await job.run(options);
  if (!result.ok) throw new DailyDeliveryError(result.date, result.failed);
  return { ok: result.ok, date: result.date, sent: result.sent, alreadySent: result.alreadySent, logKey: result.logKey };
}
