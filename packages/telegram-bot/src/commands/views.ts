/** `/portfolio`, `/balance` and `/stats`: read views of the ledger, valued at live prices. */
import {
  computeBalance,
  computeStats,
  pnlByPeriod,
  valuePortfolio,
  replay,
  type Decimal,
  type LedgerState,
} from '@tradebot/core-domain';
import { escapeHtml, formatMoney, formatNumber, formatPct, formatPrice, formatQuantity, layoutTable, type Cell, type Language, type TableColumn } from '../format';
import type { Messages } from '../messages';
import { reply, type CommandResult, type Services, type Turn } from '../turn';

/**
 * The replayed ledger and the prices of its open positions (none when the feed is down);
 * `simulated` when any of those prices is not market data (the reply must say so).
 */
export async function loadValued(s: Services, turn: Turn): Promise<{ state: LedgerState; prices: ReadonlyMap<string, Decimal>; simulated: boolean }> {
  const state = replay(await s.deps.ledger.list(turn.chatId));
  const priced = new Map<string, Decimal>();
  let simulated = false;
  const symbols = [...state.positions.keys()];
  if (symbols.length > 0) {
    try {
      const batch = await s.prices.quotes(symbols);
      for (const [symbol, quote] of batch.quotes) {
        // A price in another currency than the position's would be a wrong valuation: leave it unpriced.
        if (state.positions.get(symbol)?.currency !== quote.currency) continue;
        priced.set(symbol, quote.price);
        simulated ||= quote.simulated === true;
      }
    } catch (error) {
      s.log.warn({ err: error }, 'price feed down; valuing at cost');
    }
  }
  return { state, prices: priced, simulated };
}

function unpricedNote(t: Messages, unpriced: readonly string[]): string {
  return unpriced.length > 0 ? `\n<i>${t.unpricedNote(escapeHtml(unpriced.join(', ')))}</i>` : '';
}

function simulatedNote(t: Messages, simulated: boolean): string {
  return simulated ? `\n<i>${t.simulatedPricesNote}</i>` : '';
}

function mixedNote(currencies: readonly string[]): string {
  return currencies.length > 1 ? ` (${escapeHtml(currencies.join(' + '))})` : currencies.length === 1 ? ` (${escapeHtml(currencies[0]!)})` : '';
}

/** An amount with its compact form for a narrow table (`12,623.00` -> `12,623`). */
export function moneyCell(value: Decimal, language: Language, signed = false): Cell {
  return { text: formatMoney(value, language, signed), compact: formatNumber(value, language, { minDigits: 0, maxDigits: 0, signed }) };
}

const LABEL_AND_VALUE: readonly TableColumn[] = [{ align: 'left' }, { align: 'right' }];

/**
 * `/portfolio`: two lines per position (ticker, quantity, average cost, price; weight, value, P&L,
 * P&L %) and a total, in a table laid out from its content to fit a phone.
 */
export async function portfolio(s: Services, turn: Turn): Promise<CommandResult> {
  const { t, language } = turn;
  const { state, prices, simulated } = await loadValued(s, turn);
  const valuation = valuePortfolio(state, prices);
  if (valuation.rows.length === 0) return reply(t.emptyPortfolio);
  const c = t.portfolioColumns;
  const pct = (value: number | null): string => (value === null ? '—' : formatPct(value, language, true));
  const rows: Cell[][] = [
    [c.ticker, c.qty, c.avgCost, c.price],
    [c.weight, c.value, c.pnl, c.pnlPct],
  ];
  for (const row of valuation.rows) {
    rows.push([row.symbol, formatQuantity(row.quantity, language), formatPrice(row.averageCost, language), row.price ? formatPrice(row.price, language) : '—']);
    rows.push([`${Math.round(row.weightPct)}%`, moneyCell(row.marketValue, language), moneyCell(row.unrealizedPnl, language, true), pct(row.unrealizedPct)]);
  }
  const totals = valuation.totals;
  rows.push([t.total, moneyCell(totals.marketValue, language), moneyCell(totals.unrealizedPnl, language, true), pct(totals.unrealizedPct)]);
  const { lines, width } = layoutTable(rows, [{ align: 'left' }, { align: 'right' }, { align: 'right' }, { align: 'right' }]);
  const rule = '-'.repeat(width);
  const table = [...lines.slice(0, 2), rule, ...lines.slice(2, -1), rule, ...lines.slice(-1)];
  return reply(`${t.portfolioTitle}${mixedNote(totals.currencies)}\n<pre>${escapeHtml(table.join('\n'))}</pre>${unpricedNote(t, totals.unpriced)}${simulatedNote(t, simulated)}`);
}

