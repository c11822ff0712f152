import { parseScanArgs } from '../../src/scan-cli';

describe('Function: parseScanArgs', () => {
  it('reads --live, --limit and --as-of', () => {
    expect(parseScanArgs(['--live', '--limit', '25', '--as-of', '2026-11-20'])).toEqual({
      ok: true,
      options: { live: true, force: false, limit: 25, asOf: '2026-11-20', concurrency: 8, latencyMs: 0 },
    });
  });

  it('reads --force, which scans a date whose scan is already saved', () => {
    expect(parseScanArgs(['--', '--force'])).toMatchObject({ ok: true, options: { force: true, live: false } });
  });

  it('explains a bad value with a correct example', () => {
    expect(parseScanArgs(['--limit', 'ten'])).toEqual({ ok: false, message: '--limit needs a whole number of at least 1, e.g. --limit 50' });
    expect(parseScanArgs(['--as-of', '20-11-2026'])).toEqual({ ok: false, message: '--as-of needs a date, e.g. --as-of 2026-11-20' });
  });

  it('shows the usage for --help', () => {
    expect(parseScanArgs(['--help'])).toMatchObject({ ok: false, help: true, message: expect.stringContaining('pnpm scan') });
  });
});
