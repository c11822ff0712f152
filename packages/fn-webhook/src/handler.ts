import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
// The subpath, not the package's index: the index also re-exports the analyst, whose SDK client
// esbuild would then keep in index.js instead of the file the first reading loads (docs/packaging.md).
import { ClaudeInterpreter } from '@tradebot/llm-claude/interpreter';
import { yahooOriginFetch } from '@tradebot/market-data';
import { DYNAMODB_CLIENT_SETTINGS } from '@tradebot/storage-dynamodb';
import { S3_CLIENT_SETTINGS, SsmSecretsProvider } from '@tradebot/storage-s3';
import { CHART_LAYER_DIR, createResvgRenderer, loadChartAssets } from '@tradebot/telegram-bot';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createWebhookApp } from './app';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { createAdapters } from './wiring';

// Built once per cold start; every invocation of this instance reuses them.
const config = loadConfig(process.env);
const logger = createLogger(config.LOG_LEVEL);
const clock = { now: () => new Date() };
const app = createWebhookApp({
  ...createAdapters({
    s3: new S3Client({ ...S3_CLIENT_SETTINGS }),
    dynamo: new DynamoDBClient({ ...DYNAMODB_CLIENT_SETTINGS }),
    bucket: config.DATA_BUCKET,
    tableName: config.TABLE_NAME,
    clock,
    logger,
    linkExpirySeconds: config.LINK_EXPIRY_SECONDS,
    functionTimeoutSeconds: config.FUNCTION_TIMEOUT_SECONDS,
    // The renderer and its fonts come from the chart layer (/opt/charts), read on the first /chart only.
    charts: createResvgRenderer(() => loadChartAssets(CHART_LAYER_DIR)),
    ...(config.YAHOO_API_ROOT ? { fetch: yahooOriginFetch(config.YAHOO_API_ROOT) } : {}),
  }),
  secrets: new SsmSecretsProvider({ client: new SSMClient({}), prefix: config.SSM_PREFIX }),
  clock,
  logger,
  botUsername: config.TELEGRAM_BOT_USERNAME,
  ...(config.TELEGRAM_API_ROOT ? { telegramApiRoot: config.TELEGRAM_API_ROOT } : {}),
  undoWindowMs: config.UNDO_WINDOW_HOURS * 3_600_000,
  linkExpirySeconds: config.LINK_EXPIRY_SECONDS,
  functionTimeoutSeconds: config.FUNCTION_TIMEOUT_SECONDS,
  // Plain text the deterministic reader cannot read goes to Claude, only when the key is set in SSM
  // (the SDK reads ANTHROPIC_BASE_URL itself, as in fn-daily: the local stack points it at its stand-in).
  interpreterFor: (apiKey) => new ClaudeInterpreter({ apiKey, ...(config.ANTHROPIC_MODEL ? { model: config.ANTHROPIC_MODEL } : {}) }),
});

/** API Gateway HTTP API (payload v2) -> Telegram bot. */
export async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
  return app.handle(event, context);
}
