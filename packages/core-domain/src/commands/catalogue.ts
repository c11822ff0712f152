/** The user-facing commands, one per catalogue entry (`buy` and `sell` both parse to a `trade`). */
export type CatalogueKey =
  | 'buy'
  | 'sell'
  | 'dividend'
  | 'portfolio'
  | 'balance'
  | 'stats'
  | 'performance'
  | 'blacklist'
  | 'tips'
  | 'scan'
  | 'chart'
  | 'alert'
  | 'alerts'
  | 'rules'
  | 'notify'
  | 'lessons'
  | 'export'
  | 'undo'
  | 'help'
  | 'start';

/** A text in each language the bot speaks (`Rules.language`). */
export interface Localised {
  readonly en: string;
  readonly es: string;
}

/** One command as the investor sees it in `/help` and in usage errors. */
export interface CatalogueEntry {
  readonly key: CatalogueKey;
  /** The main command word, without `/`. */
  readonly command: string;
  /** Other words that run the same command (Spanish names), without `/`. */
  readonly aliases: readonly string[];
  /** Grammar line: `/buy TICKER QTY PRICE [FEES] [YYYY-MM-DD]`. */
  readonly usage: string;
  /** One correct example, ready to copy. */
  readonly example: string;
  readonly description: Localised;
}

/**
 * Every command the bot understands, in the order `/help` lists them. Use it to build `/help`,
 * Telegram's `setMyCommands` list and usage errors, so the grammar is written down once.
 */
