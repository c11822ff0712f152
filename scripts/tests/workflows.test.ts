import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkNoAwsKeys, checkOidc, checkPinnedActions, checkSavedPlan, checkWorkflow, parseWorkflow } from '../lib/workflow-checks';

const ROOT = join(__dirname, '../..');
const CI = readFileSync(join(ROOT, '.github/workflows/ci.yml'), 'utf8');
const DEPLOY = readFileSync(join(ROOT, '.github/workflows/deploy.yml'), 'utf8');
const VALIDATOR = join(ROOT, 'node_modules/.bin/action-validator');

/** Runs @action-validator/cli on a workflow text; resolves its exit code. */
function validate(text: string): Promise<{ code: number; output: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'tradebot-workflow-')), 'workflow.yml');
  writeFileSync(file, text);
  return new Promise((done) => {
    execFile(VALIDATOR, [file], (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }));
  });
}

/** Replaces exactly one occurrence (a planted fault must land where intended). */
function plant(text: string, from: string | RegExp, to: string): string {
  const count = typeof from === 'string' ? text.split(from).length - 1 : (text.match(new RegExp(from.source, `${from.flags.replace('g', '')}g`)) ?? []).length;
  if (count < 1) throw new Error(`nothing to replace: ${String(from)}`);
  return text.replace(from, to);
}

