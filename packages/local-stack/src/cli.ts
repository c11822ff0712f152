/**
 * What every `pnpm` command shares (local-stack's `start`, `scan`, `daily`, and the repository's
 * scripts: `import-trades`, `universe:refresh`, `package`, `upload-packages` and the deploy scripts,
 * which import this file by path): one argument parser (node's `util.parseArgs`, strict) with
 * `--help`, one way to print a usage error, and one way to end. It lives here because scripts may
 * import local-stack, never the other way round.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { describeError } from '@tradebot/core-domain';

/** The option table of a command, in `util.parseArgs` form (`--help`/`-h` is added by `parseCli`). */
export type CliOptions = NonNullable<ParseArgsConfig['options']>;

type Parsed<O extends CliOptions> = ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>>;

/** What `parseCli` needs to know about a command. */
export interface CliDefinition<O extends CliOptions> {
  /** The `--help` text: usage line, what it does, every option, and one correct example. */
  readonly usage: string;
  readonly options: O;
  /** Whether the command takes plain arguments (a file name); default no. */
  readonly allowPositionals?: boolean;
}

/** A parsed command line, or why there is nothing to run (`help`: the person asked for the usage). */
export type CliParse<T> = { readonly ok: true; readonly options: T } | { readonly ok: false; readonly help?: boolean; readonly message: string };

/** Parsed values of a command line (strings and booleans as declared; repeatable options are arrays). */
export type CliValues<O extends CliOptions> = Parsed<O>['values'];

/** Raw parse of a command line: values and positionals, or a usage outcome. */
export type RawCliParse<O extends CliOptions> =
  | { readonly ok: true; readonly values: CliValues<O>; readonly positionals: readonly string[] }
  | { readonly ok: false; readonly help?: boolean; readonly message: string };

/** Rewords node's parse errors for a person (node's hint to put an argument after `--` does not apply here). */
function describeParseError(error: Error & { code?: string }): string {
  const option = /'(-{1,2}[^' ]+)/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Unknown option ${option}.`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return /does not take an argument/.test(error.message) ? `${option} takes no value.` : `${option} needs a value.`;
  return error.message;
}

/**
 * Parses a command line with node's `util.parseArgs` in strict mode, adding `--help`/`-h`. Every
 * bare `--` is ignored, because `pnpm <script> -- --flag` passes it through to the script (the
 * README's `pnpm start -- --reset` must work like `pnpm start --reset`). Use it in every local
 * command so they all accept the same syntax (`--flag value`, `--flag=value`) and explain
 * mistakes the same way: an unknown option or a missing value is a message followed by the usage.
 */
export function parseCli<const O extends CliOptions>(argv: readonly string[], definition: CliDefinition<O>): RawCliParse<O> {
  const args = argv.filter((arg) => arg !== '--');
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: { ...definition.options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
  } catch (error) {
    return { ok: false, message: `${describeParseError(error as Error)}\n\n${definition.usage}` };
  }
  if (parsed.values.help) return { ok: false, help: true, message: definition.usage };
  if (!definition.allowPositionals && parsed.positionals.length > 0) {
    return { ok: false, message: `Unexpected argument ${parsed.positionals[0]}.\n\n${definition.usage}` };
  }
  const { help: _help, ...values } = parsed.values;
  return { ok: true, values: values as CliValues<O>, positionals: parsed.positionals };
}

/**
 * Prints the outcome of a parse that has nothing to run: the usage on stdout for `--help` (exit
 * code 0), the message on stderr otherwise (exit code 2, a usage error). Returns the exit code.
 */
export function printUsageOutcome(outcome: { readonly help?: boolean; readonly message: string }, io: CliIo = processIo): number {
  (outcome.help ? io.out : io.err)(outcome.message);
  return outcome.help ? 0 : 2;
}

/** Where a command writes: lines to stdout and to stderr. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** The process's own stdout and stderr. */
export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/**
 * Runs a local command's `main(argv)` when its file is the entry point: the exit code is what
 * `main` returns, and an unexpected error is printed as `Name: message` (no stack) with code 1.
 * Use it at the bottom of every `pnpm <command>` script so they all end the same way.
 */
export function runCli(entry: NodeJS.Module, main: (argv: string[]) => Promise<number> | number): void {
  if (require.main !== entry) return;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  Promise.resolve()
    .then(() => main(process.argv.slice(2)))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        console.error(describeError(error, { withName: true }));
        process.exitCode = 1;
      },
    );
}
