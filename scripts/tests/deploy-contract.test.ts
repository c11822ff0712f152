/**
 * One deploy path, one vocabulary: the Terraform root (infra/envs/prod), the operator scripts,
 * bootstrap's output, the deploy workflow and the README's "Deploy to AWS" must name the same
 * outputs, inputs, stages, buckets and GitHub settings. Each check reads the files themselves (HCL
 * through @cdktf/hcl2json, as infra/tests do) and is shown failing on a planted disagreement.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { instantiateRoot, type ModuleInstance, type Value } from '../../infra/tests/lib/evaluate';
import { loadTerraformTree, moduleAt, type ModuleDir, type TerraformTree } from '../../infra/tests/lib/hcl';
import { plantInfra, removePlantedCopies } from '../../infra/tests/lib/plant';
import { README_TERRAFORM_STEP } from '../bootstrap';
import { defaultBucketNames } from '../lib/aws';
import { STAGE_PATTERN } from '../lib/cli';
import { DEPLOY_BRANCH, DEPLOY_ENVIRONMENT } from '../lib/deploy-policy';
import { OUTPUTS_READ, readTerraformOutputs } from '../lib/terraform';
import { parseWorkflow } from '../lib/workflow-checks';
import { inputFindings, inputsSetIn, markedTableNames, numberedSteps, section, undeclaredOutputs } from './helpers/deploy-contract';
import { expandProd, PROD_ROOT } from './helpers/infra-root';
import { DEPLOYED_OUTPUTS, outputsFile } from './helpers/script-io';

const ROOT = join(__dirname, '../..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const README = read('README.md');
const DEPLOY_DOC = read('docs/deploy.md');
const INFRA_README = read('infra/README.md');
const WORKFLOW = read('.github/workflows/deploy.yml');
const CI = read('.github/workflows/ci.yml');
const PATH_STEPS = numberedSteps(section(README, '### The path, once'));
const TERRAFORM_STEP = PATH_STEPS.get(README_TERRAFORM_STEP) ?? '';

let tree: TerraformTree;
let prod: ModuleDir;
let root: ModuleInstance;
let variables: Map<string, Value>;

beforeAll(async () => {
  ({ tree, root, variables } = await expandProd());
  prod = moduleAt(tree, PROD_ROOT);
}, 120_000);
afterAll(removePlantedCopies);

/** Replaces exactly one occurrence (a planted fault must land where intended). */
function plant(text: string, from: string, to: string): string {
  if (text.split(from).length !== 2) throw new Error(`cannot plant: ${JSON.stringify(from)} does not occur exactly once`);
  return text.replace(from, to);
}

describe('Terraform outputs the scripts read', () => {
  it('are all declared in infra/envs/prod/outputs.tf', () => {
    // Assess
    expect(OUTPUTS_READ).toEqual(expect.arrayContaining(['webhook_url', 'function_names', 'table_name', 'data_bucket', 'ssm_prefix', 'stage', 'artifacts_bucket']));
    expect(undeclaredOutputs(prod, OUTPUTS_READ)).toEqual([]);
  });

  it('reports an output a script reads that the root no longer declares (planted: no stage output)', async () => {
    // Prepare
    const dir = plantInfra({ file: 'envs/prod/outputs.tf', find: 'output "stage" {\n  description = "The stage these outputs belong to; the scripts refuse the outputs of another stage."\n  value       = var.stage\n}\n', replace: '' });
    // Act
    const planted = moduleAt(await loadTerraformTree(dir), PROD_ROOT);
    // Assess
    expect(undeclaredOutputs(planted, OUTPUTS_READ)).toEqual(['stage']);
  });

  it('hold, as the root produces them, the names the script tests use, and the scripts accept them', async () => {
    // Act: AWS assigns the API id; abc123 stands in for it
    const produced = Object.fromEntries(OUTPUTS_READ.map((name) => [name, JSON.parse(JSON.stringify(root.output(name)).replace(/«[^»]*»/g, 'abc123')) as unknown]));
    const parsed = await readTerraformOutputs({ stage: 'prod', outputsFile: outputsFile(produced) });
    // Assess
    expect(produced).toEqual(DEPLOYED_OUTPUTS);
    expect(parsed).toEqual(DEPLOYED_OUTPUTS);
  });
});

describe('Inputs of the Terraform root', () => {
  it('the deploy workflow sets every input without a default, and only inputs the root declares', () => {
    // Assess
    expect(inputFindings(prod, inputsSetIn(WORKFLOW), 'deploy.yml')).toEqual([]);
  });

  it(`the README's step ${README_TERRAFORM_STEP} sets the same inputs as the workflow (the stage keeps its default)`, () => {
    // Act
    const readme = inputsSetIn(TERRAFORM_STEP);
    // Assess
    expect(inputFindings(prod, readme, `README step ${README_TERRAFORM_STEP}`)).toEqual([]);
    expect([...readme].sort()).toEqual([...inputsSetIn(WORKFLOW)].filter((name) => name !== 'stage').sort());
  });

  it('reports a required input the workflow leaves out, and one the root does not declare (planted)', () => {
    // Prepare
    const noRegion = plant(WORKFLOW, '          TF_VAR_region: ${{ vars.AWS_REGION }}\n', '');
    const oldVocabulary = plant(WORKFLOW, 'TF_VAR_stage:', 'TF_VAR_environment:');
    // Act + Assess
    expect(inputFindings(prod, inputsSetIn(noRegion), 'deploy.yml')).toEqual(['envs/prod needs region (no default) and deploy.yml does not set it']);
    expect(inputFindings(prod, inputsSetIn(oldVocabulary), 'deploy.yml')).toEqual(['deploy.yml sets TF_VAR_environment, which envs/prod does not declare']);
  });
});

