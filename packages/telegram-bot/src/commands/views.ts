/** `/portfolio`, `/balance` and `/stats`: read views of the ledger, valued at live prices. */
import { positionKeyboard } from './buttons';
import {
  addDays,
  utcDay,
  sparkline,
  computeBalance,
  compareText,
  computeStats,
  pnlByPeriod,
  positionPrices,
  valuePortfolio,
  zeroMoney,
  balanceInBase,
  holdingsInBase,
  type CurrencyBalance,
  type ValuationTotal,
  type Decimal,
  type LedgerState,
  type Money,
} from '@tradebot/core-domain';
import { escapeHtml, formatMoney, formatNumber, formatPct, formatPrice, formatQuantity, layoutTable, type Cell, type Language, type TableColumn } from '../format';
import { loadFxRates, ratesLine } from './fx';
import { replayWithMarketSplits } from './income';
import type { Messages } from '../messages';
import { ledgerEntries } from '../reads';
import { reply, type CommandResult, type Services, type Turn } from '../turn';

/**
 * The replayed ledger and the prices of its open positions (none when the feed is down);
 * `simulated` when any of those prices is not market data (the reply must say so).
 */
export async function loadValued(s: Services, turn: Turn): Promise<{ state: LedgerState; prices: ReadonlyMap<string, Decimal>; simulated: boolean }> {
  // A split the market data reports is applied (and told) before the ledger is valued.
  const state = await replayWithMarketSplits(s, turn, await ledgerEntries(s, turn));
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
 * saying each has its own totals, never added together without a rate (the converted total follows the table).
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
export async function portfolio(s: Services, turn: Turn): Promise<CommandResult> {
  const { t, language } = turn;
  const { state, prices, simulated } = await loadValued(s, turn);
  const valuation = valuePortfolio(state, prices);
  if (valuation.rows.length === 0) return reply(t.emptyPortfolio);
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
  const [trends, inBase] = await Promise.all([trendLines(s, turn, valuation.rows.map((r) => r.symbol)), portfolioInBase(s, turn, byCurrency)]);
  const html = `${t.portfolioTitle}${currencyNote(t, currencies)}\n<pre>${escapeHtml(table.join('\n'))}</pre>${inBase}${trends}${unpricedNote(t, unpriced)}${simulatedNote(t, simulated)}`;
  // A row of buttons per position (Sell half, Tips, Chart) saves typing the symbol again.
  return reply({ html, keyboard: positionKeyboard(s, turn, valuation.rows.map((r) => r.symbol)) });
}

/**
 * Positions in another currency than the rules' `baseCurrency`: the total in the base currency at
 * today's rates, with the rates; or, without a rate, a line saying the totals stay per currency.
 * Nothing when everything is already in the base currency.
 */
async function portfolioInBase(s: Services, turn: Turn, byCurrency: readonly ValuationTotal[]): Promise<string> {
  const base = turn.rules.baseCurrency;
  const currencies = byCurrency.map((total) => total.currency);
  if (currencies.every((c) => c === base)) return '';
  const f = turn.t.fx;
  const rates = await loadFxRates(s, turn, currencies);
  const total = holdingsInBase(byCurrency, rates);
  if (!total.ok) return `\n<i>${f.noRate(escapeHtml(total.missing.join(', ')), escapeHtml(base))}</i>`;
  const pct = total.unrealizedPct === null ? '—' : formatPct(total.unrealizedPct, turn.language, true);
  return `\n${f.portfolioTotal(escapeHtml(base), formatMoney(total.marketValue.amount, turn.language), pct)}\n${ratesLine(turn, [...rates.spot.values()])}`;
}

/** Sessions a `/portfolio` sparkline covers, and the characters it takes. */
const TREND_SESSIONS = 30;
const TREND_WIDTH = 10;

/**
 * A text sparkline per position over the last sessions, with the change over them: a compact trend
 * that fits a phone. A symbol whose history cannot be read is left out; none readable, no block.
 */
async function trendLines(s: Services, turn: Turn, symbols: readonly string[]): Promise<string> {
  const to = utcDay(s.deps.clock.now());
  const from = addDays(to, -(Math.ceil(TREND_SESSIONS * 1.5) + 7));
  const rows = await Promise.all(
    symbols.map(async (symbol): Promise<Cell[] | null> => {
      try {
        const closes = (await s.prices.history(symbol, from, to)).slice(-TREND_SESSIONS).map((b) => b.close);
        const line = sparkline(closes, TREND_WIDTH);
        if (!line) return null;
        const change = (closes[closes.length - 1]! / closes[0]! - 1) * 100;
        return [symbol, line, formatPct(change, turn.language, true)];
      } catch (error) {
        s.log.warn({ err: error, symbol }, 'no history for a portfolio sparkline');
        return null;
      }
    }),
  );
  const shown = rows.filter((r): r is Cell[] => r !== null);
  if (shown.length === 0) return '';
  const table = layoutTable(shown, [{ align: 'left' }, { align: 'left' }, { align: 'right' }]).lines;
  return `\n<i>${turn.t.chart.trendTitle(TREND_SESSIONS)}</i>\n<pre>${escapeHtml(table.join('\n'))}</pre>`;
}

/**
 * `/balance`: invested, market value, unrealized and realized P&L, total return, fees: one column
 * per currency ever traded, never added together; an empty ledger shows zeros in the base currency.
 */
export async function balance(s: Services, turn: Turn): Promise<CommandResult> {
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
    ...(columns.some((c) => c.dividends.amount.gt(0)) ? [[r.dividends, ...columns.map((c) => moneyCell(c.dividends, language))] as [Cell, ...Cell[]]] : []),
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
  const inBase = await balanceInBaseBlock(s, turn, state, prices, currencies);
  return reply(`${t.balanceTitle}${currencyNote(t, currencies)}\n<pre>${escapeHtml(table.lines.join('\n'))}</pre>${inBase}${unpricedNote(t, b.unpriced)}${simulatedNote(t, simulated)}`);
}

/** The rows of `/balance` for one column of figures. */
function balanceRows(t: Messages, language: Language, c: CurrencyBalance): [Cell, Cell][] {
  const r = t.balanceRows;
  const rows: [Cell, Cell | null][] = [
    [r.invested, moneyCell(c.invested, language)],
    [r.marketValue, moneyCell(c.marketValue, language)],
    [r.unrealized, moneyCell(c.unrealized, language, true)],
    [r.realized, moneyCell(c.realized, language, true)],
    [r.totalPnl, moneyCell(c.totalReturn, language, true)],
    [r.totalReturn, c.totalReturnPct === null ? null : formatPct(c.totalReturnPct, language, true)],
    [r.fees, moneyCell(c.fees, language)],
    [r.dividends, c.dividends.amount.gt(0) ? moneyCell(c.dividends, language) : null],
    [r.bought, moneyCell(c.totalBought, language)],
    [r.sold, moneyCell(c.totalSold, language)],
  ];
  return rows.filter((row): row is [Cell, Cell] => row[1] !== null);
}

/**
 * Figures in another currency than the rules' `baseCurrency`: the whole balance again in the base
 * currency (today's rates for what is held, each sale's and dividend's own day for what was made),
 * with the rates; or, without a rate, a line saying the totals stay per currency.
 */
async function balanceInBaseBlock(s: Services, turn: Turn, state: LedgerState, prices: ReadonlyMap<string, Decimal>, currencies: readonly string[]): Promise<string> {
  const base = turn.rules.baseCurrency;
  if (currencies.every((c) => c === base)) return '';
  const f = turn.t.fx;
  // Past rates are needed from the first sale or dividend in a foreign currency on.
  const pastDays = [...state.closed.filter((c) => c.currency !== base).map((c) => utcDay(c.closedAt)), ...state.dividends.filter((d) => d.dividend.currency !== base).map((d) => utcDay(d.dividend.paidAt))].sort();
  const rates = await loadFxRates(s, turn, currencies, pastDays[0]);
  const converted = balanceInBase(state, prices, rates);
  if (!converted.ok) return `\n<i>${f.noRate(escapeHtml(converted.missing.join(', ')), escapeHtml(base))}</i>`;
  const table = layoutTable(balanceRows(turn.t, turn.language, converted.value.balance), LABEL_AND_VALUE).lines;
  return `\n${f.inBase(escapeHtml(base))}\n<pre>${escapeHtml(table.join('\n'))}</pre>${ratesLine(turn, converted.value.rates)}\n<i>${f.realizedAtTheirDates}</i>`;
}

/** The balance of a ledger with no trades, in `currency`: all zeros. */
function emptyBalance(currency: string): CurrencyBalance {
  const zero = zeroMoney(currency);
  return { currency, invested: zero, marketValue: zero, unrealized: zero, realized: zero, fees: zero, dividends: zero, totalReturn: zero, totalReturnPct: null, totalBought: zero, totalSold: zero };
}

/** `/stats [period]`: closed-trade statistics, or realized P&L grouped by day, week or month. */
export async function stats(s: Services, turn: Turn, period: 'day' | 'week' | 'month' | undefined): Promise<CommandResult> {
  const { t, language } = turn;
  const state = await replayWithMarketSplits(s, turn, await ledgerEntries(s, turn));
  const dividends = [...state.dividendsByCurrency.values()].filter((m) => m.amount.gt(0));
  const dividendLine = dividends.length > 0 ? `\n${t.income.statsDividends}: ${dividends.map((m) => `${formatMoney(m.amount, language)} ${escapeHtml(m.currency)}`).join(' · ')}` : '';
  if (state.closed.length === 0) return reply(`${t.noClosedTrades}${dividendLine}`);
  // Amounts are never added across currencies: one table per currency, headed by it when there are several.
  const currencies = [...new Set(state.closed.map((c) => c.currency))].sort(compareText);
  const byCurrency = currencies.map((currency) => ({ currency, closed: state.closed.filter((c) => c.currency === currency) }));
  const headed = (currency: string, pre: string): string => (currencies.length > 1 ? `\n<b>${escapeHtml(currency)}</b>${pre}` : pre);
  if (period) {
    const c = t.periodColumns;
    const tables = byCurrency.map(({ currency, closed }) => {
      const rows: Cell[][] = [
        [c.period, c.pnl, c.wonSales],
        ...pnlByPeriod(closed, period)
          .slice(-24)
          .reverse()
          .map((g) => [g.period, moneyCell(g.pnl, language, true), `${g.wins}/${g.trades}`]),
      ];
      const table = layoutTable(rows, [{ align: 'left' }, { align: 'right' }, { align: 'right' }]).lines;
      return headed(currency, `\n<pre>${escapeHtml(table.join('\n'))}</pre>`);
    });
    return reply(`${t.periodTitle(escapeHtml(t.periodWords[period]))}${tables.join('')}`);
  }
  const r = t.statsRows;
  const tables = byCurrency.map(({ currency, closed }) => {
    const summary = computeStats(closed);
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
    return headed(currency, `\n<pre>${escapeHtml(layoutTable(rows, LABEL_AND_VALUE).lines.join('\n'))}</pre>`);
  });
  return reply(`${t.statsTitle}${tables.join('')}${dividendLine}`);
}

