/** The message of a fired price alert, with its re-arm button, and the sender jobs use for it. */
import { describeCondition, type AlertFiring, type PriceAlert } from '@tradebot/core-domain';
import type { Telegram } from 'telegraf';
import { rearmCallbackData } from './commands/alerts';
import { TelegramSendError } from './errors';
import { escapeHtml, formatPct, formatPrice, type Language } from './format';
import { messagesFor } from './messages';

/** A message with an inline keyboard, as `sendMessage` takes it. */
export interface AlertMessage {
  readonly html: string;
  readonly replyMarkup: { readonly inline_keyboard: readonly (readonly { readonly text: string; readonly callback_data: string }[])[] };
}

let newYork: Intl.DateTimeFormat | undefined;

/** `2026-11-17 14:45 New York`: when the price was seen, in the market's own time (the place named in `language`). */
export function marketTime(iso: string, language: Language = 'en'): string {
  newYork ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const parts = Object.fromEntries(newYork.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return messagesFor(language).alerts.inNewYork(`${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`);
}

/**
 * What the investor reads when `alert` fires: what triggered it, with the price and its time, and a
 * button that re-arms it. Use it wherever alerts are checked (the collector).
 */
export function alertFiredMessage(alert: PriceAlert, firing: AlertFiring, currency: string, language: Language): AlertMessage {
  const t = messagesFor(language).alerts;
  const lines = [
    t.fire(escapeHtml(alert.symbol), escapeHtml(describeCondition(alert.condition, language)), formatPrice(firing.price, language), escapeHtml(currency), marketTime(firing.priceAt, language)),
  ];
  if (firing.peak && firing.drawdownPct !== undefined) lines.push(t.fireDrawdown(formatPrice(firing.peak, language), formatPct(firing.drawdownPct, language)));
  if (firing.simulated) lines.push(`<i>${t.simulated}</i>`);
  lines.push(`<i>#${alert.id}</i>`);
  return { html: lines.join('\n'), replyMarkup: { inline_keyboard: [[{ text: t.rearmButton, callback_data: rearmCallbackData(alert.id) }]] } };
}

/**
 * Sends alert messages with their button. Throws `TelegramSendError` when Telegram refuses or cannot
 * be reached, so the caller can give the firing back and let the next check try again.
 */
export class TelegramAlertNotifier {
  constructor(private readonly telegram: Telegram) {}

  async send(chatId: string, message: AlertMessage, options: { readonly silent?: boolean } = {}): Promise<void> {
    try {
      await this.telegram.callApi('sendMessage', {
        chat_id: chatId,
        text: message.html,
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        reply_markup: message.replyMarkup as never,
        ...(options.silent ? { disable_notification: true } : {}),
      });
    } catch (error) {
      throw new TelegramSendError(chatId, `Telegram did not accept an alert for chat ${chatId}: ${(error as Error).message}`, { cause: error });
    }
  }
}
