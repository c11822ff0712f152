/**
 * Names fixed by the cross-branch contracts (docs/deploy.md): the Lambda functions, where their
 * packages live in the artifacts bucket, the default bucket names, and the SSM prefix of a stage.
 */

/** The deployed functions, as Terraform's `function_names` output and `lambda_packages` variable key them. */
export const LAMBDA_FUNCTIONS = ['fn-webhook', 'fn-collector', 'fn-daily'] as const;
export type LambdaFunction = (typeof LAMBDA_FUNCTIONS)[number];

/** Whether a word names one of the deployed functions. */
export function isLambdaFunction(name: string): name is LambdaFunction {
  return (LAMBDA_FUNCTIONS as readonly string[]).includes(name);
}

/** Object key of a function package in the artifacts bucket: `lambda/<function>/<sha256-hex>.zip`. */
export function packageKey(fn: LambdaFunction, sha256Hex: string): string {
  return `${packagePrefix(fn)}${sha256Hex}.zip`;
}

/** The folder of a function's packages in the artifacts bucket. */
export function packagePrefix(fn: LambdaFunction): string {
  return `lambda/${fn}/`;
}

/** The hex hash in a package key, or null when the key is not a package. */
export function hashOfPackageKey(key: string): string | null {
  return /^lambda\/[a-z-]+\/([0-9a-f]{64})\.zip$/.exec(key)?.[1] ?? null;
}

/** Terraform's `source_code_hash` (and Lambda's `CodeSha256`) is the base64 of the same digest. */
export function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

/** The hex form of a base64 SHA-256 (Lambda's `CodeSha256`). */
export function base64ToHex(base64: string): string {
  return Buffer.from(base64, 'base64').toString('hex');
}

/** Default bucket names created by `scripts/bootstrap` (globally unique per account and region). */
export function defaultBucketNames(accountId: string, region: string): { readonly state: string; readonly artifacts: string } {
  return { state: `tradebot-tfstate-${accountId}-${region}`, artifacts: `tradebot-artifacts-${accountId}-${region}` };
}

/** The SSM prefix of a stage's secrets (Terraform's `ssm_prefix` output says the same). */
export function ssmPrefixFor(stage: string): string {
  return `/tradebot/${stage}`;
}

/** The Terraform root of a stage, relative to the repository root. */
export function terraformDirFor(stage: string): string {
  return `infra/envs/${stage}`;
}

/**
 * The region to use: `--region`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`. Null when none is
 * set: the scripts then say how to set one rather than guess.
 */
export function resolveRegion(flag: string | undefined, env: NodeJS.ProcessEnv): string | null {
  const region = flag ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  return region && /^[a-z]{2}(-[a-z]+)+-\d$/.test(region) ? region : null;
}

/** The message when no region is known. */
export const NO_REGION = 'No AWS region: pass --region (e.g. --region eu-west-1) or set AWS_REGION.';
