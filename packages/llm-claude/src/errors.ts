import { APIConnectionError, APIConnectionTimeoutError, APIError, RateLimitError } from '@anthropic-ai/sdk/core/error';
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

/** An SDK failure as this package's `ClaudeError` (anything else is returned unchanged). */
export function translateClaudeError(error: unknown, timeoutMs: number): unknown {
  if (error instanceof ClaudeError) return error;
  if (error instanceof APIConnectionTimeoutError) return new ClaudeTimeoutError(timeoutMs, { cause: error });
  if (error instanceof RateLimitError) {
    const header = error.headers?.get('retry-after');
    const seconds = header !== null && header !== undefined && header !== '' && Number.isFinite(Number(header)) ? Number(header) : null;
    return new ClaudeRateLimitedError(seconds, { cause: error });
  }
  if (error instanceof APIConnectionError) return new ClaudeUnavailableError(null, { cause: error });
  if (error instanceof APIError && typeof error.status === 'number') {
    if (error.status >= 500) return new ClaudeUnavailableError(error.status, { cause: error });
    const body = error.error as { error?: { type?: unknown } } | undefined;
    const type = typeof body?.error?.type === 'string' ? body.error.type : null;
    return new ClaudeRequestError(error.status, type, { cause: error });
  }
  return error;
}
