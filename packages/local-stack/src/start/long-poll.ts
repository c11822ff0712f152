import { HANDLED_UPDATE_TYPES } from '@tradebot/telegram-bot';

/** What long polling needs. */
export interface LongPollOptions {
  readonly token: string;
  /** Bot API root (real Telegram by default). */
  readonly apiRoot: string;
  readonly webhookUrl: string;
  readonly secretToken: string;
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
}

interface ApiAnswer<T> {
  readonly ok: boolean;
  readonly result?: T;
  readonly error_code?: number;
  readonly description?: string;
}

/** Calls a Bot API method with fetch (no SDK needed for three methods). */
export async function callBotApi<T>(apiRoot: string, token: string, method: string, params: Record<string, unknown> = {}, signal?: AbortSignal): Promise<ApiAnswer<T>> {
  const res = await fetch(`${apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
    ...(signal ? { signal } : {}),
  });
  return (await res.json()) as ApiAnswer<T>;
}

/**
 * Feeds updates from Telegram's `getUpdates` (long polling) into the local webhook, one at a time,
 * confirming each with the next offset once the webhook answered. Runs until `signal` aborts.
 * Use it for `pnpm start` with a real bot token: the same webhook path runs as in the cloud.
 */
export async function runLongPolling(options: LongPollOptions): Promise<void> {
  let offset = 0;
  let failures = 0;
  while (!options.signal.aborted) {
    try {
      const answer = await callBotApi<{ update_id: number }[]>(options.apiRoot, options.token, 'getUpdates', { offset, timeout: 25, allowed_updates: HANDLED_UPDATE_TYPES }, options.signal);
      if (!answer.ok) {
        if (answer.error_code === 409) {
          options.log('Telegram says a webhook is registered for this bot, so long polling cannot run. Restart with --delete-webhook to remove it.');
          return;
        }
        throw new Error(`getUpdates failed: ${answer.error_code} ${answer.description ?? ''}`);
      }
      failures = 0;
      for (const update of answer.result ?? []) {
        const res = await fetch(options.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': options.secretToken },
          body: JSON.stringify(update),
        });
        options.log(`update ${update.update_id} -> HTTP ${res.status}`);
        offset = update.update_id + 1;
      }
    } catch (error) {
      if (options.signal.aborted) return;
      failures += 1;
      const waitMs = Math.min(30_000, 1000 * 2 ** Math.min(failures, 5));
      options.log(`${(error as Error).message}; retrying in ${Math.round(waitMs / 1000)} s`);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}
