import { GetParameterCommand, GetParametersByPathCommand, GetParametersCommand, ParameterAlreadyExists, ParameterNotFound, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { secretParameterNames, SsmSecretsProvider } from '@tradebot/storage-s3';
import { LOCAL_CREDENTIALS, LOCAL_REGION, sealSecureString, startSsmServer, type SsmServer } from '../../src';

describe('Function: startSsmServer (SSM Parameter Store stand-in, AWS JSON 1.1)', () => {
  let server: SsmServer;
  let ssm: SSMClient;

  beforeAll(async () => {
    server = await startSsmServer({ parameters: { '/tradebot/test/telegram-bot-token': '7000000001:abc' } });
    ssm = new SSMClient({ endpoint: server.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  });
  afterAll(async () => {
    ssm.destroy();
    await server.stop();
  });

  it('stores a SecureString with PutParameter and decrypts it for GetParameter WithDecryption', async () => {
    // Act
    const put = await ssm.send(new PutParameterCommand({ Name: '/tradebot/test/webhook-secret-token', Value: 's3cret', Type: 'SecureString' }));
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: '/tradebot/test/webhook-secret-token', WithDecryption: true }));
    // Assess
    expect(put.Version).toBe(1);
    expect(Parameter).toMatchObject({ Name: '/tradebot/test/webhook-secret-token', Type: 'SecureString', Value: 's3cret', Version: 1 });
  });

  it('returns a SecureString sealed when the caller does not ask to decrypt, as AWS returns ciphertext', async () => {
    // Act
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: '/tradebot/test/telegram-bot-token' }));
    // Assess
    expect(Parameter?.Value).toBe(sealSecureString('7000000001:abc'));
    expect(Parameter?.Value).not.toContain('7000000001');
  });

  it('refuses to overwrite without Overwrite and bumps the version with it', async () => {
    // Prepare
    await ssm.send(new PutParameterCommand({ Name: '/tradebot/test/allowed-chat-ids', Value: '1', Type: 'SecureString' }));
    // Act
    const refused = await ssm.send(new PutParameterCommand({ Name: '/tradebot/test/allowed-chat-ids', Value: '2', Type: 'SecureString' })).catch((error: unknown) => error);
    // Assess
    expect(refused).toBeInstanceOf(ParameterAlreadyExists);
    const overwritten = await ssm.send(new PutParameterCommand({ Name: '/tradebot/test/allowed-chat-ids', Value: '2', Type: 'SecureString', Overwrite: true }));
    expect(overwritten.Version).toBe(2);
    expect(server.get('/tradebot/test/allowed-chat-ids')?.value).toBe('2');
  });

  it('answers ParameterNotFound for GetParameter and lists unknown names as InvalidParameters in GetParameters', async () => {
    // Act
    const missing = await ssm.send(new GetParameterCommand({ Name: '/tradebot/test/nope' })).catch((error: unknown) => error);
    const batch = await ssm.send(new GetParametersCommand({ Names: ['/tradebot/test/telegram-bot-token', '/tradebot/test/nope'], WithDecryption: true }));
    // Assess
    expect(missing).toBeInstanceOf(ParameterNotFound);
    expect(batch.Parameters?.map((p) => [p.Name, p.Value])).toEqual([['/tradebot/test/telegram-bot-token', '7000000001:abc']]);
    expect(batch.InvalidParameters).toEqual(['/tradebot/test/nope']);
  });

  it('pages GetParametersByPath with NextToken, one level unless Recursive', async () => {
    // Prepare
    for (let i = 0; i < 12; i += 1) server.put(`/paged/p${String(i).padStart(2, '0')}`, `v${i}`, 'String');
    server.put('/paged/deeper/q', 'deep', 'String');
    // Act
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await ssm.send(new GetParametersByPathCommand({ Path: '/paged', MaxResults: 5, ...(token ? { NextToken: token } : {}) }));
      names.push(...(page.Parameters ?? []).map((p) => p.Name!));
      token = page.NextToken;
    } while (token);
    const recursive = await ssm.send(new GetParametersByPathCommand({ Path: '/paged/deeper', Recursive: true }));
    // Assess
    expect(names).toHaveLength(12);
    expect(names).not.toContain('/paged/deeper/q');
    expect(recursive.Parameters?.map((p) => p.Value)).toEqual(['deep']);
  });

  it('serves the secrets to the Lambdas\' SsmSecretsProvider (Powertools on the real client) exactly as AWS would', async () => {
    // Prepare
    const names = secretParameterNames('/tradebot/lambda');
    server.put(names.telegramBotToken, '7000000002:xyz');
    server.put(names.webhookSecretToken, 'hook-secret');
    server.put(names.allowedChatIds, '42, 43');
    // Act
    const secrets = await new SsmSecretsProvider({ client: ssm, prefix: '/tradebot/lambda' }).get();
    // Assess
    expect(secrets).toEqual({ telegramBotToken: '7000000002:xyz', webhookSecretToken: 'hook-secret', allowedChatIds: ['42', '43'] });
  });

  it('answers every request with the error it is told to refuse with, until told null, and still records the request', async () => {
    // Prepare
    server.refuse({ type: 'AccessDeniedException', status: 400, message: 'User: arn:aws:sts::000000000000:assumed-role/tradebot is not authorized to perform: ssm:GetParameters' });
    const before = server.calls.length;
    // Act
    const refused = await ssm.send(new GetParametersCommand({ Names: ['/tradebot/test/telegram-bot-token'], WithDecryption: true })).catch((error: unknown) => error);
    server.refuse(null);
    const served = await ssm.send(new GetParametersCommand({ Names: ['/tradebot/test/telegram-bot-token'], WithDecryption: true }));
    // Assess
    expect(refused).toMatchObject({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
    expect((refused as Error).message).toContain('not authorized to perform: ssm:GetParameters');
    expect(served.Parameters).toHaveLength(1);
    expect(server.calls.slice(before).map((c) => c.operation)).toEqual(['GetParameters', 'GetParameters']);
  });
});
