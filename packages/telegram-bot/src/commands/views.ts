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
import { escapeHtml, formatMoney, formatNumber, formatPct, formatPrice, formatQuantity, table, type Language } from '../format';
import type { Messages } from '../messages';
import { type Services, type Turn } from '../turn';

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

/** `/portfolio`: a phone-width table of positions with price, value, P&L, weight and totals. */
export async function portfolio(s: Services, turn: Turn): Promise<string> {
  const { t, language } = turn;
  const { state, prices, simulated } = await loadValued(s, turn);
  const valuation = valuePortfolio(state, prices);
  if (valuation.rows.length === 0) return t.emptyPortfolio;
  const rule = '-'.repeat(33);
  const c = t.portfolioColumns;
  const rows: string[] = [table([[c.ticker, c.qtyPrice]], [10, 22]), table([['', c.value, c.pnl, c.pnlPct, c.weight]], [1, 10, 9, 7, 4]), rule];
  const pct = (value: number | null): string => (value === null ? '—' : formatPct(value, language, true));
  for (const row of valuation.rows) {
    const head = `${formatQuantity(row.quantity, language)} @ ${row.price ? formatPrice(row.price, language) : '—'}`;
    rows.push(table([[row.symbol, head]], [10, 22]));
    rows.push(
      table(
        [['', formatMoney(row.marketValue, language), formatMoney(row.unrealizedPnl, language, true), pct(row.unrealizedPct), `${Math.round(row.weightPct)}%`]],
        [1, 10, 9, 7, 4],
      ),
    );
  }
  const totals = valuation.totals;
  rows.push(rule, `${t.total}${totals.currencies.length === 1 ? ` ${totals.currencies[0]}` : ''}`);
  rows.push(table([['', formatMoney(totals.marketValue, language), formatMoney(totals.unrealizedPnl, language, true), pct(totals.unrealizedPct)]], [1, 10, 9, 7]));
  return `${t.portfolioTitle}${totals.currencies.length > 1 ? mixedNote(totals.currencies) : ''}\n<pre>${escapeHtml(rows.join('\n'))}</pre>${unpricedNote(t, totals.unpriced)}${simulatedNote(t, simulated)}`;
}

/** `/balance`: invested, market value, unrealized and realized P&L, total return, fees. */
export async function balance(s: Services, turn: Turn): Promise<string> {
  const { t, language } = turn;
  const { state, prices, simulated } = await loadValued(s, turn);
  const b = computeBalance(state, prices);
  const r = t.balanceRows;
  const rows: [string, string][] = [
    [r.invested, formatMoney(b.invested, language)],
    [r.marketValue, formatMoney(b.marketValue, language)],
    [r.unrealized, formatMoney(b.unrealized, language, true)],
    [r.realized, formatMoney(b.realized, language, true)],
    [r.totalPnl, `${formatMoney(b.totalReturn, language, true)}`],
    [r.totalReturn, b.totalReturnPct === null ? '' : formatPct(b.totalReturnPct, language, true)],
    [r.fees, formatMoney(b.fees, language)],
    [r.bought, formatMoney(b.totalBought, language)],
    [r.sold, formatMoney(b.totalSold, language)],
  ];
  const currencies = b.currencies.length > 0 ? b.currencies : [turn.rules.baseCurrency];
  return `${t.balanceTitle}${mixedNote(currencies)}\n<pre>${escapeHtml(table(rows.filter((x) => x[1] !== ''), [18, 14]))}</pre>${unpricedNote(t, b.unpriced)}${simulatedNote(t, simulated)}`;
}

/** `/stats [period]`: closed-trade statistics, or realized P&L grouped by day, week or month. */
export async function stats(s: Services, turn: Turn, period: 'day' | 'week' | 'month' | undefined): Promise<string> {
  const { t, language } = turn;
  const state = replay(await s.deps.ledger.list(turn.chatId));
  if (state.closed.length === 0) return t.noClosedTrades;
  if (period) {
    const rows = pnlByPeriod(state.closed, period)
      .slice(-24)
      .reverse()
      .map((g) => [g.period, formatMoney(g.pnl, language, true), `${g.wins}/${g.trades}`]);
    return `${t.periodTitle(escapeHtml(periodWord(period, language)))}\n<pre>${escapeHtml(table(rows, [10, 14, 7]))}</pre>`;
  }
  const summary = computeStats(state.closed);
  const r = t.statsRows;
  const rows: string[][] = [
    [r.trades, `${summary.closedTrades} (${summary.wins}/${summary.losses})`],
    [r.winRate, summary.winRate === null ? '—' : formatPct(summary.winRate * 100, language)],
    [r.realized, formatMoney(summary.realizedPnl, language, true)],
    [r.average, formatMoney(summary.expectancy, language, true)],
  ];
  if (summary.profitFactor !== null) rows.push([r.profitFactor, Number.isFinite(summary.profitFactor) ? formatNumber(summary.profitFactor, language) : '∞']);
  if (summary.bestByPnl) rows.push([`${r.best} ${summary.bestByPnl.symbol}`, formatMoney(summary.bestByPnl.pnl, language, true)]);
  if (summary.worstByPnl && summary.closedTrades > 1) rows.push([`${r.worst} ${summary.worstByPnl.symbol}`, formatMoney(summary.worstByPnl.pnl, language, true)]);
  rows.push([r.maxDrawdown, formatMoney(summary.maxDrawdown.absolute.times(-1), language)]);
  return `${t.statsTitle}\n<pre>${escapeHtml(table(rows, [18, 14]))}</pre>`;
}


function periodWord(period: 'day' | 'week' | 'month', language: Language): string {
  const words = { en: { day: 'day', week: 'week', month: 'month' }, es: { day: 'día', week: 'semana', month: 'mes' } } as const;
  return words[language][period];
}
