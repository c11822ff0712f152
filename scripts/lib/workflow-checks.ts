/**
 * What the GitHub workflows must keep true beyond the schema (which @action-validator/cli checks):
 * third-party actions pinned by commit, OIDC instead of AWS keys, and Terraform applying exactly
 * the plan that was reviewed. Each check returns findings; an empty list means the rule holds.
 */
import { parse } from 'yaml';

/** One broken rule, with where and why. */
export interface WorkflowFinding {
  readonly rule: 'pinned-actions' | 'id-token' | 'no-aws-keys' | 'saved-plan';
  readonly detail: string;
}

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
}

interface Job {
  readonly permissions?: Record<string, string> | string;
  readonly environment?: string | { readonly name?: string };
  readonly needs?: string | readonly string[];
  readonly uses?: string;
  readonly steps?: readonly Step[];
  readonly env?: Record<string, unknown>;
}

/** A parsed workflow (the parts the checks read). */
export interface Workflow {
  readonly permissions?: Record<string, string> | string;
  readonly env?: Record<string, unknown>;
  readonly jobs: Record<string, Job>;
}

/** Parses a workflow file's text. */
export function parseWorkflow(text: string): Workflow {
  return parse(text) as Workflow;
}

const AWS_CREDENTIALS_ACTION = 'aws-actions/configure-aws-credentials';
const stepLabel = (job: string, step: Step, index: number): string => `${job} step ${index + 1}${step.name ? ` (${step.name})` : step.uses ? ` (${step.uses.split('@')[0]})` : ''}`;
const stepsOf = (workflow: Workflow): [string, Job, Step, number][] =>
  Object.entries(workflow.jobs ?? {}).flatMap(([name, job]) => (job.steps ?? []).map((step, index) => [name, job, step, index] as [string, Job, Step, number]));

/**
 * Every action or reusable workflow from another repository is pinned to a full commit SHA (a tag
 * can be moved to other code; a commit cannot), with the version it stands for in a trailing
 * comment (checked on the text). Local actions (`./...`) and digest-pinned images are fine.
 */
export function checkPinnedActions(workflow: Workflow, text: string): WorkflowFinding[] {
  const findings: WorkflowFinding[] = [];
  const references: [string, string][] = [
    ...Object.entries(workflow.jobs ?? {}).flatMap(([name, job]) => (job.uses ? [[`job ${name}`, job.uses] as [string, string]] : [])),
    ...stepsOf(workflow).flatMap(([job, , step, index]) => (step.uses ? [[stepLabel(job, step, index), step.uses] as [string, string]] : [])),
  ];
  for (const [where, uses] of references) {
    if (uses.startsWith('./')) continue;
    if (uses.startsWith('docker://')) {
      if (!/@sha256:[0-9a-f]{64}$/.test(uses)) findings.push({ rule: 'pinned-actions', detail: `${where}: ${uses} is not pinned by digest (@sha256:...)` });
      continue;
    }
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@[0-9a-f]{40}$/.test(uses)) findings.push({ rule: 'pinned-actions', detail: `${where}: ${uses} is not pinned to a commit SHA` });
  }
  for (const line of text.split('\n')) {
    const match = /^\s*(?:-\s+)?uses:\s*([^\s#]+)\s*(#.*)?$/.exec(line);
    if (match && !match[1]!.startsWith('./') && !/^#\s*v?\d/.test(match[2] ?? '')) {
      findings.push({ rule: 'pinned-actions', detail: `${match[1]} has no "# vX.Y.Z" comment saying which version the SHA is` });
    }
  }
  return findings;
}

/** A job's effective permissions: its own block, else the workflow's. */
function permissionsOf(workflow: Workflow, job: Job): Record<string, string> | string | undefined {
  return job.permissions ?? workflow.permissions;
}

/**
 * Every job that gets AWS credentials gets them through OIDC: `id-token: write` in its
 * permissions and a `role-to-assume` (the token is exchanged for short-lived credentials).
 */
export function checkOidc(workflow: Workflow): WorkflowFinding[] {
  const findings: WorkflowFinding[] = [];
  for (const [name, job, step, index] of stepsOf(workflow)) {
    if (!step.uses?.startsWith(`${AWS_CREDENTIALS_ACTION}@`)) continue;
    const permissions = permissionsOf(workflow, job);
    const idToken = typeof permissions === 'string' ? (permissions === 'write-all' ? 'write' : 'none') : permissions?.['id-token'];
    if (idToken !== 'write') findings.push({ rule: 'id-token', detail: `job ${name} configures AWS credentials without "id-token: write" in its permissions` });
    if (!step.with?.['role-to-assume']) findings.push({ rule: 'id-token', detail: `${stepLabel(name, step, index)} has no role-to-assume` });
  }
  return findings;
}

/** No long-lived AWS keys: no key inputs, no AWS key variables, no AWS secrets referenced at all. */
export function checkNoAwsKeys(workflow: Workflow, text: string): WorkflowFinding[] {
  const findings: WorkflowFinding[] = [];
  const keyInputs = ['aws-access-key-id', 'aws-secret-access-key', 'aws-session-token'];
  const keyVariables = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];
  for (const [name, , step, index] of stepsOf(workflow)) {
    for (const input of keyInputs) if (step.with?.[input] !== undefined) findings.push({ rule: 'no-aws-keys', detail: `${stepLabel(name, step, index)} passes ${input}` });
  }
  const envBlocks: [string, Record<string, unknown> | undefined][] = [
    ['workflow env', workflow.env],
    ...Object.entries(workflow.jobs ?? {}).map(([name, job]) => [`job ${name} env`, job.env] as [string, Record<string, unknown> | undefined]),
    ...stepsOf(workflow).map(([name, , step, index]) => [`${stepLabel(name, step, index)} env`, step.env] as [string, Record<string, unknown> | undefined]),
  ];
  for (const [where, env] of envBlocks) {
    for (const variable of keyVariables) if (env?.[variable] !== undefined) findings.push({ rule: 'no-aws-keys', detail: `${where} sets ${variable}` });
  }
  for (const match of text.matchAll(/secrets\.(AWS_[A-Z0-9_]*)/g)) findings.push({ rule: 'no-aws-keys', detail: `the workflow reads secrets.${match[1]}` });
  return findings;
}

