import { execFile } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** Runs a script the way `pnpm <name>` does (tsx on the file); resolves exit code and output. */
function runScript(file: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(TSX, [join(ROOT, file), ...args], { cwd: ROOT, env: { ...process.env, AWS_REGION: '', AWS_DEFAULT_REGION: '' } }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('Operator scripts: command line', () => {
  // Every pnpm command parses with local-stack's parseCli: the same --help, the same refusal.
  it.each([
    ['scripts/bootstrap.ts', 'pnpm bootstrap', true],
    ['scripts/put-secrets.ts', 'pnpm put-secrets', true],
    ['scripts/set-webhook.ts', 'pnpm set-webhook', true],
    ['scripts/invoke.ts', 'pnpm invoke', true],
    ['scripts/rollback.ts', 'pnpm rollback', true],
    ['scripts/package.ts', 'pnpm package', false],
    ['scripts/upload-packages.ts', 'pnpm upload-packages', false],
  ])('%s answers --help (also after a leading --) and refuses an unknown option with its usage', async (file, command, withExample) => {
    // Act
    const help = await runScript(file, ['--', '--help']);
    const bad = await runScript(file, ['--no-such-option']);

    // Assess
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`Usage: ${command}`);
    if (withExample) expect(help.stdout).toContain('Example');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown option --no-such-option.');
    expect(bad.stderr).toContain(`Usage: ${command}`);
  });
});
