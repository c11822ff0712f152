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
  it.each([
    ['scripts/bootstrap.ts', 'pnpm bootstrap'],
    ['scripts/put-secrets.ts', 'pnpm put-secrets'],
    ['scripts/set-webhook.ts', 'pnpm set-webhook'],
    ['scripts/invoke.ts', 'pnpm invoke'],
    ['scripts/rollback.ts', 'pnpm rollback'],
  ])('%s answers --help (also after a leading --) and refuses an unknown option with its usage', async (file, command) => {
    // Act
    const help = await runScript(file, ['--', '--help']);
    const bad = await runScript(file, ['--no-such-option']);

    // Assess
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`Usage: ${command}`);
    expect(help.stdout).toContain('Example');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown option --no-such-option.');
    expect(bad.stderr).toContain(`Usage: ${command}`);
  });
});

describe('Build scripts: command line', () => {
  it.each([
    ['scripts/package.ts', 'pnpm package'],
    ['scripts/upload-packages.ts', 'pnpm upload-packages'],
  ])('%s parses like every other command: --help after pnpm\'s --, an unknown option is a usage error', async (file, command) => {
    // Act
    const help = await runScript(file, ['--', '--help']);
    const bad = await runScript(file, ['--no-such-option']);

    // Assess
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`Usage: ${command}`);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown option --no-such-option.');
    expect(bad.stderr).toContain(`Usage: ${command}`);
  });
});
