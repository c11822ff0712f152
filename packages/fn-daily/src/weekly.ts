/**
 * The Monday line of the morning report: last week's time-weighted return against the benchmark,
 * from the same `computePerformance` as `/performance`.
 */
import {
  addDays,
  describeError,
  measurePerformance,
  performanceLedger,
  performancePlan,
  type ClosingPrices,
  type LedgerEntry,
  type Logger,
  type PerformanceReport,
  type Rules,
} from '@tradebot/core-domain';

/** One chat's Monday line: what was measured, or that prices could not be had. */
export type WeeklyPerformance =
  | { readonly kind: 'measured'; readonly report: PerformanceReport; readonly simulated: boolean }
  | { readonly kind: 'unavailable' };

/** Whether the report of `date` (`YYYY-MM-DD`, the job's local date) carries the weekly line. */
export function isMonday(date: string): boolean {
  return new Date(`${date}T00:00:00Z`).getUTCDay() === 1;
}

/**
 * Last week's performance for each chat: the week Monday to Sunday before `date`, measured from the
 * close before it (the Friday before last) to the last close in it (last Friday). One request for the
 * closes of every chat. A chat with no trade, or no day with money in that week, has no line; when
 * the source could not give some of its prices, the chat gets `unavailable` (one line cannot say
 * which prices were stale; `/performance` can).
 */
export async function lastWeekPerformance(
  closes: ClosingPrices,
  date: string,
  ledgers: ReadonlyMap<string, readonly LedgerEntry[]>,
  rules: Rules,
  logger: Logger,
): Promise<Map<string, WeeklyPerformance>> {
  const plans = new Map(
    [...ledgers].flatMap(([chatId, entries]) => {
      const ledger = performanceLedger(entries);
      const plan = performancePlan(ledger.trades, { baseCurrency: rules.baseCurrency, benchmark: rules.benchmark });
      return plan ? [[chatId, { ledger, plan }] as const] : [];
    }),
  );
  const lines = new Map<string, WeeklyPerformance>();
  if (plans.size === 0) return lines;
  let batch;
  try {
    batch = await closes.closes([...plans.values()].flatMap(({ plan }) => [...plan.requests, plan.benchmark]));
  } catch (error) {
    logger.warn({ err: describeError(error) }, 'daily: closes unavailable for the weekly line');
    for (const chatId of plans.keys()) lines.set(chatId, { kind: 'unavailable' });
    return lines;
  }
  // A report run by hand for an earlier Monday ends its week on that Sunday, not at today's last close.
  const sunday = addDays(date, -1);
  for (const [chatId, { ledger, plan }] of plans) {
    const measured = measurePerformance(ledger, plan, batch, { from: addDays(date, -7) }, sunday);
    // One line has no room for "some prices were missing": a week measured on stale prices is not shown.
    if (measured.failed.length > 0) lines.set(chatId, { kind: 'unavailable' });
    else if (measured.result.ok) lines.set(chatId, { kind: 'measured', report: measured.result.value, simulated: measured.simulated });
  }
  return lines;
}
