import type { CollectorRunResult } from '../../src/app';
import { LOG_EVENTS, runOutcomeLog } from '../../src/log-events';

const base = { date: '2026-11-20', failed: 0, summarySent: false, notices: [] as string[] };

describe('Function: runOutcomeLog', () => {
  it('closes a run that saved the day\'s scan with a scan.completed event at info, carrying the date', () => {
    // Prepare
    const result: CollectorRunResult = { ...base, ok: true, status: 'saved', scanned: 998, failed: 2, skipped: 0, durationMs: 61_000, universeSource: 'shipped' };
    // Act
    const line = runOutcomeLog(result);
    // Assess
    expect(line.level).toBe('info');
    expect(line.fields).toMatchObject({ event: 'scan.completed', ok: true, status: 'saved', date: '2026-11-20', scanned: 998 });
  });

  it('counts a retry that finds the date already scanned as completed: the day has its scan', () => {
    // Act
    const line = runOutcomeLog({ ...base, ok: true, status: 'already-scanned' });
    // Assess
    expect(line.fields.event).toBe('scan.completed');
    expect(line.message).toContain('already saved');
  });

  it.each([
    ['failed', { ...base, ok: false, status: 'failed', reason: 'circuit breaker open', failed: 40 }],
    ['saved apart because the prices came from elsewhere', { ...base, ok: false, status: 'saved-apart', notice: 'prices were simulated' }],
  ] as const)('closes a run that %s with a scan.failed event at error', (_name, result) => {
    // Act
    const line = runOutcomeLog(result as CollectorRunResult);
    // Assess
    expect(line.level).toBe('error');
    expect(line.fields.event).toBe('scan.failed');
  });

  it('gives a limit trial and a run that found the date taken events no alarm counts', () => {
    // Act
    const events = [runOutcomeLog({ ...base, ok: true, status: 'saved-apart' }), runOutcomeLog({ ...base, ok: true, status: 'in-progress' })].map((l) => l.fields.event);
    // Assess
    expect(events).toEqual(['scan.saved-apart', 'scan.in-progress']);
  });

  it('names the two events the alarms count', () => {
    // Assess
    expect([LOG_EVENTS.scanCompleted, LOG_EVENTS.scanFailed]).toEqual(['scan.completed', 'scan.failed']);
  });
});
