import type { Language } from './format';

/** Every sentence the bot says, per language. Values are HTML-safe templates: arguments are escaped by callers. */
export interface Messages {
  readonly privateBot: (chatId: string) => string;
  readonly notACommand: string;
  readonly usageError: (message: string, example: string) => string;
  readonly couldNotSave: string;
  readonly couldNotRead: string;
  readonly corruptDocument: (key: string) => string;
  readonly blacklisted: (symbol: string) => string;
  readonly unknownTicker: (symbol: string, example: string) => string;
  readonly refused: (reason: string, example: string) => string;
  readonly bought: string;
  readonly sold: string;
  readonly tradeLine: (side: string, quantity: string, symbol: string, price: string, currency: string, fees: string) => string;
  readonly positionNow: (quantity: string, averageCost: string, currency: string) => string;
  readonly positionClosed: string;
  readonly realizedOfSale: (pnl: string, pct: string, currency: string) => string;
  readonly realizedTotal: (pnl: string, currency: string) => string;
  readonly feedDownNote: string;
  readonly nothingToUndo: string;
  readonly undoTooOld: (seq: number, when: string, window: string, example: string) => string;
  readonly undone: (seq: number, line: string) => string;
  readonly emptyPortfolio: string;
  readonly portfolioTitle: string;
  readonly portfolioColumns: { readonly ticker: string; readonly qtyPrice: string; readonly value: string; readonly pnl: string; readonly pnlPct: string; readonly weight: string };
  readonly total: string;
  readonly unpricedNote: (symbols: string) => string;
  /** Said under every reply whose prices came from a simulated source (the local stand-in). */
  readonly simulatedPricesNote: string;
  readonly balanceTitle: string;
  readonly balanceRows: {
    readonly invested: string;
    readonly marketValue: string;
    readonly unrealized: string;
    readonly realized: string;
    readonly fees: string;
    readonly totalPnl: string;
    readonly totalReturn: string;
    readonly bought: string;
    readonly sold: string;
  };
  readonly statsTitle: string;
  readonly noClosedTrades: string;
  readonly statsRows: {
    readonly trades: string;
    readonly winRate: string;
    readonly realized: string;
    readonly average: string;
    readonly best: string;
    readonly worst: string;
    readonly profitFactor: string;
    readonly maxDrawdown: string;
  };
  readonly periodTitle: (period: string) => string;
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
  readonly scanAllBlacklisted: string;
  readonly scanFewer: (available: number) => string;
  readonly fullCsv: string;
  readonly exportTitle: (entries: number) => string;
  readonly ledgerCsv: string;
  readonly positionsJson: string;
  readonly linksExpire: (hours: number) => string;
  readonly helpTitle: string;
  readonly startTitle: string;
  readonly helpFooter: string;
}

