import { randomInt } from 'node:crypto';
import { IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, HeadBucketCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { testAws, type TestAws } from '@tradebot/local-stack';
import type { ResourceInstance, Value } from '../../infra/tests/lib/evaluate';
import { allResources } from '../../infra/tests/lib/evaluate';
import { README_TERRAFORM_STEP, repositoryFromRemote, runBootstrap, type BootstrapDeps } from '../bootstrap';
import { deployPolicy, trustPolicy } from '../lib/deploy-policy';
import { fakeIam, fakeSts, type FakeIam } from './helpers/fake-iam';
import { hybridS3, type HybridS3 } from './helpers/hybrid-s3';
import { expandProd } from './helpers/infra-root';
import { memoryIo } from './helpers/script-io';

const REGION = 'eu-west-1';
const REPO = 'alice/tradebot';

describe('Script: bootstrap', () => {
  let aws: TestAws;
  let s3: HybridS3;
  let iam: FakeIam;
  let sts: ReturnType<typeof fakeSts>;
  let account: string;
  beforeAll(async () => {
    aws = await testAws();
  });
  afterAll(async () => {
    await aws.destroy();
  });
  beforeEach(() => {
    // A fresh account per test keeps the bucket names apart on the shared s3rver.
    account = String(randomInt(100_000_000_000, 999_999_999_999));
    s3 = hybridS3(aws.s3Endpoint);
    iam = fakeIam(account);
    sts = fakeSts(account);
  });
  afterEach(() => {
    s3.restore();
    iam.restore();
    sts.restore();
  });

  const deps = (): BootstrapDeps => ({ s3: () => s3.client, iam: (region) => new IAMClient({ region }), sts: (region) => new STSClient({ region }) });
  const run = async (...argv: string[]) => {
    const capture = memoryIo({ AWS_REGION: REGION });
    const code = await runBootstrap(['--repo', REPO, ...argv], capture.io, deps());
    return { code, ...capture };
  };
  const exists = async (bucket: string) =>
    s3.real.send(new HeadBucketCommand({ Bucket: bucket })).then(
      () => true,
      () => false,
    );

  it('creates the state bucket (versioned, encrypted, public access blocked, TLS only) and the artifacts bucket', async () => {
    // Act
    const result = await run();

    // Assess
    expect(result.code).toBe(0);
    const state = `tradebot-tfstate-${account}-${REGION}`;
    const artifacts = `tradebot-artifacts-${account}-${REGION}`;
    expect(await exists(state)).toBe(true);
    expect(await exists(artifacts)).toBe(true);
    const config = s3.configuration(state);
    expect(config.PutBucketVersioningCommand).toMatchObject({ VersioningConfiguration: { Status: 'Enabled' } });
    expect(config.PutBucketEncryptionCommand).toMatchObject({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } });
    expect(config.PutPublicAccessBlockCommand).toEqual({ Bucket: state, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } });
    expect(JSON.parse(String(config.PutBucketPolicyCommand!.Policy)).Statement[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    // Versioning and lifecycle of the artifacts bucket are Terraform's (module.artifacts_bucket).
    expect(Object.keys(s3.configuration(artifacts)).sort()).toEqual(['PutBucketEncryptionCommand', 'PutBucketPolicyCommand', 'PutPublicAccessBlockCommand']);
    expect(result.out()).toContain(`Terraform (README "Deploy to AWS", step ${README_TERRAFORM_STEP}):`);
    expect(result.out()).toContain(`terraform -chdir=infra/envs/prod init -backend-config="bucket=${state}" -backend-config="region=${REGION}"`);
    expect(result.out()).toContain(`export TF_VAR_artifacts_bucket=${artifacts}`);
    expect(result.out()).toContain(`export TF_VAR_region=${REGION}`);
  });

  it("gives a new artifacts bucket exactly the protections of infra's s3-bucket module, so adopting it changes none of them", async () => {
    // Prepare: the module as Terraform renders it for this bucket
    const artifacts = `tradebot-artifacts-${account}-${REGION}`;
    const { root } = await expandProd({ variables: { artifacts_bucket: artifacts } });
    const module = (type: string): ResourceInstance => allResources(root).find((r) => r.address === `module.artifacts_bucket.${type}.this`)!;
    const one = (value: Value): Record<string, Value> => (Array.isArray(value) ? value[0] : value) as Record<string, Value>;
    const asLists = (statement: Record<string, unknown>) => ({
      ...statement,
      Action: [statement.Action].flat(),
      Resource: [statement.Resource].flat(),
      Condition: Object.fromEntries(Object.entries(statement.Condition as Record<string, Record<string, unknown>>).map(([op, keys]) => [op, Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, [v].flat()]))])),
    });
    const rule = one(module('aws_s3_bucket_server_side_encryption_configuration').attribute('rule'));

    // Act
    expect((await run()).code).toBe(0);
    const config = s3.configuration(artifacts);
    const created = s3.mock.commandCalls(CreateBucketCommand).map((c) => c.args[0].input).find((input) => input.Bucket === artifacts)!;

    // Assess
    expect(module('aws_s3_bucket').attribute('bucket')).toBe(artifacts);
    expect(created.ObjectOwnership).toBe(one(module('aws_s3_bucket_ownership_controls').attribute('rule')).object_ownership);
    const block = module('aws_s3_bucket_public_access_block');
    expect(config.PutPublicAccessBlockCommand!.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: block.attribute('block_public_acls'),
      IgnorePublicAcls: block.attribute('ignore_public_acls'),
      BlockPublicPolicy: block.attribute('block_public_policy'),
      RestrictPublicBuckets: block.attribute('restrict_public_buckets'),
    });
    expect(config.PutBucketEncryptionCommand!.ServerSideEncryptionConfiguration).toEqual({
      Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: one(rule.apply_server_side_encryption_by_default!).sse_algorithm }, BucketKeyEnabled: rule.bucket_key_enabled }],
    });
    const terraformPolicy = JSON.parse(String(module('aws_s3_bucket_policy').attribute('policy'))) as { Statement: Record<string, unknown>[] };
    const bootstrapPolicy = JSON.parse(String(config.PutBucketPolicyCommand!.Policy)) as { Statement: Record<string, unknown>[] };
    expect(bootstrapPolicy.Statement.map(asLists)).toEqual(terraformPolicy.Statement.map(asLists));
  });

  it('leaves an existing artifacts bucket to Terraform on a second run, and says so', async () => {
    // Prepare
    const artifacts = `tradebot-artifacts-${account}-${REGION}`;
    await run();
    const first = s3.configurationCalls(artifacts);

    // Act
    const again = await run();

    // Assess
    expect(again.code).toBe(0);
    expect(first).toBeGreaterThan(0);
    expect(s3.configurationCalls(artifacts)).toBe(first);
    expect(again.out()).toContain(`exists     artifacts bucket ${artifacts}: settings left to Terraform (module.artifacts_bucket)`);
  });

  it("creates GitHub's OIDC provider and a deploy role only this repository's main branch and production environment can assume", async () => {
    // Act
    const result = await run();

    // Assess
    expect(result.code).toBe(0);
    expect([...iam.providers]).toEqual([[`arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`, ['sts.amazonaws.com']]]);
    const role = iam.roles.get('tradebot-github-deploy-prod')!;
    const trust = JSON.parse(role.trust);
    expect(trust.Statement[0].Condition.StringEquals).toEqual({
      'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
      'token.actions.githubusercontent.com:sub': ['repo:alice/tradebot:ref:refs/heads/main', 'repo:alice/tradebot:environment:production'],
    });
    const ctx = { accountId: account, region: REGION, stage: 'prod', repository: REPO, branch: 'main', environment: 'production', stateBucket: `tradebot-tfstate-${account}-${REGION}`, artifactsBucket: `tradebot-artifacts-${account}-${REGION}` };
    expect(trust).toEqual(trustPolicy(ctx));
    expect(JSON.parse(role.policies.get('tradebot-deploy')!)).toEqual(deployPolicy(ctx));
    expect(result.out()).toContain(`gh variable set AWS_DEPLOY_ROLE_ARN --repo alice/tradebot --body "arn:aws:iam::${account}:role/tradebot-github-deploy-prod"`);
  });

  it('changes nothing in IAM on a second run and reapplies the same bucket settings', async () => {
    // Prepare
    await run();
    const firstWrites = iam.writes().length;
    const firstConfig = s3.configuration(`tradebot-tfstate-${account}-${REGION}`);

    // Act
    const again = await run();

    // Assess
    expect(again.code).toBe(0);
    expect(iam.writes()).toHaveLength(firstWrites);
    expect(s3.configuration(`tradebot-tfstate-${account}-${REGION}`)).toEqual(firstConfig);
    expect(again.out()).toContain('exists     GitHub OIDC provider');
    expect(again.out()).toContain('unchanged  deploy role trust policy');
    expect(again.out()).toContain('unchanged  deploy role permissions');
  });

  it('brings a drifted trust policy back and adds the STS audience to a shared OIDC provider', async () => {
    // Prepare
    await run();
    iam.roles.get('tradebot-github-deploy-prod')!.trust = JSON.stringify({ Version: '2012-10-17', Statement: [] });
    iam.providers.set(`arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`, ['other-audience']);

    // Act
    const result = await run();

    // Assess
    expect(result.code).toBe(0);
    expect(iam.writes().slice(-2)).toEqual(['AddClientIDToOpenIDConnectProviderCommand', 'UpdateAssumeRolePolicyCommand']);
    expect(iam.providers.get(`arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`)).toEqual(['other-audience', 'sts.amazonaws.com']);
    expect(JSON.parse(iam.roles.get('tradebot-github-deploy-prod')!.trust).Statement).toHaveLength(1);
  });

  it('creates and changes nothing in a dry run, and says what it would do', async () => {
    // Act
    const result = await run('--dry-run');

    // Assess
    expect(result.code).toBe(0);
    expect(await exists(`tradebot-tfstate-${account}-${REGION}`)).toBe(false);
    expect(s3.configuration(`tradebot-tfstate-${account}-${REGION}`)).toEqual({});
    expect(iam.writes()).toEqual([]);
    expect(result.out()).toContain(`would create Terraform state bucket tradebot-tfstate-${account}-${REGION}`);
    expect(result.out()).toContain('would create deploy role');
    expect(result.out()).toContain('Dry run: nothing was changed.');
  });

  it('stops with a clear message when a bucket name belongs to another account', async () => {
    // Prepare
    s3.mock.on(HeadBucketCommand).rejects(new S3ServiceException({ name: 'Forbidden', $fault: 'client', $metadata: { httpStatusCode: 403 } }));

    // Act
    const result = await run();

    // Assess
    expect(result.code).toBe(1);
    expect(result.err()).toContain(`The bucket name tradebot-tfstate-${account}-${REGION} belongs to another AWS account`);
    expect(result.err()).toContain('--state-bucket');
    expect(iam.writes()).toEqual([]);
  });

  it('needs a repository and a region, and prints its usage with --help', async () => {
    // Act
    const help = await run('--help');
    const noRepo = memoryIo({ AWS_REGION: REGION });
    const noRepoCode = await runBootstrap([], noRepo.io, { ...deps(), gitRemote: async () => null });
    const noRegion = memoryIo({});
    const noRegionCode = await runBootstrap(['--repo', REPO], noRegion.io, deps());

    // Assess
    expect(help.code).toBe(0);
    expect(help.out()).toContain('Usage: pnpm bootstrap');
    expect(noRepoCode).toBe(2);
    expect(noRepo.err()).toContain('--repo OWNER/NAME is needed');
    expect(noRegionCode).toBe(2);
    expect(noRegion.err()).toContain('No AWS region');
  });
});

describe('Function: repositoryFromRemote', () => {
  it('reads owner/name from https and ssh GitHub remotes', () => {
    expect(repositoryFromRemote('https://github.com/alice/tradebot.git')).toBe('alice/tradebot');
    expect(repositoryFromRemote('git@github.com:alice/trade.bot')).toBe('alice/trade.bot');
    expect(repositoryFromRemote('https://gitlab.com/alice/tradebot.git')).toBeNull();
  });
});
