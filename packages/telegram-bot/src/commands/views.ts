/** `/portfolio`, `/balance` and `/stats`: read views of the ledger, valued at live prices. */
import {
  computeBalance,
  computeStats,
  pnlByPeriod,
  positionPrices,
  valuePortfolio,
  replay,
  zeroMoney,
  type CurrencyBalance,
  type Decimal,
  type LedgerState,
  type Money,
} from '@tradebot/core-domain';
import { escapeHtml, formatMoney, formatNumber, formatPct, formatPrice, formatQuantity, layoutTable, type Cell, type Language, type TableColumn } from '../format';
import type { Messages } from '../messages';
import { ledgerEntries } from '../reads';
import { type Services, type Turn } from '../turn';

/**
 * The replayed ledger and the prices of its open positions (none when the feed is down);
 * `simulated` when any of those prices is not market data (the reply must say so).
 */
export async function loadValued(s: Services, turn: Turn): Promise<{ state: LedgerState; prices: ReadonlyMap<string, Decimal>; simulated: boolean }> {
  const state = replay(await ledgerEntries(s, turn));
  const symbols = [...state.positions.keys()];
  if (symbols.length > 0) {
    try {
      // Only a price in the position's own currency values it; any other leaves it unpriced, at cost.
      return { state, ...positionPrices(state, (await s.prices.quotes(symbols)).quotes) };
    } catch (error) {
      s.log.warn({ err: error }, 'price feed down; valuing at cost');
    }
  }
  return { state, prices: new Map(), simulated: false };
}

function unpricedNote(t: Messages, unpriced: readonly string[]): string {
  return unpriced.length > 0 ? `\n<i>${t.unpricedNote(escapeHtml(unpriced.join(', ')))}</i>` : '';
}

function simulatedNote(t: Messages, simulated: boolean): string {
  return simulated ? `\n<i>${t.simulatedPricesNote}</i>` : '';
}

/**
 * The title's currency part: ` (USD)` for one currency; with several, ` (EUR, USD)` and a line
 * saying each has its own totals, never added together (there are no exchange rates yet).
 */
function currencyNote(t: Messages, currencies: readonly string[]): string {
  if (currencies.length === 0) return '';
  const codes = ` (${escapeHtml(currencies.join(', '))})`;
  return currencies.length === 1 ? codes : `${codes}\n<i>${t.perCurrencyNote}</i>`;
}

/** An amount with its compact form for a narrow table (`12,623.00` -> `12,623`). */
export function moneyCell(value: Decimal | Money, language: Language, signed = false): Cell {
  const amount = 'currency' in value ? value.amount : value;
  return { text: formatMoney(amount, language, signed), compact: formatNumber(amount, language, { minDigits: 0, maxDigits: 0, signed }) };
}

const LABEL_AND_VALUE: readonly TableColumn[] = [{ align: 'left' }, { align: 'right' }];

/**
 * `/portfolio`: two lines per position (ticker, quantity, average cost, price; weight, value, P&L,
 * P&L %) and a total per currency, in a table laid out from its content to fit a phone. With
 * several currencies the positions are grouped by currency, each group with its own total and
 * weights (`Total EUR`, `Total USD`), and the reply says the totals are not added together.
 */
export async function portfolio(s: Services, turn: Turn): Promise<string> {
  const { t, language } = turn;
  const { state, prices, simulated } = await loadValued(s, turn);
  const valuation = valuePortfolio(state, prices);
  if (valuation.rows.length === 0) return t.emptyPortfolio;
  const c = t.portfolioColumns;
  const pct = (value: number | null): string => (value === null ? '—' : formatPct(value, language, true));
  const { byCurrency, unpriced } = valuation.totals;
  const rows: Cell[][] = [
    [c.ticker, c.qty, c.avgCost, c.price],
    [c.weight, c.value, c.pnl, c.pnlPct],
  ];
  /** Indexes of the rows a rule line goes above: the first position of each group, and each total. */
  const ruleBefore = new Set<number>();
  for (const total of byCurrency) {
    ruleBefore.add(rows.length);
    for (const row of valuation.rows.filter((r) => r.currency === total.currency)) {
      rows.push([row.symbol, formatQuantity(row.quantity, language), formatPrice(row.averageCost, language), row.price ? formatPrice(row.price, language) : '—']);
      rows.push([`${Math.round(row.weightPct)}%`, moneyCell(row.marketValue, language), moneyCell(row.unrealizedPnl, language, true), pct(row.unrealizedPct)]);
    }
    ruleBefore.add(rows.length);
    const label = byCurrency.length === 1 ? t.total : t.totalIn(total.currency);
    rows.push([label, moneyCell(total.marketValue, language), moneyCell(total.unrealizedPnl, language, true), pct(total.unrealizedPct)]);
  }
  const { lines, width } = layoutTable(rows, [{ align: 'left' }, { align: 'right' }, { align: 'right' }, { align: 'right' }]);
  const rule = '-'.repeat(width);
  const table = lines.flatMap((line, i) => (ruleBefore.has(i) ? [rule, line] : [line]));
  const currencies = byCurrency.map((total) => total.currency);
  return `${t.portfolioTitle}${currencyNote(t, currencies)}\n<pre>${escapeHtml(table.join('\n'))}</pre>${unpricedNote(t, unpriced)}${simulatedNote(t, simulated)}`;
}

