/**
 * `pnpm rollback`: points one function back to a package it ran before. Packages stay in the
 * artifacts bucket under their content hash (`lambda/<function>/<sha256>.zip`), so any earlier
 * one can be deployed again through Terraform's `lambda_packages` variable: this script lists
 * them, checks the chosen one, writes the variable file and prints the exact commands.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { GetFunctionConfigurationCommand, GetLayerVersionByArnCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { runCli } from '../packages/local-stack/src/cli';
import { base64ToHex, defaultBucketNames, hashOfPackageKey, hexToBase64, isLambdaFunction, LAMBDA_FUNCTIONS, packageKey, packagePrefix, terraformDirFor, type LambdaFunction } from './lib/aws';
import { describeError, EXIT, parseDeployCli, processIo, type ScriptIo } from './lib/cli';
import { readTerraformOutputs, requireOutput, type CommandRunner } from './lib/terraform';

/** The chart layer's name in the artifacts bucket and in Terraform's `lambda_layers` (scripts/package.ts). */
const CHART_LAYER = 'layer-charts';

/** Where the variable file goes unless --out says otherwise (next to packages.tfvars.json). */
export const DEFAULT_ROLLBACK_FILE = 'dist/lambda/rollback.tfvars.json';

const USAGE = `Usage: pnpm rollback <function> [--to HASH] [--stage prod] [--region REGION] [--dry-run]

Without --to: lists the function's packages in the artifacts bucket, newest first, and marks the
one deployed now. With --to: checks that package (its content must match its hash) and writes a
Terraform variable file (${DEFAULT_ROLLBACK_FILE}) that keeps the other functions at what is
deployed now, then prints the two terraform commands that apply it.

  <function>               webhook, collector or daily (or fn-webhook, fn-collector, fn-daily)
  --to HASH                the package to go back to: its sha256, or at least 7 of its first characters
  --stage STAGE            stage (default prod)
  --outputs FILE           saved \`terraform output -json\` (default: run terraform in infra/envs/<stage>)
  --region REGION          AWS region (default AWS_REGION)
  --artifacts-bucket NAME  artifacts bucket (default: Terraform output artifacts_bucket, else
                           tradebot-artifacts-<account>-<region>)
  --out FILE               where to write the variable file (default ${DEFAULT_ROLLBACK_FILE})
  --dry-run                print the variable file instead of writing it
  --help                   this text

Examples: pnpm rollback webhook
          pnpm rollback webhook --to 3f2a9c1`;

/** The clients (tests replace them). */
export interface RollbackDeps {
  readonly s3: (region: string) => S3Client;
  readonly lambda: (region: string) => LambdaClient;
  readonly sts: (region: string) => STSClient;
  readonly run?: CommandRunner;
}

const defaultDeps: RollbackDeps = {
  s3: (region) => new S3Client({ region }),
  lambda: (region) => new LambdaClient({ region }),
  sts: (region) => new STSClient({ region }),
};

/** One uploaded package of a function. */
export interface PackageVersion {
  readonly hash: string;
  readonly key: string;
  readonly uploadedAt: Date | null;
  readonly bytes: number;
}

/** Newest first; packages uploaded in the same second keep a stable order (by hash). */
export function newestFirst(packages: readonly PackageVersion[]): PackageVersion[] {
  return [...packages].sort((a, b) => (b.uploadedAt?.getTime() ?? 0) - (a.uploadedAt?.getTime() ?? 0) || a.hash.localeCompare(b.hash));
}

async function listPackages(s3: S3Client, bucket: string, fn: LambdaFunction): Promise<PackageVersion[]> {
  const found: PackageVersion[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: packagePrefix(fn), ...(token ? { ContinuationToken: token } : {}) }));
    for (const object of page.Contents ?? []) {
      const hash = object.Key ? hashOfPackageKey(object.Key) : null;
      if (hash && object.Key === packageKey(fn, hash)) found.push({ hash, key: object.Key, uploadedAt: object.LastModified ?? null, bytes: object.Size ?? 0 });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return newestFirst(found);
}

/** The Terraform `lambda_packages` value for a set of package hashes (hex). */
export function lambdaPackagesVariable(hashes: Readonly<Record<LambdaFunction, string>>): { lambda_packages: Record<LambdaFunction, { s3_key: string; source_code_hash: string }> } {
  return {
    lambda_packages: Object.fromEntries(LAMBDA_FUNCTIONS.map((fn) => [fn, { s3_key: packageKey(fn, hashes[fn]), source_code_hash: hexToBase64(hashes[fn]) }])) as Record<LambdaFunction, { s3_key: string; source_code_hash: string }>,
  };
}

const short = (hash: string): string => hash.slice(0, 12);

/** The function a rollback names: `webhook` or `fn-webhook` both mean fn-webhook. */
const functionNamed = (name: string | undefined): string => (name?.startsWith('fn-') ? name : `fn-${name ?? ''}`);

