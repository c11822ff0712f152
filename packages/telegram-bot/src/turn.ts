/** The state of one chat turn and the outcomes a command handler can signal. */
import { problemLogFields, type Command, type DocumentProblem, type DocumentRead, type LedgerState, type Logger, type PriceFeed, type Rules } from '@tradebot/core-domain';
import type { Context } from 'telegraf';
import type { BotDependencies } from './bot';
import type { Language } from './format';
import type { Messages } from './messages';

/** A refusal the user caused: reply and stop, nothing was written. */
export class Refusal extends Error {
  constructor(readonly html: string) {
    super('refused');
  }
}

/** A reply that is a picture: PNG bytes and an HTML caption (short: Telegram allows 1024 characters). */
export interface PhotoReply {
  readonly photo: Uint8Array;
  readonly caption: string;
}

/** What a command handler answers: HTML text, or a picture with a caption. */
export type CommandReply = string | PhotoReply;

/** Thrown inside a document `update` to abort it without writing. */
export class NoChange extends Error {}

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
      return command.action === 'show' ? 'read' : 'write';
    case 'portfolio':
    case 'balance':
    case 'stats':
    case 'performance':
    case 'scan':
    case 'chart':
    case 'alerts':
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
  /** Work that may overlap the reply (the snapshot rewrite); awaited before the update completes. */
  readonly pending: Promise<void>[];
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
  /** Rewrites the positions snapshot; logs and swallows a failure (the ledger is the truth). */
  writeSnapshot(turn: Turn, state: LedgerState): Promise<void>;
  /** Drops the cached rules after `/rules` changed them, so the next message reads the new ones. */
  forgetRules(): void;
  /** `chat|symbol` -> the UTC day its splits were last asked for (`applyMarketSplits`). */
  readonly splitChecks: Map<string, string>;
}
