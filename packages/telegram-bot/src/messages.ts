import type { ChartRange, NotificationKind, NotificationLevel, PerformancePeriod } from '@tradebot/core-domain';
import type { Cell, Language } from './format';

/** What `/performance` says, per language (arguments are HTML-safe: callers escape them). */
export interface PerformanceMessages {
  readonly title: (period: string) => string;
  /** `2025-07-17 → 2026-07-17 (365 days, USD)`. */
  readonly span: (from: string, to: string, days: number, currency: string) => string;
  readonly periods: Readonly<Record<PerformancePeriod | 'custom', string>>;
  readonly rows: {
    readonly twr: Cell;
    readonly twrPerYear: Cell;
    readonly mwr: Cell;
    readonly mwrPerYear: Cell;
    readonly maxDrawdown: Cell;
    readonly volatility: Cell;
    readonly value: Cell;
    readonly netInflow: Cell;
  };
  /** The benchmark block's heading, inside the table. */
  readonly benchmarkHeading: (symbol: string) => string;
  readonly benchmarkRows: { readonly twr: Cell; readonly value: Cell; readonly twrDifference: Cell; readonly valueDifference: Cell };
  /** Percentage points. */
  readonly points: string;
  readonly none: string;
  readonly notAnnualised: string;
  readonly mwrUnavailable: (why: 'NO_SIGN_CHANGE' | 'NO_ROOT' | 'MULTIPLE_ROOTS') => string;
  readonly bestAndWorst: (best: string, bestDate: string, worst: string, worstDate: string) => string;
  readonly startedWithin: (date: string) => string;
  /** `AAPL 2 days, SPY 1 day`. */
  readonly daysOf: (symbol: string, days: number) => string;
  readonly carried: (list: string) => string;
  readonly atTradePrice: (symbols: string) => string;
  readonly pricesFailed: (symbols: string) => string;
  readonly otherPriceCurrency: (symbols: string, currency: string) => string;
  readonly benchmarkOtherCurrency: (symbol: string, currency: string, own: string) => string;
  readonly benchmarkNoPrices: (symbol: string) => string;
  readonly otherCurrencies: (measured: string, others: string) => string;
  readonly pending: (count: number, date: string) => string;
  readonly noTrades: string;
  readonly tooLittleHistory: (first: string, through: string) => string;
  readonly datesOutOfOrder: (symbol: string, date: string) => string;
}

/** What a chart image and its caption say. */
export interface ChartMessages {
  readonly months: readonly string[];
  readonly range: Readonly<Record<ChartRange, string>>;
  readonly close: string;
  readonly peak: string;
  readonly drawdown: string;
  readonly buy: string;
  readonly sell: string;
  readonly value: string;
  readonly invested: string;
  readonly portfolio: string;
  readonly priceSubtitle: (last: string, peak: string, drawdown: string) => string;
  readonly portfolioSubtitle: (value: string, invested: string, pnl: string, pct: string) => string;
  /** Captions (HTML). */
  readonly priceCaption: (symbol: string, range: string, trades: number) => string;
  readonly portfolioCaption: (range: string) => string;
  readonly excludedNote: (symbols: string, currency: string) => string;
  readonly noHistory: (symbol: string) => string;
  readonly noPortfolioHistory: string;
  readonly historyUnavailable: string;
  readonly rendererUnavailable: string;
  readonly simulatedNote: string;
  /** The heading of `/portfolio`'s sparklines. */
  readonly trendTitle: (sessions: number) => string;
}

/** What `/alert`, `/alerts` and a fired alert say. */
export interface PriceAlertMessages {
  readonly added: (id: number, symbol: string, condition: string, now: string) => string;
  readonly currentPrice: (price: string, currency: string) => string;
  readonly limit: (max: number) => string;
  readonly removed: (id: number, symbol: string, condition: string) => string;
  readonly notFound: (id: number) => string;
  readonly empty: (example: string) => string;
  readonly title: (count: number, max: number) => string;
  readonly armed: string;
  readonly fired: (when: string) => string;
  readonly checkedNote: string;
  readonly fire: (symbol: string, condition: string, price: string, currency: string, when: string) => string;
  readonly fireDrawdown: (peak: string, drawdown: string) => string;
  readonly rearmButton: string;
  readonly rearmed: (id: number, symbol: string, condition: string) => string;
  readonly alreadyArmed: (id: number) => string;
  readonly gone: string;
  readonly unknownSymbol: (symbol: string) => string;
  readonly simulated: string;
  /** A drawdown alert in `/alerts`' table: `-20% high`. */
  readonly drawdownShort: (pct: string) => string;
  /** When a fired alert's price was seen, in the market's own time: `2026-11-17 14:45 New York`. */
  readonly inNewYork: (dateTime: string) => string;
}

/** What `/dividend`, `/stats` and a split notice say. */
export interface IncomeMessages {
  readonly recorded: (seq: number, symbol: string, amount: string, currency: string, withheld: string, date: string) => string;
  readonly soFar: (symbol: string, amount: string, currency: string) => string;
  readonly costUnchanged: string;
  /** The command to show when a dividend is refused (`/dividend KO 12.40`). */
  readonly example: (symbol: string) => string;
  readonly statsDividends: string;
  readonly split: (symbol: string, numerator: number, denominator: number, date: string, quantity: string, averageCost: string, currency: string) => string;
  readonly undone: (seq: number, symbol: string, amount: string, currency: string) => string;
}

/** What `/portfolio` and `/balance` say about conversions into the base currency. */
export interface FxMessages {
  /** Heading of `/balance`'s converted table. */
  readonly inBase: (base: string) => string;
  /** `/portfolio`'s converted total line. */
  readonly portfolioTotal: (base: string, value: string, pnlPct: string) => string;
  /** One rate: `EUR→USD 1.0842 (2026-11-17 15:30 UTC)`. */
  readonly rate: (from: string, to: string, rate: string, when: string) => string;
  readonly rateSource: string;
  readonly realizedAtTheirDates: string;
  readonly noRate: (currencies: string, base: string) => string;
  readonly simulated: string;
}

/** What plain-language proposals and the inline buttons say (arguments HTML-safe: callers escape them). */
export interface TalkMessages {
  /** Plain text the reader could not read, without an API key (`reason: 'no-key'`) or over the monthly budget. */
  readonly needsAnalyst: (reason: 'no-key' | 'budget' | 'down', forms: string) => string;
  readonly proposalTitle: string;
  /** The exact command understood (HTML code). */
  readonly understood: (command: string) => string;
  readonly askConfirm: string;
  readonly confirm: string;
  readonly edit: string;
  readonly cancel: string;
  /** Why the bot asks instead of guessing. */
  readonly question: (kind: string, subject: string, side?: 'buy' | 'sell') => string;
  readonly editHint: (command: string) => string;
  readonly cancelled: string;
  /** Toasts (plain text, at most 200 characters). */
  readonly expired: string;
  readonly alreadyRecorded: (seq: number) => string;
  readonly alreadyCancelled: string;
  readonly recordedToast: string;
  readonly stale: string;
  readonly undoAsk: (seq: number, line: string) => string;
  /** A dividend as `/undo` asks about it. */
  readonly dividendLine: (symbol: string, amount: string, currency: string, date: string) => string;
  readonly confirmUndo: string;
  readonly undoCancelled: string;
  readonly alreadyUndone: (seq: number) => string;
  readonly notLastAnymore: (seq: number) => string;
  readonly previous: string;
  readonly next: string;
  readonly sellHalf: (symbol: string) => string;
  readonly tips: (symbol: string) => string;
  readonly chart: (symbol: string) => string;
  readonly notHeld: (symbol: string) => string;
  readonly noTipsFor: (symbol: string) => string;
  readonly helpButtons: string;
}

