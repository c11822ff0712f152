import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Clock, Logger } from '@tradebot/core-domain';
import { CachedClosingPrices, YahooPriceFeed } from '@tradebot/market-data';
import { DynamoDocumentLock, DynamoIdempotencyStore, DynamoModelSpend, DynamoPriceAlertStore, DynamoProposalStore, DynamoTradeLedger } from '@tradebot/storage-dynamodb';
import { MonthModelSpend } from './model-spend';
import { createS3Documents } from '@tradebot/storage-s3';
import type { BotPorts, ChartRenderer } from '@tradebot/telegram-bot';
import type { WebhookAppDependencies } from './app';
import { webhookTimings } from './timings';

/** What `createAdapters` needs: clients and names, plus test hooks. */
export interface AdapterOptions {
  readonly s3: S3Client;
  readonly dynamo: DynamoDBClient;
  readonly bucket: string;
  readonly tableName: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Transport for Yahoo (tests and `pnpm start` inject the local server's `yahooFetch`). */
  readonly fetch?: typeof fetch;
  readonly linkExpirySeconds?: number;
  /** Yahoo retries; a chat reply should not wait long for prices (default 1). */
  readonly priceRetries?: number;
  /** The Lambda's timeout (`FUNCTION_TIMEOUT_SECONDS`): sets how long an update stays in progress (`webhookTimings`). */
  readonly functionTimeoutSeconds?: number;
  /** How long a delivery waits for another run of the same update (default: from the timeout; tests shorten it). */
  readonly inProgressWaitMs?: number;
  /** How long a change of a shared document (blacklist, tips, rules) waits for its lease (default: from the timeout, like the wait above; concurrency tests on a loaded machine lengthen it). */
  readonly documentLockWaitMs?: number;
  /** Renders `/chart` (the Lambda: the chart layer's renderer; tests and `pnpm start`: node_modules'). Without it `/chart` says charts are unavailable. */
  readonly charts?: ChartRenderer;
}

/** The adapters the webhook uses, one set per process: the bot's ports plus update idempotency. */
export type WebhookAdapters = BotPorts & Pick<WebhookAppDependencies, 'idempotency'>;

/**
 * Builds the storage and market-data adapters on the given clients. Use it wherever the webhook is
 * wired (the Lambda module scope, `pnpm start`, tests and benches), so they all run the same code.
 */
export function createAdapters(options: AdapterOptions): WebhookAdapters {
  const timings = webhookTimings(options.functionTimeoutSeconds);
  const documents = createS3Documents({
    client: options.s3,
    bucket: options.bucket,
    ...(options.linkExpirySeconds ? { linkExpirySeconds: options.linkExpirySeconds } : {}),
    // Blacklist and tips changes from concurrent updates (and instances) take turns: none is lost.
    // The lease outlasts any run (a holder cannot outlive its timeout); the wait fits in a command's time.
    lock: new DynamoDocumentLock({
      client: options.dynamo,
      tableName: options.tableName,
      clock: options.clock,
      leaseSeconds: timings.inProgressLeaseSeconds,
      waitTimeoutMs: options.documentLockWaitMs ?? timings.inProgressWaitMs,
    }),
  });
  const prices = new YahooPriceFeed({
    ...(options.fetch ? { fetch: options.fetch } : {}),
    clock: options.clock,
    logger: options.logger,
    // A person is waiting for the reply: fail fast and let the bot say prices are unavailable.
    maxRetries: options.priceRetries ?? 1,
    timeoutMs: 4000,
    initialBackoffMs: 100,
  });
  return {
    ledger: new DynamoTradeLedger({ client: options.dynamo, tableName: options.tableName, clock: options.clock }),
    alerts: new DynamoPriceAlertStore({ client: options.dynamo, tableName: options.tableName }),
    proposals: new DynamoProposalStore({ client: options.dynamo, tableName: options.tableName }),
    // One monthly model budget: the chat's readings and the daily job's analyses.
    modelSpend: new MonthModelSpend(new DynamoModelSpend({ client: options.dynamo, tableName: options.tableName }), documents.dailyLogs, options.clock, options.logger),
    ...(options.charts ? { charts: options.charts } : {}),
    idempotency: new DynamoIdempotencyStore({
      client: options.dynamo,
      tableName: options.tableName,
      clock: options.clock,
      inProgressTimeoutSeconds: timings.inProgressLeaseSeconds,
      waitTimeoutMs: options.inProgressWaitMs ?? timings.inProgressWaitMs,
    }),
    rules: documents.rules,
    notifications: documents.notifications,
    lessons: documents.lessons,
    blacklist: documents.blacklist,
    tips: documents.tips,
    snapshots: documents.snapshots,
    scans: documents.scans,
    links: documents.links,
    prices,
    // History is fetched lazily, once per symbol and range, kept in the price-history documents and
    // in this instance's memory: a warm /performance reads nothing but the ledger.
    closes: new CachedClosingPrices({ source: prices, cache: documents.priceHistory, clock: options.clock, logger: options.logger }),
  };
}
