/**
 * Everything a packaged Lambda talks to, on this machine: S3 and DynamoDB (embedded), the SSM
 * Parameter Store, Telegram, Yahoo and Anthropic stand-ins, with the secrets in SSM, plus each
 * function's environment pointing there and real-shaped events. Use it to run the built packages
 * (`runLambdaInFreshNode`) in the packaging test and the bench.
 */
import { startAnthropicServer, type AnthropicServer } from '../anthropic';
import { startLocalAws } from '../aws/local-aws';
import { startSsmServer, type SsmServer } from '../aws/ssm-server';
import { makeUpdate, makeWebhookEvent, startTelegramServer, type MakeWebhookEventOptions, type TelegramServer } from '../telegram';
import { startYahooServer, type YahooServer, type YahooServerOptions } from '../yahoo';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { schedulerEvent } from './events';

/** The S3 and DynamoDB side: endpoints and names (from `testAws()` or `startLocalAws()`). */
export interface LambdaStackAws {
  readonly s3Endpoint: string;
  readonly dynamoEndpoint: string;
  readonly bucket: string;
  readonly tableName: string;
}

/** Options of `startLambdaStack`. */
export interface LambdaStackOptions {
  /** Use these S3/DynamoDB servers and names (jest's, via `testAws()`); default: start fresh ones. */
  readonly aws?: LambdaStackAws;
  /** The allowed chat the helpers speak for. Default 515151. */
  readonly chatId?: number;
  /** More allowed chats (each has its own portfolio). Default none. */
  readonly otherChatIds?: readonly number[];
  /** Text of every Claude answer. */
  readonly claudeReply?: string;
  /** The Yahoo stand-in's behaviour (hand-built series, its clock, faults). Default: simulated prices, seed 7. */
  readonly yahoo?: YahooServerOptions;
}

/** The running stack. */
export interface LambdaStack {
  readonly aws: LambdaStackAws;
  readonly ssm: SsmServer;
  readonly telegram: TelegramServer;
  readonly yahoo: YahooServer;
  readonly anthropic: AnthropicServer;
  readonly chatId: number;
  /** The webhook secret Telegram sends in `X-Telegram-Bot-Api-Secret-Token`. */
  readonly secretToken: string;
  /** The bot's username (without @). */
  readonly botUsername: string;
  /**
   * The environment of `fn` (`fn-webhook`, `fn-collector`, `fn-daily`, and `fn-webhook-snapshot`: the
   * positions snapshot writer, `snapshot.handler` of fn-webhook's zip) as Terraform would set it,
   * every endpoint local.
   */
  env(fn: string): Record<string, string>;
  /**
   * An API Gateway HTTP API v2 event carrying `text` from the allowed chat (or a whole update), with
   * the right secret header unless `options` says otherwise.
   */
  webhookEvent(text: string | Readonly<Record<string, unknown>>, options?: Omit<MakeWebhookEventOptions, 'body'>): APIGatewayProxyEventV2;
  /** What our schedules deliver to the collector and the daily job: their input, `{}` (Terraform sets it). */
  scheduledEvent(): Record<string, never>;
  /** What EventBridge Scheduler delivers when a schedule sets no input: the envelope whose `detail` is `"{}"`. */
  schedulerEvent(time?: Date): Record<string, unknown>;
  stop(): Promise<void>;
}

const TOKEN = '7000000009:lambda-stack';
const SECRET = 'lambda-stack-webhook-secret';
const PREFIX = '/tradebot/local';
const BOT_USERNAME = 'tradebot_local_bot';

/** Starts the stand-ins and stores the secrets under `/tradebot/local`. Stop it when done. */
export async function startLambdaStack(options: LambdaStackOptions = {}): Promise<LambdaStack> {
  const chatId = options.chatId ?? 515151;
  const ownAws = options.aws ? undefined : await startLocalAws();
  const aws: LambdaStackAws = options.aws ?? { s3Endpoint: ownAws!.s3Endpoint, dynamoEndpoint: ownAws!.dynamoEndpoint, bucket: ownAws!.dataBucket, tableName: ownAws!.tableName };
  const [ssm, telegram, yahoo, anthropic] = await Promise.all([
    startSsmServer({
      parameters: {
        [`${PREFIX}/telegram-bot-token`]: TOKEN,
        [`${PREFIX}/webhook-secret-token`]: SECRET,
        [`${PREFIX}/allowed-chat-ids`]: [chatId, ...(options.otherChatIds ?? [])].join(','),
        [`${PREFIX}/anthropic-api-key`]: 'sk-ant-local-stack',
      },
    }),
    startTelegramServer({ token: TOKEN, botUsername: BOT_USERNAME }),
    startYahooServer({ seed: 7, ...options.yahoo }),
    startAnthropicServer(options.claudeReply ? { reply: options.claudeReply } : {}),
  ]);
  const common = {
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_SESSION_TOKEN: 'local-session',
    AWS_ENDPOINT_URL_S3: aws.s3Endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: aws.dynamoEndpoint,
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    YAHOO_API_ROOT: yahoo.url,
    DATA_BUCKET: aws.bucket,
    TABLE_NAME: aws.tableName,
    SSM_PREFIX: PREFIX,
    FUNCTION_TIMEOUT_SECONDS: '60',
    LOG_LEVEL: 'warn',
  };
  return {
    aws,
    ssm,
    telegram,
    yahoo,
    anthropic,
    chatId,
    secretToken: SECRET,
    botUsername: BOT_USERNAME,
    env(fn) {
      // The webhook reads plain text with Claude too (the key is in SSM): the stand-in answers it.
      if (fn === 'fn-webhook') return { ...common, STAGE: 'local', TELEGRAM_BOT_USERNAME: BOT_USERNAME, ANTHROPIC_BASE_URL: anthropic.url };
      if (fn === 'fn-daily') return { ...common, ANTHROPIC_BASE_URL: anthropic.url };
      // The snapshot writer reads the ledger and writes one document: no SSM, no Telegram, no Yahoo.
      if (fn === 'fn-webhook-snapshot') {
        const { SSM_PREFIX: _ssm, AWS_ENDPOINT_URL_SSM: _ssmEndpoint, TELEGRAM_API_ROOT: _telegram, YAHOO_API_ROOT: _yahoo, ...writer } = common;
        return writer;
      }
      return { ...common };
    },
    webhookEvent: (text, eventOptions = {}) =>
      makeWebhookEvent({ secretToken: SECRET, ...eventOptions, body: typeof text === 'string' ? makeUpdate({ text, chatId }) : text }),
    scheduledEvent: () => ({}),
    schedulerEvent: (time) => schedulerEvent(time ? { time } : {}),
    stop: async () => {
      await Promise.all([ssm.stop(), telegram.stop(), yahoo.close(), anthropic.close()]);
      await ownAws?.stop();
    },
  };
}