describe('Stage names', () => {
  it('the scripts (--stage), the root (var.stage) and the workflow accept exactly the same names', () => {
    // Prepare
    const samples = ['prod', 'p', 'dev2', 'abcdefghijkl', 'abcdefghijklm', 'Prod', '2prod', 'pro-d', 'prod_1'];
    const workflowPattern = new RegExp(/=~ (\^\S+\$)/.exec(WORKFLOW)![1]!);
    // Act
    const scripts = samples.map((stage) => STAGE_PATTERN.test(stage));
    const terraform = samples.map((stage) => !instantiateRoot(tree, PROD_ROOT, new Map([...variables, ['stage', stage]])).validate().some((f) => f.includes('var.stage')));
    const workflow = samples.map((stage) => workflowPattern.test(stage));
    // Assess
    expect(scripts).toEqual([true, true, true, true, false, false, false, false, false]);
    expect(terraform).toEqual(scripts);
    expect(workflow).toEqual(scripts);
  });
});

describe('Buckets and Terraform state', () => {
  it("bootstrap's default bucket names are the ones the workflow, the examples and the docs use", () => {
    // Prepare
    const example = defaultBucketNames('123456789012', 'eu-west-1');
    const shell = defaultBucketNames('${ACCOUNT_ID}', '${AWS_REGION}');
    // Assess
    expect(read('infra/envs/prod/backend.hcl.example')).toContain(`bucket = "${example.state}"\nregion = "eu-west-1"`);
    expect(variables.get('artifacts_bucket')).toBe(example.artifacts);
    expect(WORKFLOW.split(`STATE_BUCKET:-${shell.state}}`)).toHaveLength(3);
    expect(WORKFLOW.split(`ARTIFACTS_BUCKET:-${shell.artifacts}}`)).toHaveLength(3);
    const docs = defaultBucketNames('<account>', '<region>');
    for (const name of [docs.state, docs.artifacts]) expect(README).toContain(name);
    expect(INFRA_README).toContain(`\`${defaultBucketNames('<account-id>', '<region>').state}\``);
    expect(INFRA_README).toContain(`\`${defaultBucketNames('<account-id>', '<region>').artifacts}\``);
  });

  it('terraform init gets the state bucket and region the same way in the README and the workflow', () => {
    // Assess
    expect(TERRAFORM_STEP).toContain(`terraform -chdir=infra/envs/prod init -backend-config="bucket=${defaultBucketNames('<account>', '<region>').state}" -backend-config="region=$AWS_REGION"`);
    expect(WORKFLOW.split('init -input=false').length - 1).toBe(2);
    expect(WORKFLOW.split('-backend-config="bucket=$TF_STATE_BUCKET" -backend-config="region=$AWS_REGION"').length - 1).toBe(2);
  });
});

describe('The README path', () => {
  it('is one numbered path: bootstrap, put-secrets, package and upload, terraform init and apply, set-webhook, /start', () => {
    // Prepare
    const order = ['pnpm bootstrap', 'pnpm put-secrets', 'pnpm upload-packages', 'terraform -chdir=infra/envs/prod apply', 'pnpm set-webhook', '/start'];
    // Assess
    expect([...PATH_STEPS.keys()]).toEqual([1, 2, 3, 4, 5, 6]);
    order.forEach((marker, index) => expect({ step: index + 1, has: PATH_STEPS.get(index + 1)!.includes(marker) }).toEqual({ step: index + 1, has: true }));
    expect(TERRAFORM_STEP).toContain('terraform -chdir=infra/envs/prod init');
  });

  it('never applies with -target, and keeps the costs table in infra/README.md only', () => {
    // Assess
    for (const text of [README, DEPLOY_DOC, INFRA_README]) expect(text).not.toMatch(/-target\b/);
    const costs = section(README, '### What it costs');
    expect(costs).toContain('(infra/README.md#costs)');
    expect(costs).not.toMatch(/^\s*\|/m);
    expect(section(INFRA_README, '## Costs')).toMatch(/^\| service \| usage a month \| list price \| cost \|$/m);
  });
});

describe('GitHub settings', () => {
  it("the repository variables the deploy workflow reads are the README's table, and no workflow reads a secret", () => {
    // Act
    const read = [...new Set([...WORKFLOW.matchAll(/\bvars\.([A-Z0-9_]+)/g)].map((m) => m[1]!))].sort();
    // Assess
    expect(read).toEqual(markedTableNames(README, 'repository-variables').sort());
    expect(`${WORKFLOW}\n${CI}`).not.toMatch(/\bsecrets\./);
  });

  it('deploys from the branch, and applies in the environment, that bootstrap lets assume the role', () => {
    // Prepare
    const workflow = parseWorkflow(WORKFLOW) as unknown as { on: { push: { branches: string[] } }; jobs: { apply: { environment: string } } };
    const readme = section(README, '### Deploy every push to main');
    // Assess
    expect(workflow.on.push.branches).toEqual([DEPLOY_BRANCH]);
    expect(workflow.jobs.apply.environment).toBe(DEPLOY_ENVIRONMENT);
    expect(readme).toContain(`New environment \`${DEPLOY_ENVIRONMENT}\``);
    expect(readme).toContain(`allow \`${DEPLOY_BRANCH}\` only`);
  });
});