/** Every sentence the bot says, per language. Values are HTML-safe templates: arguments are escaped by callers. */
export interface Messages {
  readonly privateBot: (chatId: string) => string;
  readonly notACommand: string;
  readonly usageError: (message: string, example: string) => string;
  readonly couldNotSave: string;
  /** Others were changing the same list or ledger for longer than a reply may wait. */
  readonly busy: string;
  readonly couldNotRead: string;
  readonly corruptDocument: (key: string) => string;
  readonly blacklisted: (symbol: string) => string;
  readonly unknownTicker: (symbol: string, example: string) => string;
  readonly refused: (reason: string, example: string) => string;
  readonly bought: string;
  readonly sold: string;
  readonly tradeLine: (side: 'buy' | 'sell', quantity: string, symbol: string, price: string, currency: string, fees: string, date: string) => string;
  /** `one`: the quantity is exactly 1 ("1 share"). */
  readonly positionNow: (quantity: string, averageCost: string, currency: string, one: boolean) => string;
  /** A trade past `maxTradeQuantity` (`currency` empty) or `maxTradeValue`, and the command that raises the limit. */
  readonly tradeLimit: (rule: 'maxTradeQuantity' | 'maxTradeValue', actual: string, limit: string, currency: string, command: string) => string;
  readonly positionClosed: string;
  readonly realizedOfSale: (pnl: string, pct: string, currency: string) => string;
  readonly realizedTotal: (pnl: string, currency: string) => string;
  readonly feedDownNote: string;
  readonly nothingToUndo: string;
  /** `hours`: the undo window, in whole hours. */
  readonly undoTooOld: (seq: number, when: string, hours: number, example: string) => string;
  readonly undone: (seq: number, line: string) => string;
  readonly emptyPortfolio: string;
  readonly portfolioTitle: string;
  /** Two header lines: ticker, quantity, average cost, price; then weight, value, P&L, P&L %. */
  readonly portfolioColumns: {
    readonly ticker: string;
    readonly qty: string;
    readonly avgCost: Cell;
    readonly price: string;
    readonly weight: string;
    readonly value: string;
    readonly pnl: string;
    readonly pnlPct: string;
  };
  readonly total: string;
  /** The total row of one currency's positions when the portfolio holds several (`Total EUR`). */
  readonly totalIn: (currency: string) => string;
  /** Under the title of `/portfolio` and `/balance` when amounts are in several currencies. */
  readonly perCurrencyNote: string;
  readonly unpricedNote: (symbols: string) => string;
  /** Said under every reply whose prices came from a simulated source (the local stand-in). */
  readonly simulatedPricesNote: string;
  readonly balanceTitle: string;
  readonly balanceRows: {
    readonly invested: Cell;
    readonly marketValue: Cell;
    readonly unrealized: Cell;
    readonly realized: Cell;
    readonly fees: Cell;
    /** Dividends received, net. */
    readonly dividends: Cell;
    readonly totalPnl: Cell;
    readonly totalReturn: Cell;
    readonly bought: Cell;
    readonly sold: Cell;
  };
  readonly statsTitle: string;
  readonly noClosedTrades: string;
  readonly statsRows: {
    readonly trades: Cell;
    readonly winRate: string;
    readonly realized: string;
    readonly average: string;
    readonly best: string;
    readonly worst: string;
    readonly profitFactor: string;
    readonly maxDrawdown: string;
  };
  readonly periodTitle: (period: string) => string;
  /** The period of `/stats day|week|month` in words, for `periodTitle`. */
  readonly periodWords: { readonly day: string; readonly week: string; readonly month: string };
  /** Columns of `/stats day|week|month`: the period, its realized P&L, winning sales / sales. */
  readonly periodColumns: { readonly period: string; readonly pnl: string; readonly wonSales: Cell };
  readonly blacklistEmpty: string;
  readonly blacklistTitle: (count: number) => string;
  readonly blacklistAdded: (symbols: string) => string;
  readonly blacklistRemoved: (symbols: string) => string;
  readonly blacklistAlreadyThere: (symbols: string) => string;
  readonly blacklistNotThere: (symbols: string) => string;
  readonly invalidTickers: (symbols: string, example: string) => string;
  readonly tipsEmpty: (example: string) => string;
  readonly tipsTitle: string;
  readonly tipAdded: (id: number, symbol: string) => string;
  readonly tipRemoved: (id: number, symbol: string) => string;
  readonly tipNotFound: (id: number) => string;
  readonly noScan: string;
  readonly scanTitle: (count: number, date: string) => string;
  /** Columns of `/scan`: rank, ticker, drawdown from the peak, last close, days since the peak. */
  readonly scanColumns: { readonly rank: string; readonly ticker: string; readonly drawdown: Cell; readonly price: string; readonly days: string };
  readonly scanAllBlacklisted: string;
  readonly scanFewer: (available: number) => string;
  readonly fullCsv: string;
  /** The collector's summary of a saved scan: a title, the counts, then one line per top row. */
  readonly scanSummaryTitle: (date: string, lookbackDays: number) => string;
  readonly scanSummaryCounts: (ranked: number, filteredOut: number, failed: number) => string;
  readonly scanSummaryRow: (rank: number, symbol: string, drawdown: string, peak: string, peakDate: string, last: string, daysSincePeak: number) => string;
  /** The collector's alert about a scan that failed as a whole (nothing saved), and why. */
  readonly scanFailed: (date: string, reason: string) => string;
  readonly scanFailedBecause: {
    readonly sourceRefusing: string;
    readonly rateLimited: (answers: number) => string;
    readonly tooManyFailures: (failed: number, attempted: number) => string;
  };
  readonly exportTitle: (entries: number) => string;
  readonly ledgerCsv: string;
  readonly positionsJson: string;
  readonly linksExpire: (hours: number) => string;
  readonly rulesTitle: string;
  /** Where the rules in force come from: the file, the defaults (no file), or the defaults because the file cannot be read. */
  readonly rulesFromFile: (key: string) => string;
  readonly rulesAllDefaults: (key: string) => string;
  readonly rulesUnreadable: (key: string, reason: string) => string;
  /** How to repair an unreadable file from the chat (reset the rules at fault). */
  readonly rulesRepair: (command: string) => string;
  readonly rulesSetByYou: string;
  readonly rulesDefaults: string;
  /** Below the rules you set: what each would be by default (`stopLossPct 8 · language en`). */
  readonly rulesTheirDefaults: (list: string) => string;
  readonly rulesHowTo: (setExample: string, resetExample: string) => string;
  readonly ruleSaved: (key: string, value: string, previous: string, fallback: string, file: string) => string;
  readonly ruleUnchanged: (key: string, value: string) => string;
  readonly rulesReset: (changes: string, file: string) => string;
  readonly ruleBackToDefault: (key: string, value: string) => string;
  readonly ruleRemoved: (key: string) => string;
  readonly rulesAlreadyDefault: (keys: string) => string;
  readonly rulesNotRules: (keys: string) => string;
  readonly rulesFileFaulty: (key: string, problems: string, command: string) => string;
  readonly performance: PerformanceMessages;
  readonly chart: ChartMessages;
  readonly alerts: PriceAlertMessages;
  readonly talk: TalkMessages;
  readonly income: IncomeMessages;
  readonly fx: FxMessages;
  readonly notify: NotifyMessages;
  readonly lessons: LessonsMessages;
  readonly helpTitle: string;
  readonly startTitle: string;
  readonly helpFooter: string;
}

const enPerformance: PerformanceMessages = {
  title: (period) => `📐 <b>Performance</b> · ${period}`,
  span: (from, to, days, currency) => `${from} → ${to} (${days} ${days === 1 ? 'day' : 'days'}, ${currency})`,
  periods: { '1m': '1 month', '3m': '3 months', ytd: 'year to date', '1y': '1 year', all: 'since the first trade', custom: 'period' },
  rows: {
    twr: { text: 'Time-weighted (TWR)', short: 'TWR' },
    twrPerYear: { text: '  per year', short: '  /year' },
    mwr: { text: 'Money-weighted (IRR)', short: 'IRR' },
    mwrPerYear: { text: 'Money-weighted/year', short: 'IRR/year' },
    maxDrawdown: { text: 'Max drawdown', short: 'Max DD' },
    volatility: { text: 'Volatility/year', short: 'Vol/year' },
    value: { text: 'Value at the end', short: 'Value' },
    netInflow: { text: 'Net money in', short: 'Net in' },
  },
  benchmarkHeading: (symbol) => `${symbol}, same cash flows`,
  benchmarkRows: {
    twr: { text: 'Time-weighted', short: 'TWR' },
    value: { text: 'Value at the end', short: 'Value' },
    twrDifference: { text: 'You vs it (TWR)', short: 'You vs' },
    valueDifference: { text: 'Value difference', short: 'Value diff' },
  },
  points: 'pp',
  none: '—',
  notAnnualised: 'Not annualised: the period is shorter than a year.',
  mwrUnavailable: (why) =>
    why === 'MULTIPLE_ROOTS'
      ? 'No money-weighted return: several rates fit your cash flows, so none of them is the answer.'
      : 'No money-weighted return: no rate fits your cash flows.',
  bestAndWorst: (best, bestDate, worst, worstDate) => `Best day ${best} (${bestDate}), worst ${worst} (${worstDate}).`,
  startedWithin: (date) => `Your first trade is from ${date}, so the figures start there.`,
  daysOf: (symbol, days) => `${symbol} ${days} ${days === 1 ? 'day' : 'days'}`,
  carried: (list) => `No close on some market days, so the last close was carried forward: ${list}.`,
  atTradePrice: (symbols) => `No price history for ${symbols}: valued at the trade prices.`,
  pricesFailed: (symbols) => `Prices for ${symbols} could not be loaded or updated now (the price source did not answer); the last known price is used. Try again later.`,
  otherPriceCurrency: (symbols, currency) => `The prices of ${symbols} are not in ${currency}: valued at the trade prices.`,
  benchmarkOtherCurrency: (symbol, currency, own) => `${symbol} is quoted in ${currency} and this portfolio in ${own}: no comparison until there is currency conversion. Choose one in ${own}: <code>/rules set benchmark TICKER</code>`,
  benchmarkNoPrices: (symbol) => `No prices for the benchmark ${symbol}, so there is no comparison. Check it or choose another: <code>/rules set benchmark QQQ</code>`,
  otherCurrencies: (measured, others) => `Only your ${measured} trades are measured: one currency at a time for now (left out: ${others}).`,
  pending: (count, date) => `${count} ${count === 1 ? 'trade is' : 'trades are'} after the last close (${date}), so not in the figures yet.`,
  noTrades: 'No trades yet, so nothing to measure. Record a purchase with e.g. <code>/buy AAPL 10 182.50</code>',
  tooLittleHistory: (first, through) => `Too little history: your first trade is from ${first} and the last close is from ${through}. The figures start after its first close.`,
  datesOutOfOrder: (symbol, date) =>
    `By trade date your ledger sells ${symbol} on ${date} before buying the shares it sells, so the value series cannot be built. Check the dates of your ${symbol} trades (<code>/export</code>).`,
};

