import { SSMClient } from '@aws-sdk/client-ssm';
import { makeUpdate, makeWebhookEvent, startTelegramServer, testAws, type TelegramServer, type TestAws } from '@tradebot/local-stack';
import { createS3Documents, secretParameterNames } from '@tradebot/storage-s3';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';

const TOKEN = '7000000001:handler-test';
const SECRET = 'handler-test-webhook-secret';
const CHAT = 31337;
const PREFIX = '/tradebot/test';

describe('Function: handler (the Lambda entry point)', () => {
  let aws: TestAws;
  let telegram: TelegramServer;
  const ssm = mockClient(SSMClient);
  const saved = { ...process.env };
  let handler: typeof import('../../src/handler').handler;

  beforeAll(async () => {
    // Prepare: the Lambda environment, with AWS endpoints pointed at the embedded servers and SSM mocked.
    [aws, telegram] = await Promise.all([testAws(), startTelegramServer({ token: TOKEN, botUsername: 'handler_test_bot' })]);
    const names = secretParameterNames(PREFIX);
    const values: Record<string, string> = {
      [names.telegramBotToken]: TOKEN,
      [names.webhookSecretToken]: SECRET,
      [names.allowedChatIds]: String(CHAT),
    };
    ssm.onAnyCommand().callsFake((input: { Names?: string[] }) => ({
      Parameters: (input.Names ?? []).filter((n) => values[n]).map((n) => ({ Name: n, Value: values[n], Type: 'SecureString' })),
      InvalidParameters: (input.Names ?? []).filter((n) => !values[n]),
    }));
    Object.assign(process.env, {
      DATA_BUCKET: aws.bucket,
      TABLE_NAME: aws.tableName,
      SSM_PREFIX: PREFIX,
      STAGE: 'test',
      TELEGRAM_BOT_USERNAME: 'handler_test_bot',
      TELEGRAM_API_ROOT: telegram.apiRoot,
      LOG_LEVEL: 'silent',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_ENDPOINT_URL_S3: aws.s3Endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: aws.dynamoEndpoint,
    });
    ({ handler } = await import('../../src/handler'));
  });
  afterAll(async () => {
    process.env = saved;
    ssm.restore();
    await Promise.all([telegram.stop(), aws.destroy()]);
  });

  const context = { awsRequestId: 'lambda-req-1' } as Context;

  it('builds its clients from the environment and SSM, handles a command and answers 200', async () => {
    // Act
    const result = await handler(makeWebhookEvent({ body: makeUpdate({ text: '/blacklist add TSLA', chatId: CHAT }), secretToken: SECRET }), context);
    // Assess
    expect(result.statusCode).toBe(200);
    expect(telegram.messagesTo(CHAT).map((m) => m.plainText)).toEqual(['🚫 Added to the blacklist: TSLA']);
    expect(telegram.calls.some((c) => c.method === 'getMe')).toBe(false);
    expect(await createS3Documents({ client: aws.s3, bucket: aws.bucket }).blacklist.get()).toEqual(['TSLA']);
  });

  it('refuses a request with the wrong secret token with 401', async () => {
    // Act
    const result = await handler(makeWebhookEvent({ body: makeUpdate({ text: '/blacklist add NVDA', chatId: CHAT }), secretToken: 'nope' }), context);
    // Assess
    expect(result.statusCode).toBe(401);
    expect(telegram.messagesTo(CHAT)).toHaveLength(1);
  });
});
