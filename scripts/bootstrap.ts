/**
 * `pnpm bootstrap`: what must exist before the first `terraform apply`, created with the operator's
 * own AWS credentials: the Terraform state bucket, the artifacts bucket (packages are uploaded
 * before Terraform creates the functions) and GitHub's OIDC provider with a deploy role that only
 * this repository's main branch and production environment can assume. Safe to run again: it
 * creates what is missing and brings the rest back to the settings below.
 */
import { execFile } from 'node:child_process';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { runCli } from '../packages/local-stack/src/cli';
import { defaultBucketNames, terraformDirFor } from './lib/aws';
import { describeError, EXIT, parseDeployCli, processIo, type ScriptIo } from './lib/cli';
import {
  DEPLOY_BRANCH,
  DEPLOY_ENVIRONMENT,
  DEPLOY_POLICY_NAME,
  deployPolicy,
  deployRoleName,
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  INLINE_POLICY_LIMIT,
  oidcProviderArn,
  policySize,
  trustPolicy,
  type DeployRoleContext,
  type PolicyDocument,
} from './lib/deploy-policy';

const USAGE = `Usage: pnpm bootstrap --region REGION [--repo OWNER/NAME] [--stage prod] [--dry-run]

Creates, with your AWS credentials, what the first terraform apply and the deploy workflow need:
  - the Terraform state bucket  tradebot-tfstate-<account>-<region>   (versioned, encrypted,
    public access blocked, TLS only; old state versions kept 90 days)
  - the artifacts bucket        tradebot-artifacts-<account>-<region> (encrypted, public access
    blocked, TLS only; Lambda packages at lambda/<function>/<sha256>.zip). Terraform adopts it on
    the first apply and manages its settings from then on; bootstrap leaves an existing one alone.
  - GitHub's OIDC provider and the role tradebot-github-deploy-<stage>, which only the repository's
    main branch and its "production" environment can assume, allowed to manage tradebot-<stage>-*
    resources only
Running it again creates what is missing and resets the rest to these settings.

  --region REGION       AWS region (default AWS_REGION)
  --repo OWNER/NAME     GitHub repository allowed to deploy (default: from git remote origin)
  --stage STAGE         stage the role deploys (default prod)
  --branch BRANCH       branch that deploys (default ${DEPLOY_BRANCH})
  --environment NAME    protected GitHub environment of the apply job (default ${DEPLOY_ENVIRONMENT})
  --state-bucket NAME   another name for the state bucket
  --artifacts-bucket NAME  another name for the artifacts bucket
  --dry-run             say what would be created or changed; change nothing
  --help                this text

Example: pnpm bootstrap --region eu-west-1 --repo alice/tradebot`;

/** The AWS clients (tests replace them) and a way to read the git remote. */
export interface BootstrapDeps {
  readonly s3: (region: string) => S3Client;
  readonly iam: (region: string) => IAMClient;
  readonly sts: (region: string) => STSClient;
  readonly gitRemote?: () => Promise<string | null>;
}

const defaultDeps: BootstrapDeps = {
  s3: (region) => new S3Client({ region }),
  iam: (region) => new IAMClient({ region }),
  sts: (region) => new STSClient({ region }),
  gitRemote: () =>
    new Promise((done) => {
      execFile('git', ['config', '--get', 'remote.origin.url'], (error, stdout) => done(error ? null : stdout.trim()));
    }),
};

/** `owner/name` from a GitHub remote URL (https or ssh), or null. */
export function repositoryFromRemote(url: string): string | null {
  return /github\.com[:/]([A-Za-z0-9-]+\/[A-Za-z0-9._-]+?)(\.git)?\/?$/.exec(url.trim())?.[1] ?? null;
}

const REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;

/** The step of the README's "Deploy to AWS" path that runs terraform init and apply (a test keeps them in step). */
export const README_TERRAFORM_STEP = 4;

/** Reads a policy document as IAM returns it (URL-encoded JSON). */
function decodePolicy(text: string | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(decodeURIComponent(text));
  } catch {
    return null;
  }
}

/** Same JSON ignoring key order (IAM may return keys in another order). */
function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)).map(([k, v]) => [k, canonical(v)]))
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

const statusOf = (error: unknown): number | undefined => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const nameOf = (error: unknown): string => (error as { name?: string }).name ?? '';