const esPerformance: PerformanceMessages = {
  title: (period) => `📐 <b>Rendimiento</b> · ${period}`,
  span: (from, to, days, currency) => `${from} → ${to} (${days} ${days === 1 ? 'día' : 'días'}, ${currency})`,
  periods: { '1m': '1 mes', '3m': '3 meses', ytd: 'en lo que va de año', '1y': '1 año', all: 'desde la primera operación', custom: 'periodo' },
  rows: {
    twr: { text: 'Ponderada tiempo (TWR)', short: 'TWR' },
    twrPerYear: { text: '  anual', short: '  anual' },
    mwr: { text: 'Ponderada dinero (TIR)', short: 'TIR' },
    mwrPerYear: { text: 'Ponderada dinero/año', short: 'TIR anual' },
    maxDrawdown: { text: 'Caída máxima', short: 'Caída máx.' },
    volatility: { text: 'Volatilidad anual', short: 'Volat.' },
    value: { text: 'Valor al final', short: 'Valor' },
    netInflow: { text: 'Aportado neto', short: 'Aportado' },
  },
  benchmarkHeading: (symbol) => `${symbol}, mismos flujos`,
  benchmarkRows: {
    twr: { text: 'Ponderada tiempo', short: 'TWR' },
    value: { text: 'Valor al final', short: 'Valor' },
    twrDifference: { text: 'Tú frente a él (TWR)', short: 'Tú vs' },
    valueDifference: { text: 'Diferencia de valor', short: 'Dif. valor' },
  },
  points: 'pp',
  none: '—',
  notAnnualised: 'Sin anualizar: el periodo dura menos de un año.',
  mwrUnavailable: (why) =>
    why === 'MULTIPLE_ROOTS'
      ? 'Sin rentabilidad ponderada por dinero: varias tasas encajan con tus flujos, así que ninguna es la respuesta.'
      : 'Sin rentabilidad ponderada por dinero: ninguna tasa encaja con tus flujos.',
  bestAndWorst: (best, bestDate, worst, worstDate) => `Mejor día ${best} (${bestDate}), peor ${worst} (${worstDate}).`,
  startedWithin: (date) => `Tu primera operación es del ${date}, así que las cifras empiezan ahí.`,
  daysOf: (symbol, days) => `${symbol} ${days} ${days === 1 ? 'día' : 'días'}`,
  carried: (list) => `Sin cierre algunos días de mercado, así que se arrastró el último cierre: ${list}.`,
  atTradePrice: (symbols) => `Sin historial de precios para ${symbols}: valorado a los precios de tus operaciones.`,
  pricesFailed: (symbols) => `No se pudieron cargar o actualizar ahora los precios de ${symbols} (la fuente de precios no respondió); se usa el último precio conocido. Inténtalo más tarde.`,
  otherPriceCurrency: (symbols, currency) => `Los precios de ${symbols} no están en ${currency}: valorado a los precios de tus operaciones.`,
  benchmarkOtherCurrency: (symbol, currency, own) => `${symbol} cotiza en ${currency} y esta cartera en ${own}: no se comparan hasta que haya conversión de divisas. Elige uno en ${own}: <code>/reglas set benchmark TICKER</code>`,
  benchmarkNoPrices: (symbol) => `No hay precios del índice de referencia ${symbol}, así que no hay comparación. Revísalo o elige otro: <code>/reglas set benchmark QQQ</code>`,
  otherCurrencies: (measured, others) => `Solo se miden tus operaciones en ${measured}: una divisa cada vez por ahora (fuera: ${others}).`,
  pending: (count, date) => `${count} ${count === 1 ? 'operación es posterior' : 'operaciones son posteriores'} al último cierre (${date}), así que aún no entra${count === 1 ? '' : 'n'} en las cifras.`,
  noTrades: 'Aún no hay operaciones, así que no hay nada que medir. Registra una compra, p. ej. <code>/compro AAPL 10 182,50</code>',
  tooLittleHistory: (first, through) => `Muy poco historial: tu primera operación es del ${first} y el último cierre del ${through}. Las cifras empiezan tras su primer cierre.`,
  datesOutOfOrder: (symbol, date) =>
    `Por fecha de operación, tu diario vende ${symbol} el ${date} antes de comprar las acciones que vende, así que no se puede construir la serie de valor. Revisa las fechas de tus operaciones de ${symbol} (<code>/exportar</code>).`,
};

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_ES = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'];

const enChart: ChartMessages = {
  months: MONTHS_EN,
  range: { '6m': '6 months', '1y': '1 year' },
  close: 'Close',
  peak: '180-day high',
  drawdown: 'Drawdown',
  buy: 'Buy',
  sell: 'Sell',
  value: 'Value',
  invested: 'Invested',
  portfolio: 'Portfolio',
  priceSubtitle: (last, peak, drawdown) => `Last ${last} · 180-day high ${peak} · ${drawdown}`,
  portfolioSubtitle: (value, invested, pnl, pct) => `Value ${value} · Invested ${invested} · ${pnl} (${pct})`,
  priceCaption: (symbol, range, trades) => `📈 <b>${symbol}</b>, ${range}${trades > 0 ? `: your ${trades} ${trades === 1 ? 'trade is' : 'trades are'} marked` : ''}`,
  portfolioCaption: (range) => `📈 <b>Portfolio</b>, ${range}: value at each day's close and the capital invested`,
  excludedNote: (symbols, currency) => `Left out (not in ${currency}): ${symbols}.`,
  noHistory: (symbol) => `There is no price history for ${symbol} in the price source. Check the ticker (Yahoo style, e.g. KO, SAN.MC).`,
  noPortfolioHistory: 'Nothing to chart yet: record a purchase first, e.g. <code>/buy AAPL 10 182.50</code>',
  historyUnavailable: '⚠️ The price source is not answering, so there is no chart right now. Please try again in a few minutes.',
  rendererUnavailable: '⚠️ Charts are not available right now (the chart renderer could not be loaded). Everything else works.',
  simulatedNote: 'Simulated prices (a local stand-in, not market data).',
  trendTitle: (sessions) => `Last ${sessions} sessions (/chart TICKER for the picture)`,
};

const esChart: ChartMessages = {
  months: MONTHS_ES,
  range: { '6m': '6 meses', '1y': '1 año' },
  close: 'Cierre',
  peak: 'Máximo 180 días',
  drawdown: 'Caída',
  buy: 'Compra',
  sell: 'Venta',
  value: 'Valor',
  invested: 'Invertido',
  portfolio: 'Cartera',
  priceSubtitle: (last, peak, drawdown) => `Último ${last} · máx. 180 días ${peak} · ${drawdown}`,
  portfolioSubtitle: (value, invested, pnl, pct) => `Valor ${value} · invertido ${invested} · ${pnl} (${pct})`,
  priceCaption: (symbol, range, trades) => `📈 <b>${symbol}</b>, ${range}${trades > 0 ? `: ${trades === 1 ? 'tu operación está marcada' : `tus ${trades} operaciones están marcadas`}` : ''}`,
  portfolioCaption: (range) => `📈 <b>Cartera</b>, ${range}: valor al cierre de cada día y capital invertido`,
  excludedNote: (symbols, currency) => `Fuera del gráfico (no están en ${currency}): ${symbols}.`,
  noHistory: (symbol) => `No hay historial de precios de ${symbol} en la fuente de precios. Revisa el ticker (formato Yahoo, p. ej. KO, SAN.MC).`,
  noPortfolioHistory: 'Aún no hay nada que dibujar: registra primero una compra, p. ej. <code>/compro AAPL 10 182.50</code>',
  historyUnavailable: '⚠️ La fuente de precios no responde, así que ahora no hay gráfico. Inténtalo de nuevo en unos minutos.',
  rendererUnavailable: '⚠️ Los gráficos no están disponibles ahora (no se pudo cargar el generador de gráficos). Todo lo demás funciona.',
  simulatedNote: 'Precios simulados (un simulador local, no datos de mercado).',
  trendTitle: (sessions) => `Últimas ${sessions} sesiones (/grafico TICKER para la imagen)`,
};

