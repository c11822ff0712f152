/**
 * What every operator script shares: the deploy scripts' command line (parsed by local-stack's
 * `parseCli`, the one argument parser of every `pnpm` command), the output channels, and secret
 * redaction.
 */
import { describeError as describeErrorText } from '@tradebot/core-domain';
// By path, like the scripts' runCli: the package's index would start loading the local servers.
import { parseCli, printUsageOutcome, type CliDefinition, type CliOptions, type CliValues } from '../../packages/local-stack/src/cli';
import { NO_REGION, resolveRegion } from './aws';

/** Where a script writes and what environment it reads; tests pass their own. */
export interface ScriptIo {
  /** Normal output (one line or block per call). */
  out(text: string): void;
  /** Problems and warnings. */
  err(text: string): void;
  readonly env: NodeJS.ProcessEnv;
}

/** The real terminal: stdout, stderr and `process.env`. */
export function processIo(): ScriptIo {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
  };
}

/** Exit codes shared by the scripts. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * Returns `text` with every secret replaced by `[redacted]`. Use it on any message that may carry a
 * URL or a remote answer (a Bot API URL holds the token) before printing it.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) result = result.split(secret).join('[redacted]');
  }
  return result;
}

/** A message for an unexpected error: its name and message (core-domain's `describeError`), redacted, never a stack. */
export function describeError(error: unknown, secrets: readonly (string | undefined)[] = []): string {
  return redact(describeErrorText(error, { withName: true }), secrets);
}

/** The stage names Terraform and the scripts accept (resource names are `tradebot-<stage>-...`). */
export const STAGE_PATTERN = /^[a-z][a-z0-9]{0,11}$/;

/** Checks a `--stage` value; returns an error message or null. */
export function stageProblem(stage: string): string | null {
  return STAGE_PATTERN.test(stage) ? null : `--stage must be 1-12 lowercase letters or digits starting with a letter (e.g. prod), got "${stage}"`;
}

/** The options every deploy script takes besides its own: `--stage`, `--region`, `--dry-run` (and `--help`, from `parseCli`). */
export const DEPLOY_OPTIONS = {
  stage: { type: 'string', default: 'prod' },
  region: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
} as const;

/** A deploy script's command line: its own options on top of `DEPLOY_OPTIONS`. */
export interface DeployCliDefinition<O extends CliOptions> extends CliDefinition<O> {
  /**
   * Checks the plain arguments (a function name) before `--stage` and the region; returns what is
   * wrong, or null. Without it the script takes none.
   */
  readonly positionals?: (positionals: readonly string[]) => string | null;
}

/** A parsed deploy command line: the values, the checked stage and the region to work in. */
export interface DeployCli<O extends CliOptions> {
  readonly values: CliValues<typeof DEPLOY_OPTIONS & O>;
  readonly positionals: readonly string[];
  readonly stage: string;
  readonly region: string;
  /** Prints `message` and the usage on err; returns the usage exit code (2). Use it for the script's own checks. */
  usageError(message: string): number;
}

/**
 * Parses a deploy script's command line with `parseCli` (strict; `--help`; pnpm's `--` ignored),
 * checks its plain arguments, `--stage`, and finds the region (`--region`, `AWS_REGION`,
 * `AWS_DEFAULT_REGION`). Returns them, or the exit code after printing why there is nothing to
 * run (0 for `--help`, 2 for a usage error, with the usage). Use it at the top of every deploy script.
 */
export function parseDeployCli<const O extends CliOptions>(argv: readonly string[], definition: DeployCliDefinition<O>, io: ScriptIo): DeployCli<O> | number {
  const { positionals: checkPositionals, ...cli } = definition;
  const parsed = parseCli(argv, { ...cli, options: { ...DEPLOY_OPTIONS, ...definition.options }, allowPositionals: checkPositionals !== undefined });
  if (!parsed.ok) return printUsageOutcome(parsed, io);
  const usageError = (message: string): number => printUsageOutcome({ message: `${message}\n\n${definition.usage}` }, io);
  const values = parsed.values as CliValues<typeof DEPLOY_OPTIONS & O>;
  // TypeScript does not resolve the values of a generic option table; these two are DEPLOY_OPTIONS'.
  const { stage, region: regionFlag } = values as { readonly stage: string; readonly region?: string };
  const badPositionals = checkPositionals?.(parsed.positionals) ?? null;
  if (badPositionals) return usageError(badPositionals);
  const badStage = stageProblem(stage);
  if (badStage) return usageError(badStage);
  const region = resolveRegion(regionFlag, io.env);
  if (!region) return usageError(NO_REGION);
  return { values, positionals: parsed.positionals, stage, region, usageError };
}