export const COMMAND_CATALOGUE: readonly CatalogueEntry[] = [
  {
    key: 'buy',
    command: 'buy',
    aliases: ['compro'],
    usage: '/buy TICKER QTY PRICE [FEES] [YYYY-MM-DD]',
    example: '/buy AAPL 10 182.50',
    description: {
      en: 'Record a purchase (decimal point or comma; fees default to 0; date defaults to now).',
      es: 'Registra una compra (punto o coma decimal; comisiones 0 por defecto; fecha, la de hoy).',
    },
  },
  {
    key: 'sell',
    command: 'sell',
    aliases: ['vendo'],
    usage: '/sell TICKER QTY PRICE [FEES] [YYYY-MM-DD]',
    example: '/sell AAPL 5 190.25 1.50',
    description: {
      en: 'Record a sale of shares you hold.',
      es: 'Registra una venta de acciones que tienes.',
    },
  },
  {
    key: 'dividend',
    command: 'dividend',
    aliases: ['dividendo'],
    usage: '/dividend TICKER AMOUNT [WITHHELD] [YYYY-MM-DD]',
    example: '/dividend KO 12.40',
    description: {
      en: 'Record a dividend received: the net cash, optionally the tax withheld and the date. It counts in /balance and /stats, never in the cost.',
      es: 'Registra un dividendo cobrado: el neto, opcionalmente la retención y la fecha. Cuenta en /saldo y /estadisticas, nunca en el coste.',
    },
  },
  {
    key: 'portfolio',
    command: 'portfolio',
    aliases: ['cartera'],
    usage: '/portfolio',
    example: '/portfolio',
    description: { en: 'Open positions with live prices and P&L.', es: 'Posiciones abiertas con precios actuales y P&L.' },
  },
  {
    key: 'balance',
    command: 'balance',
    aliases: ['saldo'],
    usage: '/balance',
    example: '/balance',
    description: {
      en: 'Invested, market value, realized and unrealized P&L, fees, total return.',
      es: 'Invertido, valor de mercado, P&L realizado y latente, comisiones, rentabilidad total.',
    },
  },
  {
    key: 'stats',
    command: 'stats',
    aliases: ['estadisticas'],
    usage: '/stats [day|week|month]',
    example: '/stats month',
    description: {
      en: 'Closed-trade statistics; with a period, P&L grouped by day, week or month.',
      es: 'Estadísticas de operaciones cerradas; con un periodo, P&L por día, semana o mes (dia|semana|mes).',
    },
  },
  {
    key: 'performance',
    command: 'performance',
    aliases: ['rendimiento'],
    usage: '/performance [1m|3m|ytd|1y|all]',
    example: '/performance ytd',
    description: {
      en: 'Time- and money-weighted return, drawdown and volatility, against the benchmark (SPY by default) bought with the same cash flows; all time by default.',
      es: 'Rentabilidad ponderada por tiempo y por dinero, caída máxima y volatilidad, frente al índice de referencia (SPY por defecto) con los mismos flujos; periodos 1m, 3m, ytd, 1a o todo (por defecto).',
    },
  },
  {
    key: 'blacklist',
    command: 'blacklist',
    aliases: ['listanegra'],
    usage: '/blacklist [add|remove TICKER...]',
    example: '/blacklist add TSLA NVDA',
    description: {
      en: 'Tickers your broker does not offer: list them, add or remove some.',
      es: 'Tickers que tu bróker no ofrece: verlos, añadir (anadir) o quitar.',
    },
  },
  {
    key: 'tips',
    command: 'tips',
    aliases: ['notas'],
    usage: '/tips [add TICKER text|remove ID]',
    example: '/tips add MSFT cloud growth, check after earnings',
    description: {
      en: 'Your notes on tickers: list them, add one or remove one by its number.',
      es: 'Tus notas sobre tickers: verlas, añadir (anadir) una o quitar una por su número.',
    },
  },
  {
    key: 'scan',
    command: 'scan',
    aliases: ['escanear'],
    usage: '/scan [N]',
    example: '/scan 10',
    description: {
      en: 'The N stocks (1-50, default 10) furthest below their 180-day high in the latest scan.',
      es: 'Las N acciones (1-50, 10 por defecto) más lejos de su máximo de 180 días en el último escaneo.',
    },
  },
  {
    key: 'chart',
    command: 'chart',
    aliases: ['grafico'],
    usage: '/chart TICKER|portfolio [6m|1y]',
    example: '/chart KO 1y',
    description: {
      en: 'A chart as a picture: a ticker\'s closes with its 180-day high, the drawdown and your trades; or your portfolio\'s value and invested capital.',
      es: 'Un gráfico en imagen: los cierres de un ticker con su máximo de 180 días, la caída y tus operaciones; o el valor de tu cartera y el capital invertido (/grafico cartera).',
    },
  },
  {
    key: 'alert',
    command: 'alert',
    aliases: ['alerta'],
    usage: '/alert TICKER below|above PRICE | TICKER drawdown PCT | remove ID',
    example: '/alert KO below 58',
    description: {
      en: 'A price alert, checked every 15 minutes while the US market is open: below or above a price, or a % below the 180-day high. It fires once; re-arm it from its button.',
      es: 'Una alerta de precio, revisada cada 15 minutos con el mercado de EE. UU. abierto: por debajo (bajo) o por encima (sobre) de un precio, o un % bajo el máximo de 180 días (caida). Salta una vez; se rearma con su botón.',
    },
  },
  {
    key: 'alerts',
    command: 'alerts',
    aliases: ['alertas'],
    usage: '/alerts',
    example: '/alerts',
    description: { en: 'Your price alerts, armed and fired, with their numbers.', es: 'Tus alertas de precio, activas y saltadas, con su número.' },
  },
  {
    key: 'rules',
    command: 'rules',
    aliases: ['reglas'],
    usage: '/rules [set KEY VALUE|reset KEY...]',
    example: '/rules set stopLossPct 10',
    description: {
      en: 'Your trading rules and where they come from; change one (set) or return it to its default (reset).',
      es: 'Tus reglas de trading y de dónde salen; cambia una (set) o devuélvela a su valor por defecto (reset).',
    },
  },
  {
    key: 'notify',
    command: 'notify',
    aliases: ['avisos'],
    usage: '/notify [morning|scan|rules|prices|alerts|all on|silent|off] [quiet HH:MM-HH:MM|off]',
    example: '/notify scan silent',
    description: {
      en: 'What the bot sends on its own (morning analysis, scan summary, rule alerts, price alerts): on, silent (no sound) or off; quiet hours make "on" silent.',
      es: 'Lo que el bot envía por su cuenta (análisis de la mañana, resumen del escaneo, alertas de reglas, alertas de precio): on, silencio u off (mañana, escaneo, reglas, precios, alertas, todo); horas de descanso: /avisos descanso 22:00-07:00.',
    },
  },
  {
    key: 'lessons',
    command: 'lessons',
    aliases: ['lecciones'],
    usage: '/lessons',
    example: '/lessons',
    description: {
      en: 'Patterns from your closed trades, reviewed on the first market day of each month, with the evidence.',
      es: 'Patrones de tus operaciones cerradas, revisados el primer día de mercado de cada mes, con las pruebas.',
    },
  },
  {
    key: 'export',
    command: 'export',
    aliases: ['exportar'],
    usage: '/export',
    example: '/export',
    description: { en: 'A download link for your full trade history (CSV).', es: 'Un enlace para descargar tu historial (CSV).' },
  },
  {
    key: 'undo',
    command: 'undo',
    aliases: ['deshacer'],
    usage: '/undo',
    example: '/undo',
    description: { en: 'Cancel your last recorded trade.', es: 'Anula la última operación registrada.' },
  },
  {
    key: 'help',
    command: 'help',
    aliases: ['ayuda'],
    usage: '/help',
    example: '/help',
    description: { en: 'This list of commands.', es: 'Esta lista de comandos.' },
  },
  {
    key: 'start',
    command: 'start',
    aliases: [],
    usage: '/start',
    example: '/start',
    description: { en: 'Welcome message.', es: 'Mensaje de bienvenida.' },
  },
];

const BY_WORD: ReadonlyMap<string, CatalogueEntry> = new Map(
  COMMAND_CATALOGUE.flatMap((entry) => [entry.command, ...entry.aliases].map((word) => [word, entry] as const)),
);

/**
 * The catalogue entry a command word (without `/`, any case) names, aliases included; `undefined`
 * for words the bot does not know. Use it to route a word or to show one command's usage.
 */
export function findCommand(word: string): CatalogueEntry | undefined {
  return BY_WORD.get(word.toLowerCase());
}

/** The catalogue entry for a key. Use it when the key is known at compile time. */
export function catalogueEntry(key: CatalogueKey): CatalogueEntry {
  // Every key has exactly one entry (checked by a unit test).
  return COMMAND_CATALOGUE.find((e) => e.key === key)!;
}
