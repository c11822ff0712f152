import { dec, type Decimal } from '@tradebot/core-domain';

/**
 * The structured events fn-daily logs for monitoring. infra/modules/alarms turns them into
 * CloudWatch metrics by name ("daily did not run", Claude cost per day): rename one only together
 * with its metric filter (infra/tests check that the two agree).
 */
export const LOG_EVENTS = {
  /** A run ended; `ok` says every chat has today's message, `costMicroUsd` what Claude cost in it. */
  dailyCompleted: 'daily.completed',
} as const;

/**
 * A cost in millionths of a dollar, rounded half up: an exact integer that a CloudWatch metric
 * filter sums as a JSON number (the exact decimal string stays in `costUsd`). Use it only for metrics.
 */
export function microUsd(cost: Decimal | string): number {
  return Number(dec(cost).times(1_000_000).round(0, 1).toFixed(0));
}
