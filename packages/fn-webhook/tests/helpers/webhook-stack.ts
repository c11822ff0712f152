import { Writable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Clock, LedgerEntry } from '@tradebot/core-domain';
import {
  countRequests,
  localDynamoClient,
  localS3Client,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  makeUpdate,
  makeWebhookEvent,
  startDynamoStream,
  startTelegramServer,
  startYahooServer,
  testAws,
  yahooFetch,
  type DynamoStreamProxy,
  type RequestCounter,
  type TelegramServer,
  type TestAws,
  type YahooServer,
  type YahooServerOptions,
} from '@tradebot/local-stack';
import { LEDGER_STREAM_FILTER } from '@tradebot/storage-dynamodb';
import { EnvSecretsProvider } from '@tradebot/storage-s3';
import { createResvgRenderer, loadChartAssetsFromPackages } from '@tradebot/telegram-bot';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Logger as PinoLogger } from 'pino';
import {
  createAdapters,
  createLogger,
  createSnapshotAdapters,
  createSnapshotConsumer,
  createWebhookApp,
  type AdapterOptions,
  type WebhookAdapters,
  type WebhookApp,
  type WebhookAppDependencies,
} from '../../src/public';

export const TOKEN = '7000000001:TEST-token';
export const SECRET = 'a-long-random-webhook-secret-token';
export const CHAT = 424242;
export const STRANGER = 555;
export const BOT_USERNAME = 'tradebot_test_bot';
export const DEAD_ENDPOINT = 'http://127.0.0.1:9';

/** One log line as pino wrote it. */
export type LogLine = Record<string, unknown> & { level: number; msg?: string };

export interface WebhookStack {
  /** The stores; `aws.dynamo` is the app's client, on the table's stream (`stream.endpoint`). */
  readonly aws: TestAws;
  /**
   * The table's DynamoDB stream (local-stack's stand-in), feeding the positions snapshot writer as
   * in AWS: its own clients, its own logs (`writerLogs`), never on the webhook's path. Await
   * `stream.drained()` before reading what it writes.
   */
  readonly stream: DynamoStreamProxy;
  readonly writerLogs: LogLine[];
  readonly telegram: TelegramServer;
  readonly yahoo: YahooServer;
  readonly adapters: WebhookAdapters;
  readonly logs: LogLine[];
  /** The pino logger whose lines land in `logs`. */
  readonly logger: PinoLogger;
  /** Requests the app's DynamoDB and S3 clients sent, by operation. */
  readonly requests: { readonly dynamo: RequestCounter; readonly s3: RequestCounter };
  app: WebhookApp;
  /** Posts a chat message through the webhook with the right secret. */
  say(text: string, options?: { chatId?: number; updateId?: number }): Promise<{ status: number; replies: string[] }>;
  post(event: APIGatewayProxyEventV2): Promise<number>;
  entries(chatId?: number): Promise<LedgerEntry[]>;
  /** Keys in the data bucket, once the stream has been drained (its writer's documents included). */
  keys(): Promise<string[]>;
  /** Rebuilds the app on a dead S3 and/or DynamoDB endpoint. */
  breakStores(which: { s3?: boolean; dynamo?: boolean }): void;
  /** Rebuilds the app and its adapters on the same stores: a new Lambda instance (a cold start). */
  coldStart(): void;
  stop(): Promise<void>;
}

let nextUpdateId = 1000;

/** What a test may change in the stack. */
export interface WebhookStackOptions {
  /** Chats served (default: CHAT). */
  readonly allowed?: readonly number[];
  /** Default: the wall clock. */
  readonly clock?: Clock;
  /** Extra adapter options (idempotency timings...). */
  readonly adapters?: Partial<AdapterOptions>;
  /** Extra app options (delivery budget...). */
  readonly app?: Partial<WebhookAppDependencies>;
  /** Options of the Yahoo stand-in (hand-built series...). */
  readonly yahoo?: YahooServerOptions;
  /** The Anthropic API key in the secrets (default: none, as when SSM has no `anthropic-api-key`). */
  readonly anthropicApiKey?: string;
}

