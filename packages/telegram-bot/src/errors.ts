import { TradebotError } from '@tradebot/core-domain';

/** Telegram refused or could not be reached while the bot was sending a message. */
export class TelegramSendError extends TradebotError {
  constructor(
    readonly chatId: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