/** `/balance`: invested, market value, unrealized and realized P&L, total return, fees. */
export async function balance(s: Services, turn: Turn): Promise<CommandResult> {
  const { t, language } = turn;
  const { state, prices, simulated } = await loadValued(s, turn);
  const b = computeBalance(state, prices);
  const r = t.balanceRows;
  const rows: [Cell, Cell | null][] = [
    [r.invested, moneyCell(b.invested, language)],
    [r.marketValue, moneyCell(b.marketValue, language)],
    [r.unrealized, moneyCell(b.unrealized, language, true)],
    [r.realized, moneyCell(b.realized, language, true)],
    [r.totalPnl, moneyCell(b.totalReturn, language, true)],
    [r.totalReturn, b.totalReturnPct === null ? null : formatPct(b.totalReturnPct, language, true)],
    [r.fees, moneyCell(b.fees, language)],
    [r.bought, moneyCell(b.totalBought, language)],
    [r.sold, moneyCell(b.totalSold, language)],
  ];
  const currencies = b.currencies.length > 0 ? b.currencies : [turn.rules.baseCurrency];
  const shown = rows.filter((row): row is [Cell, Cell] => row[1] !== null);
  return reply(`${t.balanceTitle}${mixedNote(currencies)}\n<pre>${escapeHtml(layoutTable(shown, LABEL_AND_VALUE).lines.join('\n'))}</pre>${unpricedNote(t, b.unpriced)}${simulatedNote(t, simulated)}`);
}

/** `/stats [period]`: closed-trade statistics, or realized P&L grouped by day, week or month. */
export async function stats(s: Services, turn: Turn, period: 'day' | 'week' | 'month' | undefined): Promise<CommandResult> {
  const { t, language } = turn;
  const state = replay(await s.deps.ledger.list(turn.chatId));
  if (state.closed.length === 0) return reply(t.noClosedTrades);
  if (period) {
    const c = t.periodColumns;
    const rows: Cell[][] = [
      [c.period, c.pnl, c.wonSales],
      ...pnlByPeriod(state.closed, period)
        .slice(-24)
        .reverse()
        .map((g) => [g.period, moneyCell(g.pnl, language, true), `${g.wins}/${g.trades}`]),
    ];
    const table = layoutTable(rows, [{ align: 'left' }, { align: 'right' }, { align: 'right' }]).lines;
    return reply(`${t.periodTitle(escapeHtml(t.periodWords[period]))}\n<pre>${escapeHtml(table.join('\n'))}</pre>`);
  }
  const summary = computeStats(state.closed);
  const r = t.statsRows;
  const rows: Cell[][] = [
    [r.trades, `${summary.closedTrades} (${summary.wins}/${summary.losses})`],
    [r.winRate, summary.winRate === null ? '—' : formatPct(summary.winRate * 100, language)],
    [r.realized, moneyCell(summary.realizedPnl, language, true)],
    [r.average, moneyCell(summary.expectancy, language, true)],
  ];
  if (summary.profitFactor !== null) rows.push([r.profitFactor, Number.isFinite(summary.profitFactor) ? formatNumber(summary.profitFactor, language) : '∞']);
  if (summary.bestByPnl) rows.push([`${r.best} ${summary.bestByPnl.symbol}`, moneyCell(summary.bestByPnl.pnl, language, true)]);
  if (summary.worstByPnl && summary.closedTrades > 1) rows.push([`${r.worst} ${summary.worstByPnl.symbol}`, moneyCell(summary.worstByPnl.pnl, language, true)]);
  rows.push([r.maxDrawdown, moneyCell(summary.maxDrawdown.absolute.times(-1), language)]);
  return reply(`${t.statsTitle}\n<pre>${escapeHtml(layoutTable(rows, LABEL_AND_VALUE).lines.join('\n'))}</pre>`);
}