const enAlerts: PriceAlertMessages = {
  added: (id, symbol, condition, now) => `🔔 Alert #${id} set: <b>${symbol}</b> ${condition}.${now}\nChecked every 15 minutes while the US market is open, and each morning. It fires once.`,
  currentPrice: (price, currency) => ` Now ${price} ${currency}.`,
  limit: (max) => `You already have ${max} alerts, the most a chat can keep. Remove one first (<code>/alert remove ID</code>, see /alerts). Nothing was saved.`,
  removed: (id, symbol, condition) => `🗑 Alert #${id} removed (${symbol} ${condition}).`,
  notFound: (id) => `There is no alert #${id}. Send /alerts to see their numbers.`,
  empty: (example) => `No price alerts yet. Set one: <code>${example}</code>`,
  title: (count, max) => `🔔 <b>Price alerts</b> (${count} of ${max})`,
  armed: 'armed',
  fired: (when) => `fired ${when}`,
  checkedNote: 'Checked every 15 minutes while the US market is open, and each morning.',
  fire: (symbol, condition, price, currency, when) => `🔔 <b>${symbol}</b> is ${condition}: ${price} ${currency} at ${when}.`,
  fireDrawdown: (peak, drawdown) => `180-day high ${peak}, ${drawdown} below it.`,
  rearmButton: '🔁 Re-arm',
  rearmed: (id, symbol, condition) => `🔁 Alert #${id} re-armed: ${symbol} ${condition}.`,
  alreadyArmed: (id) => `Alert #${id} is already armed.`,
  gone: 'That alert no longer exists.',
  unknownSymbol: (symbol) => `I could not find ${symbol} in the price source, so no alert was set. Check the spelling (Yahoo style, e.g. BRK-B, SAN.MC).`,
  simulated: 'Simulated price (a local stand-in, not market data).',
  drawdownShort: (pct) => `-${pct}% high`,
  inNewYork: (dateTime) => `${dateTime} New York`,
};

const esAlerts: PriceAlertMessages = {
  added: (id, symbol, condition, now) => `🔔 Alerta #${id} creada: <b>${symbol}</b> ${condition}.${now}\nSe revisa cada 15 minutos con el mercado de EE. UU. abierto, y cada mañana. Salta una vez.`,
  currentPrice: (price, currency) => ` Ahora ${price} ${currency}.`,
  limit: (max) => `Ya tienes ${max} alertas, el máximo por chat. Quita una antes (<code>/alerta quitar ID</code>, consulta /alertas). No se guardó nada.`,
  removed: (id, symbol, condition) => `🗑 Alerta #${id} quitada (${symbol} ${condition}).`,
  notFound: (id) => `No existe la alerta #${id}. Envía /alertas para ver sus números.`,
  empty: (example) => `Aún no hay alertas de precio. Crea una: <code>${example}</code>`,
  title: (count, max) => `🔔 <b>Alertas de precio</b> (${count} de ${max})`,
  armed: 'activa',
  fired: (when) => `saltó ${when}`,
  checkedNote: 'Se revisan cada 15 minutos con el mercado de EE. UU. abierto, y cada mañana.',
  fire: (symbol, condition, price, currency, when) => `🔔 <b>${symbol}</b> está ${condition}: ${price} ${currency} a las ${when}.`,
  fireDrawdown: (peak, drawdown) => `Máximo de 180 días ${peak}, un ${drawdown} por debajo.`,
  rearmButton: '🔁 Rearmar',
  rearmed: (id, symbol, condition) => `🔁 Alerta #${id} rearmada: ${symbol} ${condition}.`,
  alreadyArmed: (id) => `La alerta #${id} ya está activa.`,
  gone: 'Esa alerta ya no existe.',
  unknownSymbol: (symbol) => `No encuentro ${symbol} en la fuente de precios, así que no se creó la alerta. Revisa cómo se escribe (formato Yahoo, p. ej. BRK-B, SAN.MC).`,
  simulated: 'Precio simulado (un simulador local, no datos de mercado).',
  drawdownShort: (pct) => `-${pct}% máx`,
  inNewYork: (dateTime) => `${dateTime} Nueva York`,
};

const enIncome: IncomeMessages = {
  recorded: (seq, symbol, amount, currency, withheld, date) => `💵 <b>Dividend recorded</b>\n#${seq} ${symbol}: ${amount} ${currency} received${withheld ? ` (tax withheld ${withheld})` : ''}, on ${date}`,
  soFar: (symbol, amount, currency) => `Dividends from ${symbol} so far: ${amount} ${currency}.`,
  costUnchanged: 'It counts in /balance (total return) and /stats; your cost basis is unchanged.',
  statsDividends: 'Dividends',
  split: (symbol, numerator, denominator, date, quantity, averageCost, currency) =>
    `✂️ ${symbol} split ${numerator}-for-${denominator} on ${date}, applied to your position: now ${quantity} shares at an average cost of ${averageCost} ${currency} (the cost basis is unchanged).`,
  undone: (seq, symbol, amount, currency) => `↩️ Undone dividend #${seq}: ${symbol} ${amount} ${currency}`,
  example: (symbol) => `/dividend ${symbol} 12.40`,
};

const esIncome: IncomeMessages = {
  recorded: (seq, symbol, amount, currency, withheld, date) => `💵 <b>Dividendo registrado</b>\n#${seq} ${symbol}: ${amount} ${currency} cobrados${withheld ? ` (retención ${withheld})` : ''}, el ${date}`,
  soFar: (symbol, amount, currency) => `Dividendos de ${symbol} hasta ahora: ${amount} ${currency}.`,
  costUnchanged: 'Cuenta en /saldo (rentabilidad total) y en /estadisticas; tu coste no cambia.',
  statsDividends: 'Dividendos',
  split: (symbol, numerator, denominator, date, quantity, averageCost, currency) =>
    `✂️ ${symbol} hizo un split ${numerator} por ${denominator} el ${date}, aplicado a tu posición: ahora ${quantity} acciones a un coste medio de ${averageCost} ${currency} (el coste total no cambia).`,
  undone: (seq, symbol, amount, currency) => `↩️ Dividendo #${seq} anulado: ${symbol} ${amount} ${currency}`,
  example: (symbol) => `/dividendo ${symbol} 12.40`,
};

const enFx: FxMessages = {
  inBase: (base) => `<b>All in ${base}</b>`,
  portfolioTotal: (base, value, pnlPct) => `<b>Total in ${base}: ${value}</b> (${pnlPct})`,
  rate: (from, to, rate, when) => `${from}→${to} ${rate} (${when})`,
  rateSource: 'Rates',
  realizedAtTheirDates: 'Open positions at today\'s rate; realized P&amp;L and dividends at the rate of their own day.',
  noRate: (currencies, base) => `No exchange rate for ${currencies} into ${base} right now: the totals stay per currency.`,
  simulated: 'simulated rates',
};

const esFx: FxMessages = {
  inBase: (base) => `<b>Todo en ${base}</b>`,
  portfolioTotal: (base, value, pnlPct) => `<b>Total en ${base}: ${value}</b> (${pnlPct})`,
  rate: (from, to, rate, when) => `${from}→${to} ${rate} (${when})`,
  rateSource: 'Tipos',
  realizedAtTheirDates: 'Posiciones abiertas al tipo de hoy; P&amp;L realizado y dividendos al tipo de su propio día.',
  noRate: (currencies, base) => `Ahora no hay tipo de cambio de ${currencies} a ${base}: los totales quedan por moneda.`,
  simulated: 'tipos simulados',
};

