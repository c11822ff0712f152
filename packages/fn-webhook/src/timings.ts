/**
 * The webhook's time bounds, all derived from the Lambda's timeout so they cannot drift apart.
 * Use `webhookTimings(FUNCTION_TIMEOUT_SECONDS)` wherever the webhook is wired.
 */

/**
 * The timeout assumed when `FUNCTION_TIMEOUT_SECONDS` is unset. API Gateway's HTTP API gives up on
 * an integration after at most 30 s, so a longer webhook timeout would only run on after Telegram
 * had been answered 503.
 */
export const DEFAULT_FUNCTION_TIMEOUT_SECONDS = 30;

/** Added to the timeout before an in-progress record counts as dead: clocks of instances differ a little. */
export const IN_PROGRESS_LEASE_MARGIN_SECONDS = 5;

/** The time bounds of one webhook invocation. */
export interface WebhookTimings {
  /**
   * How long an update's IN_PROGRESS idempotency record is honoured: the function timeout plus a
   * margin. A run cannot outlive its timeout, so a record older than this belongs to a run that died
   * (a timeout, a crash) and the next delivery takes the update over; never shorter than the timeout,
   * or a slow run still alive would be run twice.
   */
  readonly inProgressLeaseSeconds: number;
  /** How long a delivery waits for another run of the same update before answering 503: a quarter of the timeout, at most 10 s. */
  readonly inProgressWaitMs: number;
  /**
   * Time for sending an update's reply, Telegram's retries and `retry_after` waits included: a third
   * of the timeout, at most 10 s. With the wait above, at least 5/12 of the timeout stays for the command.
   */
  readonly sendBudgetMs: number;
}

/** The bounds for a function timeout of `functionTimeoutSeconds` (see `WebhookTimings`). */
export function webhookTimings(functionTimeoutSeconds: number = DEFAULT_FUNCTION_TIMEOUT_SECONDS): WebhookTimings {
  const timeoutMs = functionTimeoutSeconds * 1000;
  return {
    inProgressLeaseSeconds: Math.ceil(functionTimeoutSeconds) + IN_PROGRESS_LEASE_MARGIN_SECONDS,
    inProgressWaitMs: Math.min(10_000, Math.floor(timeoutMs / 4)),
    sendBudgetMs: Math.min(10_000, Math.floor(timeoutMs / 3)),
  };
}