const en: Messages = {
  privateBot: (chatId) => `Sorry, this is a private bot and it does not serve this chat (id <code>${chatId}</code>).`,
  notACommand: 'I only understand commands. Send /help to see them, each with an example.',
  usageError: (message, example) => `${message}\nExample: <code>${example}</code>`,
  couldNotSave: '⚠️ Could not save: the storage is not answering. <b>Nothing was recorded.</b> Please try again in a minute.',
  couldNotRead: '⚠️ Could not load your data: the storage is not answering. Nothing was changed. Please try again in a minute.',
  corruptDocument: (key) => `⚠️ The stored file <code>${key}</code> cannot be read. It was left untouched and nothing was changed; fix or delete it.`,
  blacklisted: (symbol) =>
    `${symbol} is on your blacklist (your broker does not offer it), so nothing was recorded.\nIf it is available now: <code>/blacklist remove ${symbol}</code>`,
  unknownTicker: (symbol, example) => `I could not find the ticker ${symbol} in the price source, so nothing was recorded. Check the spelling (Yahoo style, e.g. BRK-B, SAN.MC).\nExample: <code>${example}</code>`,
  refused: (reason, example) => `Not recorded: ${reason}\nExample: <code>${example}</code>`,
  bought: '✅ Buy recorded',
  sold: '✅ Sale recorded',
  tradeLine: (side, quantity, symbol, price, currency, fees) => `${side} ${quantity} ${symbol} @ ${price} ${currency}${fees ? `, fees ${fees}` : ''}`,
  positionNow: (quantity, averageCost, currency) => `Position: ${quantity} shares, average cost ${averageCost} ${currency}`,
  positionClosed: 'Position closed.',
  realizedOfSale: (pnl, pct, currency) => `Realized P&amp;L of this sale: <b>${pnl} ${currency}</b> (${pct})`,
  realizedTotal: (pnl, currency) => `Realized P&amp;L in this ticker so far: ${pnl} ${currency}`,
  feedDownNote: 'Note: the price source is not answering, so the ticker was not checked.',
  nothingToUndo: 'There is nothing to undo: no trade recorded yet.',
  undoTooOld: (seq, when, window, example) =>
    `The last trade (#${seq}, recorded ${when}) is older than ${window}, so /undo will not remove it. Record the opposite trade instead, e.g. <code>${example}</code>`,
  undone: (seq, line) => `↩️ Undone trade #${seq}: ${line}`,
  emptyPortfolio: 'No open positions yet. Record a purchase with e.g. <code>/buy AAPL 10 182.50</code>',
  portfolioTitle: '📊 <b>Portfolio</b>',
  portfolioColumns: { ticker: 'Ticker', qtyPrice: 'Qty @ Price', value: 'Value', pnl: 'P&L', pnlPct: 'P&L %', weight: 'Wt' },
  total: 'Total',
  unpricedNote: (symbols) => `No live price for ${symbols}: valued at average cost.`,
  simulatedPricesNote: 'Valued at simulated prices (a local stand-in, not market data).',
  balanceTitle: '💰 <b>Balance</b>',
  balanceRows: {
    invested: 'Invested (open)',
    marketValue: 'Market value',
    unrealized: 'Unrealized P&L',
    realized: 'Realized P&L',
    fees: 'Fees paid',
    totalPnl: 'Total P&L',
    totalReturn: 'Total return',
    bought: 'Total bought',
    sold: 'Total sold',
  },
  statsTitle: '📈 <b>Stats</b> (closed trades)',
  noClosedTrades: 'No closed trades yet: stats appear after your first sale.',
  statsRows: { trades: 'Sales', winRate: 'Win rate', realized: 'Realized P&L', average: 'Per sale', best: 'Best', worst: 'Worst', profitFactor: 'Profit factor', maxDrawdown: 'Max drawdown' },
  periodTitle: (period) => `📅 <b>Realized P&amp;L by ${period}</b>`,
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
  noScan: 'No drawdown scan has run yet. It runs every market day at 06:00 New York time.',
  scanTitle: (count, date) => `🔎 <b>Top ${count} below their 180-day high</b> (${date})`,
  scanAllBlacklisted: 'Every ticker of the latest scan is on your blacklist.',
  scanFewer: (available) => `Only ${available} tickers available after removing blacklisted ones.`,
  fullCsv: 'Full scan (CSV)',
  exportTitle: (entries) => `📦 <b>Export</b> (${entries} ledger entries)`,
  ledgerCsv: 'Ledger (CSV)',
  positionsJson: 'Positions (JSON)',
  linksExpire: (hours) => `Links expire in ${hours} h.`,
  helpTitle: '🤖 <b>Commands</b>',
  startTitle: '👋 <b>Welcome to tradebot</b>, your trading journal. Here is what I understand:',
  helpFooter: 'Decimals take a point or a comma. Spanish commands work too (/compro, /vendo, /cartera...).',
};