/**
 * The protections bootstrap gives both buckets, with exactly the values of infra's s3-bucket module
 * (public access block, SSE-S3 without a bucket key, the TLS-only policy with the same Sid), so the
 * first `terraform apply` that adopts the artifacts bucket has nothing to change there
 * (`scripts/tests/bootstrap.test.ts` compares them with the module as Terraform renders it).
 */
export function bucketProtections(bucket: string): {
  readonly publicAccessBlock: { BlockPublicAcls: boolean; IgnorePublicAcls: boolean; BlockPublicPolicy: boolean; RestrictPublicBuckets: boolean };
  readonly encryption: { Rules: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }; BucketKeyEnabled: boolean }[] };
  readonly policy: string;
} {
  return {
    publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    // A bucket key only matters for SSE-KMS; false is what the module sets for SSE-S3.
    encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] },
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyRequestsWithoutTls',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    }),
  };
}

interface BucketPlan {
  readonly name: string;
  readonly purpose: 'Terraform state' | 'artifacts';
  /**
   * Whether bootstrap keeps the bucket's settings (re-applied on every run): true for the state
   * bucket; false for the artifacts bucket, whose settings Terraform manages once it has adopted it
   * (re-applying them here would undo Terraform's versioning, lifecycle and tags).
   */
  readonly keepsSettings: boolean;
  /** Versioning, and how many days old state versions are kept (the state bucket). */
  readonly noncurrentDays?: number;
}

/**
 * Creates the bucket if missing. A new bucket gets the protections above; a bucket bootstrap keeps
 * (the state bucket) gets them again on every run, with versioning and its lifecycle. Every call
 * is an idempotent PUT.
 */
async function ensureBucket(s3: S3Client, region: string, plan: BucketPlan, dryRun: boolean, io: ScriptIo): Promise<void> {
  const flag = plan.purpose === 'Terraform state' ? '--state-bucket' : '--artifacts-bucket';
  let exists = true;
  try {
    await s3.send(new HeadBucketCommand({ Bucket: plan.name }));
  } catch (error) {
    const status = statusOf(error);
    if (status === 404 || nameOf(error) === 'NotFound') exists = false;
    else if (status === 403) throw new Error(`The bucket name ${plan.name} belongs to another AWS account (or you may not read it): choose another with ${flag}.`);
    else throw error;
  }
  const versioned = plan.noncurrentDays !== undefined;
  const settings = `${versioned ? 'versioned, ' : ''}encrypted (SSE-S3), public access blocked, TLS only`;
  if (exists && !plan.keepsSettings) {
    io.out(`  exists     ${plan.purpose} bucket ${plan.name}: settings left to Terraform (module.artifacts_bucket)`);
    return;
  }
  if (dryRun) {
    io.out(`  ${exists ? 'exists    ' : 'would create'} ${plan.purpose} bucket ${plan.name}; would apply: ${settings}`);
    return;
  }
  if (!exists) {
    try {
      await s3.send(
        new CreateBucketCommand({
          Bucket: plan.name,
          ObjectOwnership: 'BucketOwnerEnforced',
          // us-east-1 is the one region that takes no location constraint.
          ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
        }),
      );
    } catch (error) {
      if (nameOf(error) === 'BucketAlreadyExists') throw new Error(`The bucket name ${plan.name} is taken by another AWS account: choose another with ${flag}.`);
      if (nameOf(error) !== 'BucketAlreadyOwnedByYou') throw error;
    }
  }
  const bucket = plan.name;
  const protections = bucketProtections(bucket);
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: protections.publicAccessBlock }));
  await s3.send(new PutBucketEncryptionCommand({ Bucket: bucket, ServerSideEncryptionConfiguration: protections.encryption }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: protections.policy }));
  if (versioned) {
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: {
          Rules: [
            {
              ID: 'tradebot-housekeeping',
              Status: 'Enabled',
              Filter: { Prefix: '' },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
              NoncurrentVersionExpiration: { NoncurrentDays: plan.noncurrentDays },
            },
          ],
        },
      }),
    );
  }
  io.out(`  ${exists ? 'exists ' : 'created'}  ${plan.purpose} bucket ${bucket}: ${settings}${plan.keepsSettings ? '' : ' (Terraform manages it from the first apply)'}`);
}