describe('Workflows: schema (@action-validator/cli)', () => {
  it.each([
    ['ci.yml', CI],
    ['deploy.yml', DEPLOY],
  ])('%s passes', async (_name, text) => {
    const result = await validate(text);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('fails a workflow with a schema error (planted: a misspelt runs-on)', async () => {
    const result = await validate(plant(DEPLOY, 'runs-on: ubuntu-latest', 'runs_on: ubuntu-latest'));
    expect(result.code).toBe(1);
    expect(result.output).toContain('runs_on');
  });
});

describe('Workflows: rules beyond the schema', () => {
  it('hold for both workflows as committed', () => {
    expect(checkWorkflow(CI, { deploys: false })).toEqual([]);
    expect(checkWorkflow(DEPLOY, { deploys: true })).toEqual([]);
  });

  it('every third-party action is pinned to a commit SHA with its version in a comment; an unpinned one fails', () => {
    // Prepare
    const tag = plant(DEPLOY, /actions\/checkout@[0-9a-f]{40} # v[\d.]+/, 'actions/checkout@v7');
    const short = plant(CI, /actions\/setup-node@([0-9a-f]{40})/, 'actions/setup-node@2499707');
    const uncommented = plant(CI, / # v7\.0\.1/, '');

    // Act + Assess
    expect(checkPinnedActions(parseWorkflow(DEPLOY), DEPLOY)).toEqual([]);
    expect(checkPinnedActions(parseWorkflow(tag), tag)).toEqual([{ rule: 'pinned-actions', detail: 'plan step 1 (actions/checkout): actions/checkout@v7 is not pinned to a commit SHA' }, expect.objectContaining({ rule: 'pinned-actions' })]);
    expect(checkPinnedActions(parseWorkflow(short), short).map((f) => f.detail)).toEqual(['test step 3 (actions/setup-node): actions/setup-node@2499707 is not pinned to a commit SHA']);
    expect(checkPinnedActions(parseWorkflow(uncommented), uncommented).map((f) => f.detail)).toEqual(['actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 has no "# vX.Y.Z" comment saying which version the SHA is']);
  });

  it('the deploy jobs get AWS credentials through OIDC (id-token: write, a role); without id-token it fails', () => {
    // Prepare
    const deploy = parseWorkflow(DEPLOY);
    const noIdToken = plant(DEPLOY, /(apply:[\s\S]*?permissions:\n\s+contents: read\n)\s+id-token: write\n/, '$1');

    // Act + Assess
    expect(deploy.jobs.plan!.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(deploy.jobs.apply!.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(deploy.permissions).toEqual({ contents: 'read' });
    expect(checkOidc(deploy)).toEqual([]);
    expect(checkOidc(parseWorkflow(noIdToken))).toEqual([{ rule: 'id-token', detail: 'job apply configures AWS credentials without "id-token: write" in its permissions' }]);
  });

  it('no AWS key is used anywhere; a key from secrets fails', () => {
    // Prepare
    const withKeys = plant(DEPLOY, /role-to-assume: \$\{\{ vars\.AWS_DEPLOY_ROLE_ARN \}\}\n/, 'aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}\n          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n');
    const withEnv = plant(CI, 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true"', 'AWS_SECRET_ACCESS_KEY: ${{ secrets.DEPLOY_KEY }}');

    // Act + Assess
    expect(checkNoAwsKeys(parseWorkflow(DEPLOY), DEPLOY)).toEqual([]);
    expect(checkNoAwsKeys(parseWorkflow(withKeys), withKeys).map((f) => f.detail)).toEqual([
      'plan step 6 (AWS credentials (OIDC)) passes aws-access-key-id',
      'plan step 6 (AWS credentials (OIDC)) passes aws-secret-access-key',
      'the workflow reads secrets.AWS_ACCESS_KEY_ID',
      'the workflow reads secrets.AWS_SECRET_ACCESS_KEY',
    ]);
    expect(checkNoAwsKeys(parseWorkflow(withEnv), withEnv).map((f) => f.detail)).toEqual(['workflow env sets AWS_SECRET_ACCESS_KEY']);
  });

  it('apply runs the saved, downloaded plan in the production environment; anything else fails', () => {
    // Prepare
    const deploy = parseWorkflow(DEPLOY);
    const applyLine = 'apply -input=false -lock-timeout=5m "$GITHUB_WORKSPACE/tfplan"';
    const autoApprove = plant(DEPLOY, applyLine, 'apply -input=false -auto-approve -var-file="$GITHUB_WORKSPACE/dist/lambda/packages.tfvars.json"');
    const otherFile = plant(DEPLOY, applyLine, 'apply -input=false "$GITHUB_WORKSPACE/other.tfplan"');
    const noDownload = plant(DEPLOY, /\n      - name: The saved plan and its provider lock file\n[\s\S]*?path: \.\n/, '\n');
    const noEnvironment = plant(DEPLOY, '    environment: production\n', '');

    // Act + Assess
    expect(deploy.jobs.apply!.environment).toBe('production');
    expect(deploy.jobs.apply!.needs).toBe('plan');
    expect(checkSavedPlan(deploy)).toEqual([]);
    expect(checkSavedPlan(parseWorkflow(autoApprove)).map((f) => f.detail)).toEqual([
      'apply step 10 (terraform apply (the saved plan, nothing else)): terraform apply is not given the saved plan (tfplan)',
      'apply step 10 (terraform apply (the saved plan, nothing else)): terraform apply with -auto-approve -var-file="$GITHUB_WORKSPACE/dist/lambda/packages.tfvars.json" does not apply the reviewed plan as is',
    ]);
    expect(checkSavedPlan(parseWorkflow(otherFile)).map((f) => f.rule)).toEqual(['saved-plan']);
    expect(checkSavedPlan(parseWorkflow(noDownload)).map((f) => f.detail)).toEqual(['job apply does not download the uploaded plan before applying']);
    expect(checkSavedPlan(parseWorkflow(noEnvironment)).map((f) => f.detail)).toEqual(['job apply applies without a protected environment']);
  });
});

describe('Workflows: what they run', () => {
  const scripts = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);

  it('ci runs on pushes and pull requests: frozen install with a cached store, typecheck, lint, test, package, zips kept', () => {
    // Prepare
    const ci = parseWorkflow(CI) as unknown as { on: Record<string, unknown>; jobs: { test: { steps: { run?: string; uses?: string; with?: Record<string, unknown> }[] } } };
    const steps = ci.jobs.test.steps;
    const runs = steps.map((s) => s.run).filter(Boolean);

    // Assess
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))!.with).toMatchObject({ cache: 'pnpm', 'node-version': 20 });
    expect(runs).toEqual(['pnpm install --frozen-lockfile', 'pnpm typecheck', 'pnpm lint', 'pnpm test:jest', 'pnpm package']);
    expect(steps[steps.length - 1]).toMatchObject({ uses: expect.stringMatching(/^actions\/upload-artifact@/), with: { path: 'dist/lambda/' } });
  });

  it('deploy checks Terraform (fmt, init, validate, tflint with the AWS ruleset), shows the plan, then registers the webhook and smoke-tests after apply, one deploy at a time', () => {
    // Prepare
    const deploy = parseWorkflow(DEPLOY) as unknown as { on: Record<string, any>; concurrency: Record<string, unknown>; jobs: Record<string, { steps: { run?: string }[] }> };
    const planRuns = deploy.jobs.plan!.steps.map((s) => s.run ?? '').join('\n');
    const applyRuns = deploy.jobs.apply!.steps.map((s) => s.run ?? '');

    // Assess
    expect(deploy.on.push).toEqual({ branches: ['main'] });
    expect(deploy.on.workflow_dispatch.inputs.stage).toMatchObject({ type: 'string', default: 'prod' });
    expect(deploy.concurrency).toEqual({ group: "deploy-${{ inputs.stage || 'prod' }}", 'cancel-in-progress': false });
    for (const command of ['pnpm package', 'pnpm upload-packages', 'terraform fmt -check -recursive', ' init ', ' validate', 'tflint --init', 'tflint --recursive', ' plan ', 'GITHUB_STEP_SUMMARY']) expect(planRuns).toContain(command);
    expect(readFileSync(join(ROOT, '.github/tflint.hcl'), 'utf8')).toMatch(/plugin "aws" \{[^}]*source\s*=\s*"github.com\/terraform-linters\/tflint-ruleset-aws"/);
    const applyAt = applyRuns.findIndex((r) => r.includes(' apply '));
    expect(applyRuns.findIndex((r) => r.startsWith('pnpm set-webhook'))).toBeGreaterThan(applyAt);
    expect(applyRuns.findIndex((r) => r.startsWith('pnpm invoke webhook') && r.includes('--text /help'))).toBeGreaterThan(applyAt);
  });

  it('every pnpm command the workflows run is a script of package.json', () => {
    // Act
    const commands = [...`${CI}\n${DEPLOY}`.matchAll(/\bpnpm ([a-z][a-z:-]*)/g)].map((m) => m[1]!).filter((c) => c !== 'install');

    // Assess
    expect(commands.length).toBeGreaterThan(5);
    for (const command of commands) expect(scripts).toContain(command);
  });
});
