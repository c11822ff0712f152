import type { CollectorRunResult } from './app';

/**
 * The structured events fn-collector logs for monitoring. infra/modules/alarms turns two of them
 * into CloudWatch metrics by name (scans completed, runs finished, "scan missed on a market day"):
 * rename one only together with its metric filter (infra/tests check that the two agree).
 */
export const LOG_EVENTS = {
  /** A run ended with the date's scan saved: by this run (`saved`) or an earlier one (`already-scanned`). */
  scanCompleted: 'scan.completed',
  /** A run ended without the date's scan (`failed`, or `saved-apart` because the prices came from elsewhere). */
  scanFailed: 'scan.failed',
  /** A `limit` trial saved under scans/drawdown/partial/: neither the day's scan nor a failure. */
  scanSavedApart: 'scan.saved-apart',
  /** Another run holds the date: it will log the outcome. */
  scanInProgress: 'scan.in-progress',
  /** A 15-minute run checked the price alerts (`alerts` says how many fired; `ok` false when the check failed). */
  alertsChecked: 'alerts.checked',
  /** A 15-minute run found the US market closed (night, weekend, NYSE holiday) and did nothing. */
  alertsSkipped: 'alerts.market-closed',
} as const;

/** The line that closes a run: its level, its fields (the event and the result) and message. */
export interface RunOutcomeLog {
  readonly level: 'info' | 'error';
  readonly fields: { readonly event: string } & CollectorRunResult;
  readonly message: string;
}

/** Builds the log line that closes a run; use it once per invocation, after `collector.run`. */
export function runOutcomeLog(result: CollectorRunResult): RunOutcomeLog {
  const line = (level: RunOutcomeLog['level'], event: string, message: string): RunOutcomeLog => ({ level, fields: { event, ...result }, message });
  switch (result.status) {
    case 'saved':
      return line('info', LOG_EVENTS.scanCompleted, 'drawdown scan saved');
    case 'already-scanned':
      return line('info', LOG_EVENTS.scanCompleted, `drawdown scan of ${result.date} already saved: nothing done`);
    case 'in-progress':
      return line('info', LOG_EVENTS.scanInProgress, `drawdown scan of ${result.date} in progress in another run: nothing done`);
    case 'failed':
      return line('error', LOG_EVENTS.scanFailed, 'drawdown scan failed; previous latest.json kept; the date is left for the 07:30 retry');
    case 'alerts-checked':
      return result.ok ? line('info', LOG_EVENTS.alertsChecked, 'price alerts checked') : line('error', LOG_EVENTS.alertsChecked, 'price-alert check failed');
    case 'market-closed':
      return line('info', LOG_EVENTS.alertsSkipped, 'US market closed: price alerts not checked');
    case 'saved-apart':
      return result.ok
        ? line('info', LOG_EVENTS.scanSavedApart, "partial drawdown scan saved apart; the day's scan and latest.json untouched")
        : line('error', LOG_EVENTS.scanFailed, 'drawdown scan saved apart: its prices did not come from the expected source; the date is left for a later run');
  }
}
