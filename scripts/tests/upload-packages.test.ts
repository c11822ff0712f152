/** `pnpm upload-packages` against s3rver: content-addressed keys, uploads only what is absent, the tfvars file. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { countRequests, testAws, type TestAws } from '@tradebot/local-stack';
import type { PackageManifest } from '../package';
import { uploadPackages, type PackagesTfvars } from '../upload-packages';

function writePackages(dir: string, zips: Record<string, string>): PackageManifest {
  const functions = Object.entries(zips).map(([fn, content]) => {
    const body = Buffer.from(content);
    writeFileSync(join(dir, `${fn}.zip`), body);
    const digest = createHash('sha256').update(body);
    const hex = digest.copy().digest('hex');
    return { function: fn, zip: `${fn}.zip`, handler: 'index.handler', bytes: body.byteLength, sha256: digest.digest('base64'), sha256Hex: hex, bundleBytes: 1, sourceMap: `${fn}.js.map`, sourceMapInZip: false };
  });
  const manifest: PackageManifest = { commit: 'a'.repeat(40), dirty: false, functions };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return manifest;
}

describe('Function: uploadPackages', () => {
  let aws: TestAws;
  let dir: string;
  const bucket = `artifacts-${Date.now().toString(36)}`;

  beforeAll(async () => {
    aws = await testAws();
    await aws.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(async () => {
    await aws.destroy();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tradebot-upload-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('puts each zip under lambda/<function>/<sha256-hex>.zip and writes the tfvars Terraform reads', async () => {
    // Prepare
    const manifest = writePackages(dir, { 'fn-webhook': 'webhook zip v1', 'fn-daily': 'daily zip v1' });
    // Act
    const { outcomes, tfvars } = await uploadPackages({ s3: aws.s3, bucket, dir });
    // Assess
    const [webhook] = manifest.functions;
    expect(outcomes.map((o) => o.uploaded)).toEqual([true, true]);
    const stored = await aws.s3.send(new GetObjectCommand({ Bucket: bucket, Key: `lambda/fn-webhook/${webhook!.sha256Hex}.zip` }));
    expect(await stored.Body!.transformToString()).toBe('webhook zip v1');
    const written = JSON.parse(readFileSync(join(dir, 'packages.tfvars.json'), 'utf8')) as PackagesTfvars;
    expect(written).toEqual(tfvars);
    expect(written.lambda_packages['fn-webhook']).toEqual({ s3_key: `lambda/fn-webhook/${webhook!.sha256Hex}.zip`, source_code_hash: webhook!.sha256 });
  });

  it('uploads nothing when every key is already there, and only the changed package after a change', async () => {
    // Prepare
    writePackages(dir, { 'fn-webhook': 'webhook zip v1', 'fn-daily': 'daily zip v1' });
    await uploadPackages({ s3: aws.s3, bucket, dir });
    const counter = countRequests(aws.s3);
    // Act
    const again = await uploadPackages({ s3: aws.s3, bucket, dir });
    const puts = counter.byOperation().PutObjectCommand ?? 0;
    writePackages(dir, { 'fn-webhook': 'webhook zip v2', 'fn-daily': 'daily zip v1' });
    const changed = await uploadPackages({ s3: aws.s3, bucket, dir });
    // Assess
    expect(again.outcomes.map((o) => o.uploaded)).toEqual([false, false]);
    expect(puts).toBe(0);
    expect(changed.outcomes.map((o) => [o.function, o.uploaded])).toEqual([['fn-webhook', true], ['fn-daily', false]]);
  });

  it('refuses a zip that no longer matches the manifest, uploading nothing', async () => {
    // Prepare
    writePackages(dir, { 'fn-collector': 'collector zip' });
    writeFileSync(join(dir, 'fn-collector.zip'), 'rebuilt since');
    const counter = countRequests(aws.s3);
    // Act
    const attempt = uploadPackages({ s3: aws.s3, bucket, dir });
    // Assess
    await expect(attempt).rejects.toThrow(/fn-collector.zip does not match manifest.json/);
    expect(counter.total()).toBe(0);
  });
});
