/** The state of one chat turn and the outcomes a command handler returns. */
import {
  err,
  ok,
  problemLogFields,
  type Command,
  type DocumentProblem,
  type DocumentRead,
  type Logger,
  type PriceFeed,
  type Result,
  type Rules,
} from '@tradebot/core-domain';
import type { Context } from 'telegraf';
import type { BotDependencies } from './bot';
import type { CachedDocument } from './document-cache';
import type { Language } from './format';
import type { Messages } from './messages';
import type { EarlyReads } from './reads';

/** A reply that is a picture: PNG bytes and an HTML caption (short: Telegram allows 1024 characters). */
export interface PhotoReply {
  readonly photo: Uint8Array;
  readonly caption: string;
}

/** One inline button: its label and the callback data it sends (at most 64 bytes; looked up, never trusted). */
export interface Button {
  readonly text: string;
  readonly data: string;
}

/** Rows of inline buttons under a message. */
export type Keyboard = readonly (readonly Button[])[];

/** A reply with inline buttons under it (a proposal's Confirm / Edit / Cancel, `/help`'s commands). */
export interface KeyboardReply {
  readonly html: string;
  readonly keyboard: Keyboard;
}

/** What a command answers with: HTML text, text with buttons, or a picture with an HTML caption (words from `messages.ts`, arguments escaped). */
export type Reply = string | PhotoReply | KeyboardReply;

/** The Bot API's `reply_markup` for a keyboard. */
export function replyMarkup(keyboard: Keyboard): { readonly inline_keyboard: { text: string; callback_data: string }[][] } {
  return { inline_keyboard: keyboard.map((row) => row.map((button) => ({ text: button.text, callback_data: button.data }))) };
}

/** A refusal the user caused (an unknown tip, a sale larger than the holding): nothing was written; `html` says why. */
export interface Refusal {
  readonly html: string;
}

/**
 * What every command handler returns: the reply, or the refusal of what the user asked. A
 * dependency failure (a store that does not answer) is not a result: it rejects, and the bot
 * answers "nothing was recorded, try again".
 */
export type CommandResult = Result<Reply, Refusal>;

/** A handler's answer when the command did what was asked (or found nothing to do). */
export const reply = (html: Reply): CommandResult => ok(html);

/** A handler's answer when the user asked for something it will not do; nothing was written. */
export const refuse = (html: string): { readonly ok: false; readonly error: Refusal } => err({ html });

/** What a document change decided from what it read (`write` or `keep`). */
export type EditDecision<T, K> = { readonly write: T } | { readonly keep: K };

/** A document change's decision to store `document`. */
export const write = <T>(document: T): { readonly write: T } => ({ write: document });

/** A document change's decision to store nothing; `outcome` is what the handler gets back instead. */
export const keep = <K>(outcome: K): { readonly keep: K } => ({ keep: outcome });

/** Aborts a document change from inside it (the ports write nothing when the change throws); never leaves `changeDocument`. */
class NoChange extends Error {}

/**
 * Runs a read-modify-write (`EditableDocument.update`, `RulesRepository.editDocument`) whose change
 * may decide, from the document it read, to write nothing. Those ports abort only when the change
 * throws: the throw stays in here, and the handler gets the decision as a value (`written: false`
 * with the `kept` outcome of the last read). Use it for every conditional document change.
 */
export async function changeDocument<D, T, K>(
  run: (change: (current: D) => T) => Promise<unknown>,
  decide: (current: D) => EditDecision<T, K>,
): Promise<{ readonly written: true; readonly document: T } | { readonly written: false; readonly kept: K }> {
  // The port may call the change again (another read after a conflict): only the last decision counts.
  let last: EditDecision<T, K> | undefined;
  try {
    await run((current) => {
      last = decide(current);
      if ('keep' in last) throw new NoChange();
      return last.write;
    });
  } catch (error) {
    if (error instanceof NoChange && last && 'keep' in last) return { written: false, kept: last.keep };
    throw error;
  }
  if (!last || !('write' in last)) throw new Error('the document change was never called');
  return { written: true, document: last.write };
}

/** Whether a command only reads or may write. */
export type ReadOrWrite = 'read' | 'write';

/** Whether a command changes stored data (decides the "nothing was recorded" wording). */
export function kindOf(command: Command): ReadOrWrite {
  switch (command.name) {
    case 'trade':
    case 'undo':
    case 'export':
      return 'write';
    case 'alert':
    case 'dividend':
      return 'write';
    case 'blacklist':
    case 'tips':
      return command.action === 'list' ? 'read' : 'write';
    case 'rules':
    case 'notify':
      return command.action === 'show' ? 'read' : 'write';
    case 'portfolio':
    case 'balance':
    case 'stats':
    case 'performance':
    case 'scan':
    case 'chart':
    case 'alerts':
    case 'lessons':
    case 'help':
    case 'start':
      return 'read';
  }
}

/** One message being answered: who, in which language, and what to finish before returning. */
export interface Turn {
  readonly ctx: Context;
  readonly chatId: string;
  readonly updateId: number;
  readonly rules: Rules;
  readonly language: Language;
  readonly t: Messages;
  /** When Telegram received the message (ISO). */
  readonly messageAt: string;
  /** The command's first reads, started alongside the rules read (`startReads`). */
  readonly early: EarlyReads;
  /** Optional documents this turn went on without; the reply says so once per document. */
  readonly problems: DocumentProblem[];
  /** Things the bot did on its own during the turn (a split applied), told after the reply (HTML). */
  readonly notices: string[];
}

/**
 * The value of an optional document for a command that can do without it: a corrupt object is
 * skipped (the problem is logged and noted on the turn, so the reply says so); an unreachable store
 * still fails the command, as every other store failure does ("nothing was recorded, try again").
 */
export function withoutCorrupt<T>(s: Pick<Services, 'log'>, turn: Turn, read: DocumentRead<T>): T {
  if (read.ok) return read.value;
  if (read.problem.kind === 'unavailable') throw read.problem.cause;
  noteProblem(s, turn, read.problem);
  return read.value;
}

/** Records (once per document and turn) that a reply went on without a document, and logs why. */
export function noteProblem(s: Pick<Services, 'log'>, turn: Turn, problem: DocumentProblem): void {
  if (turn.problems.some((p) => p.key === problem.key)) return;
  turn.problems.push(problem);
  s.log.error({ ...problemLogFields(problem), chatId: turn.chatId, updateId: turn.updateId }, 'optional document unreadable; going on without it');
}

/** What every command handler shares: the dependencies and the per-process helpers of `createBot`. */
export interface Services {
  readonly deps: BotDependencies;
  readonly log: Logger;
  /** The price feed behind the quote cache. */
  readonly prices: PriceFeed;
  readonly undoWindowMs: number;
  readonly linkExpirySeconds: number;
  /** Drops the cached rules after `/rules` changed them, so the next message reads the new ones. */
  forgetRules(): void;
  /** The blacklist a buy or `/scan` consults, reused for a minute; `forget()` it after `/blacklist` changed it. */
  readonly blacklist: CachedDocument<readonly string[]>;
  /** `chat|symbol` -> the UTC day its splits were last asked for (`applyMarketSplits`). */
  readonly splitChecks: Map<string, string>;
}
