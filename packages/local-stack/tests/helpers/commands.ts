import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** The script behind each `pnpm <command>` (root package.json). */
export const COMMANDS = {
  start: join(ROOT, 'packages/local-stack/src/start.ts'),
  scan: join(ROOT, 'packages/local-stack/src/scan-cli.ts'),
  daily: join(ROOT, 'packages/local-stack/src/daily-cli.ts'),
  importTrades: join(ROOT, 'scripts/import-history.ts'),
} as const;

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment a command gets: this one without Telegram or Anthropic credentials, plus `env`. */
function commandEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { TELEGRAM_BOT_TOKEN: _token, ANTHROPIC_API_KEY: _key, ...base } = process.env;
  return { ...base, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env };
}

/** Runs a command as `pnpm <command> <args>` would, with `input` piped to stdin; resolves when it exits. */
export function runCommand(script: string, args: readonly string[], input = '', env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(TSX, [script, ...args], { cwd: ROOT, env: commandEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** A command that keeps running (`pnpm start` with its stdin held open), driven line by line. */
export interface RunningCommand {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything printed to stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout (from `from` on) contains `text`; rejects if the command exits first. */
  waitFor(text: string | RegExp, from?: number): Promise<void>;
  /** Types a line (stdin); resolves with stdout printed after it once `until` appears. */
  send(line: string, until: string | RegExp): Promise<string>;
  /** Ends stdin (EOF) and resolves with the exit code. */
  end(): Promise<number | null>;
}

/** Starts a long-running command; stop it with `end()`. */
export function startCommand(script: string, args: readonly string[], env: Record<string, string> = {}): RunningCommand {
  const child = spawn(TSX, [script, ...args], { cwd: ROOT, env: commandEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let exit: number | null | undefined;
  const listeners = new Set<() => void>();
  const notify = (): void => {
    for (const listener of [...listeners]) listener();
  };
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString('utf8');
    notify();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const exited = new Promise<number | null>((done) =>
    child.on('close', (code) => {
      exit = code;
      notify();
      done(code);
    }),
  );
  const waitFor = (text: string | RegExp, from = 0): Promise<void> =>
    new Promise((resolvePromise, reject) => {
      const check = (): void => {
        const seen = out.slice(from);
        if (typeof text === 'string' ? seen.includes(text) : text.test(seen)) {
          listeners.delete(check);
          resolvePromise();
        } else if (exit !== undefined) {
          listeners.delete(check);
          reject(new Error(`command exited (${exit}) before printing ${String(text)}:\n${out}\n${err}`));
        }
      };
      listeners.add(check);
      check();
    });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor,
    async send(line, until) {
      const from = out.length;
      child.stdin.write(`${line}\n`);
      await waitFor(until, from);
      return out.slice(from);
    },
    end() {
      child.stdin.end();
      return exited;
    },
  };
}
