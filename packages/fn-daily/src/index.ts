/**
 * @tradebot/fn-daily: the Lambda that pushes the morning analysis. `handler` is the Lambda entry;
 * `createDailyJob` is the use case (`pnpm daily` runs it against the local stack).
 */
export { handler, type DailyHandlerResult } from './handler';
export { createDailyJob, analystFor, dailyLock, telegramNotifierFor, type DailyDocuments, type DailyJob, type DailyJobDependencies, type DailyRunResult } from './app';
export { loadConfig, parseDailyEvent, type DailyConfig } from './config';
export { composeDailyMessage, noticeText, type AnalysisNotice } from './message';
export { localDate } from './date';
export { DailyConfigError, DailyEventError, DailyDeliveryError } from './errors';
