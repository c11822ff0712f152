/**
 * What every operator script shares: argument parsing with `node:util` `parseArgs` (a leading `--`
 * is accepted, `--help` prints the usage), the output channels, and secret redaction.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { describeError as describeErrorText } from '@tradebot/core-domain';
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

/** What `parseCli` returns when the script should go on. */
export type ParsedCli<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>> & {
  /** Prints `message` and the usage on err; returns the usage exit code (2). */
  usageError(message: string): number;
};

/**
 * Parses `argv` strictly against `config` (which must declare a boolean `help` option). Returns the
 * parsed values with a `usageError` for later checks, or an exit code after printing the usage
 * (0 for `--help`, 2 for a bad option). Use it at the top of every script so `pnpm x -- --flag`
 * and `pnpm x --flag` behave the same.
 */
export function parseCli<const T extends ParseArgsConfig & { options: { help: { type: 'boolean' } } }>(
  argv: readonly string[],
  config: T,
  usage: string,
  io: ScriptIo,
): ParsedCli<T> | number {
  const usageError = (message: string): number => {
    io.err(`${message}\n\n${usage}`);
    return EXIT.usage;
  };
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs<T>({ ...config, args, strict: true });
  } catch (error) {
    return usageError((error as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.out(usage);
    return EXIT.ok;
  }
  return { ...parsed, usageError };
}

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

/** The options every deploy script takes: `--stage`, `--region`, `--dry-run`, `--help`. */
export const DEPLOY_OPTIONS = {
  stage: { type: 'string', default: 'prod' },
  region: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

/**
 * Checks `--stage` and finds the region (`--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`). Returns
 * them, or the usage exit code after saying what is wrong.
 */
export function stageAndRegion(values: { readonly stage: string; readonly region?: string | undefined }, io: ScriptIo, usageError: (message: string) => number): { stage: string; region: string } | number {
  const badStage = stageProblem(values.stage);
  if (badStage) return usageError(badStage);
  const region = resolveRegion(values.region, io.env);
  if (!region) return usageError(NO_REGION);
  return { stage: values.stage, region };
}
