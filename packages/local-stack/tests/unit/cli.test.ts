import { parseCli } from '../../src/cli';
import { parseDailyArgs } from '../../src/daily-cli';
import { parseScanArgs } from '../../src/scan-cli';
import { parseStartArgs } from '../../src/start/args';

const USAGE = 'Usage: pnpm thing [--limit N]\n\nExample: pnpm thing --limit 5';
const define = { usage: USAGE, options: { limit: { type: 'string' }, live: { type: 'boolean', default: false } } } as const;

describe('Function: parseCli', () => {
  it('ignores the -- that pnpm passes through, wherever it is', () => {
    // Act / Assess
    expect(parseCli(['--', '--limit', '50'], define)).toEqual({ ok: true, values: { limit: '50', live: false }, positionals: [] });
    expect(parseCli(['--limit=50', '--', '--live'], define)).toEqual({ ok: true, values: { limit: '50', live: true }, positionals: [] });
  });

  it('answers --help and -h with the usage', () => {
    expect(parseCli(['--', '--help'], define)).toEqual({ ok: false, help: true, message: USAGE });
    expect(parseCli(['-h'], define)).toEqual({ ok: false, help: true, message: USAGE });
  });

  it('explains an unknown option, a missing value and a stray argument, each followed by the usage', () => {
    expect(parseCli(['--nope'], define)).toEqual({ ok: false, message: `Unknown option --nope.\n\n${USAGE}` });
    expect(parseCli(['--limit'], define)).toEqual({ ok: false, message: `--limit needs a value.\n\n${USAGE}` });
    expect(parseCli(['--live=yes'], define)).toEqual({ ok: false, message: `--live takes no value.\n\n${USAGE}` });
    expect(parseCli(['stray'], define)).toEqual({ ok: false, message: `Unexpected argument stray.\n\n${USAGE}` });
  });
});

describe('Functions: the argument parsers of pnpm start, scan and daily', () => {
  it('accept pnpm\'s -- before their options (pnpm scan -- --limit 50, pnpm daily -- --help)', () => {
    expect(parseScanArgs(['--', '--limit', '50'])).toEqual({ ok: true, options: { live: false, force: false, limit: 50, concurrency: 8, latencyMs: 0 } });
    expect(parseScanArgs(['--', '--help'])).toMatchObject({ ok: false, help: true, message: expect.stringContaining('Usage: pnpm scan') });
    expect(parseDailyArgs(['--', '--help'])).toMatchObject({ ok: false, help: true, message: expect.stringContaining('Usage: pnpm daily') });
    expect(parseStartArgs(['--', '--help'])).toMatchObject({ ok: false, help: true, message: expect.stringContaining('Usage: pnpm start') });
  });

  it('name the data directory --data-dir in every command', () => {
    expect(parseStartArgs(['--data-dir', 'd'])).toMatchObject({ ok: true, options: { dataDir: 'd' } });
    expect(parseScanArgs(['--data-dir', 'd'])).toMatchObject({ ok: true, options: { dataDir: 'd' } });
    expect(parseDailyArgs(['--data-dir', 'd', '--chat', '1', '--chat', '2'])).toEqual({ ok: true, options: { dataDir: 'd', chats: ['1', '2'] } });
    expect(parseDailyArgs(['--data', 'd'])).toMatchObject({ ok: false, message: expect.stringMatching(/^Unknown option --data\./) });
  });

  it('show one correct example when a value is wrong', () => {
    expect(parseDailyArgs(['--chat', 'me'])).toEqual({ ok: false, message: '--chat needs a numeric Telegram chat id, e.g. --chat 424242' });
    expect(parseScanArgs(['--latency=-1'])).toEqual({ ok: false, message: '--latency needs a whole number of at least 0, e.g. --latency 50' });
  });
});
