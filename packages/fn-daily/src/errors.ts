import { TradebotError } from '@tradebot/core-domain';

/** The Lambda's environment is missing or invalid; the message names every bad variable. */
export class DailyConfigError extends TradebotError {}

/** The scheduler event carried something the job cannot use (e.g. a malformed `date`). */
export class DailyEventError extends TradebotError {}

/**
 * The run finished but at least one chat did not get its message. Thrown by the handler so the
 * platform retries; the daily log was written first, and a retry sends only to the chats that
 * did not get it.
 */
export class DailyDeliveryError extends TradebotError {
  constructor(
    readonly date: string,
    readonly failedChats: readonly string[],
    options?: ErrorOptions,
  ) {
    super(`Daily analysis ${date}: delivery failed for ${failedChats.length} chat(s); the log is saved and a retry sends only to them.`, options);
  }
}
