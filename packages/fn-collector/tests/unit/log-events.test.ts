import type { CollectorRunResult } from '../../src/app';
import { LOG_EVENTS, runOutcomeLog } from '../../src/log-events';

describe('Function: runOutcomeLog', () => {
  it('closes a run that saved its scan with a scan.completed event at info, carrying the date', () => {
    // Prepare
    const result: CollectorRunResult = { ok: true, date: '2026-11-20', scanned: 998, failed: 2, skipped: 0, durationMs: 61_000, universeSource: 'shipped', summarySent: false };
    // Act
    const line = runOutcomeLog(result);
    // Assess
    expect(line.level).toBe('info');
    expect(line.fields).toMatchObject({ event: 'scan.completed', ok: true, date: '2026-11-20', scanned: 998 });
  });

  it('closes a run that saved nothing with a scan.failed event at error, carrying the reason', () => {
    // Prepare
    const result: CollectorRunResult = { ok: false, reason: 'circuit breaker open', failed: 40, universeSource: 'shipped', summarySent: false };
    // Act
    const line = runOutcomeLog(result);
    // Assess
    expect(line.level).toBe('error');
    expect(line.fields).toMatchObject({ event: 'scan.failed', ok: false, reason: 'circuit breaker open' });
    expect(line.message).toContain('previous latest.json kept');
  });

  it('uses exactly the two event names the alarms count', () => {
    // Assess
    expect(Object.values(LOG_EVENTS).sort()).toEqual(['scan.completed', 'scan.failed']);
  });
});
