/**
 * `pnpm upload-packages --bucket <artifacts bucket>`: puts each zip of `dist/lambda/manifest.json`
 * (written by `pnpm package`) into the artifacts bucket at `lambda/<function>/<sha256-hex>.zip`,
 * only when that key is absent (content-addressed: an existing key already holds these bytes), and
 * writes `dist/lambda/packages.tfvars.json` for Terraform's root module:
 *   { "lambda_packages": { "<function>": { "s3_key": "...", "source_code_hash": "<base64 sha256>" } },
 *     "lambda_layers": { "layer-charts": { "s3_key": "lambda/layer-charts/<sha256-hex>.zip", ... } } }
 * (layers are uploaded the same way, under their own name).
 * Apply with `terraform apply -var-file=../dist/lambda/packages.tfvars.json`. The S3 client comes
 * from the standard AWS environment (`AWS_REGION`, credentials, `AWS_ENDPOINT_URL_S3`).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describeError } from '@tradebot/core-domain';
import { parseCli, printUsageOutcome } from '../packages/local-stack/src/cli';
import type { PackageManifest } from './package';

/** The artifacts key of a package: content-addressed by the zip's hex SHA-256. */
export const artifactKey = (fn: string, sha256Hex: string): string => `lambda/${fn}/${sha256Hex}.zip`;

/** `packages.tfvars.json`, read by the root module's `lambda_packages` and `lambda_layers` variables. */
export interface PackagesTfvars {
  readonly lambda_packages: Readonly<Record<string, { readonly s3_key: string; readonly source_code_hash: string }>>;
  readonly lambda_layers?: Readonly<Record<string, { readonly s3_key: string; readonly source_code_hash: string }>>;
}

/** What one upload did per function. */
export interface UploadOutcome {
  readonly function: string;
  readonly key: string;
  readonly uploaded: boolean;
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

/**
 * Uploads every package of `dir`'s manifest that the bucket lacks and writes `packages.tfvars.json`
 * beside it. Refuses a zip whose bytes no longer match the manifest (re-run `pnpm package`). Use it
 * from the CLI and tests; `s3` is any client (tests point one at s3rver).
 */
export async function uploadPackages(options: { readonly s3: S3Client; readonly bucket: string; readonly dir: string }): Promise<{ outcomes: UploadOutcome[]; tfvars: PackagesTfvars; tfvarsPath: string }> {
  const manifest = JSON.parse(readFileSync(join(options.dir, 'manifest.json'), 'utf8')) as PackageManifest;
  const outcomes: UploadOutcome[] = [];
  const packages: Record<string, { s3_key: string; source_code_hash: string }> = {};
  const layers: Record<string, { s3_key: string; source_code_hash: string }> = {};
  const zips = [
    ...manifest.functions.map((entry) => ({ name: entry.function, zip: entry.zip, sha256: entry.sha256, sha256Hex: entry.sha256Hex, into: packages })),
    ...(manifest.layers ?? []).map((entry) => ({ name: entry.layer, zip: entry.zip, sha256: entry.sha256, sha256Hex: entry.sha256Hex, into: layers })),
  ];
  for (const entry of zips) {
    const body = readFileSync(join(options.dir, entry.zip));
    const hex = createHash('sha256').update(body).digest('hex');
    if (hex !== entry.sha256Hex) throw new Error(`${entry.zip} does not match manifest.json (sha256 ${hex}, manifest ${entry.sha256Hex}); run pnpm package again`);
    const key = artifactKey(entry.name, hex);
    let present = true;
    try {
      await options.s3.send(new HeadObjectCommand({ Bucket: options.bucket, Key: key }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      present = false;
    }
    if (!present) {
      await options.s3.send(new PutObjectCommand({ Bucket: options.bucket, Key: key, Body: body, ContentType: 'application/zip', ContentLength: body.byteLength, Metadata: { 'source-commit': manifest.commit } }));
    }
    outcomes.push({ function: entry.name, key, uploaded: !present });
    entry.into[entry.name] = { s3_key: key, source_code_hash: entry.sha256 };
  }
  const tfvars: PackagesTfvars = { lambda_packages: packages, ...(Object.keys(layers).length > 0 ? { lambda_layers: layers } : {}) };
  const tfvarsPath = join(options.dir, 'packages.tfvars.json');
  writeFileSync(tfvarsPath, `${JSON.stringify(tfvars, null, 2)}\n`);
  return { outcomes, tfvars, tfvarsPath };
}

const USAGE = `Usage: pnpm upload-packages --bucket <artifacts bucket> [--dir dist/lambda]

Uploads each zip listed in <dir>/manifest.json (from pnpm package) to s3://<bucket>/lambda/<function>/<sha256-hex>.zip
unless that key exists, and writes <dir>/packages.tfvars.json for terraform apply -var-file=...
The bucket may also come from ARTIFACTS_BUCKET. AWS credentials, region and endpoint come from the environment.`;

async function main(): Promise<void> {
  const parsed = parseCli(process.argv.slice(2), { usage: USAGE, options: { bucket: { type: 'string' }, dir: { type: 'string' } } });
  if (!parsed.ok) {
    process.exitCode = printUsageOutcome(parsed);
    return;
  }
  const { values } = parsed;
  const bucket = values.bucket ?? process.env.ARTIFACTS_BUCKET;
  if (!bucket) {
    console.error(`upload-packages: name the artifacts bucket with --bucket or ARTIFACTS_BUCKET.\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const dir = resolve(values.dir ?? join(__dirname, '..', 'dist', 'lambda'));
  const s3 = new S3Client({});
  try {
    const { outcomes, tfvarsPath } = await uploadPackages({ s3, bucket, dir });
    for (const o of outcomes) console.log(`${o.uploaded ? 'uploaded' : 'present '}  s3://${bucket}/${o.key}`);
    console.log(`\nwrote ${relative(process.cwd(), tfvarsPath)}: terraform apply -var-file=${tfvarsPath}`);
  } finally {
    s3.destroy();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`upload-packages: ${describeError(error)}`);
    process.exitCode = 1;
  });
}
