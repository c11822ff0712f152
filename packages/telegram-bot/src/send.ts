import type { Telegram } from 'telegraf';
import { TelegramSendError } from './errors';
import { splitMessage } from './format';

/**
 * Sends HTML to a chat, split under Telegram's 4096-character limit on line boundaries, without
 * link previews. Use it for every bot message (replies and pushed notifications).
 * Throws `TelegramSendError` when Telegram refuses a part or cannot be reached.
 */
export async function sendHtml(telegram: Telegram, chatId: string | number, html: string): Promise<void> {
  for (const part of splitMessage(html)) {
    try {
      await telegram.sendMessage(chatId, part, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    } catch (error) {
      throw new TelegramSendError(String(chatId), `Telegram did not accept a message for chat ${chatId}: ${(error as Error).message}`, { cause: error });
    }
  }
}
