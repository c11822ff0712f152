/**
 * The README's "Deploy to AWS" path, run end to end on the local stack: what has a local stand-in
 * runs against it (S3 on s3rver, DynamoDB on dynalite, Telegram on the Bot API stand-in, the
 * webhook function's own code); what has none is mocked (IAM, STS, SSM, Lambda's Invoke), and
 * `terraform apply` is replaced by the outputs it would print.
 */
import { execFile } from 'node:child_process';
import { createHash, randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { IAMClient } from '@aws-sdk/client-iam';
import { GetFunctionConfigurationCommand, InvokeCommand, LambdaClient, type InvokeCommandInput } from '@aws-sdk/client-lambda';
import { GetObjectCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { makeUpdate, makeWebhookEvent, startTelegramServer, testAws, type TelegramServer, type TestAws } from '@tradebot/local-stack';
import { SsmSecretsProvider } from '@tradebot/storage-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { createAdapters, createLogger, createWebhookApp, type WebhookApp } from '../../packages/fn-webhook/src/public';
import { runBootstrap } from '../bootstrap';
import { runInvoke } from '../invoke';
import { runPutSecrets } from '../put-secrets';
import { runRollback } from '../rollback';
import { runSetWebhook } from '../set-webhook';
import { fakeIam, fakeSts, type FakeIam } from './helpers/fake-iam';
import { fakeSsm, type FakeSsm } from './helpers/fake-ssm';
import { hybridS3, type HybridS3 } from './helpers/hybrid-s3';
import { BOT_TOKEN, DEPLOYED_OUTPUTS, memoryIo, outputsFile } from './helpers/script-io';

const ROOT = join(__dirname, '../..');
const REGION = 'eu-west-1';
const CHAT = 31337;
const FUNCTIONS = ['fn-webhook', 'fn-collector', 'fn-daily'] as const;
/** Whether issue 11's packaging (pnpm package, scripts/upload-packages) is in this tree. */
const PACKAGING = existsSync(join(ROOT, 'scripts/upload-packages.ts')) && 'package' in (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(command, [...args], { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }));
  });
}

