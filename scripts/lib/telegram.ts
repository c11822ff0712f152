/**
 * The few Bot API calls the operator scripts make (getMe, setWebhook, getWebhookInfo,
 * setMyCommands), with fetch. The token is part of every URL, so no message from here ever
 * contains a URL or the token.
 */
import { redact } from './cli';

/** Telegram's own API root; tests and self-hosted Bot API servers pass another. */
export const TELEGRAM_API_ROOT = 'https://api.telegram.org';

/** Telegram answered with `ok: false` (the remote said no). */
export class TelegramApiError extends Error {
  constructor(
    readonly method: string,
    readonly errorCode: number,
    readonly description: string,
  ) {
    super(`Telegram refused ${method}: ${errorCode} ${description}`);
    this.name = 'TelegramApiError';
  }
}

/** Telegram could not be reached or answered something that is not the Bot API. */
export class TelegramUnreachableError extends Error {
  constructor(
    readonly method: string,
    reason: string,
  ) {
    super(`Could not reach the Telegram Bot API for ${method}: ${reason}`);
    this.name = 'TelegramUnreachableError';
  }
}

/** `getWebhookInfo`'s answer (the fields the scripts read). */
export interface WebhookInfo {
  readonly url: string;
  readonly pending_update_count: number;
  readonly last_error_date?: number;
  readonly last_error_message?: string;
  readonly max_connections?: number;
  readonly allowed_updates?: readonly string[];
}

/** A Bot API client bound to one token. */
export interface BotApi {
  call<T>(method: string, params?: Record<string, unknown>): Promise<T>;
}

/**
 * A Bot API client for `token` at `apiRoot`. Use it for operator calls; the bot itself uses
 * Telegraf. Errors are `TelegramApiError` or `TelegramUnreachableError`, never carrying the token.
 */
export function botApi(apiRoot: string, token: string): BotApi {
  const root = apiRoot.replace(/\/+$/, '');
  return {
    async call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
      let response: Response;
      try {
        response = await fetch(`${root}/bot${token}/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(params),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        const cause = (error as { cause?: { message?: string } }).cause?.message;
        throw new TelegramUnreachableError(method, redact(cause ?? (error as Error).message, [token]));
      }
      let body: { ok?: boolean; result?: T; error_code?: number; description?: string };
      try {
        body = (await response.json()) as typeof body;
      } catch {
        throw new TelegramUnreachableError(method, `HTTP ${response.status} with a body that is not JSON`);
      }
      if (body.ok === true) return body.result as T;
      throw new TelegramApiError(method, body.error_code ?? response.status, redact(body.description ?? 'no description', [token]));
    },
  };
}

/** Telegram's rule for `secret_token`: 1-256 characters, letters, digits, `_` and `-`. */
export const WEBHOOK_SECRET_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

/** What a token from @BotFather looks like (`123456789:AA...`). */
export const BOT_TOKEN_PATTERN = /^\d{5,}:[A-Za-z0-9_-]{30,}$/;
