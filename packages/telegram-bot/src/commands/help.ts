/** `/help` and `/start`. */
import {
  COMMAND_CATALOGUE,
} from '@tradebot/core-domain';
import { escapeHtml } from '../format';
import { reply, type CommandResult, type Turn } from '../turn';

/** `/help` and `/start`: every command with its aliases, what it does and one example, under the command's own title. */
export function help(turn: Pick<Turn, 'language' | 't'>, command: 'help' | 'start'): CommandResult {
  const { language, t } = turn;
  const lines = COMMAND_CATALOGUE.map((entry) => {
    const names = [entry.command, ...entry.aliases].map((name) => `/${name}`).join(' · ');
    return `<b>${escapeHtml(names)}</b> — ${escapeHtml(entry.description[language])}\n<code>${escapeHtml(entry.example)}</code>`;
  });
  const title = command === 'start' ? t.startTitle : t.helpTitle;
  return reply(`${title}\n\n${lines.join('\n\n')}\n\n<i>${escapeHtml(t.helpFooter)}</i>`);
}
