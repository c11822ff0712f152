import { TradebotError } from '@tradebot/core-domain';

/** The Lambda's environment is missing or malformed; the function cannot start. */
export class WebhookConfigError extends TradebotError {
  constructor(readonly issues: string, options?: ErrorOptions) {
    super(`fn-webhook configuration is invalid: ${issues}`, options);
  }
}
