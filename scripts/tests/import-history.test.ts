import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImportCli } from '../import-history';

const sample = join(__dirname, '../../packages/storage-s3/tests/fixtures/operations_full.csv');

describe('Function: runImportCli', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'tradebot-import-cli-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const run = async (...argv: string[]) => {
    const printed: string[] = [];
    const code = await runImportCli(argv, { out: (text) => printed.push(text), dataDir: directory });
    return { code, output: printed.join('\n') };
  };

  it('prints what a dry run would import, then imports, then finds nothing new on a second run', async () => {
    // Act
    const dry = await run('--file', sample, '--portfolio', '42', '--dry-run');
    const real = await run('--file', sample, '--portfolio', '42');
    const again = await run('--file', sample, '--portfolio', '42');

    // Assess
    expect(dry.code).toBe(0);
    expect(dry.output).toContain('Would import 10 row(s); skipped 0 already in the ledger; refused 0; unreadable 1.');
    expect(dry.output).toContain('line 7: unreadable: quantity "diez" is not a number above 0');
    expect(dry.output).toContain('Ignored columns: Total, Notas, Estrategia.');
    expect(dry.output).toContain('Dry run: nothing was written.');
    expect(real.output).toContain('Imported 10 row(s); skipped 0');
    expect(real.output).toContain('line 2: #1 2024-01-15 buy 10 AAPL at 185.2 USD (fees 1)');
    expect(again.output).toContain('Imported 0 row(s); skipped 10 already in the ledger');
  });

  it('shows usage with one example when arguments are missing or unknown', async () => {
    // Act
    const missing = await run('--file', sample);
    const unknown = await run('--fil', sample);
    const help = await run('--help');

    // Assess
    expect(missing.code).toBe(2);
    expect(missing.output).toMatch(/Both --file and --portfolio are required/);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain('Example: pnpm import-trades --file operations_full.csv --portfolio 123456789 --dry-run');
    expect(help.code).toBe(0);
  });

  it('says which file it cannot read', async () => {
    // Act
    const result = await run('--file', join(directory, 'nope.csv'), '--portfolio', '42');

    // Assess
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/Cannot read .*nope\.csv/);
  });
});
