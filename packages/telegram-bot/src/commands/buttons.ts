/** The inline buttons that save typing: `/help`'s command keyboard, `/portfolio`'s per-position row, and their callback data. */
import type { CatalogueKey } from '@tradebot/core-domain';
import { escapeHtml } from '../format';
import { reply, type CommandResult, type Keyboard, type ReadOrWrite, type Services, type Turn } from '../turn';
import { REARM_CALLBACK } from './alerts';
import { help } from './help';
import { tipLine } from './lists';

/** `u:<y|n>:<seq>`: Confirm undo / Cancel under `/undo`'s question. */
export const UNDO_CALLBACK = /^u:([yn]):(\d{1,9})$/;
/** `scan:<offset>:<page size>`: `/scan`'s previous and next page. */
export const SCAN_CALLBACK = /^scan:(\d{1,3}):(\d{1,2})$/;
/** `pos:<s|t|c>:<symbol>`: a position's Sell half / Tips / Chart. */
export const POSITION_CALLBACK = /^pos:([stc]):([A-Za-z0-9.\-]{1,20})$/;
/** `h:<command>`: a command of `/help`'s keyboard. */
export const HELP_CALLBACK = /^h:([a-z]{1,20})$/;

/**
 * Whether a button may change stored data: the webhook spends an idempotency record only on those
 * (a redelivered tap then changes nothing). Re-arm, a proposal's Confirm and Cancel, Confirm undo,
 * and Sell half (it stores a proposal) write; everything else only reads.
 */
export function callbackKind(data: string): ReadOrWrite {
  if (REARM_CALLBACK.test(data)) return 'write';
  if (/^p:[yn]:/.test(data)) return 'write';
  if (/^u:y:/.test(data)) return 'write';
  if (/^pos:s:/.test(data)) return 'write';
  return 'read';
}

/** The commands `/help` offers as buttons: the ones that need no argument. */
const HELP_BUTTONS: readonly CatalogueKey[] = ['portfolio', 'balance', 'stats', 'performance', 'scan', 'alerts', 'tips', 'blacklist', 'rules', 'notify', 'lessons', 'undo'];

/** `/help` and `/start`: the list, then a keyboard of the commands that need no argument. */
export function helpWithButtons(turn: Pick<Turn, 'language' | 't'>, command: 'help' | 'start'): CommandResult {
  const listed = help(turn, command);
  if (!listed.ok || typeof listed.value !== 'string') return listed;
  const buttons = HELP_BUTTONS.map((key) => ({ text: `/${key}`, data: `h:${key}` }));
  const keyboard: Keyboard = [buttons.slice(0, 4), buttons.slice(4, 8), buttons.slice(8, 12)];
  return reply({ html: `${listed.value}\n\n${turn.t.talk.helpButtons}`, keyboard });
}

/**
 * Rows of `/portfolio`'s keyboard at most: three buttons each stays under the ~100 buttons Telegram
 * takes in one inline keyboard (a longer one refuses the whole reply).
 */
export const MAX_POSITION_ROWS = 30;

/** One row per position (the first `MAX_POSITION_ROWS`, in the table's order): Sell half, Tips, and Chart when charts can be drawn. */
export function positionKeyboard(s: Services, turn: Pick<Turn, 't'>, symbols: readonly string[]): Keyboard {
  const { talk } = turn.t;
  return symbols.slice(0, MAX_POSITION_ROWS).map((symbol) => [
    { text: talk.sellHalf(symbol), data: `pos:s:${symbol}` },
    { text: talk.tips(symbol), data: `pos:t:${symbol}` },
    ...(s.deps.charts ? [{ text: talk.chart(symbol), data: `pos:c:${symbol}` }] : []),
  ]);
}

/** The tips about one symbol (a position's Tips button). */
export async function tipsFor(s: Services, turn: Turn, symbol: string): Promise<CommandResult> {
  const tips = (await s.deps.tips.get()).filter((tip) => tip.symbol === symbol);
  if (tips.length === 0) return reply(turn.t.talk.noTipsFor(escapeHtml(symbol)));
  return reply(`${turn.t.tipsTitle}\n${tips.map(tipLine).join('\n')}`);
}
