import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStackRecord, STACK_FILE } from '../../../src/local-data';
import { COMMANDS, ROOT, runCommand, startCommand, type RunningCommand } from '../../helpers/commands';

const HISTORY = join(ROOT, 'packages/storage-s3/tests/fixtures/operations_full.csv');
const STACK_TRACE = /\n\s+at /;

describe('Scripts: local commands while pnpm start runs on the same data directory', () => {
  let dataDir: string;
  let start: RunningCommand;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tradebot-shared-'));
    start = startCommand(COMMANDS.start, ['--data-dir', dataDir]);
    await start.waitFor('telegram   terminal chat');
  }, 120_000);
  afterAll(async () => {
    await start.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('scan, daily and import-trades use the running stack, and a second pnpm start says it is already running', async () => {
    // Act: all four at once, while the chat is open.
    const [scan, daily, imported, second] = await Promise.all([
      // A full scan (a --limit run is saved apart and would not be the day's scan /scan shows).
      runCommand(COMMANDS.scan, ['--', '--data-dir', dataDir]),
      runCommand(COMMANDS.daily, ['--', '--date', '2026-11-20', '--data-dir', dataDir]),
      runCommand(COMMANDS.importTrades, ['--file', HISTORY, '--portfolio', '424242', '--data-dir', dataDir]),
      runCommand(COMMANDS.start, ['--data-dir', dataDir], '/portfolio\n'),
    ]);

    // Assess: no command crashed; each said what it did.
    for (const run of [scan, daily, imported, second]) expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(scan.code).toBe(0);
    expect(scan.stdout).toContain('Saved s3://tradebot-data/scans/drawdown/');
    expect(daily.code).toBe(0);
    expect(daily.stdout).toContain('message to chat 424242');
    expect(daily.stdout).toContain('Analysis: offline 0 USD.');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Imported 10 row(s)');
    expect(second.code).toBe(1);
    const holder = readStackRecord(dataDir);
    expect(holder).toMatchObject({ command: 'pnpm start' });
    expect(second.stderr).toContain(`pnpm start (pid ${(holder as { pid: number }).pid}, since `);
    expect(second.stderr).toContain(`is already running on ${dataDir}`);
    expect(second.stdout).not.toContain('tradebot local stack');

    // Assess: what they wrote is in the running stack's stores, as the chat sees it.
    const scanReply = await start.send('/scan 3', /bot> [\s\S]*\n\n/);
    expect(scanReply).toContain('Top 3 below their 180-day high');
    expect(scanReply).toMatch(/\b3\. [A-Z]+\s+-\d/);
    const portfolio = await start.send('/portfolio', /bot> [\s\S]*\n\n/);
    expect(portfolio).toMatch(/AAPL\s+9 @ /);
    expect(portfolio).toMatch(/KO\s+40 @ /);
  }, 240_000);
});

describe('Scripts: pnpm start and its stack file', () => {
  it('publishes its endpoints while it runs and removes them when it stops', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'tradebot-stackfile-'));
    const start = startCommand(COMMANDS.start, ['--data-dir', dataDir]);
    try {
      // Act
      await start.waitFor('telegram   terminal chat');
      const running = readStackRecord(dataDir);
      const code = await start.end();

      // Assess
      expect(running).toMatchObject({ command: 'pnpm start', shared: true, endpoints: { tableName: 'tradebot', dataBucket: 'tradebot-data' } });
      expect(code).toBe(0);
      expect(existsSync(join(dataDir, STACK_FILE))).toBe(false);
    } finally {
      start.child.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