/** Creates GitHub's OIDC provider, or makes sure the existing one accepts the STS audience. */
async function ensureOidcProvider(iam: IAMClient, accountId: string, dryRun: boolean, io: ScriptIo): Promise<void> {
  const arn = oidcProviderArn(accountId);
  const { OpenIDConnectProviderList: providers = [] } = await iam.send(new ListOpenIDConnectProvidersCommand({}));
  const exists = providers.some((p) => p.Arn === arn);
  if (!exists) {
    if (!dryRun) await iam.send(new CreateOpenIDConnectProviderCommand({ Url: `https://${GITHUB_OIDC_HOST}`, ClientIDList: [GITHUB_OIDC_AUDIENCE] }));
    io.out(`  ${dryRun ? 'would create' : 'created'} GitHub OIDC provider ${arn}`);
    return;
  }
  // The provider is account-wide and may serve other projects: only add our audience, never remove.
  const { ClientIDList: audiences = [] } = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
  if (audiences.includes(GITHUB_OIDC_AUDIENCE)) {
    io.out(`  exists     GitHub OIDC provider ${arn}`);
    return;
  }
  if (!dryRun) await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: GITHUB_OIDC_AUDIENCE }));
  io.out(`  ${dryRun ? 'would add' : 'added'} audience ${GITHUB_OIDC_AUDIENCE} to GitHub OIDC provider ${arn}`);
}

/** Creates the deploy role or brings its trust and permissions to the documents; returns its ARN. */
async function ensureDeployRole(iam: IAMClient, ctx: DeployRoleContext, dryRun: boolean, io: ScriptIo): Promise<string> {
  const roleName = deployRoleName(ctx.stage);
  const trust: PolicyDocument = trustPolicy(ctx);
  const permissions: PolicyDocument = deployPolicy(ctx);
  const arn = `arn:aws:iam::${ctx.accountId}:role/${roleName}`;
  let current: { trust: unknown } | null = null;
  try {
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: roleName }));
    current = { trust: decodePolicy(Role?.AssumeRolePolicyDocument) };
  } catch (error) {
    if (nameOf(error) !== 'NoSuchEntityException' && nameOf(error) !== 'NoSuchEntity') throw error;
  }
  if (!current) {
    if (!dryRun) {
      await iam.send(
        new CreateRoleCommand({
          RoleName: roleName,
          AssumeRolePolicyDocument: JSON.stringify(trust),
          Description: `GitHub Actions deploys of ${ctx.repository} (${ctx.branch} / ${ctx.environment}) to tradebot ${ctx.stage}`,
          MaxSessionDuration: 3600,
          Tags: [{ Key: 'project', Value: 'tradebot' }, { Key: 'stage', Value: ctx.stage }],
        }),
      );
    }
    io.out(`  ${dryRun ? 'would create' : 'created'} deploy role ${arn} (trusts ${ctx.repository} on ${ctx.branch} and environment ${ctx.environment})`);
  } else if (sameJson(current.trust, trust)) {
    io.out(`  unchanged  deploy role trust policy (${ctx.repository} on ${ctx.branch} and environment ${ctx.environment})`);
  } else {
    if (!dryRun) await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: JSON.stringify(trust) }));
    io.out(`  ${dryRun ? 'would update' : 'updated'} deploy role trust policy (${ctx.repository} on ${ctx.branch} and environment ${ctx.environment})`);
  }

  let currentPermissions: unknown = null;
  if (current) {
    try {
      const { PolicyDocument: text } = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: DEPLOY_POLICY_NAME }));
      currentPermissions = decodePolicy(text);
    } catch (error) {
      if (nameOf(error) !== 'NoSuchEntityException' && nameOf(error) !== 'NoSuchEntity') throw error;
    }
  }
  if (sameJson(currentPermissions, permissions)) {
    io.out(`  unchanged  deploy role permissions (${DEPLOY_POLICY_NAME})`);
  } else {
    if (!dryRun) await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: DEPLOY_POLICY_NAME, PolicyDocument: JSON.stringify(permissions) }));
    io.out(`  ${dryRun ? 'would set' : 'set'} deploy role permissions (${DEPLOY_POLICY_NAME}: tradebot-${ctx.stage}-* resources, state and artifacts buckets)`);
  }
  return arn;
}

