/**
 * The data bucket's layout, kept from the original Python bot so its users can migrate.
 * Use these constants instead of spelling keys.
 */
export const DOCUMENT_KEYS = {
  positions: 'portfolio/current_positions.json',
  ledgerCsv: 'history/operations_full.csv',
  monthlyPerformance: 'learning/monthly_performance.json',
  blacklist: 'external/tickers_blacklist.txt',
  tips: 'external/user_tips.json',
  rules: 'config/rules.json',
  notifications: 'config/notifications.json',
  lessons: 'learning/patterns_learned.json',
  universe: 'config/universe.csv',
  scanLatest: 'scans/drawdown/latest.json',
} as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `date` is a `YYYY-MM-DD` string (the form every dated key uses). */
export function isIsoDate(date: string): boolean {
  return DATE.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`));
}

/** `logs/daily_analysis_YYYY-MM-DD.json`. */
export const dailyLogKey = (date: string): string => `logs/daily_analysis_${date}.json`;
/** `scans/drawdown/YYYY-MM-DD.csv`. */
export const scanCsvKey = (date: string): string => `scans/drawdown/${date}.csv`;
/** Prefix of scans that are not the day's scan (`limit` runs, prices not from the expected source). */
export const PARTIAL_SCAN_PREFIX = 'scans/drawdown/partial/';
/** `scans/drawdown/partial/YYYY-MM-DD.csv`. */
export const partialScanCsvKey = (date: string): string => `${PARTIAL_SCAN_PREFIX}${date}.csv`;
/** `scans/drawdown/partial/latest.json`. */
export const partialScanLatestKey = `${PARTIAL_SCAN_PREFIX}latest.json`;
/** `market/history/<shard>.json`. */
export const priceShardKey = (shard: string): string => `market/history/${shard}.json`;
