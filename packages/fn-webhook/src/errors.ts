import { TradebotError } from '@tradebot/core-domain';

/** The Lambda's environment is missing or malformed; the function cannot start. */
export class WebhookConfigError extends TradebotError {
  constructor(readonly issues: string, options?: ErrorOptions) {
    super(`fn-webhook configuration is invalid: ${issues}`, options);
  }
}

/** The snapshot writer was invoked with something that is not a DynamoDB stream event (`Records`). */
export class SnapshotEventError extends TradebotError {
  constructor(readonly issues: string, options?: ErrorOptions) {
    super(`not a DynamoDB stream event: ${issues}`, options);
  }
}
