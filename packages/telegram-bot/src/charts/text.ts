/**
 * The words of charts, `/chart` and price alerts, in both languages the bot speaks. Kept beside the
 * charts (like `messages.ts` for the rest of the bot): HTML-safe templates, arguments escaped by callers.
 */
import type { ChartRange } from '@tradebot/core-domain';
import type { Language } from '../format';

/** What a chart image and its caption say. */
export interface ChartText {
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
export interface AlertText {
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
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_ES = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'];

/** Chart words by language. */
export const CHART_TEXT: Readonly<Record<Language, ChartText>> = {
  en: {
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
  },
  es: {
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
  },
};

/** Alert words by language. */
export const ALERT_TEXT: Readonly<Record<Language, AlertText>> = {
  en: {
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
  },
  es: {
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
  },
};
