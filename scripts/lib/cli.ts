/**
 * What every operator script shares: argument parsing with `node:util` `parseArgs` (a leading `--`
 * is accepted, `--help` prints the usage), the output channels, and secret redaction.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

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
 * Parses `argv` strictly against `config` (which must declare a boolean `help` option). Returns the
 * parsed values, or an exit code after printing the usage (0 for `--help`, 2 for a bad option).
 * Use it at the top of every script so `pnpm x -- --flag` and `pnpm x --flag` behave the same.
 */
export function parseCli<const T extends ParseArgsConfig & { options: { help: { type: 'boolean' } } }>(
  argv: readonly string[],
  config: T,
  usage: string,
  io: ScriptIo,
): ReturnType<typeof parseArgs<T>> | number {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs<T>({ ...config, args, strict: true });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${usage}`);
    return EXIT.usage;
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.out(usage);
    return EXIT.ok;
  }
  return parsed;
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

/** A message for an unexpected error: its name and message, redacted, never a stack. */
export function describeError(error: unknown, secrets: readonly (string | undefined)[] = []): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return redact(text, secrets);
}

/** The stage names Terraform and the scripts accept (resource names are `tradebot-<stage>-...`). */
export const STAGE_PATTERN = /^[a-z][a-z0-9]{0,11}$/;

/** Checks a `--stage` value; returns an error message or null. */
export function stageProblem(stage: string): string | null {
  return STAGE_PATTERN.test(stage) ? null : `--stage must be 1-12 lowercase letters or digits starting with a letter (e.g. prod), got "${stage}"`;
}
