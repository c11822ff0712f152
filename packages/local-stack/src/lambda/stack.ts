/**
 * Everything a packaged Lambda talks to, on this machine: S3 and DynamoDB (embedded), the SSM
 * Parameter Store, Telegram, Yahoo and Anthropic stand-ins, with the secrets in SSM, plus each
 * function's environment pointing there and real-shaped events. Use it to run the built packages
 * (`runLambdaInFreshNode`) in the packaging test and the bench.
 */
import { startAnthropicServer, type AnthropicServer } from '../anthropic';
import { startLocalAws } from '../aws/local-aws';
import { startSsmServer, type SsmServer } from '../aws/ssm-server';
import { makeUpdate, makeWebhookEvent, startTelegramServer, type TelegramServer } from '../telegram';
import { startYahooServer, type YahooServer } from '../yahoo';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

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
  /** The one allowed chat. Default 515151. */
  readonly chatId?: number;
  /** Text of every Claude answer. */
  readonly claudeReply?: string;
}

/** The running stack. */
export interface LambdaStack {
  readonly aws: LambdaStackAws;
  readonly ssm: SsmServer;
  readonly telegram: TelegramServer;
  readonly yahoo: YahooServer;
  readonly anthropic: AnthropicServer;
  readonly chatId: number;
  /** The environment of `fn` (`fn-webhook`, `fn-collector`, `fn-daily`) as Terraform would set it, every endpoint local. */
  env(fn: string): Record<string, string>;
  /** An API Gateway HTTP API v2 event carrying `text` from the allowed chat, with the right secret header. */
  webhookEvent(text: string): APIGatewayProxyEventV2;
  /** What EventBridge Scheduler delivers to the collector and the daily job: the schedule's input, `{}`. */
  scheduledEvent(): Record<string, never>;
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
        [`${PREFIX}/allowed-chat-ids`]: String(chatId),
        [`${PREFIX}/anthropic-api-key`]: 'sk-ant-local-stack',
      },
    }),
    startTelegramServer({ token: TOKEN, botUsername: BOT_USERNAME }),
    startYahooServer({ seed: 7 }),
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
    env(fn) {
      // The webhook reads plain text with Claude too (the key is in SSM): the stand-in answers it.
      if (fn === 'fn-webhook') return { ...common, STAGE: 'local', TELEGRAM_BOT_USERNAME: BOT_USERNAME, ANTHROPIC_BASE_URL: anthropic.url };
      if (fn === 'fn-daily') return { ...common, ANTHROPIC_BASE_URL: anthropic.url };
      return { ...common };
    },
    webhookEvent: (text) => makeWebhookEvent({ body: makeUpdate({ text, chatId }), secretToken: SECRET }),
    scheduledEvent: () => ({}),
    stop: async () => {
      await Promise.all([ssm.stop(), telegram.stop(), yahoo.close(), anthropic.close()]);
      await ownAws?.stop();
    },
  };
}