const es: Messages = {
  privateBot: (chatId) => `Lo siento, este es un bot privado y no atiende este chat (id <code>${chatId}</code>).`,
  notACommand: 'Solo entiendo comandos. Envía /help para verlos, cada uno con un ejemplo.',
  usageError: (message, example) => `${message}\nEjemplo: <code>${example}</code>`,
  couldNotSave: '⚠️ No se pudo guardar: el almacenamiento no responde. <b>No se registró nada.</b> Inténtalo de nuevo en un minuto.',
  couldNotRead: '⚠️ No se pudieron cargar tus datos: el almacenamiento no responde. No se cambió nada. Inténtalo de nuevo en un minuto.',
  corruptDocument: (key) => `⚠️ El archivo guardado <code>${key}</code> no se puede leer. No se tocó ni se cambió nada; corrígelo o bórralo.`,
  blacklisted: (symbol) =>
    `${symbol} está en tu lista negra (tu bróker no lo ofrece), así que no se registró nada.\nSi ya está disponible: <code>/blacklist remove ${symbol}</code>`,
  unknownTicker: (symbol, example) => `No encuentro el ticker ${symbol} en la fuente de precios, así que no se registró nada. Revisa cómo se escribe (estilo Yahoo, p. ej. BRK-B, SAN.MC).\nEjemplo: <code>${example}</code>`,
  refused: (reason, example) => `No registrado: ${reason}\nEjemplo: <code>${example}</code>`,
  bought: '✅ Compra registrada',
  sold: '✅ Venta registrada',
  tradeLine: (side, quantity, symbol, price, currency, fees) => `${side} ${quantity} ${symbol} a ${price} ${currency}${fees ? `, comisiones ${fees}` : ''}`,
  positionNow: (quantity, averageCost, currency) => `Posición: ${quantity} acciones, coste medio ${averageCost} ${currency}`,
  positionClosed: 'Posición cerrada.',
  realizedOfSale: (pnl, pct, currency) => `P&amp;L realizado de esta venta: <b>${pnl} ${currency}</b> (${pct})`,
  realizedTotal: (pnl, currency) => `P&amp;L realizado en este ticker hasta ahora: ${pnl} ${currency}`,
  feedDownNote: 'Nota: la fuente de precios no responde, así que no se comprobó el ticker.',
  nothingToUndo: 'No hay nada que deshacer: aún no hay operaciones.',
  undoTooOld: (seq, when, window, example) =>
    `La última operación (#${seq}, registrada ${when}) tiene más de ${window}, así que /undo no la quita. Registra la operación contraria, p. ej. <code>${example}</code>`,
  undone: (seq, line) => `↩️ Deshecha la operación #${seq}: ${line}`,
  emptyPortfolio: 'Aún no hay posiciones abiertas. Registra una compra, p. ej. <code>/compro AAPL 10 182,50</code>',
  portfolioTitle: '📊 <b>Cartera</b>',
  portfolioColumns: { ticker: 'Ticker', qtyPrice: 'Cant. @ Precio', value: 'Valor', pnl: 'P&L', pnlPct: 'P&L %', weight: 'Peso' },
  total: 'Total',
  unpricedNote: (symbols) => `Sin precio actual para ${symbols}: valorado a coste medio.`,
  simulatedPricesNote: 'Valorado con precios simulados (un simulador local, no datos de mercado).',
  balanceTitle: '💰 <b>Saldo</b>',
  balanceRows: {
    invested: 'Invertido (abierto)',
    marketValue: 'Valor de mercado',
    unrealized: 'P&L latente',
    realized: 'P&L realizado',
    fees: 'Comisiones',
    totalPnl: 'P&L total',
    totalReturn: 'Rentabilidad',
    bought: 'Total comprado',
    sold: 'Total vendido',
  },
  statsTitle: '📈 <b>Estadísticas</b> (operaciones cerradas)',
  noClosedTrades: 'Aún no hay operaciones cerradas: las estadísticas aparecen tras tu primera venta.',
  statsRows: { trades: 'Ventas', winRate: 'Acierto', realized: 'P&L realizado', average: 'Por venta', best: 'Mejor', worst: 'Peor', profitFactor: 'Factor beneficio', maxDrawdown: 'Caída máxima' },
  periodTitle: (period) => `📅 <b>P&amp;L realizado por ${period}</b>`,
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
  noScan: 'Aún no se ha hecho ningún escaneo. Se hace cada día de mercado a las 06:00 de Nueva York.',
  scanTitle: (count, date) => `🔎 <b>Top ${count} bajo su máximo de 180 días</b> (${date})`,
  scanAllBlacklisted: 'Todos los tickers del último escaneo están en tu lista negra.',
  scanFewer: (available) => `Solo hay ${available} tickers tras quitar los de la lista negra.`,
  fullCsv: 'Escaneo completo (CSV)',
  exportTitle: (entries) => `📦 <b>Exportación</b> (${entries} entradas del diario)`,
  ledgerCsv: 'Diario (CSV)',
  positionsJson: 'Posiciones (JSON)',
  linksExpire: (hours) => `Los enlaces caducan en ${hours} h.`,
  helpTitle: '🤖 <b>Comandos</b>',
  startTitle: '👋 <b>Bienvenido a tradebot</b>, tu diario de inversión. Esto es lo que entiendo:',
  helpFooter: 'Los decimales admiten punto o coma. Los comandos en inglés también funcionan (/buy, /sell, /portfolio...).',
};

/** The messages of a language. */
export function messagesFor(language: Language): Messages {
  return language === 'es' ? es : en;
}