/**
 * `/balance`: invested, market value, unrealized and realized P&L, total return, fees: one column
 * per currency ever traded, never added together; an empty ledger shows zeros in the base currency.
 */
export async function balance(s: Services, turn: Turn): Promise<string> {
  const { t, language } = turn;
  const { state, prices, simulated } = await loadValued(s, turn);
  const b = computeBalance(state, prices);
  const columns = b.byCurrency.length > 0 ? b.byCurrency : [emptyBalance(turn.rules.baseCurrency)];
  const r = t.balanceRows;
  const returnPct = (c: CurrencyBalance): Cell | null => (c.totalReturnPct === null ? null : formatPct(c.totalReturnPct, language, true));
  const rows: [Cell, ...(Cell | null)[]][] = [
    [r.invested, ...columns.map((c) => moneyCell(c.invested, language))],
    [r.marketValue, ...columns.map((c) => moneyCell(c.marketValue, language))],
    [r.unrealized, ...columns.map((c) => moneyCell(c.unrealized, language, true))],
    [r.realized, ...columns.map((c) => moneyCell(c.realized, language, true))],
    [r.totalPnl, ...columns.map((c) => moneyCell(c.totalReturn, language, true))],
    [r.totalReturn, ...columns.map(returnPct)],
    [r.fees, ...columns.map((c) => moneyCell(c.fees, language))],
    [r.bought, ...columns.map((c) => moneyCell(c.totalBought, language))],
    [r.sold, ...columns.map((c) => moneyCell(c.totalSold, language))],
  ];
  const currencies = columns.map((c) => c.currency);
  // One currency: label and value, a row left out when it has no value. Several: a column per
  // currency under its code, '—' where a currency has no value.
  const table =
    columns.length === 1
      ? layoutTable(rows.filter((row): row is [Cell, Cell] => row[1] !== null), LABEL_AND_VALUE)
      : layoutTable([['', ...currencies], ...rows.map(([label, ...values]) => [label, ...values.map((v) => v ?? '—')])], [{ align: 'left' }, ...currencies.map(() => ({ align: 'right' as const }))]);
  return `${t.balanceTitle}${currencyNote(t, currencies)}\n<pre>${escapeHtml(table.lines.join('\n'))}</pre>${unpricedNote(t, b.unpriced)}${simulatedNote(t, simulated)}`;
}

/** The balance of a ledger with no trades, in `currency`: all zeros. */
function emptyBalance(currency: string): CurrencyBalance {
  const zero = zeroMoney(currency);
  return { currency, invested: zero, marketValue: zero, unrealized: zero, realized: zero, fees: zero, totalReturn: zero, totalReturnPct: null, totalBought: zero, totalSold: zero };
}

/** `/stats [period]`: closed-trade statistics, or realized P&L grouped by day, week or month. */
export async function stats(s: Services, turn: Turn, period: 'day' | 'week' | 'month' | undefined): Promise<string> {
  const { t, language } = turn;
  const state = replay(await ledgerEntries(s, turn));
  if (state.closed.length === 0) return t.noClosedTrades;
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
    return `${t.periodTitle(escapeHtml(periodWord(period, language)))}\n<pre>${escapeHtml(table.join('\n'))}</pre>`;
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
  return `${t.statsTitle}\n<pre>${escapeHtml(layoutTable(rows, LABEL_AND_VALUE).lines.join('\n'))}</pre>`;
}


function periodWord(period: 'day' | 'week' | 'month', language: Language): string {
  const words = { en: { day: 'day', week: 'week', month: 'month' }, es: { day: 'día', week: 'semana', month: 'mes' } } as const;
  return words[language][period];
}
