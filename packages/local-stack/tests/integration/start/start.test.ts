import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeUpdate, startTelegramServer } from '../../../src/telegram';
import { parseStartArgs } from '../../../src/start/args';

const ROOT = resolve(__dirname, '../../../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const START = join(ROOT, 'packages/local-stack/src/start.ts');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `pnpm start`'s script with `input` piped to stdin; resolves when it exits. */
function runStart(args: readonly string[], input: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const { TELEGRAM_BOT_TOKEN: _ignored, ...baseEnv } = process.env;
    const child = spawn(TSX, [START, ...args], { cwd: ROOT, env: { ...baseEnv, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('Script: pnpm start (terminal chat)', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tradebot-start-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers piped commands through the webhook, prints replies as text and exits at the end of input', async () => {
    // Act
    const run = await runStart(['--data-dir', dataDir], '/buy AAPL 10 182.50\n/portfolio\n/buy\n');
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('tradebot local stack');
    expect(run.stdout).toContain('you> /buy AAPL 10 182.50');
    expect(run.stdout).toContain('Buy recorded');
    expect(run.stdout).toContain('Position: 10 shares, average cost 182.50 USD');
    expect(run.stdout).toMatch(/AAPL\s+10\s+182\.50\s/);
    expect(run.stdout).toContain('needs a ticker, a quantity and a price');
    // Piped output is plain: no HTML tags, no terminal colour codes.
    expect(run.stdout).not.toMatch(/<\/?(b|pre|code|i)>/);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('keeps the data for the next run, and --reset clears it', async () => {
    // Act
    const kept = await runStart(['--data-dir', dataDir], '/portfolio\n');
    const reset = await runStart(['--data-dir', dataDir, '--reset'], '/portfolio\n');
    // Assess
    expect(kept.stdout).toMatch(/AAPL\s+10\s+182\.50\s/);
    expect(reset.stdout).toContain('No open positions yet');
  });

  it('prints usage for --help and refuses unknown options', async () => {
    // Act
    const [help, bad] = await Promise.all([runStart(['--help'], ''), runStart(['--nope'], '')]);
    // Assess
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: pnpm start');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown option --nope');
  });
});

describe('Script: pnpm start (long polling)', () => {
  it('feeds updates from getUpdates through the webhook and replies to the allowed chat', async () => {
    // Prepare: the local Bot API server plays real Telegram.
    const token = '7000000009:long-poll-test';
    const telegram = await startTelegramServer({ token, botUsername: 'tradebot_poll_bot' });
    const dataDir = mkdtempSync(join(tmpdir(), 'tradebot-start-poll-'));
    telegram.pushUpdate(makeUpdate({ text: '/buy KO 5 60', chatId: 9001 }));
    telegram.pushUpdate(makeUpdate({ text: '/portfolio', chatId: 9002 }));
    const child = spawn(TSX, [START, '--data-dir', dataDir], {
      cwd: ROOT,
      env: { ...process.env, TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: telegram.apiRoot, ALLOWED_CHAT_IDS: '9001' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.on('close', done));
    try {
      // Act: wait (bounded) until both updates were answered.
      for (let i = 0; i < 300 && (telegram.messagesTo(9001).length === 0 || telegram.messagesTo(9002).length === 0); i += 1) {
        await new Promise((r) => setTimeout(r, 100));
      }
      // Assess
      expect(telegram.messagesTo(9001).map((m) => m.plainText)).toEqual([expect.stringContaining('Buy recorded')]);
      expect(telegram.messagesTo(9002).map((m) => m.plainText)).toEqual([expect.stringContaining('private bot')]);
      expect(telegram.calls.some((c) => c.method === 'getMe')).toBe(true);
    } finally {
      child.kill('SIGINT');
      await exited;
      await telegram.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('Function: parseStartArgs', () => {
  it('reads the options and refuses what it does not know', () => {
    expect(parseStartArgs(['--', '--reset', '--port', '8080'])).toEqual({ ok: true, options: { help: false, reset: true, deleteWebhook: false, livePrices: false, port: 8080 } });
    expect(parseStartArgs(['--port', 'x'])).toEqual({ ok: false, error: '--port needs a port number (0-65535)' });
    expect(parseStartArgs(['--data-dir'])).toEqual({ ok: false, error: '--data-dir needs a directory' });
  });
});
