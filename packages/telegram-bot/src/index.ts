/**
 * @tradebot/telegram-bot: the Telegraf bot (every command, authorization, replies for phones) and
 * the Telegram `Notifier`. It receives ports as dependencies and wires nothing itself.
 */
export { createBot, updateMayChangeData, DEFAULT_UNDO_WINDOW_MS, type BotDependencies, type BotPorts } from './bot';
// From its own module, not through bot.ts: fn-webhook's snapshot writer bundles it without the bot.
export { positionsSnapshot, POSITIONS_SNAPSHOT_KEY } from './snapshot';
export { TelegramNotifier } from './notifier';
export { cachePriceFeed } from './price-cache';
export { sendHtml, deliverMessages, outgoingMessages, type Delivery, type DeliveryOptions, type OutgoingMessage } from './send';
export { TelegramSendError, type TelegramSendErrorOptions } from './errors';
export {
  formatMoney,
  formatNumber,
  formatPct,
  formatPrice,
  formatQuantity,
  formatRatioPct,
  formatPercentagePoints,
  splitMessage,
  layoutTable,
  PHONE_TABLE_COLUMNS,
  TELEGRAM_MESSAGE_LIMIT,
  type Cell,
  type Language,
  type NumberStyle,
  type TableColumn,
  type TableLayout,
} from './format';
export { messagesFor, type Messages } from './messages';
export { scanSummaryMessage, scanFailedMessage, SCAN_SUMMARY_ROWS } from './scan-messages';
export { commandMenu, type BotCommandItem } from './commands/menu';
export { HANDLED_UPDATE_TYPES } from './updates';
export {
  createResvgRenderer,
  loadChartAssets,
  loadChartAssetsFromPackages,
  chartAssetSources,
  pngChunks,
  withTextChunk,
  ChartRendererUnavailableError,
  CHART_LAYER_DIR,
  CHART_LAYER_NOTICE,
  CHART_ASSET_FILES,
  CHART_DATA_KEYWORD,
  type ChartRenderer,
  type ChartAssets,
  type PngChunk,
} from './charts/png';
export { priceChartSvg, portfolioChartSvg, CHART_WIDTH, CHART_HEIGHT, type ChartSvg } from './charts/svg';
export { alertFiredMessage, TelegramAlertNotifier, marketTime, type AlertMessage } from './alert-notifier';
export { REARM_CALLBACK, rearmCallbackData } from './commands/alerts';
export { portfolioChartPicture } from './commands/chart';
export { TELEGRAM_CAPTION_LIMIT } from './send';
