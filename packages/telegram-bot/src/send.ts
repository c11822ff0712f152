import type { Logger } from '@tradebot/core-domain';
import { DelegateBackoff, ExponentialBackoff, handleWhen, retry, type IBackoff, type IRetryBackoffContext } from 'cockatiel';
import { TelegramError, type Telegram } from 'telegraf';
import { TelegramSendError } from './errors';
import { splitMessage } from './format';
import { replyMarkup, type Keyboard } from './turn';

/**
 * One message as Telegram receives it: a reply, or one part of a long one (under 4096 characters);
 * with `photo`, a picture (PNG bytes) whose caption is `html`.
 */
export interface OutgoingMessage {
  readonly chatId: string;
  readonly html: string;
  readonly photo?: Uint8Array;
  /** Inline buttons under the message (the last part of a split reply carries them). */
  readonly keyboard?: Keyboard;
  /** Sent without a sound (`disable_notification`): a `/notify` silent kind, or quiet hours. */
  readonly silent?: boolean;
}

/** Telegram's limit on a photo's caption (after entity parsing); a longer text follows the photo. */
export const TELEGRAM_CAPTION_LIMIT = 1024;

/**
 * The messages a reply becomes: split under Telegram's 4096-character limit on line boundaries.
 * Use it to collect replies that `deliverMessages` sends later (the split is deterministic, so a
 * stored list can be resumed after the last message Telegram accepted). With `photo`, the picture
 * comes first, captioned with `html` when it fits a caption, else followed by it.
 */
export function outgoingMessages(chatId: string | number, html: string, photo?: Uint8Array, keyboard?: Keyboard): OutgoingMessage[] {
  const id = String(chatId);
  if (keyboard && keyboard.length > 0) {
    const parts = outgoingMessages(id, html, photo);
    const last = parts[parts.length - 1]!;
    return [...parts.slice(0, -1), { ...last, keyboard }];
  }
  if (photo) {
    if (html.length <= TELEGRAM_CAPTION_LIMIT) return [{ chatId: id, html, photo }];
    return [{ chatId: id, html: '', photo }, ...outgoingMessages(id, html)];
  }
  return splitMessage(html).map((part) => ({ chatId: id, html: part }));
}

/** Tuning of `deliverMessages`. The defaults suit a person waiting for a reply. */
export interface DeliveryOptions {
  /**
   * Time the whole delivery may take, waits and retries included (ms; default 8 000). A retry
   * starts only if its wait ends within the budget, and each attempt is cut off at the budget.
   */
  readonly budgetMs?: number;
  /** Longest wait for one request (ms; default 5 000). `Infinity`: no limit of its own. */
  readonly attemptTimeoutMs?: number;
  /** Retries of one message after its first attempt (default 5). */
  readonly maxRetries?: number;
  /** First backoff after a 5xx or a network error (ms; default 200), then exponential with jitter. */
  readonly initialDelayMs?: number;
  /** Longest such backoff (ms; default 2 000). A 429's `retry_after` is honoured as asked. */
  readonly maxDelayMs?: number;
  /** Receives a warning per retry. */
  readonly logger?: Logger;
}

/** What became of a delivery; `sent` counts the messages Telegram accepted, from the first. */
export type Delivery =
  | { readonly outcome: 'delivered'; readonly sent: number }
  /** Telegram said no for good (400 "message is too long", 403 "bot was blocked"...): retrying cannot help. */
  | { readonly outcome: 'refused'; readonly sent: number; readonly error: TelegramSendError }
  /**
   * Telegram was down (5xx), asked for a wait longer than the budget (429) or could not be reached:
   * the messages from `sent` on may go out later. `retryAfterSeconds` is Telegram's ask, when it made one.
   */
  | { readonly outcome: 'unavailable'; readonly sent: number; readonly error: TelegramSendError; readonly retryAfterSeconds?: number };

/** How a failed request is treated. */
interface SendFailure {
  readonly kind: 'rate-limited' | 'unavailable' | 'refused';
  /** Telegram's `error_code` (HTTP status); undefined when Telegram was not reached. */
  readonly errorCode?: number;
  readonly retryAfterSeconds?: number;
}

/** Below this much budget an attempt is not worth starting (ms). */
const MIN_ATTEMPT_MS = 100;

function classify(error: unknown): SendFailure {
  if (error instanceof TelegramError) {
    const errorCode = error.code;
    if (errorCode === 429) {
      const asked = error.parameters?.retry_after;
      return { kind: 'rate-limited', errorCode, retryAfterSeconds: typeof asked === 'number' && asked >= 0 ? asked : 1 };
    }
    return { kind: errorCode >= 500 ? 'unavailable' : 'refused', errorCode };
  }
  // Not reached, timed out, or the connection dropped: the request may not have been processed.
  return { kind: 'unavailable' };
}

const waitOf = (failure: SendFailure): number => (failure.retryAfterSeconds ?? 0) * 1000;

/**
 * Sends messages in order, each as HTML without link previews, retrying within a time budget: a
 * 429 after the `retry_after` Telegram asks for (if that fits the budget), a 5xx or a network
 * error after an exponential backoff with jitter; a refusal (other 4xx) is final. Stops at the first
 * message that could not be sent, so the rest can be resumed from `sent`. Use it wherever a
 * delivery outcome matters (the webhook: answer Telegram non-2xx so it redelivers); it never throws
 * for a Telegram failure, it returns it. A timed-out request may still have been delivered, so a
 * retry can, rarely, show a message twice: at least once, never lost silently.
 */