const enTalk: TalkMessages = {
  needsAnalyst: (reason, forms) =>
    `${{ 'no-key': 'Plain text needs the analyst, and no Anthropic API key is configured.', budget: "Plain text needs the analyst, and this month's model budget is spent (analysis.monthlyBudgetUsd).", down: 'Plain text needs the analyst, and it cannot be reached right now.' }[reason]} Simple forms work without it (<code>buy 10 AAPL 182.5</code>), or type the command:\n${forms}`,
  proposalTitle: '📝 <b>Proposed trade</b>',
  understood: (command) => `I understood: <code>${command}</code>`,
  askConfirm: 'Nothing is recorded until you press Confirm.',
  confirm: '✅ Confirm',
  edit: '✏️ Edit',
  cancel: '✖️ Cancel',
  question: (kind, subject, side) =>
    ({
      'missing-price': `At what price per share${subject ? ` of <b>${subject}</b>` : ''}? Say it again with the price, e.g. <code>${side === 'sell' ? 'sell' : 'buy'} 10 ${subject || 'AAPL'} 182.5</code>.`,
      'missing-quantity': `How many shares${subject ? ` of <b>${subject}</b>` : ''}? Say it again with the quantity, e.g. <code>${side === 'sell' ? 'sell' : 'buy'} 10 ${subject || 'AAPL'} 182.5</code>.`,
      'missing-ticker': 'Which stock? Say it with its ticker, e.g. <code>buy 10 AAPL 182.5</code>.',
      'unclear-ticker': `I am not sure which ticker "${subject}" is. Say it with the ticker (Yahoo style, e.g. AAPL, BRK-B, SAN.MC).`,
      'not-held': `You hold no <b>${subject}</b>, so there is nothing to sell a part of. Say how many shares.`,
      'relative-buy': `Half or all of what? Say how many shares of <b>${subject}</b> to buy.`,
      'future-date': `${subject} has not happened yet. Say the date of the trade.`,
      'not-a-trade': 'I read plain text only to record trades (e.g. <code>sold half my NVDA at 140</code>). For everything else, send /help.',
    })[kind] ?? 'Could you say that as a trade, e.g. <code>buy 10 AAPL 182.5</code>?',
  editHint: (command) => `Copy it, change what is wrong and send it back:\n<code>${command}</code>`,
  cancelled: '✖️ Cancelled: nothing was recorded.',
  expired: 'This button has expired. Nothing was changed.',
  alreadyRecorded: (seq) => `Already recorded as #${seq}.`,
  alreadyCancelled: 'This proposal was cancelled.',
  recordedToast: 'Recorded.',
  stale: '⏳ That proposal is stale (older than 10 minutes, or the portfolio changed since). Nothing was recorded; here it is again with the figures as they are now:',
  undoAsk: (seq, line) => `Undo #${seq}?\n${line}`,
  dividendLine: (symbol, amount, currency, date) => `Dividend ${symbol} ${amount} ${currency}, on ${date}`,
  confirmUndo: '↩️ Confirm undo',
  undoCancelled: 'Undo cancelled: nothing changed.',
  alreadyUndone: (seq) => `Trade #${seq} was already undone.`,
  notLastAnymore: (seq) => `Trade #${seq} is no longer the last one; nothing was undone. Send /undo again.`,
  previous: '◀️ Previous',
  next: 'Next ▶️',
  sellHalf: (symbol) => `Sell half ${symbol}`,
  tips: (symbol) => `Tips ${symbol}`,
  chart: (symbol) => `Chart ${symbol}`,
  notHeld: (symbol) => `You no longer hold ${symbol}.`,
  noTipsFor: (symbol) => `No tips about <b>${symbol}</b>. Add one with <code>/tips add ${symbol} your note</code>.`,
  helpButtons: 'Or tap a command:',
};

const esTalk: TalkMessages = {
  needsAnalyst: (reason, forms) =>
    `${{ 'no-key': 'El texto libre necesita al analista, y no hay clave de API de Anthropic configurada.', budget: 'El texto libre necesita al analista, y el presupuesto del modelo de este mes está gastado (analysis.monthlyBudgetUsd).', down: 'El texto libre necesita al analista, y ahora mismo no responde.' }[reason]} Las formas simples funcionan sin él (<code>compro 10 AAPL a 182,5</code>), o escribe el comando:\n${forms}`,
  proposalTitle: '📝 <b>Operación propuesta</b>',
  understood: (command) => `He entendido: <code>${command}</code>`,
  askConfirm: 'No se registra nada hasta que pulses Confirmar.',
  confirm: '✅ Confirmar',
  edit: '✏️ Editar',
  cancel: '✖️ Cancelar',
  question: (kind, subject, side) =>
    ({
      'missing-price': `¿A qué precio por acción${subject ? ` de <b>${subject}</b>` : ''}? Dilo otra vez con el precio, p. ej. <code>${side === 'sell' ? 'vendo' : 'compro'} 10 ${subject || 'AAPL'} a 182,5</code>.`,
      'missing-quantity': `¿Cuántas acciones${subject ? ` de <b>${subject}</b>` : ''}? Dilo otra vez con la cantidad, p. ej. <code>${side === 'sell' ? 'vendo' : 'compro'} 10 ${subject || 'AAPL'} a 182,5</code>.`,
      'missing-ticker': '¿Qué valor? Dilo con su ticker, p. ej. <code>compro 10 AAPL a 182,5</code>.',
      'unclear-ticker': `No estoy seguro de qué ticker es "${subject}". Dilo con el ticker (formato Yahoo, p. ej. AAPL, BRK-B, SAN.MC).`,
      'not-held': `No tienes <b>${subject}</b>, así que no hay nada de lo que vender una parte. Di cuántas acciones.`,
      'relative-buy': `¿La mitad o todas de qué? Di cuántas acciones de <b>${subject}</b> comprar.`,
      'future-date': `${subject} aún no ha llegado. Di la fecha de la operación.`,
      'not-a-trade': 'Solo leo texto libre para registrar operaciones (p. ej. <code>vendí la mitad de mis NVDA a 140</code>). Para todo lo demás, envía /help.',
    })[kind] ?? '¿Puedes decirlo como una operación, p. ej. <code>compro 10 AAPL a 182,5</code>?',
  editHint: (command) => `Cópialo, cambia lo que esté mal y envíalo:\n<code>${command}</code>`,
  cancelled: '✖️ Cancelado: no se registró nada.',
  expired: 'Este botón ha caducado. No se cambió nada.',
  alreadyRecorded: (seq) => `Ya registrada como #${seq}.`,
  alreadyCancelled: 'Esta propuesta se canceló.',
  recordedToast: 'Registrada.',
  stale: '⏳ Esa propuesta está caducada (más de 10 minutos, o la cartera cambió desde entonces). No se registró nada; aquí está otra vez con las cifras de ahora:',
  undoAsk: (seq, line) => `¿Deshacer #${seq}?\n${line}`,
  dividendLine: (symbol, amount, currency, date) => `Dividendo ${symbol} ${amount} ${currency}, el ${date}`,
  confirmUndo: '↩️ Confirmar deshacer',
  undoCancelled: 'Deshacer cancelado: no cambió nada.',
  alreadyUndone: (seq) => `La operación #${seq} ya se deshizo.`,
  notLastAnymore: (seq) => `La operación #${seq} ya no es la última; no se deshizo nada. Envía /undo otra vez.`,
  previous: '◀️ Anterior',
  next: 'Siguiente ▶️',
  sellHalf: (symbol) => `Vender mitad ${symbol}`,
  tips: (symbol) => `Notas ${symbol}`,
  chart: (symbol) => `Gráfico ${symbol}`,
  notHeld: (symbol) => `Ya no tienes ${symbol}.`,
  noTipsFor: (symbol) => `No hay notas sobre <b>${symbol}</b>. Añade una con <code>/tips add ${symbol} tu nota</code>.`,
  helpButtons: 'O pulsa un comando:',
};

/** What `/notify` says (arguments are HTML-safe: callers escape them). */
export interface NotifyMessages {
  readonly title: string;
  readonly kinds: Readonly<Record<NotificationKind, string>>;
  readonly levels: Readonly<Record<NotificationLevel, string>>;
  readonly quiet: (from: string, to: string, zone: string) => string;
  readonly noQuiet: string;
  readonly howTo: (examples: string) => string;
  readonly saved: string;
  readonly unchanged: string;
  readonly unreadable: (key: string, reason: string) => string;
}

/** What `/lessons` says. */
export interface LessonsMessages {
  readonly title: (month: string, trades: number, model: string) => string;
  readonly offline: string;
  readonly evidence: string;
  readonly none: string;
  readonly noPatterns: string;
}

