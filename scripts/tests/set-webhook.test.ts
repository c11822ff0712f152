import { startTelegramServer, makeUpdate, type TelegramServer } from '@tradebot/local-stack';
import { commandMenu } from '@tradebot/telegram-bot';
import { DEFAULT_MAX_CONNECTIONS, runSetWebhook } from '../set-webhook';
import { fakeSsm, type FakeSsm } from './helpers/fake-ssm';
import { BOT_TOKEN, DEPLOYED_OUTPUTS, memoryIo, outputsFile, WEBHOOK_SECRET } from './helpers/script-io';

const SECRETS = { '/tradebot/prod/telegram-bot-token': BOT_TOKEN, '/tradebot/prod/webhook-secret-token': WEBHOOK_SECRET };

describe('Script: set-webhook', () => {
  let telegram: TelegramServer;
  let ssm: FakeSsm;
  let outputs: string;
  beforeEach(async () => {
    telegram = await startTelegramServer({ token: BOT_TOKEN });
    ssm = fakeSsm(SECRETS);
    outputs = outputsFile();
  });
  afterEach(async () => {
    ssm.restore();
    await telegram.stop();
  });

  const run = async (...argv: string[]) => {
    const capture = memoryIo({ AWS_REGION: 'eu-west-1' });
    const code = await runSetWebhook(['--outputs', outputs, '--api-root', telegram.apiRoot, ...argv], capture.io, { ssm: ssm.client });
    return { code, ...capture };
  };

  it('registers the webhook from the Terraform outputs with the stored secret, handled update types and connection limit, dropping stale updates the first time', async () => {
    // Prepare
    telegram.pushUpdate(makeUpdate({ text: '/start', updateId: 1 }));

    // Act
    const result = await run();

    // Assess
    expect(result.code).toBe(0);
    expect(telegram.webhook()).toEqual({ url: DEPLOYED_OUTPUTS.webhook_url, secretToken: WEBHOOK_SECRET, allowedUpdates: ['message', 'callback_query'], maxConnections: DEFAULT_MAX_CONNECTIONS });
    const set = telegram.calls.find((c) => c.method === 'setWebhook')!;
    expect(set.params.drop_pending_updates).toBe(true);
    expect(result.out()).toContain(`Webhook registered: ${DEPLOYED_OUTPUTS.webhook_url} (first registration)`);
    expect(result.out()).toContain('Telegram reports: 0 pending update(s), no delivery error.');
    expect(result.all()).not.toContain(WEBHOOK_SECRET);
    expect(result.all()).not.toContain(BOT_TOKEN.split(':')[1]);
  });

  it('sets the English and Spanish command menus from the catalogue', async () => {
    // Act
    const result = await run();

    // Assess
    expect(result.code).toBe(0);
    expect(telegram.commands()).toEqual(commandMenu('en'));
    expect(telegram.commands('es')).toEqual(commandMenu('es'));
    expect(result.out()).toContain(`Command menu set: ${commandMenu('en').length} commands in English (default)`);
  });

  it('keeps waiting updates on a re-run with the same URL and ends in the same state', async () => {
    // Prepare
    await run();
    const first = telegram.webhook();
    telegram.pushUpdate(makeUpdate({ text: '/portfolio', updateId: 2 }));

    // Act
    const again = await run();

    // Assess
    expect(again.code).toBe(0);
    expect(telegram.webhook()).toEqual(first);
    expect(telegram.calls.filter((c) => c.method === 'setWebhook').map((c) => c.params.drop_pending_updates)).toEqual([true, false]);
    expect(again.out()).toContain('(unchanged URL)');
    expect(again.out()).toContain('Telegram reports: 1 pending update(s)');
  });

  it("prints Telegram's last delivery error", async () => {
    // Prepare
    await run();
    telegram.recordDeliveryError('Wrong response from the webhook: 401 Unauthorized');

    // Act
    const result = await run();

    // Assess
    expect(result.code).toBe(0);
    expect(result.err()).toMatch(/last delivery error at \d{4}-\d\d-\d\dT.*: Wrong response from the webhook: 401 Unauthorized/);
  });

  it('changes nothing in a dry run and says what it would do', async () => {
    // Act
    const result = await run('--dry-run');

    // Assess
    expect(result.code).toBe(0);
    expect(telegram.calls.map((c) => c.method)).toEqual(['getWebhookInfo']);
    expect(telegram.webhook()).toBeNull();
    expect(result.out()).toContain(`Dry run: would register the webhook ${DEPLOYED_OUTPUTS.webhook_url} (first registration)`);
  });

  it('says to run put-secrets when the secrets are not stored, and calls no Telegram method', async () => {
    // Prepare
    ssm.store.clear();

    // Act
    const result = await run();

    // Assess
    expect(result.code).toBe(1);
    expect(result.err()).toContain('/tradebot/prod/telegram-bot-token and /tradebot/prod/webhook-secret-token not found in SSM (eu-west-1): run `pnpm put-secrets --stage prod` first.');
    expect(telegram.calls).toEqual([]);
  });

  it("reports Telegram's refusal without the token", async () => {
    // Prepare
    ssm.store.set('/tradebot/prod/telegram-bot-token', '7000000001:AAH-a-revoked-token-abcdefghijklmnopq');

    // Act
    const result = await run();

    // Assess
    expect(result.code).toBe(1);
    expect(result.err()).toContain('Telegram refused getWebhookInfo: 401 Unauthorized');
    expect(result.all()).not.toContain('a-revoked-token');
  });

  it('unregisters the webhook with --delete, and says so when none is registered', async () => {
    // Prepare
    await run();

    // Act
    const dry = await run('--delete', '--dry-run');
    const stillSet = telegram.webhook();
    const deleted = await run('--delete');
    const again = await run('--delete');

    // Assess
    expect(dry.out()).toContain(`Dry run: would unregister the webhook ${DEPLOYED_OUTPUTS.webhook_url}.`);
    expect(stillSet).toMatchObject({ url: DEPLOYED_OUTPUTS.webhook_url });
    expect(deleted.code).toBe(0);
    expect(telegram.webhook()).toBeNull();
    expect(deleted.out()).toContain(`Webhook ${DEPLOYED_OUTPUTS.webhook_url} unregistered`);
    expect(again.out()).toContain('No webhook is registered: nothing to delete.');
  });

  it("refuses another stage's outputs and registers nothing", async () => {
    // Prepare: outputs saved from infra/envs/dev, given to a prod run
    outputs = outputsFile({ ...DEPLOYED_OUTPUTS, stage: 'dev', webhook_url: 'https://dev123.execute-api.eu-west-1.amazonaws.com/dev/webhook' });

    // Act
    const result = await run('--stage', 'prod');

    // Assess
    expect(result.code).toBe(1);
    expect(result.err()).toContain("These Terraform outputs are stage dev's, not prod's: pass --stage dev, or the outputs of infra/envs/prod.");
    expect(telegram.webhook()).toBeNull();
  });

  it('says what is missing or wrong in the arguments and outputs', async () => {
    // Act
    const help = await run('--help');
    const connections = await run('--max-connections', '0');
    const noRegion = memoryIo({});
    const noRegionCode = await runSetWebhook(['--outputs', outputs], noRegion.io, { ssm: ssm.client });
    outputs = outputsFile({ ssm_prefix: '/tradebot/prod' });
    const notApplied = await run();

    // Assess
    expect(help.code).toBe(0);
    expect(help.out()).toContain('Usage: pnpm set-webhook');
    expect(connections.code).toBe(2);
    expect(connections.err()).toContain('--max-connections must be a whole number from 1 to 100');
    expect(noRegionCode).toBe(2);
    expect(noRegion.err()).toContain('No AWS region');
    expect(notApplied.code).toBe(1);
    expect(notApplied.err()).toContain('Terraform output webhook_url is missing: run `terraform -chdir=infra/envs/prod apply` first.');
  });
});
