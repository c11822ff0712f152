import { DependencyError, TradebotError } from '@tradebot/core-domain';

/** S3 could not be reached or refused the request (permissions, missing bucket, throttling). */
export class DocumentStoreUnavailableError extends DependencyError {
  constructor(
    readonly operation: string,
    readonly key: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super('S3', `S3 ${operation} of ${key} failed: ${message}`, options);
  }
}

/** SSM Parameter Store could not be read, or a required secret is missing or empty. */
export class SecretsUnavailableError extends DependencyError {
  constructor(message: string, options?: ErrorOptions) {
    super('SSM', message, options);
  }
}

/** `EnvSecretsProvider` was constructed inside a Lambda, where secrets must come from SSM. */
export class EnvSecretsForbiddenError extends TradebotError {
  constructor() {
    super('Secrets from environment variables are only allowed when running locally; in Lambda use SsmSecretsProvider.');
  }
}

/** A value given to a repository is not storable (a bad date, an invalid key). Nothing was written. */
export class InvalidDocumentInputError extends TradebotError {}

/**
 * A change ran so long that its document lease expired before it could write, so another writer
 * may hold the document now. Nothing was written; the change can be tried again.
 */
export class DocumentLeaseLostError extends TradebotError {
  constructor(readonly key: string) {
    super(`The lease on ${key} expired before the change was written. Nothing was written; try again.`);
  }
}