/** Runs the CLI; returns the exit code. */
export async function runBootstrap(argv: readonly string[], io: ScriptIo, deps: BootstrapDeps = defaultDeps): Promise<number> {
  const parsed = parseDeployCli(
    argv,
    {
      usage: USAGE,
      options: {
        repo: { type: 'string' },
        branch: { type: 'string', default: DEPLOY_BRANCH },
        environment: { type: 'string', default: DEPLOY_ENVIRONMENT },
        'state-bucket': { type: 'string' },
        'artifacts-bucket': { type: 'string' },
      },
    },
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, stage, region, usageError } = parsed;
  const remote = values.repo === undefined && deps.gitRemote ? await deps.gitRemote() : null;
  const repository = values.repo ?? (remote ? repositoryFromRemote(remote) : null);
  if (!repository || !REPOSITORY.test(repository)) return usageError('--repo OWNER/NAME is needed (the GitHub repository that deploys), e.g. --repo alice/tradebot');
  if (!/^[A-Za-z0-9._/-]+$/.test(values.branch) || !/^[A-Za-z0-9._ -]+$/.test(values.environment)) return usageError('--branch and --environment take a branch name and an environment name');
  const dryRun = values['dry-run'];

  try {
    const identity = await deps.sts(region).send(new GetCallerIdentityCommand({}));
    const accountId = identity.Account;
    if (!accountId) throw new Error('STS did not say which account these credentials belong to.');
    io.out(`${dryRun ? 'Dry run: ' : ''}bootstrapping tradebot ${stage} in account ${accountId}, ${region}, as ${identity.Arn ?? 'unknown caller'}`);
    const defaults = defaultBucketNames(accountId, region);
    const stateBucket = values['state-bucket'] ?? defaults.state;
    const artifactsBucket = values['artifacts-bucket'] ?? defaults.artifacts;
    const ctx: DeployRoleContext = { accountId, region, stage, repository, branch: values.branch, environment: values.environment, stateBucket, artifactsBucket };
    const size = policySize(deployPolicy(ctx));
    if (size > INLINE_POLICY_LIMIT) throw new Error(`The deploy policy is ${size} characters, over IAM's ${INLINE_POLICY_LIMIT} limit for inline policies.`);

    const s3 = deps.s3(region);
    await ensureBucket(s3, region, { name: stateBucket, purpose: 'Terraform state', keepsSettings: true, noncurrentDays: 90 }, dryRun, io);
    await ensureBucket(s3, region, { name: artifactsBucket, purpose: 'artifacts', keepsSettings: false }, dryRun, io);
    const iam = deps.iam(region);
    await ensureOidcProvider(iam, accountId, dryRun, io);
    const roleArn = await ensureDeployRole(iam, ctx, dryRun, io);

    const dir = terraformDirFor(stage);
    io.out(
      [
        dryRun ? '\nDry run: nothing was changed. Run again without --dry-run to create them.' : '\nDone. Values for the next steps:',
        `  state bucket      ${stateBucket}`,
        `  artifacts bucket  ${artifactsBucket}`,
        `  deploy role       ${roleArn}`,
        '',
        `Terraform (README "Deploy to AWS", step ${README_TERRAFORM_STEP}):`,
        `  terraform -chdir=${dir} init -backend-config="bucket=${stateBucket}" -backend-config="region=${region}"`,
        `  export TF_VAR_region=${region}`,
        `  export TF_VAR_artifacts_bucket=${artifactsBucket}`,
        `GitHub (README "Deploy every push to main"; repository Settings > Secrets and variables > Actions > Variables, or with gh):`,
        `  gh variable set AWS_DEPLOY_ROLE_ARN --repo ${repository} --body "${roleArn}"`,
        `  gh variable set AWS_REGION --repo ${repository} --body "${region}"`,
        ...(values['state-bucket'] ? [`  gh variable set TF_STATE_BUCKET --repo ${repository} --body "${stateBucket}"`] : []),
        ...(values['artifacts-bucket'] ? [`  gh variable set ARTIFACTS_BUCKET --repo ${repository} --body "${artifactsBucket}"`] : []),
        `  and an environment named "${values.environment}" with required reviewers and deployment branch "${values.branch}".`,
      ].join('\n'),
    );
    return EXIT.ok;
  } catch (error) {
    io.err(describeError(error));
    return EXIT.failed;
  }
}

runCli(module, (argv) => runBootstrap(argv, processIo()));
