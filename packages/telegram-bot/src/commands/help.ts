/** `/help` and `/start`. */
import {
  COMMAND_CATALOGUE,
} from '@tradebot/core-domain';
import { escapeHtml, type Language } from '../format';

/** The `/help` and `/start` text: every command with its aliases, what it does and one example. */
export function help(language: Language, title: string, footer: string): string {
  const lines = COMMAND_CATALOGUE.map((entry) => {
    const names = [entry.command, ...entry.aliases].map((name) => `/${name}`).join(' · ');
    return `<b>${escapeHtml(names)}</b> — ${escapeHtml(entry.description[language])}\n<code>${escapeHtml(entry.example)}</code>`;
  });
  return `${title}\n\n${lines.join('\n\n')}\n\n<i>${escapeHtml(footer)}</i>`;
}
