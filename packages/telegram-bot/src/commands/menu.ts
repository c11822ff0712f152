/** The command menu Telegram shows next to the text field (`setMyCommands`), from the catalogue. */
import { COMMAND_CATALOGUE } from '@tradebot/core-domain';
import type { Language } from '../format';

/** One entry of Telegram's `BotCommand` list. */
export interface BotCommandItem {
  /** 1-32 characters: lowercase letters, digits and underscores, without `/`. */
  readonly command: string;
  /** 1-256 characters. */
  readonly description: string;
}

/**
 * The command menu in `language`, one entry per `COMMAND_CATALOGUE` entry in `/help`'s order, so
 * the menu, `/help` and usage errors never disagree. The Spanish menu offers the Spanish word
 * (`/compro`, `/cartera`...) where the catalogue has one (its first alias); the bot understands
 * both. Use it for `setMyCommands` (the default list in English, `language_code: "es"` in Spanish).
 */
export function commandMenu(language: Language): BotCommandItem[] {
  return COMMAND_CATALOGUE.map((entry) => ({
    command: language === 'es' ? (entry.aliases[0] ?? entry.command) : entry.command,
    description: entry.description[language],
  }));
}
