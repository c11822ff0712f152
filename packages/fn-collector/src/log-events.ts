import type { CollectorRunResult } from './app';

/**
 * The structured events fn-collector logs for monitoring. infra/modules/alarms turns them into
 * CloudWatch metrics by name (scans completed, runs finished, "scan missed on a market day"):
 * rename one only together with its metric filter (infra/tests check that the two agree).
 */
export const LOG_EVENTS = {
  /** A run ended with the day's scan saved. */
  scanCompleted: 'scan.completed',
  /** A run ended without a scan (the source refused, too many symbols failed); latest.json kept. */
  scanFailed: 'scan.failed',
} as const;

/** The line that closes a run: its level, its fields (the event and the result) and message. */
export interface RunOutcomeLog {
  readonly level: 'info' | 'error';
  readonly fields: { readonly event: string } & CollectorRunResult;
  readonly message: string;
}

/** Builds the log line that closes a run; use it once per invocation, after `collector.run`. */
export function runOutcomeLog(result: CollectorRunResult): RunOutcomeLog {
  return result.ok
    ? { level: 'info', fields: { event: LOG_EVENTS.scanCompleted, ...result }, message: 'drawdown scan saved' }
    : { level: 'error', fields: { event: LOG_EVENTS.scanFailed, ...result }, message: 'drawdown scan failed; previous latest.json kept' };
}
