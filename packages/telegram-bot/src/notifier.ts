import type { Notifier } from '@tradebot/core-domain';
import type { Telegram } from 'telegraf';
import { sendHtml } from './send';

/**
 * `Notifier` over Telegraf's Bot API client: pushes HTML messages (the daily analysis, scan
 * summaries), split under 4096 characters. Use it in jobs that message the investor unprompted;
 * it throws `TelegramSendError` so the caller can still save its work when Telegram is down.
 */
export class TelegramNotifier implements Notifier {
  constructor(private readonly telegram: Telegram) {}

  async send(chatId: string, html: string, options: { readonly silent?: boolean } = {}): Promise<void> {
    await sendHtml(this.telegram, chatId, html, options);
  }

  /** A picture (PNG) captioned with `html`, then the rest of `html` when it is longer than a caption. */
  async sendPhoto(chatId: string, photo: Uint8Array, html: string, options: { readonly silent?: boolean } = {}): Promise<void> {
    await sendHtml(this.telegram, chatId, html, { ...options, photo });
  }
}
