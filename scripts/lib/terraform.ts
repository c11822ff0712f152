/**
 * Terraform outputs for the operator scripts (the names fixed in the cross-branch contract):
 * `webhook_url`, `function_names`, `data_bucket`, `table_name`, `ssm_prefix`, `stage`, and
 * `artifacts_bucket` (rollback). `scripts/tests/deploy-contract.test.ts` checks that
 * infra/envs/prod/outputs.tf declares every one of them.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { terraformDirFor } from './aws';

/** One entry of `terraform output -json`: `{ value, type, sensitive }`; only the value matters here. */
const output = <T extends z.ZodType>(value: T) => z.object({ value }).transform((o): z.output<T> => (o as { value: z.output<T> }).value);

const OutputsSchema = z.object({
  webhook_url: output(z.string().regex(/^https:\/\/[^\s/]+\/\S*$/, 'an https URL')).optional(),
  function_names: output(z.object({ 'fn-webhook': z.string().min(1), 'fn-collector': z.string().min(1), 'fn-daily': z.string().min(1) })).optional(),
  data_bucket: output(z.string().min(3)).optional(),
  table_name: output(z.string().min(3)).optional(),
  ssm_prefix: output(z.string().regex(/^\/[A-Za-z0-9_.\-/]+$/, 'an SSM path such as /tradebot/prod')).optional(),
  stage: output(z.string().min(1)).optional(),
  artifacts_bucket: output(z.string().min(3)).optional(),
});

/** Every Terraform output a script reads (the root module must declare each). */
export const OUTPUTS_READ: readonly string[] = Object.keys(OutputsSchema.shape);

/** The outputs the scripts use; each may be missing (the script that needs one says so). */
export type TerraformOutputs = z.output<typeof OutputsSchema>;

/** Why the outputs could not be read: the message says what to do. */
export class TerraformOutputsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TerraformOutputsError';
  }
}

/** Runs a command and returns its stdout (tests replace it). */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<string>;

const runCommand: CommandRunner = (command, args) =>
  new Promise((done, fail) => {
    execFile(command, [...args], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) fail(Object.assign(error, { stderr }));
      else done(stdout);
    });
  });

/**
 * Reads the Terraform outputs of a stage: from `outputsFile` (a saved `terraform output -json`)
 * when given, else by running `terraform -chdir=infra/envs/<stage> output -json`. Use it in every
 * script that needs a deployed name, so they all agree with what Terraform created.
 */
export async function readTerraformOutputs(options: { readonly stage: string; readonly outputsFile?: string; readonly run?: CommandRunner }): Promise<TerraformOutputs> {
  let text: string;
  if (options.outputsFile) {
    try {
      text = await readFile(resolve(options.outputsFile), 'utf8');
    } catch (error) {
      throw new TerraformOutputsError(`Cannot read ${options.outputsFile}: ${(error as Error).message}`, { cause: error });
    }
  } else {
    const dir = terraformDirFor(options.stage);
    try {
      text = await (options.run ?? runCommand)('terraform', [`-chdir=${dir}`, 'output', '-json']);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'ENOENT') {
        throw new TerraformOutputsError('terraform is not on PATH: install Terraform 1.10 or newer, or pass --outputs FILE (saved with `terraform output -json > FILE`).', { cause: error });
      }
      const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
      throw new TerraformOutputsError(`terraform output failed in ${dir}${stderr ? `: ${stderr}` : ''}. Has \`terraform init\` run there?`, { cause: error });
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TerraformOutputsError('The Terraform outputs are not JSON: save them with `terraform output -json`.', { cause: error });
  }
  const parsed = OutputsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TerraformOutputsError(`Terraform output ${issue.path.join('.')} is not ${issue.message.startsWith('Invalid') ? 'valid' : issue.message}.`);
  }
  // Another stage's outputs would send this stage's secrets to the other stage's webhook and functions.
  if (parsed.data.stage !== undefined && parsed.data.stage !== options.stage) {
    throw new TerraformOutputsError(`These Terraform outputs are stage ${parsed.data.stage}'s, not ${options.stage}'s: pass --stage ${parsed.data.stage}, or the outputs of infra/envs/${options.stage}.`);
  }
  return parsed.data;
}

/** The named output, or an error saying that `terraform apply` has to run first. */
export function requireOutput<K extends keyof TerraformOutputs>(outputs: TerraformOutputs, key: K, stage: string): NonNullable<TerraformOutputs[K]> {
  const value = outputs[key];
  if (value === undefined || value === null) {
    throw new TerraformOutputsError(`Terraform output ${key} is missing: run \`terraform -chdir=${terraformDirFor(stage)} apply\` first.`);
  }
  return value as NonNullable<TerraformOutputs[K]>;
}
