/** `/performance [1m|3m|ytd|1y|all]`: the portfolio measured like a portfolio manager, against the benchmark. */
import {
  measurePerformance,
  performanceLedger,
  performancePlan,
  type MeasuredPerformance,
  type PerformanceFailure,
  type PerformancePeriod,
} from '@tradebot/core-domain';
import { escapeHtml, formatPercentagePoints, formatRatioPct, layoutTable, type Cell, type Language } from '../format';
import type { Messages } from '../messages';
import { ledgerEntries } from '../reads';
import { reply, type CommandResult, type Services, type Turn } from '../turn';
import { applyMarketSplits } from './income';
import { moneyCell } from './views';

/** Everything the `/performance` reply says, computed before a word is written (`performanceReply`); `null`: no trade at all. */
export type PerformanceView = MeasuredPerformance | null;

/**
 * Gathers the ledger, the rules' benchmark and the closes, and measures. The reply itself is the
 * pure `performanceReply`, so this handler only fetches. Every answer is a reply, never a refusal:
 * what cannot be measured (no trades, too little history) is said like an empty `/stats`.
 */
export async function performance(s: Services, turn: Turn, period: PerformancePeriod): Promise<CommandResult> {
  // The closes are split-adjusted: a split the market data reports is applied (and told) first, as for /portfolio.
  const ledger = performanceLedger(await applyMarketSplits(s, turn, await ledgerEntries(s, turn)));
  const plan = performancePlan(ledger.trades, { baseCurrency: turn.rules.baseCurrency, benchmark: turn.rules.benchmark });
  if (!plan) return reply(performanceReply(null, turn.t, turn.language));
  const batch = await s.deps.closes.closes([...plan.requests, plan.benchmark]);
  return reply(performanceReply(measurePerformance(ledger, plan, batch, period), turn.t, turn.language));
}

/**
 * The `/performance` reply from what was measured: a phone-width table (returns, drawdown,
 * volatility, value; then the benchmark bought with the same cash flows), the period's dates, and a
 * line for everything the figures had to work around (carried closes, simulated prices, other
 * currencies, trades after the last close). Pure: the same view always gives the same text.
 */
export function performanceReply(view: PerformanceView, t: Messages, language: Language): string {
  const p = t.performance;
  if (view === null) return p.noTrades;
  if (!view.result.ok) return failureText(view.result.error, p);
  const r = view.result.value;
  const rows: Cell[][] = [[p.rows.twr, formatRatioPct(r.twr, language)]];
  if (r.twrAnnualised !== null) rows.push([p.rows.twrPerYear, formatRatioPct(r.twrAnnualised, language)]);
  rows.push([r.annualised ? p.rows.mwrPerYear : p.rows.mwr, r.mwr.ok ? formatRatioPct(r.mwr.value, language) : p.none]);
  rows.push([p.rows.maxDrawdown, formatRatioPct(r.maxDrawdown.value.times(-1), language)]);
  if (r.volatility !== null) rows.push([p.rows.volatility, formatRatioPct(r.volatility, language, false)]);
  rows.push([p.rows.value, moneyCell(r.endValue, language)]);
  rows.push([p.rows.netInflow, moneyCell(r.inflows.amount.minus(r.outflows.amount).minus(r.income.amount), language, true)]);
  const notes: string[] = [];
  if (r.benchmark?.ok) {
    const b = r.benchmark.value;
    rows.push([p.benchmarkHeading(b.symbol), '']);
    rows.push([p.benchmarkRows.twr, formatRatioPct(b.twr, language)]);
    rows.push([p.benchmarkRows.value, moneyCell(b.value, language)]);
    rows.push([p.benchmarkRows.twrDifference, `${formatPercentagePoints(b.twrDifference, language)} ${p.points}`]);
    rows.push([p.benchmarkRows.valueDifference, moneyCell(b.valueDifference, language, true)]);
  } else if (r.benchmark && !r.benchmark.ok) {
    const why = r.benchmark.error;
    if (why.reason === 'OTHER_CURRENCY') notes.push(p.benchmarkOtherCurrency(escapeHtml(why.symbol), escapeHtml(why.currency), escapeHtml(r.currency)));
    // A source that did not answer is said once, below; "no prices" is for a benchmark it does not know.
    else if (!view.failed.includes(why.symbol)) notes.push(p.benchmarkNoPrices(escapeHtml(why.symbol)));
  }
  const table = layoutTable(rows, [{ align: 'left' }, { align: 'right' }]).lines;

  if (!r.annualised) notes.push(p.notAnnualised);
  if (!r.mwr.ok) notes.push(p.mwrUnavailable(r.mwr.error));
  if (r.bestDay && r.worstDay && r.returnDays > 1) {
    notes.push(p.bestAndWorst(formatRatioPct(r.bestDay.value, language), r.bestDay.date, formatRatioPct(r.worstDay.value, language), r.worstDay.date));
  }
  if (r.startedWithin && r.period !== 'all') notes.push(p.startedWithin(r.firstDay));
  const carried = [...r.carried.filter((c) => !c.atTradePrice).map((c) => p.daysOf(escapeHtml(c.symbol), c.days.length))];
  if (r.benchmark?.ok && r.benchmark.value.carriedDays.length > 0) carried.push(p.daysOf(escapeHtml(r.benchmark.value.symbol), r.benchmark.value.carriedDays.length));
  if (carried.length > 0) notes.push(p.carried(carried.join(', ')));
  const atTradePrice = r.carried.filter((c) => c.atTradePrice).map((c) => c.symbol).filter((symbol) => !view.otherPriceCurrency.includes(symbol));
  if (atTradePrice.length > 0) notes.push(p.atTradePrice(escapeHtml(atTradePrice.join(', '))));
  if (view.otherPriceCurrency.length > 0) notes.push(p.otherPriceCurrency(escapeHtml(view.otherPriceCurrency.join(', ')), escapeHtml(r.currency)));
  if (view.failed.length > 0) notes.push(p.pricesFailed(escapeHtml(view.failed.join(', '))));
  if (r.otherCurrencies.length > 0) notes.push(p.otherCurrencies(escapeHtml(r.currency), escapeHtml(r.otherCurrencies.join(', '))));
  if (r.pendingTrades > 0) notes.push(p.pending(r.pendingTrades, r.lastDay));
  if (view.simulated) notes.push(t.simulatedPricesNote);

  const from = r.baseDate ?? r.firstDay;
  return [
    p.title(escapeHtml(p.periods[r.period])),
    p.span(from, r.lastDay, r.calendarDays, escapeHtml(r.currency)),
    `<pre>${escapeHtml(table.join('\n'))}</pre>`,
    ...notes.map((note) => `<i>${note}</i>`),
  ].join('\n');
}

function failureText(failure: PerformanceFailure, p: Messages['performance']): string {
  switch (failure.code) {
    case 'NO_TRADES':
      return p.noTrades;
    case 'TOO_LITTLE_HISTORY':
      return p.tooLittleHistory(failure.firstTradeDate ?? '', failure.through ?? '');
    case 'DATES_OUT_OF_ORDER':
      return p.datesOutOfOrder(escapeHtml(failure.symbol ?? ''), failure.date ?? '');
  }
}