const enNotify: NotifyMessages = {
  title: '🔔 <b>Notifications</b> (messages the bot sends on its own)',
  kinds: { morning: 'Morning analysis', scan: 'Scan summary', ruleAlerts: 'Rule alerts', priceAlerts: 'Price alerts' },
  levels: { on: 'on', silent: 'silent', off: 'off' },
  quiet: (from, to, zone) => `Quiet hours ${from}-${to} (${zone}): "on" messages arrive silent then.`,
  noQuiet: 'No quiet hours.',
  howTo: (examples) => `Change: ${examples}. Silent: delivered without a sound. Rule alerts with the morning analysis off come on their own.`,
  saved: '✅ Saved.',
  unchanged: 'Already so; nothing changed.',
  unreadable: (key, reason) => `Not saved: <code>${key}</code> could not be read (${reason}), and it is never written over. Until it is fixed everything is sent as usual. Fix or delete the file, then try again.`,
};

const esNotify: NotifyMessages = {
  title: '🔔 <b>Avisos</b> (mensajes que el bot envía por su cuenta)',
  kinds: { morning: 'Análisis de la mañana', scan: 'Resumen del escaneo', ruleAlerts: 'Alertas de reglas', priceAlerts: 'Alertas de precio' },
  levels: { on: 'on', silent: 'silencio', off: 'off' },
  quiet: (from, to, zone) => `Horas de descanso ${from}-${to} (${zone}): los avisos "on" llegan en silencio.`,
  noQuiet: 'Sin horas de descanso.',
  howTo: (examples) => `Cambiar: ${examples}. Silencio: llega sin sonido. Con el análisis de la mañana en off, las alertas de reglas llegan solas.`,
  saved: '✅ Guardado.',
  unchanged: 'Ya estaba así; no se cambió nada.',
  unreadable: (key, reason) => `No guardado: no se pudo leer <code>${key}</code> (${reason}) y nunca se sobrescribe. Mientras no se corrija, todo se envía como siempre. Corrige o borra el archivo y vuelve a intentarlo.`,
};

const enLessons: LessonsMessages = {
  title: (month, trades, model) => `📚 <b>Lessons of ${month}</b> (${trades} closed trades, ${model})`,
  offline: 'Found from the trade facts alone: no Anthropic API key is configured.',
  evidence: 'Evidence',
  none: 'No lessons yet: on the first market day of each month the morning job reviews the previous month\'s closed trades.',
  noPatterns: 'No patterns found.',
};

const esLessons: LessonsMessages = {
  title: (month, trades, model) => `📚 <b>Lecciones de ${month}</b> (${trades} operaciones cerradas, ${model})`,
  offline: 'Sacadas solo de los datos de las operaciones: no hay clave de la API de Anthropic configurada.',
  evidence: 'Pruebas',
  none: 'Aún no hay lecciones: el primer día de mercado de cada mes el trabajo de la mañana revisa las operaciones cerradas del mes anterior.',
  noPatterns: 'No se encontraron patrones.',
};

const en: Messages = {
  privateBot: (chatId) => `Sorry, this is a private bot and it does not serve this chat (id <code>${chatId}</code>).`,
  notACommand: 'I understand commands, and trades said in plain words (e.g. <code>buy 10 AAPL 182.5</code>). Send /help to see the commands, each with an example.',
  usageError: (message, example) => `${message}\nExample: <code>${example}</code>`,
  couldNotSave: '⚠️ Could not save: the storage is not answering. <b>Nothing was recorded.</b> Please try again in a minute.',
  busy: '⏳ Busy: other changes to the same data were being saved. <b>Nothing was recorded.</b> Please send it again.',
  couldNotRead: '⚠️ Could not load your data: the storage is not answering. Nothing was changed. Please try again in a minute.',
  corruptDocument: (key) => `⚠️ The stored file <code>${key}</code> cannot be read. It was left untouched and nothing was changed; fix or delete it.`,
  blacklisted: (symbol) =>
    `${symbol} is on your blacklist (your broker does not offer it), so nothing was recorded.\nIf it is available now: <code>/blacklist remove ${symbol}</code>`,
  unknownTicker: (symbol, example) => `I could not find the ticker ${symbol} in the price source, so nothing was recorded. Check the spelling (Yahoo style, e.g. BRK-B, SAN.MC).\nExample: <code>${example}</code>`,
  refused: (reason, example) => `Not recorded: ${reason}\nExample: <code>${example}</code>`,
  bought: '✅ Buy recorded',
  sold: '✅ Sale recorded',
  tradeLine: (side, quantity, symbol, price, currency, fees, date) =>
    `${side === 'buy' ? 'Buy' : 'Sell'} ${quantity} ${symbol} @ ${price} ${currency}${fees ? `, fees ${fees}` : ''}, on ${date}`,
  positionNow: (quantity, averageCost, currency, one) => `Position: ${quantity} ${one ? 'share' : 'shares'}, average cost ${averageCost} ${currency}`,
  tradeLimit: (rule, actual, limit, currency, command) =>
    `Not recorded: ${
      rule === 'maxTradeQuantity'
        ? `${actual} shares is more than your per-trade limit of ${limit} shares (${rule}), so it looks like a typo.`
        : `this trade is worth ${actual} ${currency}, more than your per-trade limit of ${limit} ${currency} (${rule}), so it looks like a typo (check the price and the quantity).`
    }\nIf it is right, raise the limit first: <code>${command}</code>`,
  positionClosed: 'Position closed.',
  realizedOfSale: (pnl, pct, currency) => `Realized P&amp;L of this sale: <b>${pnl} ${currency}</b> (${pct})`,
  realizedTotal: (pnl, currency) => `Realized P&amp;L in this ticker so far: ${pnl} ${currency}`,
  feedDownNote: 'Note: the price source is not answering, so the ticker was not checked.',
  nothingToUndo: 'There is nothing to undo: no trade recorded yet.',
  undoTooOld: (seq, when, hours, example) =>
    `The last trade (#${seq}, recorded ${when}) is older than ${hours} hours, so /undo will not remove it. Record the opposite trade instead, e.g. <code>${example}</code>`,
  undone: (seq, line) => `↩️ Undone trade #${seq}: ${line}`,
  emptyPortfolio: 'No open positions yet. Record a purchase with e.g. <code>/buy AAPL 10 182.50</code>',
  portfolioTitle: '📊 <b>Portfolio</b>',
  portfolioColumns: { ticker: 'Ticker', qty: 'Qty', avgCost: { text: 'Avg cost', short: 'Avg' }, price: 'Price', weight: 'Wt', value: 'Value', pnl: 'P&L', pnlPct: 'P&L %' },
  total: 'Total',
  totalIn: (currency) => `Total ${currency}`,
  perCurrencyNote: 'Totals and weights per currency, never added together without an exchange rate.',
  unpricedNote: (symbols) => `No live price for ${symbols}: valued at average cost.`,
  simulatedPricesNote: 'Valued at simulated prices (a local stand-in, not market data).',
  balanceTitle: '💰 <b>Balance</b>',
  balanceRows: {
    invested: { text: 'Invested (open)', short: 'Invested' },
    marketValue: { text: 'Market value', short: 'Value' },
    unrealized: { text: 'Unrealized P&L', short: 'Unrealized' },
    realized: { text: 'Realized P&L', short: 'Realized' },
    fees: { text: 'Fees paid', short: 'Fees' },
    dividends: { text: 'Dividends (net)', short: 'Dividends' },
    totalPnl: 'Total P&L',
    totalReturn: { text: 'Total return', short: 'Return' },
    bought: { text: 'Total bought', short: 'Bought' },
    sold: { text: 'Total sold', short: 'Sold' },
  },
  statsTitle: '📈 <b>Stats</b> (closed trades)',
  noClosedTrades: 'No closed trades yet: stats appear after your first sale.',
  statsRows: { trades: { text: 'Sales (won/lost)', short: 'Sales W/L' }, winRate: 'Win rate', realized: 'Realized P&L', average: 'Per sale', best: 'Best', worst: 'Worst', profitFactor: 'Profit factor', maxDrawdown: 'Max drawdown' },
  periodTitle: (period) => `📅 <b>Realized P&amp;L by ${period}</b>`,
  periodWords: { day: 'day', week: 'week', month: 'month' },
  periodColumns: { period: 'Period', pnl: 'P&L', wonSales: { text: 'Won/Sales', short: 'W/S' } },
  blacklistEmpty: 'Your blacklist is empty. Add tickers your broker does not offer: <code>/blacklist add TSLA NVDA</code>',
  blacklistTitle: (count) => `🚫 <b>Blacklist</b> (${count})`,
  blacklistAdded: (symbols) => `🚫 Added to the blacklist: ${symbols}`,
  blacklistRemoved: (symbols) => `✅ Removed from the blacklist: ${symbols}`,
  blacklistAlreadyThere: (symbols) => `Already on the blacklist: ${symbols}`,
  blacklistNotThere: (symbols) => `Not on the blacklist: ${symbols}`,
  invalidTickers: (symbols, example) => `Not valid tickers (ignored): ${symbols}\nExample: <code>${example}</code>`,
  tipsEmpty: (example) => `No tips yet. Add one: <code>${example}</code>`,
  tipsTitle: '📝 <b>Tips</b>',
  tipAdded: (id, symbol) => `📝 Tip #${id} on ${symbol} saved.`,
  tipRemoved: (id, symbol) => `🗑 Tip #${id} on ${symbol} removed.`,
  tipNotFound: (id) => `There is no tip #${id}. Send /tips to see their numbers.`,
  noScan: 'No drawdown scan has run yet. It runs every market day at 06:00 New York time; on the local stack, run one now with <code>pnpm scan</code>.',
  scanTitle: (count, date) => `🔎 <b>Top ${count} below their 180-day high</b> (${date})`,
  scanColumns: { rank: '#', ticker: 'Ticker', drawdown: { text: 'Drawdown', short: 'DD' }, price: 'Price', days: 'Days' },
  scanAllBlacklisted: 'Every ticker of the latest scan is on your blacklist.',
  scanFewer: (available) => `Only ${available} tickers available after removing blacklisted ones.`,
  fullCsv: 'Full scan (CSV)',
  scanSummaryTitle: (date, lookbackDays) => `<b>Drawdown scan ${date}</b> (${lookbackDays}-day high)`,
  scanSummaryCounts: (ranked, filteredOut, failed) => `${ranked} ranked, ${filteredOut} filtered out, ${failed} failed.`,
  scanSummaryRow: (rank, symbol, drawdown, peak, peakDate, last, days) => `${rank}. <b>${symbol}</b> ${drawdown} from ${peak} (${peakDate}), now ${last}, ${days}d since peak`,
  scanFailed: (date, reason) => `<b>Drawdown scan failed</b> for ${date}: ${reason}.\nThe previous scan is still the latest; the next scheduled run will try again.`,
  scanFailedBecause: {
    sourceRefusing: 'Yahoo keeps refusing requests (circuit breaker open)',
    rateLimited: (answers) => `Yahoo kept rate limiting beyond the wait budget (${answers} answers of HTTP 429)`,
    tooManyFailures: (failed, attempted) => `${failed} of ${attempted} symbols failed`,
  },
  exportTitle: (entries) => `📦 <b>Export</b> (${entries} ledger entries)`,
  ledgerCsv: 'Ledger (CSV)',
  positionsJson: 'Positions (JSON)',
  linksExpire: (hours) => `Links expire in ${hours} h.`,
  rulesTitle: '⚙️ <b>Rules</b>',
  rulesFromFile: (key) => `From <code>${key}</code>: what you set there, the rest are defaults.`,
  rulesAllDefaults: (key) => `All defaults: there is no <code>${key}</code> yet.`,
  rulesUnreadable: (key, reason) => `⚠️ <code>${key}</code> could not be read (${reason}): the <b>defaults are in force</b>.`,
  rulesRepair: (command) => `To return the rules at fault to their defaults (the rest stays): <code>${command}</code>`,
  rulesSetByYou: 'Set by you',
  rulesDefaults: 'Defaults',
  rulesTheirDefaults: (list) => `<i>Their defaults: ${list}</i>`,
  rulesHowTo: (setExample, resetExample) => `Change one: <code>${setExample}</code>\nBack to its default: <code>${resetExample}</code>`,
  ruleSaved: (key, value, previous, fallback, file) =>
    `✅ <b>${key}</b> is now ${value} (it was ${previous}; default ${fallback}). Saved in <code>${file}</code>; it applies from your next message.`,
  ruleUnchanged: (key, value) => `${key} is already ${value}: nothing changed.`,
  rulesReset: (changes, file) => `✅ ${changes}\nSaved in <code>${file}</code>; it applies from your next message.`,
  ruleBackToDefault: (key, value) => `<b>${key}</b> is back to its default, ${value}.`,
  ruleRemoved: (key) => `<b>${key}</b> (not a rule) was removed from the file.`,
  rulesAlreadyDefault: (keys) => `Already at the default, nothing to change: ${keys}.`,
  rulesNotRules: (keys) => `Not rules (send /rules to see them): ${keys}. Nothing was changed.`,
  rulesFileFaulty: (key, problems, command) =>
    `Not saved: <code>${key}</code> has problems (${problems}), and an invalid file is never written. Return those rules to their defaults first (your other rules stay): <code>${command}</code>`,
  performance: enPerformance,
  chart: enChart,
  alerts: enAlerts,
  talk: enTalk,
  income: enIncome,
  fx: enFx,
  notify: enNotify,
  lessons: enLessons,
  helpTitle: '🤖 <b>Commands</b>',
  startTitle: '👋 <b>Welcome to tradebot</b>, your trading journal. Here is what I understand:',
  helpFooter: 'Decimals take a point or a comma. Spanish commands work too (/compro, /vendo, /cartera...). Trades can also be said in plain words ("sold half my NVDA at 140"): the bot shows the command it understood and records it only when you press Confirm.',
};

