/**
 * The deploy role (scripts/lib/deploy-policy.ts) against what infra/ really creates: every resource
 * instance of the expanded prod root, through the table of what Terraform calls for its type
 * (helpers/terraform-needs.ts), and what the deploy workflow does around Terraform, checked with
 * infra/tests' policy simulator. Shown failing on a new resource type, a missing statement and a
 * name outside `tradebot-<stage>-*`.
 */
import { join } from 'node:path';
import { loadTerraformTree } from '../../infra/tests/lib/hcl';
import { plantInfra, removePlantedCopies } from '../../infra/tests/lib/plant';
import { defaultBucketNames } from '../lib/aws';
import { deployPolicy, type DeployRoleContext, type PolicyDocument } from '../lib/deploy-policy';
import { expandProd, PROD_ROOT } from './helpers/infra-root';
import { deployCoverageFindings, TERRAFORM_NEEDS, type WorkflowTargets } from './helpers/terraform-needs';

afterAll(removePlantedCopies);

/** The deploy role bootstrap would create for the expanded root, and the names the workflow uses. */
async function deployFor(infraDir?: string): Promise<{ findings: (policy?: PolicyDocument) => string[]; ctx: DeployRoleContext }> {
  const { tree, root } = await expandProd(infraDir ? { infraDir } : {});
  const account = root.ctx.accountId;
  const region = root.ctx.region;
  const artifactsBucket = String(root.variable('artifacts_bucket'));
  const ctx: DeployRoleContext = { accountId: account, region, stage: String(root.variable('stage')), repository: 'alice/tradebot', branch: 'main', environment: 'production', stateBucket: defaultBucketNames(account, region).state, artifactsBucket };
  const versions = tree.files.find((f) => f.rel === `${PROD_ROOT}/versions.tf`)!;
  const backend = ((versions.json!.terraform as Record<string, unknown>[])[0]!.backend as Record<string, Record<string, unknown>[]>).s3![0]!;
  const targets: WorkflowTargets = { stateBucket: ctx.stateBucket, stateKey: String(backend.key), artifactsBucket };
  return { ctx, findings: (policy = deployPolicy(ctx)) => deployCoverageFindings(root, policy, targets) };
}

describe('The deploy role covers what the deploy workflow deploys', () => {
  it('allows every call Terraform makes for every resource of infra/envs/prod, and the workflow\'s own steps', async () => {
    // Act
    const { findings } = await deployFor();

    // Assess
    expect(findings()).toEqual([]);
  });

  it('has a row for every aws_* resource type infra/ declares, and none for types it does not', async () => {
    // Prepare
    const tree = await loadTerraformTree(join(__dirname, '../../infra'));
    // Act
    const types = [...new Set([...tree.modules.values()].flatMap((m) => [...m.resources.values()].filter((r) => r.kind === 'resource').map((r) => r.type)))].sort();
    // Assess
    expect(Object.keys(TERRAFORM_NEEDS).sort()).toEqual(types);
  });
});

describe('Planted faults: the deploy role coverage', () => {
  it('reports a new resource type that has no row (and so no statement)', async () => {
    // Prepare
    const dir = plantInfra({
      file: 'modules/schedule/main.tf',
      find: 'resource "aws_scheduler_schedule" "this" {',
      replace: 'resource "aws_sqs_queue_redrive_allow_policy" "dead_letter" {\n  queue_url            = aws_sqs_queue.dead_letter.url\n  redrive_allow_policy = "{}"\n}\n\nresource "aws_scheduler_schedule" "this" {',
    });
    // Act
    const { findings } = await deployFor(dir);
    // Assess
    expect(findings()).toEqual([expect.stringMatching(/^aws_sqs_queue_redrive_allow_policy: no row in TERRAFORM_NEEDS/)]);
  });

  it('reports every call of a resource type whose statement is missing', async () => {
    // Prepare
    const { ctx, findings } = await deployFor();
    const policy = deployPolicy(ctx);
    const withoutQueue: PolicyDocument = { ...policy, Statement: policy.Statement.filter((s) => s.Sid !== 'DeadLetterQueue') };
    // Act
    const found = findings(withoutQueue);
    // Assess
    expect(found).toHaveLength(8);
    expect(found.every((f) => f.startsWith('aws_sqs_queue: the deploy role may not sqs:') && f.endsWith(':tradebot-prod-dead-letters'))).toBe(true);
  });

  it('reports a resource named outside tradebot-<stage>-*, which the role may not touch', async () => {
    // Prepare: the table named as it was once, without the stage prefix's hyphen
    const dir = plantInfra({ file: 'envs/prod/main.tf', find: 'name = "${local.name}-ledger"', replace: 'name = local.name' });
    // Act
    const { findings } = await deployFor(dir);
    // Assess
    expect(findings()).toEqual(expect.arrayContaining([expect.stringContaining('aws_dynamodb_table: the deploy role may not dynamodb:CreateTable on arn:aws:dynamodb:eu-west-1:123456789012:table/tradebot-prod')]));
    expect(findings().every((f) => f.startsWith('aws_dynamodb_table: '))).toBe(true);
  });
});