/** The plan file a `terraform ... plan -out=FILE` command writes, or null. */
function planOut(run: string): string | null {
  const match = /\bterraform\b[^\n]*\splan\b[^\n]*\s-out=("?)([^"\s]+)\1/.exec(run);
  return match ? match[2]!.split('/').pop()! : null;
}

/**
 * Terraform applies exactly the reviewed plan: the plan job saves it (`plan -out`) and uploads it;
 * every `terraform apply` runs in a job behind a GitHub environment, after downloading that plan,
 * with the plan file as its only target: no -auto-approve, -var, -var-file, -target or -replace
 * (which would make it plan again).
 */
export function checkSavedPlan(workflow: Workflow): WorkflowFinding[] {
  const findings: WorkflowFinding[] = [];
  const steps = stepsOf(workflow);
  const planFiles = new Set(steps.map(([, , step]) => (step.run ? planOut(step.run) : null)).filter((f): f is string => f !== null));
  const uploadedNames = new Set(
    steps.filter(([, , step]) => step.uses?.startsWith('actions/upload-artifact@') && [...planFiles].some((f) => String(step.with?.path ?? '').split('\n').some((p) => p.trim().split('/').pop() === f))).map(([, , step]) => String(step.with?.name)),
  );
  const applies = steps.filter(([, , step]) => step.run && /\bterraform\b[^\n]*\sapply\b/.test(step.run));
  if (applies.length === 0) findings.push({ rule: 'saved-plan', detail: 'no step runs terraform apply' });
  if (planFiles.size === 0) findings.push({ rule: 'saved-plan', detail: 'no terraform plan saves its plan with -out=FILE' });
  for (const [jobName, job, step, index] of applies) {
    const where = stepLabel(jobName, step, index);
    for (const line of step.run!.split('\n').filter((l) => /\bterraform\b[^\n]*\sapply\b/.test(l))) {
      const args = line.slice(line.search(/\sapply\b/) + ' apply'.length).trim().split(/\s+/).filter(Boolean);
      const planArg = args.filter((a) => !a.startsWith('-')).pop()?.replace(/"/g, '');
      const planFile = planArg?.split('/').pop();
      if (!planFile || !planFiles.has(planFile)) findings.push({ rule: 'saved-plan', detail: `${where}: terraform apply is not given the saved plan (${[...planFiles].join(', ') || 'none saved'})` });
      const forbidden = args.filter((a) => /^-(auto-approve|var|var-file|target|replace|destroy|refresh-only)\b/.test(a));
      if (forbidden.length > 0) findings.push({ rule: 'saved-plan', detail: `${where}: terraform apply with ${forbidden.join(' ')} does not apply the reviewed plan as is` });
    }
    const environment = typeof job.environment === 'string' ? job.environment : job.environment?.name;
    if (!environment) findings.push({ rule: 'saved-plan', detail: `job ${jobName} applies without a protected environment` });
    const downloaded = (job.steps ?? []).slice(0, index).some((s) => s.uses?.startsWith('actions/download-artifact@') && uploadedNames.has(String(s.with?.name)));
    if (!downloaded) findings.push({ rule: 'saved-plan', detail: `job ${jobName} does not download the uploaded plan before applying` });
  }
  return findings;
}

/** Every rule at once (for both workflows; rules with nothing to check find nothing). */
export function checkWorkflow(text: string, options: { readonly deploys: boolean }): WorkflowFinding[] {
  const workflow = parseWorkflow(text);
  return [...checkPinnedActions(workflow, text), ...checkOidc(workflow), ...checkNoAwsKeys(workflow, text), ...(options.deploys ? checkSavedPlan(workflow) : [])];
}