const es: Messages = {
  privateBot: (chatId) => `Lo siento, este es un bot privado y no atiende este chat (id <code>${chatId}</code>).`,
  notACommand: 'Entiendo comandos, y operaciones dichas con palabras (p. ej. <code>compro 10 AAPL a 182,5</code>). Envía /help para ver los comandos, cada uno con un ejemplo.',
  usageError: (message, example) => `${message}\nEjemplo: <code>${example}</code>`,
  couldNotSave: '⚠️ No se pudo guardar: el almacenamiento no responde. <b>No se registró nada.</b> Inténtalo de nuevo en un minuto.',
  busy: '⏳ Ocupado: se estaban guardando otros cambios de los mismos datos. <b>No se registró nada.</b> Envíalo de nuevo.',
  couldNotRead: '⚠️ No se pudieron cargar tus datos: el almacenamiento no responde. No se cambió nada. Inténtalo de nuevo en un minuto.',
  corruptDocument: (key) => `⚠️ El archivo guardado <code>${key}</code> no se puede leer. No se tocó ni se cambió nada; corrígelo o bórralo.`,
  blacklisted: (symbol) =>
    `${symbol} está en tu lista negra (tu bróker no lo ofrece), así que no se registró nada.\nSi ya está disponible: <code>/blacklist remove ${symbol}</code>`,
  unknownTicker: (symbol, example) => `No encuentro el ticker ${symbol} en la fuente de precios, así que no se registró nada. Revisa cómo se escribe (estilo Yahoo, p. ej. BRK-B, SAN.MC).\nEjemplo: <code>${example}</code>`,
  refused: (reason, example) => `No registrado: ${reason}\nEjemplo: <code>${example}</code>`,
  bought: '✅ Compra registrada',
  sold: '✅ Venta registrada',
  tradeLine: (side, quantity, symbol, price, currency, fees, date) =>
    `${side === 'buy' ? 'Compra' : 'Venta'} ${quantity} ${symbol} a ${price} ${currency}${fees ? `, comisiones ${fees}` : ''}, el ${date}`,
  positionNow: (quantity, averageCost, currency, one) => `Posición: ${quantity} ${one ? 'acción' : 'acciones'}, coste medio ${averageCost} ${currency}`,
  tradeLimit: (rule, actual, limit, currency, command) =>
    `No registrado: ${
      rule === 'maxTradeQuantity'
        ? `${actual} acciones supera tu límite por operación de ${limit} acciones (${rule}); parece un error de tecleo.`
        : `esta operación vale ${actual} ${currency}, más que tu límite por operación de ${limit} ${currency} (${rule}); parece un error de tecleo (revisa el precio y la cantidad).`
    }\nSi es correcto, sube antes el límite: <code>${command}</code>`,
  positionClosed: 'Posición cerrada.',
  realizedOfSale: (pnl, pct, currency) => `P&amp;L realizado de esta venta: <b>${pnl} ${currency}</b> (${pct})`,
  realizedTotal: (pnl, currency) => `P&amp;L realizado en este ticker hasta ahora: ${pnl} ${currency}`,
  feedDownNote: 'Nota: la fuente de precios no responde, así que no se comprobó el ticker.',
  nothingToUndo: 'No hay nada que deshacer: aún no hay operaciones.',
  undoTooOld: (seq, when, hours, example) =>
    `La última operación (#${seq}, registrada ${when}) tiene más de ${hours} h, así que /undo no la quita. Registra la operación contraria, p. ej. <code>${example}</code>`,
  undone: (seq, line) => `↩️ Deshecha la operación #${seq}: ${line}`,
  emptyPortfolio: 'Aún no hay posiciones abiertas. Registra una compra, p. ej. <code>/compro AAPL 10 182,50</code>',
  portfolioTitle: '📊 <b>Cartera</b>',
  portfolioColumns: { ticker: 'Ticker', qty: 'Cant.', avgCost: { text: 'Coste medio', short: 'C. medio' }, price: 'Precio', weight: 'Peso', value: 'Valor', pnl: 'P&L', pnlPct: 'P&L %' },
  total: 'Total',
  totalIn: (currency) => `Total ${currency}`,
  perCurrencyNote: 'Totales y pesos por moneda, nunca sumados sin un tipo de cambio.',
  unpricedNote: (symbols) => `Sin precio actual para ${symbols}: valorado a coste medio.`,
  simulatedPricesNote: 'Valorado con precios simulados (un simulador local, no datos de mercado).',
  balanceTitle: '💰 <b>Saldo</b>',
  balanceRows: {
    invested: { text: 'Invertido (abierto)', short: 'Invertido' },
    marketValue: { text: 'Valor de mercado', short: 'Valor' },
    unrealized: { text: 'P&L latente', short: 'Latente' },
    realized: { text: 'P&L realizado', short: 'Realizado' },
    fees: 'Comisiones',
    dividends: { text: 'Dividendos (netos)', short: 'Dividendos' },
    totalPnl: 'P&L total',
    totalReturn: { text: 'Rentabilidad', short: 'Rentab.' },
    bought: { text: 'Total comprado', short: 'Comprado' },
    sold: { text: 'Total vendido', short: 'Vendido' },
  },
  statsTitle: '📈 <b>Estadísticas</b> (operaciones cerradas)',
  noClosedTrades: 'Aún no hay operaciones cerradas: las estadísticas aparecen tras tu primera venta.',
  statsRows: { trades: { text: 'Ventas (gan./perd.)', short: 'Ventas G/P' }, winRate: 'Acierto', realized: 'P&L realizado', average: 'Por venta', best: 'Mejor', worst: 'Peor', profitFactor: 'Factor beneficio', maxDrawdown: 'Caída máxima' },
  periodTitle: (period) => `📅 <b>P&amp;L realizado por ${period}</b>`,
  periodWords: { day: 'día', week: 'semana', month: 'mes' },
  periodColumns: { period: 'Periodo', pnl: 'P&L', wonSales: { text: 'Gan./Ventas', short: 'G/V' } },
  blacklistEmpty: 'Tu lista negra está vacía. Añade tickers que tu bróker no ofrece: <code>/blacklist add TSLA NVDA</code>',
  blacklistTitle: (count) => `🚫 <b>Lista negra</b> (${count})`,
  blacklistAdded: (symbols) => `🚫 Añadidos a la lista negra: ${symbols}`,
  blacklistRemoved: (symbols) => `✅ Quitados de la lista negra: ${symbols}`,
  blacklistAlreadyThere: (symbols) => `Ya estaban en la lista negra: ${symbols}`,
  blacklistNotThere: (symbols) => `No estaban en la lista negra: ${symbols}`,
  invalidTickers: (symbols, example) => `No son tickers válidos (ignorados): ${symbols}\nEjemplo: <code>${example}</code>`,
  tipsEmpty: (example) => `Aún no hay notas. Añade una: <code>${example}</code>`,
  tipsTitle: '📝 <b>Notas</b>',
  tipAdded: (id, symbol) => `📝 Nota #${id} sobre ${symbol} guardada.`,
  tipRemoved: (id, symbol) => `🗑 Nota #${id} sobre ${symbol} borrada.`,
  tipNotFound: (id) => `No existe la nota #${id}. Envía /tips para ver sus números.`,
  noScan: 'Aún no se ha hecho ningún escaneo. Se hace cada día de mercado a las 06:00 de Nueva York; en local, lánzalo ahora con <code>pnpm scan</code>.',
  scanTitle: (count, date) => `🔎 <b>Top ${count} bajo su máximo de 180 días</b> (${date})`,
  scanColumns: { rank: '#', ticker: 'Ticker', drawdown: 'Caída', price: 'Precio', days: 'Días' },
  scanAllBlacklisted: 'Todos los tickers del último escaneo están en tu lista negra.',
  scanFewer: (available) => `Solo hay ${available} tickers tras quitar los de la lista negra.`,
  fullCsv: 'Escaneo completo (CSV)',
  scanSummaryTitle: (date, lookbackDays) => `<b>Escaneo de caídas ${date}</b> (máximo de ${lookbackDays} días)`,
  scanSummaryCounts: (ranked, filteredOut, failed) => `${ranked} clasificados, ${filteredOut} descartados por los filtros, ${failed} con error.`,
  scanSummaryRow: (rank, symbol, drawdown, peak, peakDate, last, days) => `${rank}. <b>${symbol}</b> ${drawdown} desde ${peak} (${peakDate}), ahora ${last}, ${days} d desde el máximo`,
  scanFailed: (date, reason) => `<b>El escaneo de caídas falló</b> para el ${date}: ${reason}.\nEl escaneo anterior sigue siendo el último; la próxima ejecución programada lo volverá a intentar.`,
  scanFailedBecause: {
    sourceRefusing: 'Yahoo sigue rechazando las peticiones (circuito abierto)',
    rateLimited: (answers) => `Yahoo siguió limitando las peticiones más allá del margen de espera (${answers} respuestas HTTP 429)`,
    tooManyFailures: (failed, attempted) => `fallaron ${failed} de ${attempted} símbolos`,
  },
  exportTitle: (entries) => `📦 <b>Exportación</b> (${entries} entradas del diario)`,
  ledgerCsv: 'Diario (CSV)',
  positionsJson: 'Posiciones (JSON)',
  linksExpire: (hours) => `Los enlaces caducan en ${hours} h.`,
  rulesTitle: '⚙️ <b>Reglas</b>',
  rulesFromFile: (key) => `De <code>${key}</code>: lo que cambiaste ahí; el resto, valores por defecto.`,
  rulesAllDefaults: (key) => `Todas por defecto: aún no existe <code>${key}</code>.`,
  rulesUnreadable: (key, reason) => `⚠️ No se pudo leer <code>${key}</code> (${reason}): <b>rigen los valores por defecto</b>.`,
  rulesRepair: (command) => `Para devolver las reglas erróneas a su valor por defecto (el resto se mantiene): <code>${command}</code>`,
  rulesSetByYou: 'Cambiadas por ti',
  rulesDefaults: 'Por defecto',
  rulesTheirDefaults: (list) => `<i>Sus valores por defecto: ${list}</i>`,
  rulesHowTo: (setExample, resetExample) => `Cambiar una: <code>${setExample}</code>\nVolver al valor por defecto: <code>${resetExample}</code>`,
  ruleSaved: (key, value, previous, fallback, file) =>
    `✅ <b>${key}</b> vale ahora ${value} (antes ${previous}; por defecto ${fallback}). Guardado en <code>${file}</code>; se aplica desde tu próximo mensaje.`,
  ruleUnchanged: (key, value) => `${key} ya vale ${value}: no se cambió nada.`,
  rulesReset: (changes, file) => `✅ ${changes}\nGuardado en <code>${file}</code>; se aplica desde tu próximo mensaje.`,
  ruleBackToDefault: (key, value) => `<b>${key}</b> vuelve a su valor por defecto, ${value}.`,
  ruleRemoved: (key) => `<b>${key}</b> (no es una regla) se quitó del archivo.`,
  rulesAlreadyDefault: (keys) => `Ya tenían su valor por defecto, nada que cambiar: ${keys}.`,
  rulesNotRules: (keys) => `No son reglas (envía /rules para verlas): ${keys}. No se cambió nada.`,
  rulesFileFaulty: (key, problems, command) =>
    `No guardado: <code>${key}</code> tiene errores (${problems}) y nunca se escribe un archivo no válido. Devuelve antes esas reglas a su valor por defecto (el resto se mantiene): <code>${command}</code>`,
  performance: esPerformance,
  chart: esChart,
  alerts: esAlerts,
  talk: esTalk,
  income: esIncome,
  fx: esFx,
  notify: esNotify,
  lessons: esLessons,
  helpTitle: '🤖 <b>Comandos</b>',
  startTitle: '👋 <b>Bienvenido a tradebot</b>, tu diario de inversión. Esto es lo que entiendo:',
  helpFooter: 'Los decimales admiten punto o coma. Los comandos en inglés también funcionan (/buy, /sell, /portfolio...). Las operaciones también se pueden decir con palabras ("vendí la mitad de mis NVDA a 140"): el bot muestra el comando que entendió y solo lo registra cuando pulsas Confirmar.',
};

/** The messages of a language. */
export function messagesFor(language: Language): Messages {
  return language === 'es' ? es : en;
}
