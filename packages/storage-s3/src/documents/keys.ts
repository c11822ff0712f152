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
/** `market/history/<shard>.json`. */
export const priceShardKey = (shard: string): string => `market/history/${shard}.json`;