export async function deliverMessages(telegram: Telegram, messages: readonly OutgoingMessage[], options: DeliveryOptions = {}): Promise<Delivery> {
  const budgetMs = options.budgetMs ?? 8_000;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 5_000;
  const started = Date.now();
  const remaining = (): number => budgetMs - (Date.now() - started);
  const exponential = new ExponentialBackoff({ initialDelay: options.initialDelayMs ?? 200, maxDelay: options.maxDelayMs ?? 2_000 });
  type Context = IRetryBackoffContext<unknown>;
  type Backoff = IBackoff<unknown>;
  const policy = retry(
    // Retry only what may get better, and only when the wait leaves time for another attempt.
    handleWhen((error) => {
      const failure = classify(error);
      return failure.kind !== 'refused' && waitOf(failure) + MIN_ATTEMPT_MS <= remaining();
    }),
    {
      maxAttempts: options.maxRetries ?? 5,
      backoff: new DelegateBackoff<Context, Backoff | undefined>((context, previous) => {
        const next = previous ? previous.next(undefined) : exponential.next();
        const failure = 'error' in context.result ? classify(context.result.error) : { kind: 'unavailable' as const };
        const delay = failure.kind === 'rate-limited' ? waitOf(failure) : Math.max(0, Math.min(next.duration, remaining() - MIN_ATTEMPT_MS));
        return { delay, state: next };
      }),
    },
  );
  const chatOf = { current: '' };
  policy.onRetry((event) => {
    const failure = 'error' in event ? classify(event.error) : undefined;
    options.logger?.warn(
      { chatId: chatOf.current, attempt: event.attempt, delayMs: event.delay, errorCode: failure?.errorCode, error: 'error' in event ? event.error.message : undefined },
      'telegram send retry',
    );
  });

  let sent = 0;
  for (const message of messages) {
    chatOf.current = message.chatId;
    try {
      if (remaining() < MIN_ATTEMPT_MS) throw new TelegramSendError(message.chatId, `The time to send to chat ${message.chatId} ran out after ${budgetMs} ms.`);
      await policy.execute(async (): Promise<unknown> => {
        const limit = Math.min(attemptTimeoutMs, Math.max(remaining(), MIN_ATTEMPT_MS));
        const signal = Number.isFinite(limit) ? { signal: timeoutSignal(limit) } : {};
        if (message.photo) {
          // A multipart upload (Telegraf sends an InputFile `{ source }` as multipart/form-data).
          return telegram.callApi(
            'sendPhoto',
            {
              chat_id: message.chatId,
              photo: { source: Buffer.from(message.photo), filename: 'chart.png' },
              ...(message.html ? { caption: message.html, parse_mode: 'HTML' as const } : {}),
              ...(message.silent ? { disable_notification: true } : {}),
            },
            signal,
          );
        }
        return telegram.callApi(
          'sendMessage',
          {
            chat_id: message.chatId,
            text: message.html,
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
            ...(message.keyboard ? { reply_markup: replyMarkup(message.keyboard) } : {}),
            ...(message.silent ? { disable_notification: true } : {}),
          },
          signal,
        );
      });
      sent += 1;
    } catch (error) {
      const failure = error instanceof TelegramSendError ? ({ kind: 'unavailable' } as const) : classify(error);
      const sendError =
        error instanceof TelegramSendError
          ? error
          : new TelegramSendError(message.chatId, `Telegram did not accept a message for chat ${message.chatId}: ${(error as Error).message}`, {
              cause: error,
              ...(failure.errorCode === undefined ? {} : { errorCode: failure.errorCode }),
            });
      if (failure.kind === 'refused') return { outcome: 'refused', sent, error: sendError };
      return { outcome: 'unavailable', sent, error: sendError, ...(failure.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: failure.retryAfterSeconds }) };
    }
  }
  return { outcome: 'delivered', sent };
}

/** The signal type telegraf declares (the abort-controller shim's); node-fetch takes Node's own. */
type CallApiSignal = NonNullable<NonNullable<Parameters<Telegram['callApi']>[2]>['signal']>;
const timeoutSignal = (ms: number): CallApiSignal => AbortSignal.timeout(ms) as unknown as CallApiSignal;

/** One attempt per message, no time limit: what a caller that handles failures itself wants. */
const ONE_ATTEMPT: DeliveryOptions = { maxRetries: 0, budgetMs: Infinity, attemptTimeoutMs: Infinity };

/**
 * Sends HTML to a chat, split under Telegram's 4096-character limit on line boundaries, without
 * link previews, one attempt per part (`silent`: without a sound; `photo`: a picture first, captioned
 * with `html` when it fits). Use it for messages whose caller keeps its own record of
 * what was sent (the daily report); use `deliverMessages` for retries and an outcome.
 * Throws `TelegramSendError` when Telegram refuses a part or cannot be reached.
 */
export async function sendHtml(telegram: Telegram, chatId: string | number, html: string, options: { readonly silent?: boolean; readonly photo?: Uint8Array } = {}): Promise<void> {
  const messages = outgoingMessages(chatId, html, options.photo).map((message) => (options.silent ? { ...message, silent: true } : message));
  const delivery = await deliverMessages(telegram, messages, ONE_ATTEMPT);
  if (delivery.outcome !== 'delivered') throw delivery.error;
}
