import { DependencyError, type AnalysisUsage, type Decimal } from '@tradebot/core-domain';

/**
 * Claude could not answer. Catch this base class when any model failure should fall back to the
 * deterministic brief; catch a subclass to tell the investor why.
 */
export class ClaudeError extends DependencyError {
  constructor(message: string, options?: ErrorOptions) {
    super('claude', message, options);
  }
}

/** Claude refused for rate (HTTP 429) even after the SDK's retries. */
export class ClaudeRateLimitedError extends ClaudeError {
  constructor(
    /** Seconds the API asked us to wait (`retry-after`), when it said. */
    readonly retryAfterSeconds: number | null,
    options?: ErrorOptions,
  ) {
    super(`Claude is rate limiting us${retryAfterSeconds !== null ? ` (retry after ${retryAfterSeconds}s)` : ''}.`, options);
  }
}

/** Claude could not be reached or answered with a server error (5xx, 529 overloaded, connection refused). */
export class ClaudeUnavailableError extends ClaudeError {
  constructor(
    readonly status: number | null,
    options?: ErrorOptions,
  ) {
    super(`Claude is unavailable${status !== null ? ` (HTTP ${status})` : ' (no connection)'}.`, options);
  }
}

/** Claude did not answer within the configured timeout (after the SDK's retries). */
export class ClaudeTimeoutError extends ClaudeError {
  constructor(
    readonly timeoutMs: number,
    options?: ErrorOptions,
  ) {
    super(`Claude did not answer within ${timeoutMs} ms.`, options);
  }
}

/** Claude said no to the request itself (4xx other than 429: bad key, bad model id, bad request). */
export class ClaudeRequestError extends ClaudeError {
  constructor(
    readonly status: number,
    readonly apiErrorType: string | null,
    options?: ErrorOptions,
  ) {
    super(`Claude refused the request (HTTP ${status}${apiErrorType ? `, ${apiErrorType}` : ''}).`, options);
  }
}

/**
 * Claude answered but with no text (e.g. the output limit was spent on thinking). The call was
 * billed all the same: `usage` and `costUsd` say how much, so a budget can count it.
 */
export class ClaudeEmptyAnswerError extends ClaudeError {
  constructor(
    readonly stopReason: string | null,
    readonly usage: AnalysisUsage,
    readonly costUsd: Decimal,
  ) {
    super(`Claude returned no text (stop reason: ${stopReason ?? 'unknown'}).`);
  }
}

/**
 * Claude answered (and was billed: `usage`, `costUsd`) but its text is not the JSON that was asked
 * for (the monthly lessons review). The cost still counts in the month's budget.
 */
export class ClaudeUnreadableAnswerError extends ClaudeError {
  constructor(
    readonly issues: string,
    readonly usage: AnalysisUsage,
    readonly costUsd: Decimal,
  ) {
    super(`Claude's answer is not the JSON that was asked for (${issues}).`);
  }
}

/** Claude (or something in between) answered 200 with a body that is not a Messages API message. */
export class ClaudeBadResponseError extends ClaudeError {
  constructor(readonly issues: string) {
    super(`Claude's answer did not have the expected shape (${issues}).`);
  }
}
