import { TradebotError } from '@tradebot/core-domain';

/** The Lambda's environment is missing or malformed; names every bad variable. */
export class CollectorConfigError extends TradebotError {
  constructor(readonly issues: string) {
    super(`fn-collector configuration is invalid: ${issues}`);
  }
}

/** The scheduler event carries input the collector does not understand. */
export class CollectorEventError extends TradebotError {}