describe('README "Deploy to AWS", on the local stack', () => {
  let aws: TestAws;
  let telegram: TelegramServer;
  let s3: HybridS3;
  let iam: FakeIam;
  let sts: ReturnType<typeof fakeSts>;
  let ssm: FakeSsm;
  const lambda = mockClient(LambdaClient);
  const env = { AWS_REGION: REGION };
  let outputs: string;
  // A fresh account per test keeps its bootstrap buckets apart from the other test's on the shared s3rver.
  let ACCOUNT: string;
  let STATE_BUCKET: string;
  let ARTIFACTS_BUCKET: string;

  beforeAll(async () => {
    [aws, telegram] = await Promise.all([testAws(), startTelegramServer({ token: BOT_TOKEN, botUsername: 'my_trading_bot' })]);
  });
  afterAll(async () => {
    lambda.restore();
    await Promise.all([telegram.stop(), aws.destroy()]);
  });
  beforeEach(() => {
    ACCOUNT = String(randomInt(100_000_000_000, 999_999_999_999));
    STATE_BUCKET = `tradebot-tfstate-${ACCOUNT}-${REGION}`;
    ARTIFACTS_BUCKET = `tradebot-artifacts-${ACCOUNT}-${REGION}`;
    // What `terraform apply` prints (the names infra/envs/prod produces), on this test's stand-ins.
    outputs = outputsFile({ ...DEPLOYED_OUTPUTS, data_bucket: aws.bucket, table_name: aws.tableName, artifacts_bucket: ARTIFACTS_BUCKET });
    s3 = hybridS3(aws.s3Endpoint);
    iam = fakeIam(ACCOUNT);
    sts = fakeSts(ACCOUNT);
    ssm = fakeSsm();
    lambda.reset();
  });
  afterEach(() => {
    s3.restore();
    iam.restore();
    sts.restore();
    ssm.restore();
  });

  /** The deployed fn-webhook: its own code on the local stack, its secrets read from (mocked) SSM. */
  function deployedWebhook(): { app: WebhookApp; logs: string[] } {
    const logs: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const logger = createLogger('info', sink);
    const clock = { now: () => new Date() };
    const noPrices = (() => Promise.reject(new Error('no prices in this test'))) as typeof fetch;
    const adapters = createAdapters({ s3: aws.s3, dynamo: aws.dynamo, bucket: aws.bucket, tableName: aws.tableName, clock, logger, fetch: noPrices, priceRetries: 0 });
    const secrets = new SsmSecretsProvider({ client: new SSMClient({ region: REGION, credentials: { accessKeyId: 't', secretAccessKey: 't' } }), prefix: '/tradebot/prod' });
    return { app: createWebhookApp({ ...adapters, secrets, clock, logger, botUsername: 'my_trading_bot', telegramApiRoot: telegram.apiRoot }), logs };
  }

  /** Steps 1-2: bootstrap and put-secrets, each first with --dry-run (which changes nothing), then for real. */
  async function bootstrapAndSecrets(): Promise<void> {
    const clients = { s3: () => s3.client, iam: (r: string) => new IAMClient({ region: r }), sts: (r: string) => new STSClient({ region: r }) };
    const bootstrapDry = memoryIo(env);
    expect(await runBootstrap(['--repo', 'alice/tradebot', '--dry-run'], bootstrapDry.io, clients)).toBe(0);
    expect(iam.writes()).toEqual([]);
    expect(await s3.real.send(new HeadBucketCommand({ Bucket: ARTIFACTS_BUCKET })).then(() => true, () => false)).toBe(false);
    const bootstrap = memoryIo(env);
    expect(await runBootstrap(['--repo', 'alice/tradebot'], bootstrap.io, clients)).toBe(0);
    await s3.real.send(new HeadBucketCommand({ Bucket: STATE_BUCKET }));
    await s3.real.send(new HeadBucketCommand({ Bucket: ARTIFACTS_BUCKET }));

    const secretsEnv = { ...env, TELEGRAM_BOT_TOKEN: BOT_TOKEN, ALLOWED_CHAT_IDS: String(CHAT) };
    const secretsDry = memoryIo(secretsEnv);
    expect(await runPutSecrets(['--api-root', telegram.apiRoot, '--dry-run'], secretsDry.io, { ssm: ssm.client })).toBe(0);
    expect(ssm.writes()).toEqual([]);
    const secrets = memoryIo(secretsEnv);
    expect(await runPutSecrets(['--api-root', telegram.apiRoot], secrets.io, { ssm: ssm.client })).toBe(0);
    expect(secrets.out()).toContain('@my_trading_bot');
    expect(ssm.writes().sort()).toEqual(['/tradebot/prod/allowed-chat-ids', '/tradebot/prod/telegram-bot-token', '/tradebot/prod/webhook-secret-token']);
  }

  /** Steps 5-6 and the deploy's smoke test: set-webhook, a /start delivered as Telegram would, then pnpm invoke webhook. */
  async function webhookAndFirstMessage(): Promise<void> {
    const setWebhook = memoryIo(env);
    expect(await runSetWebhook(['--outputs', outputs, '--api-root', telegram.apiRoot], setWebhook.io, { ssm: ssm.client })).toBe(0);
    const registered = telegram.webhook()!;
    expect(registered.url).toBe(DEPLOYED_OUTPUTS.webhook_url);
    expect(registered.secretToken).toBe(ssm.store.get('/tradebot/prod/webhook-secret-token'));

    // Telegram delivers the investor's /start with the secret it was given; the deployed code answers.
    const fn = deployedWebhook();
    const delivery = makeWebhookEvent({ body: makeUpdate({ text: '/start', chatId: CHAT }), secretToken: registered.secretToken! });
    expect((await fn.app.handle(delivery, { awsRequestId: 'first-start' })).statusCode).toBe(200);
    expect(telegram.messagesTo(CHAT).at(-1)!.plainText).toContain('/portfolio');

    lambda.on(InvokeCommand).callsFake(async (input: InvokeCommandInput) => {
      const before = fn.logs.length;
      const result = await fn.app.handle(JSON.parse(Buffer.from(input.Payload as Uint8Array).toString('utf8')), { awsRequestId: 'smoke' });
      return { StatusCode: 200, Payload: Buffer.from(JSON.stringify(result)), LogResult: Buffer.from(fn.logs.slice(before).join('\n')).toString('base64') };
    });
    const smoke = memoryIo(env);
    expect(await runInvoke(['webhook', '--outputs', outputs], smoke.io, { lambda: (r) => new LambdaClient({ region: r }), ssm: ssm.client })).toBe(0);
    expect(smoke.out()).toContain('Result: HTTP 200 OK');
  }

  it('bootstrap and put-secrets (dry run, then real), set-webhook against the Bot API stand-in, the first /start and the smoke test', async () => {
    await bootstrapAndSecrets();
    // Steps 3-4 (pnpm package, upload, terraform apply) are covered by the next test once issue 11 lands.
    await webhookAndFirstMessage();
  });

  (PACKAGING ? it : it.skip)(
    'the whole path with pnpm package and scripts/upload-packages to s3rver; rollback then lists the uploaded package (needs issue 11)',
    async () => {
      await bootstrapAndSecrets();

      // Step 3: package and upload by hash, as the README says, with S3 pointed at s3rver.
      const packaged = await run('pnpm', ['package']);
      expect(packaged.output).not.toMatch(/ERR_PNPM|Error:/);
      expect(packaged.code).toBe(0);
      const s3rverEnv = { AWS_ENDPOINT_URL_S3: aws.s3Endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
      const uploaded = await run(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/upload-packages.ts', '--bucket', ARTIFACTS_BUCKET], s3rverEnv);
      expect(uploaded.code).toBe(0);
      const vars = JSON.parse(readFileSync(join(ROOT, 'dist/lambda/packages.tfvars.json'), 'utf8')) as { lambda_packages: Record<string, { s3_key: string; source_code_hash: string }> };
      const hashes: Record<string, string> = {};
      for (const fn of FUNCTIONS) {
        const zip = readFileSync(join(ROOT, `dist/lambda/${fn}.zip`));
        const hex = createHash('sha256').update(zip).digest('hex');
        hashes[fn] = hex;
        expect(vars.lambda_packages[fn]).toEqual({ s3_key: `lambda/${fn}/${hex}.zip`, source_code_hash: createHash('sha256').update(zip).digest('base64') });
        const stored = await s3.real.send(new GetObjectCommand({ Bucket: ARTIFACTS_BUCKET, Key: `lambda/${fn}/${hex}.zip` }));
        expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(zip)).toBe(true);
      }

      // Step 4 (terraform apply) deploys those packages; Lambda then reports their hashes.
      lambda.on(GetFunctionConfigurationCommand).callsFake((input) => ({ CodeSha256: Buffer.from(hashes[`fn-${String(input.FunctionName).split('-').pop()}`]!, 'hex').toString('base64') }));
      await webhookAndFirstMessage();

      // Rollback: the uploaded package is in the history and marked as deployed.
      const rollback = memoryIo(env);
      expect(await runRollback(['webhook', '--outputs', outputs], rollback.io, { s3: () => s3.real, lambda: (r) => new LambdaClient({ region: r }), sts: (r) => new STSClient({ region: r }) })).toBe(0);
      expect(rollback.out()).toContain(`* ${hashes['fn-webhook']!.slice(0, 12)}`);
    },
    600_000,
  );
});
