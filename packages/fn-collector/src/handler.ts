import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { LOG_REDACTION } from '@tradebot/core-domain';
import { yahooOriginFetch } from '@tradebot/market-data';
import { DYNAMODB_CLIENT_SETTINGS } from '@tradebot/storage-dynamodb';
import { S3_CLIENT_SETTINGS, SsmSecretsProvider } from '@tradebot/storage-s3';
import type { Context } from 'aws-lambda';
import pino from 'pino';
import { createCollector, type CollectorRunResult } from './app';
import { loadConfig } from './config';
import { runOutcomeLog } from './log-events';

// Built once per cold start; every invocation of this instance reuses them.
const config = loadConfig(process.env);
const logger = pino({ level: config.LOG_LEVEL, redact: LOG_REDACTION });
const collector = createCollector({
  s3: new S3Client({ ...S3_CLIENT_SETTINGS }),
  bucket: config.DATA_BUCKET,
  dynamo: new DynamoDBClient({ ...DYNAMODB_CLIENT_SETTINGS }),
  tableName: config.TABLE_NAME,
  functionTimeoutSeconds: config.FUNCTION_TIMEOUT_SECONDS,
  universeKey: config.UNIVERSE_KEY,
  secrets: new SsmSecretsProvider({ client: new SSMClient({}), prefix: config.SSM_PREFIX }),
  notifySummary: config.SCAN_NOTIFY,
  expectedPrices: config.SCAN_EXPECTED_PRICES,
  concurrency: config.SCAN_CONCURRENCY,
  ...(config.TELEGRAM_API_ROOT ? { telegramApiRoot: config.TELEGRAM_API_ROOT } : {}),
  ...(config.YAHOO_API_ROOT ? { fetch: yahooOriginFetch(config.YAHOO_API_ROOT) } : {}),
  clock: { now: () => new Date() },
  logger,
});

/**
 * EventBridge Scheduler -> drawdown scan. The event is the schedule's input (`{}`, or
 * `{ "asOf": "YYYY-MM-DD", "limit": N, "force": true }`). Two schedules deliver it: 06:00 and a
 * retry at 07:30 New York. A date is scanned and summarised once: a redelivery or the retry after a
 * saved scan does nothing (`already-scanned`); a failed run leaves the date unclaimed, so the retry
 * does the work. A failed scan is reported in the result and the logs, not thrown: the scheduler's
 * immediate retries would only hit a refusing source again.
 */
export async function handler(event: unknown, context: Context): Promise<CollectorRunResult> {
  const result = await collector.run(event);
  const log = logger.child({ requestId: context.awsRequestId });
  const outcome = runOutcomeLog(result);
  log[outcome.level](outcome.fields, outcome.message);
  return result;
}