/** Runs the CLI; returns the exit code. */
export async function runRollback(argv: readonly string[], io: ScriptIo, deps: RollbackDeps = defaultDeps): Promise<number> {
  const parsed = parseDeployCli(
    argv,
    {
      usage: USAGE,
      positionals: (names) => (names.length === 1 && isLambdaFunction(functionNamed(names[0])) ? null : 'Name one function: webhook, collector or daily (e.g. pnpm rollback webhook).'),
      options: {
        to: { type: 'string' },
        outputs: { type: 'string' },
        'artifacts-bucket': { type: 'string' },
        out: { type: 'string', default: DEFAULT_ROLLBACK_FILE },
      },
    },
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals, region, usageError } = parsed;
  const fn = functionNamed(positionals[0]) as LambdaFunction;
  const wanted = values.to?.toLowerCase();
  if (wanted !== undefined && !/^[0-9a-f]{7,64}$/.test(wanted)) return usageError('--to takes a package hash: 7 to 64 hexadecimal characters, e.g. --to 3f2a9c1');

  try {
    const outputs = await readTerraformOutputs({ stage: values.stage, ...(values.outputs ? { outputsFile: values.outputs } : {}), ...(deps.run ? { run: deps.run } : {}) });
    const functionNames = requireOutput(outputs, 'function_names', values.stage);
    let bucket = values['artifacts-bucket'] ?? outputs.artifacts_bucket;
    if (!bucket) {
      const { Account } = await deps.sts(region).send(new GetCallerIdentityCommand({}));
      if (!Account) throw new Error('STS did not say which account these credentials belong to: pass --artifacts-bucket.');
      bucket = defaultBucketNames(Account, region).artifacts;
    }
    const lambda = deps.lambda(region);
    const deployed = {} as Record<LambdaFunction, string>;
    /** The chart layer the webhook runs with now: the file keeps it, so a rollback never detaches it. */
    let chartLayer: string | undefined;
    for (const each of LAMBDA_FUNCTIONS) {
      const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionNames[each] }));
      if (!config.CodeSha256) throw new Error(`Lambda did not report the code hash of ${functionNames[each]}.`);
      deployed[each] = base64ToHex(config.CodeSha256);
      for (const layer of config.Layers ?? []) {
        if (!layer.Arn || !/:layer:[^:]*-charts:\d+$/.test(layer.Arn)) continue;
        const version = await lambda.send(new GetLayerVersionByArnCommand({ Arn: layer.Arn }));
        if (version.Content?.CodeSha256) chartLayer = base64ToHex(version.Content.CodeSha256);
      }
    }
    const s3 = deps.s3(region);
    const history = await listPackages(s3, bucket, fn);

    if (wanted === undefined) {
      io.out(`Packages of ${fn} (${functionNames[fn]}) in s3://${bucket}/${packagePrefix(fn)}, newest first:`);
      if (history.length === 0) io.out('  (none: upload packages with pnpm package and scripts/upload-packages)');
      for (const p of history) {
        const when = p.uploadedAt ? p.uploadedAt.toISOString().replace('T', ' ').slice(0, 16) : 'unknown time';
        io.out(`  ${p.hash === deployed[fn] ? '*' : ' '} ${short(p.hash)}  ${when}  ${Math.ceil(p.bytes / 1024)} KB${p.hash === deployed[fn] ? '  (deployed)' : ''}`);
      }
      if (!history.some((p) => p.hash === deployed[fn])) io.out(`  The deployed package (${short(deployed[fn])}) is not in the bucket.`);
      io.out(`Roll back with: pnpm rollback ${fn.slice(3)} --to <hash>`);
      return EXIT.ok;
    }

    const matches = history.filter((p) => p.hash.startsWith(wanted));
    if (matches.length !== 1) {
      io.err(
        matches.length === 0
          ? `No package of ${fn} starts with ${wanted}. Run \`pnpm rollback ${fn.slice(3)}\` to list them.`
          : `${wanted} matches ${matches.length} packages of ${fn} (${matches.map((p) => short(p.hash)).join(', ')}): give more characters.`,
      );
      return EXIT.failed;
    }
    const target = matches[0]!;
    if (target.hash === deployed[fn]) {
      io.out(`${fn} already runs ${short(target.hash)}: nothing to roll back.`);
      return EXIT.ok;
    }
    // The key says what the package should be; the bytes must agree before anything points at it.
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: target.key }));
    const bytes = Buffer.from(await object.Body!.transformToByteArray());
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== target.hash) {
      io.err(`s3://${bucket}/${target.key} does not match its name (its content hashes to ${short(actual)}): it will not be deployed. Choose another package.`);
      return EXIT.failed;
    }

    const variable = {
      ...lambdaPackagesVariable({ ...deployed, [fn]: target.hash }),
      ...(chartLayer ? { lambda_layers: { [CHART_LAYER]: { s3_key: `lambda/${CHART_LAYER}/${chartLayer}.zip`, source_code_hash: hexToBase64(chartLayer) } } } : {}),
    };
    const text = `${JSON.stringify(variable, null, 2)}\n`;
    const outFile = resolve(values.out);
    const dir = terraformDirFor(values.stage);
    const others = LAMBDA_FUNCTIONS.filter((each) => each !== fn).map((each) => `${each} ${short(deployed[each])}`).join(', ');
    io.out(`Rollback of ${fn} from ${short(deployed[fn])} to ${short(target.hash)} (uploaded ${target.uploadedAt?.toISOString() ?? 'at an unknown time'}); unchanged: ${others}.`);
    if (values['dry-run']) {
      io.out(`Dry run: would write ${outFile}:\n${text}`);
    } else {
      await mkdir(dirname(outFile), { recursive: true });
      await writeFile(outFile, text);
      io.out(`Wrote ${outFile}.`);
    }
    io.out(
      [
        'Apply it with the TF_VAR_ variables of README "Deploy to AWS" step 4 set (review the plan: only the function code should change):',
        `  terraform -chdir=${dir} plan -out=rollback.tfplan -var="artifacts_bucket=${bucket}" -var-file="${outFile}"`,
        `  terraform -chdir=${dir} apply rollback.tfplan`,
        'Then revert the faulty commit on main: the next push to main deploys main again.',
      ].join('\n'),
    );
    return EXIT.ok;
  } catch (error) {
    io.err(describeError(error));
    return EXIT.failed;
  }
}

runCli(module, (argv) => runRollback(argv, processIo()));
