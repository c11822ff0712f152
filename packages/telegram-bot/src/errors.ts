import { TradebotError } from '@tradebot/core-domain';

/** Context of a `TelegramSendError`. */
export interface TelegramSendErrorOptions extends ErrorOptions {
  /** Telegram's `error_code` (the HTTP status it answered), when it answered at all. */
  readonly errorCode?: number;
}

/** Telegram refused or could not be reached while the bot was sending a message. */
export class TelegramSendError extends TradebotError {
  /** Telegram's `error_code`; undefined when Telegram was not reached (network error, timeout). */
  readonly errorCode: number | undefined;

  constructor(
    readonly chatId: string,
    message: string,
    options?: TelegramSendErrorOptions,
  ) {
    super(message, options);
    this.errorCode = options?.errorCode;
  }
}