/** The webhook app on embedded S3/DynamoDB, the local Telegram and Yahoo servers, pino logs captured. */
export async function webhookStack(options: WebhookStackOptions = {}): Promise<WebhookStack> {
  const [stores, telegram, yahoo] = await Promise.all([
    testAws(),
    startTelegramServer({ token: TOKEN, botUsername: BOT_USERNAME }),
    startYahooServer({ symbols: ['AAPL', 'MSFT', 'KO'], ...options.yahoo }),
  ]);
  const sinkInto = (lines: LogLine[]): Writable =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
        done();
      },
    });
  const logs: LogLine[] = [];
  const logger = createLogger('info', sinkInto(logs));
  const clock = options.clock ?? { now: () => new Date() };
  // The table's stream and the positions snapshot writer behind it, on clients of their own: the
  // webhook's client writes through the stream, as every writer does in AWS.
  const stream = await startDynamoStream({ target: stores.dynamoEndpoint, tableName: stores.tableName, filter: LEDGER_STREAM_FILTER });
  const aws: TestAws = { ...stores, dynamo: localDynamoClient(stream.endpoint), dynamoEndpoint: stream.endpoint };
  const writerClients = { s3: localS3Client(stores.s3Endpoint), dynamo: localDynamoClient(stores.dynamoEndpoint) };
  const writerLogs: LogLine[] = [];
  const writer = createSnapshotConsumer({
    ...createSnapshotAdapters({ ...writerClients, bucket: stores.bucket, tableName: stores.tableName, clock }),
    clock,
    logger: createLogger('info', sinkInto(writerLogs), 'fn-webhook-snapshot'),
  });
  stream.attach((event) => writer.handle(event));
  const requests = { dynamo: countRequests(aws.dynamo), s3: countRequests(aws.s3) };
  const secrets = new EnvSecretsProvider({
    env: {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      ALLOWED_CHAT_IDS: (options.allowed ?? [CHAT]).join(','),
      ...(options.anthropicApiKey ? { ANTHROPIC_API_KEY: options.anthropicApiKey } : {}),
    },
    runningInLambda: false,
  });
  const dead: { s3?: S3Client; dynamo?: DynamoDBClient } = {};
  // The same renderer as the Lambda's, its files read from node_modules instead of the layer.
  const charts = createResvgRenderer(loadChartAssetsFromPackages);
  const build = (s3: S3Client, dynamo: DynamoDBClient): { adapters: WebhookAdapters; app: WebhookApp } => {
    const adapters = createAdapters({ s3, dynamo, bucket: aws.bucket, tableName: aws.tableName, clock, logger, fetch: yahooFetch(yahoo), priceRetries: 0, charts, ...options.adapters });
    return {
      adapters,
      app: createWebhookApp({ ...adapters, secrets, clock, logger, botUsername: BOT_USERNAME, telegramApiRoot: telegram.apiRoot, ...options.app }),
    };
  };
  const healthy = build(aws.s3, aws.dynamo);
  const stack: WebhookStack = {
    aws,
    stream,
    writerLogs,
    telegram,
    yahoo,
    adapters: healthy.adapters,
    logs,
    logger,
    requests,
    app: healthy.app,
    async say(text, opts = {}) {
      const chatId = opts.chatId ?? CHAT;
      const before = telegram.messagesTo(chatId).length;
      const update = makeUpdate({ text, chatId, updateId: opts.updateId ?? nextUpdateId++ });
      const status = await stack.post(makeWebhookEvent({ body: update, secretToken: SECRET }));
      return { status, replies: telegram.messagesTo(chatId).slice(before).map((m) => m.plainText) };
    },
    async post(event) {
      const result = await stack.app.handle(event, { awsRequestId: `req-${nextUpdateId}` });
      return result.statusCode ?? 0;
    },
    entries: (chatId = CHAT) => healthy.adapters.ledger.list(String(chatId)),
    async keys() {
      await stream.drained();
      const listed = await aws.s3.send(new ListObjectsV2Command({ Bucket: aws.bucket }));
      return (listed.Contents ?? []).map((o) => o.Key!).sort();
    },
    breakStores(which) {
      dead.s3 ??= new S3Client({ endpoint: DEAD_ENDPOINT, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, forcePathStyle: true, maxAttempts: 1 });
      dead.dynamo ??= new DynamoDBClient({ endpoint: DEAD_ENDPOINT, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
      stack.app = build(which.s3 ? dead.s3 : aws.s3, which.dynamo ? dead.dynamo : aws.dynamo).app;
    },
    coldStart() {
      stack.app = build(aws.s3, aws.dynamo).app;
    },
    async stop() {
      dead.s3?.destroy();
      dead.dynamo?.destroy();
      await stream.stop();
      aws.dynamo.destroy();
      writerClients.s3.destroy();
      writerClients.dynamo.destroy();
      await Promise.all([telegram.stop(), yahoo.close(), stores.destroy()]);
    },
  };
  return stack;
}

/** The UTC day `days` before now, `YYYY-MM-DD`: trade dates for tests that run on the wall clock. */
export const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** What `createWebhookApp` needs besides the adapters, as a stack's app has it: for tests that build an app of their own on the stack. */
export function appBasics(stack: WebhookStack): Pick<WebhookAppDependencies, 'secrets' | 'clock' | 'logger' | 'botUsername' | 'telegramApiRoot'> {
  return {
    secrets: { get: async () => ({ telegramBotToken: TOKEN, webhookSecretToken: SECRET, allowedChatIds: [String(CHAT)] }) },
    clock: { now: () => new Date() },
    logger: stack.logger,
    botUsername: BOT_USERNAME,
    telegramApiRoot: stack.telegram.apiRoot,
  };
}
