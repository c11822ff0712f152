import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { makeUpdate, startTelegramServer } from '../../../src/telegram';
import { parseStartArgs } from '../../../src/start/args';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { startLocalAws } from '../../../src/aws';
import { AWS_SUBDIRECTORY, DATA_DIR_MARKER, UPDATE_ID_FILE } from '../../../src/local-data';
import { LOCAL_CHAT_ID } from '../../../src/telegram';
import { COMMANDS, ROOT, runCommand } from '../../helpers/commands';

const TSX = join(ROOT, 'node_modules/.bin/tsx');
const START = COMMANDS.start;

/** Runs `pnpm start`'s script with `input` piped to stdin; resolves when it exits. */
const runStart = (args: readonly string[], input: string, env: Record<string, string> = {}) => runCommand(START, args, input, env);

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

  it("writes the positions snapshot of the first run's trade through the ledger's stream, before it exits", async () => {
    // Prepare: the stores of the data directory, now that pnpm start has exited.
    const aws = await startLocalAws({ directory: join(dataDir, AWS_SUBDIRECTORY) });
    try {
      // Act
      const stored = await aws.s3.send(new GetObjectCommand({ Bucket: aws.dataBucket, Key: 'portfolio/current_positions.json' }));
      // Assess
      expect(JSON.parse(await stored.Body!.transformToString())).toMatchObject({ portfolioId: String(LOCAL_CHAT_ID), positions: [{ symbol: 'AAPL', quantity: '10' }] });
    } finally {
      await aws.stop();
    }
  });

  it('saves a chart the bot sends into the data directory and prints its path and caption', async () => {
    // Act
    const run = await runStart(['--data-dir', dataDir], '/chart AAPL 6m\n');
    // Assess
    expect(run.code).toBe(0);
    const saved = /\[picture 1080x760 saved to (\S+\.png)\]/.exec(run.stdout);
    expect(saved).not.toBeNull();
    expect(saved![1]!.startsWith(join(dataDir, 'photos'))).toBe(true);
    expect(readFileSync(saved![1]!).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(run.stdout).toContain('AAPL, 6 months: your 1 trade is marked');
  }, 60_000);

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
    expect(bad.stderr).toContain('Unknown option --nope.');
    expect(bad.stderr).toContain('Example: pnpm start --reset');
  });
});

describe('Script: pnpm start (restarts)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tradebot-start-ids-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records a trade in each run and /undo after a restart cancels the newest one: update ids never repeat', async () => {
    // Act: two runs on one data directory.
    const first = await runStart(['--data-dir', dataDir], '/buy AAPL 10 182.50\n');
    const second = await runStart(['--data-dir', dataDir], '/buy MSFT 5 400\n/undo\n1\n/portfolio\n');

    // Assess: the second run's buy was recorded (not swallowed as a repeat), and /undo cancelled it, not AAPL.
    expect(first.stdout).toContain('#1 Buy 10 AAPL');
    expect(second.stdout).not.toContain('(no reply)');
    expect(second.stdout).toContain('#2 Buy 5 MSFT');
    expect(second.stdout).toContain('Undo #2?');
    expect(second.stdout).toContain('[1] ↩️ Confirm undo  [2] ✖️ Cancel');
    expect(second.stdout).toContain("Undone trade #2: Buy 5 MSFT");
    expect(second.stdout).toMatch(/AAPL\s+10\s+182\.50\s/);
    expect(second.stdout.slice(second.stdout.indexOf('Portfolio'))).not.toContain('MSFT');
    expect(Number(readFileSync(join(dataDir, UPDATE_ID_FILE), 'utf8'))).toBe(100_005);
  }, 120_000);

  it('shows a plain-language proposal with numbered buttons and presses Confirm when 1 is typed', async () => {
    // Act
    const run = await runStart(['--data-dir', dataDir], 'buy 2 ko 60\n1\n1\n');
    // Assess: the proposal, its buttons, one recorded trade; the second "1" presses Confirm again and records nothing.
    expect(run.stdout).toContain('I understood: /buy KO 2 60');
    expect(run.stdout).toContain('[1] ✅ Confirm  [2] ✏️ Edit  [3] ✖️ Cancel');
    expect(run.stdout.match(/Buy recorded/g)).toHaveLength(1);
    expect(run.stdout).toContain('(Already recorded as #1.)');
  }, 120_000);
});

describe('Script: pnpm start --reset', () => {
  it('refuses a directory that is not a tradebot data directory, and deletes nothing', async () => {
    // Prepare: someone's own directory.
    const dir = mkdtempSync(join(tmpdir(), 'tradebot-not-data-'));
    writeFileSync(join(dir, 'thesis.docx'), 'four years of work');
    mkdirSync(join(dir, 'photos'));
    try {
      // Act
      const run = await runStart(['--reset', '--data-dir', dir], '/portfolio\n');

      // Assess
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`${dir} is not a tradebot data directory (it has no ${DATA_DIR_MARKER} file and holds `);
      expect(run.stderr).toContain('Nothing was changed.');
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(readFileSync(join(dir, 'thesis.docx'), 'utf8')).toBe('four years of work');
      expect(existsSync(join(dir, 'photos'))).toBe(true);
      expect(existsSync(join(dir, DATA_DIR_MARKER))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
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
    const bound = new AbortController();
    let unsubscribe = (): void => undefined;
    try {
      // Act: wait until both updates were answered, the program exits, or (a bound, not a pause) 30 s pass.
      const answered = new Promise<'answered'>((done) => {
        const check = (): void => {
          if (telegram.messagesTo(9001).length > 0 && telegram.messagesTo(9002).length > 0) done('answered');
        };
        unsubscribe = telegram.onMessage(check);
        check();
      });
      const outcome = await Promise.race([
        answered,
        exited.then((code) => `exited with ${code}`),
        delay(30_000, 'no answer within 30 s', { signal: bound.signal }),
      ]);
      // Assess
      expect(outcome).toBe('answered');
      expect(telegram.messagesTo(9001).map((m) => m.plainText)).toEqual([expect.stringContaining('Buy recorded')]);
      expect(telegram.messagesTo(9002).map((m) => m.plainText)).toEqual([expect.stringContaining('private bot')]);
      expect(telegram.calls.some((c) => c.method === 'getMe')).toBe(true);
    } finally {
      unsubscribe();
      bound.abort();
      child.kill('SIGINT');
      await exited;
      await telegram.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('Function: parseStartArgs', () => {
  it('reads the options and refuses what it does not know', () => {
    expect(parseStartArgs(['--', '--reset', '--port', '8080'])).toEqual({ ok: true, options: { reset: true, deleteWebhook: false, livePrices: false, port: 8080 } });
    expect(parseStartArgs(['--data-dir=/tmp/x'])).toEqual({ ok: true, options: { reset: false, deleteWebhook: false, livePrices: false, dataDir: '/tmp/x' } });
    expect(parseStartArgs(['--port', 'x'])).toEqual({ ok: false, message: '--port needs a port number (0-65535), e.g. --port 8080' });
    expect(parseStartArgs(['--data-dir'])).toMatchObject({ ok: false, message: expect.stringMatching(/^--data-dir needs a value\./) });
  });
});
