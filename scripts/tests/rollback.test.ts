import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetFunctionConfigurationCommand, GetLayerVersionByArnCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { testAws, type TestAws } from '@tradebot/local-stack';
import { mockClient } from 'aws-sdk-client-mock';
import { newestFirst, runRollback } from '../rollback';
import { DEPLOYED_OUTPUTS, memoryIo, outputsFile } from './helpers/script-io';

const lambdaMock = mockClient(LambdaClient);
const sha256 = (bytes: Buffer, encoding: 'hex' | 'base64') => createHash('sha256').update(bytes).digest(encoding);

describe('Script: rollback', () => {
  let aws: TestAws;
  const outputs = outputsFile();
  // Three uploads of fn-webhook and one of each other function, as upload-packages leaves them.
  const zips = { old: Buffer.from('webhook v1'), previous: Buffer.from('webhook v2'), current: Buffer.from('webhook v3'), collector: Buffer.from('collector v1'), daily: Buffer.from('daily v1') };
  const hex = Object.fromEntries(Object.entries(zips).map(([k, v]) => [k, sha256(v, 'hex')])) as Record<keyof typeof zips, string>;
  beforeAll(async () => {
    aws = await testAws();
    const put = (fn: string, bytes: Buffer) => aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: `lambda/${fn}/${sha256(bytes, 'hex')}.zip`, Body: bytes }));
    for (const bytes of [zips.old, zips.previous, zips.current]) await put('fn-webhook', bytes);
    await put('fn-collector', zips.collector);
    await put('fn-daily', zips.daily);
    await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'lambda/manifest.json', Body: '{}' }));
  });
  afterAll(async () => {
    lambdaMock.restore();
    await aws.destroy();
  });
  beforeEach(() => {
    lambdaMock.reset();
    const deployed: Record<string, Buffer> = { [DEPLOYED_OUTPUTS.function_names['fn-webhook']]: zips.current, [DEPLOYED_OUTPUTS.function_names['fn-collector']]: zips.collector, [DEPLOYED_OUTPUTS.function_names['fn-daily']]: zips.daily };
    lambdaMock.on(GetFunctionConfigurationCommand).callsFake((input) => ({ FunctionName: input.FunctionName, CodeSha256: sha256(deployed[input.FunctionName]!, 'base64') }));
  });

  const run = async (...argv: string[]) => {
    const capture = memoryIo({ AWS_REGION: 'eu-west-1' });
    const deps = { s3: () => aws.s3, lambda: (region: string) => new LambdaClient({ region }), sts: () => { throw new Error('STS is not needed with --artifacts-bucket'); } };
    const code = await runRollback([...argv, '--outputs', outputs, '--artifacts-bucket', aws.bucket], capture.io, deps as never);
    return { code, ...capture };
  };

  it("lists a function's packages and marks the deployed one", async () => {
    // Act
    const result = await run('webhook');

    // Assess
    expect(result.code).toBe(0);
    const lines = result.out().split('\n').filter((l) => /^\s+[* ] [0-9a-f]{12}/.test(l));
    expect(lines).toHaveLength(3);
    expect(lines.filter((l) => l.includes('(deployed)'))).toEqual([expect.stringContaining(`* ${hex.current.slice(0, 12)}`)]);
    for (const h of [hex.old, hex.previous]) expect(result.out()).toContain(h.slice(0, 12));
    expect(result.out()).toContain('Roll back with: pnpm rollback webhook --to <hash>');
  });

  it('writes a lambda_packages variable file that moves only that function back, by hash prefix', async () => {
    // Prepare
    const out = join(mkdtempSync(join(tmpdir(), 'tradebot-rollback-')), 'rollback.tfvars.json');

    // Act
    const result = await run('webhook', '--to', hex.previous.slice(0, 7), '--out', out);

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({
      lambda_packages: {
        'fn-webhook': { s3_key: `lambda/fn-webhook/${hex.previous}.zip`, source_code_hash: sha256(zips.previous, 'base64') },
        'fn-collector': { s3_key: `lambda/fn-collector/${hex.collector}.zip`, source_code_hash: sha256(zips.collector, 'base64') },
        'fn-daily': { s3_key: `lambda/fn-daily/${hex.daily}.zip`, source_code_hash: sha256(zips.daily, 'base64') },
      },
    });
    expect(result.out()).toContain(`terraform -chdir=infra/envs/prod plan -out=rollback.tfplan -var="artifacts_bucket=${aws.bucket}" -var-file="${out}"`);
    expect(result.out()).toContain('terraform -chdir=infra/envs/prod apply rollback.tfplan');
    expect(lambdaMock.commandCalls(GetFunctionConfigurationCommand).map((c) => c.args[0].input.FunctionName).sort()).toEqual(Object.values(DEPLOYED_OUTPUTS.function_names).sort());
  });

  it('keeps the chart layer the webhook runs with in the variable file, so a rollback never detaches it', async () => {
    // Prepare: the webhook runs with version 3 of the chart layer.
    const layerZip = Buffer.from('chart layer zip');
    const layerArn = 'arn:aws:lambda:eu-west-1:123456789012:layer:tradebot-prod-charts:3';
    const names = DEPLOYED_OUTPUTS.function_names;
    const deployed: Record<string, Buffer> = { [names['fn-webhook']]: zips.current, [names['fn-collector']]: zips.collector, [names['fn-daily']]: zips.daily };
    lambdaMock.on(GetFunctionConfigurationCommand).callsFake((input) => ({
      FunctionName: input.FunctionName,
      CodeSha256: sha256(deployed[input.FunctionName]!, 'base64'),
      ...(input.FunctionName === names['fn-webhook'] ? { Layers: [{ Arn: layerArn, CodeSize: layerZip.length }] } : {}),
    }));
    lambdaMock.on(GetLayerVersionByArnCommand, { Arn: layerArn }).resolves({ LayerVersionArn: layerArn, Content: { CodeSha256: sha256(layerZip, 'base64') } });
    const out = join(mkdtempSync(join(tmpdir(), 'tradebot-rollback-')), 'rollback.tfvars.json');
    // Act
    const webhook = await run('webhook', '--to', hex.previous.slice(0, 7), '--out', out);
    // Assess
    expect(webhook.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).lambda_layers).toEqual({
      'layer-charts': { s3_key: `lambda/layer-charts/${sha256(layerZip, 'hex')}.zip`, source_code_hash: sha256(layerZip, 'base64') },
    });
  });

  it('refuses a package whose content does not match its hash', async () => {
    // Prepare
    const fake = 'f'.repeat(64);
    await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: `lambda/fn-daily/${fake}.zip`, Body: Buffer.from('tampered') }));
    const out = join(mkdtempSync(join(tmpdir(), 'tradebot-rollback-')), 'rollback.tfvars.json');

    // Act
    const result = await run('daily', '--to', 'fffffff', '--out', out);

    // Assess
    expect(result.code).toBe(1);
    expect(result.err()).toContain('does not match its name');
    expect(existsSync(out)).toBe(false);
  });

  it('writes nothing in a dry run, for the deployed package, or for an unknown hash', async () => {
    // Prepare
    const out = join(mkdtempSync(join(tmpdir(), 'tradebot-rollback-')), 'rollback.tfvars.json');

    // Act
    const dry = await run('webhook', '--to', hex.old.slice(0, 10), '--out', out, '--dry-run');
    const same = await run('webhook', '--to', hex.current, '--out', out);
    const unknown = await run('webhook', '--to', '0000000', '--out', out);

    // Assess
    expect(dry.code).toBe(0);
    expect(dry.out()).toContain(`"s3_key": "lambda/fn-webhook/${hex.old}.zip"`);
    expect(same.out()).toContain('already runs');
    expect(unknown.code).toBe(1);
    expect(unknown.err()).toContain('No package of fn-webhook starts with 0000000');
    expect(existsSync(out)).toBe(false);
  });

  it('explains bad arguments', async () => {
    // Act
    const none = await run();
    const badHash = await run('webhook', '--to', 'xyz');

    // Assess
    expect(none.code).toBe(2);
    expect(none.err()).toContain('Name one function');
    expect(badHash.code).toBe(2);
    expect(badHash.err()).toContain('--to takes a package hash');
  });
});

describe('Function: newestFirst', () => {
  it('orders by upload time, newest first, and by hash within the same second', () => {
    // Prepare
    const at = (iso: string) => new Date(iso);
    const packages = [
      { hash: 'b', key: 'k', bytes: 1, uploadedAt: at('2026-03-01T10:00:00Z') },
      { hash: 'c', key: 'k', bytes: 1, uploadedAt: at('2026-03-05T10:00:00Z') },
      { hash: 'a', key: 'k', bytes: 1, uploadedAt: at('2026-03-01T10:00:00Z') },
    ];
    // Act + Assess
    expect(newestFirst(packages).map((p) => p.hash)).toEqual(['c', 'a', 'b']);
  });
});
