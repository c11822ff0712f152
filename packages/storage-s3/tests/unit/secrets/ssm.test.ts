import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { SecretsUnavailableError, SsmSecretsProvider } from '../../../src';

// SSM is the one service without a local server here, so it is mocked (as the house rules allow).
const ssm = mockClient(SSMClient);

const parameter = (name: string, value: string) => ({ Name: `/tradebot/test/${name}`, Value: value, Type: 'SecureString' as const });

describe('Class: SsmSecretsProvider', () => {
  beforeEach(() => {
    ssm.reset();
    jest.useFakeTimers({ now: new Date('2026-01-02T10:00:00.000Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  });
  afterEach(() => jest.useRealTimers());

  it('reads every secret decrypted in one request and serves repeats from its cache until the TTL passes', async () => {
    // Prepare
    ssm.on(GetParametersCommand).resolves({
      Parameters: [
        parameter('telegram-bot-token', '123:ABC'),
        parameter('webhook-secret-token', 'hook-secret'),
        parameter('anthropic-api-key', 'sk-ant-xyz'),
        parameter('allowed-chat-ids', '42, -100123 ,42'),
      ],
      InvalidParameters: [],
    });
    const provider = new SsmSecretsProvider({ client: new SSMClient({ region: 'us-east-1' }), prefix: '/tradebot/test/', cacheSeconds: 60 });

    // Act
    const first = await provider.get();
    await provider.get();
    const callsWithinTtl = ssm.commandCalls(GetParametersCommand).length;
    jest.setSystemTime(new Date('2026-01-02T10:01:01.000Z'));
    await provider.get();

    // Assess
    expect(first).toEqual({ telegramBotToken: '123:ABC', webhookSecretToken: 'hook-secret', anthropicApiKey: 'sk-ant-xyz', allowedChatIds: ['42', '-100123'] });
    const request = ssm.commandCalls(GetParametersCommand)[0]!.args[0].input;
    expect(request.WithDecryption).toBe(true);
    expect([...(request.Names ?? [])].sort()).toEqual([
      '/tradebot/test/allowed-chat-ids',
      '/tradebot/test/anthropic-api-key',
      '/tradebot/test/telegram-bot-token',
      '/tradebot/test/webhook-secret-token',
    ]);
    expect(callsWithinTtl).toBe(1);
    expect(ssm.commandCalls(GetParametersCommand)).toHaveLength(2);
  });

  it('works without the optional Anthropic key', async () => {
    // Prepare
    ssm.on(GetParametersCommand).resolves({
      Parameters: [parameter('telegram-bot-token', '123:ABC'), parameter('webhook-secret-token', 'hook-secret'), parameter('allowed-chat-ids', '42')],
      InvalidParameters: ['/tradebot/test/anthropic-api-key'],
    });
    const provider = new SsmSecretsProvider({ client: new SSMClient({ region: 'us-east-1' }), prefix: '/tradebot/test' });

    // Act
    const secrets = await provider.get();

    // Assess
    expect(secrets.anthropicApiKey).toBeUndefined();
    expect(secrets.allowedChatIds).toEqual(['42']);
  });

  it('names a missing required parameter without printing any secret value', async () => {
    // Prepare
    ssm.on(GetParametersCommand).resolves({
      Parameters: [parameter('telegram-bot-token', '123:ABC'), parameter('allowed-chat-ids', '42')],
      InvalidParameters: ['/tradebot/test/webhook-secret-token', '/tradebot/test/anthropic-api-key'],
    });
    const provider = new SsmSecretsProvider({ client: new SSMClient({ region: 'us-east-1' }), prefix: '/tradebot/test' });

    // Act
    const failure = await provider.get().catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(SecretsUnavailableError);
    expect((failure as Error).message).toMatch(/\/tradebot\/test\/webhook-secret-token is missing/);
    expect((failure as Error).message).not.toContain('123:ABC');
  });

  it('refuses a chat id list with a non-number, saying which item without echoing it', async () => {
    // Prepare
    ssm.on(GetParametersCommand).resolves({
      Parameters: [parameter('telegram-bot-token', '123:ABC'), parameter('webhook-secret-token', 's'), parameter('allowed-chat-ids', '42,123:ABC')],
    });
    const provider = new SsmSecretsProvider({ client: new SSMClient({ region: 'us-east-1' }), prefix: '/tradebot/test' });

    // Act
    const failure = await provider.get().catch((error: unknown) => error);

    // Assess
    expect((failure as Error).message).toMatch(/allowed-chat-ids: item 2 is not a chat id/);
    expect((failure as Error).message).not.toContain('123:ABC');
  });

  it('reports SSM refusing the request as SecretsUnavailableError keeping the cause', async () => {
    // Prepare
    const denied = Object.assign(new Error('not authorized to perform ssm:GetParameters'), { name: 'AccessDeniedException' });
    ssm.on(GetParametersCommand).rejects(denied);
    const provider = new SsmSecretsProvider({ client: new SSMClient({ region: 'us-east-1' }), prefix: '/tradebot/test' });

    // Act
    const failure = await provider.get().catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(SecretsUnavailableError);
    expect((failure as SecretsUnavailableError).dependency).toBe('SSM');
    expect((failure as Error).cause).toBe(denied);
  });
});
