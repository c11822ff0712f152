import { parseDecimal, type Decimal } from '../decimal';
import { err, ok, type Result } from '../result';
import { UsageErrorCode, type Command, type StatsPeriod, type UsageError } from '../types/commands';
import { findCommand, type CatalogueEntry } from './catalogue';
import { normaliseTicker } from './tickers';

/** Options of `parseCommand`. */
export interface ParseOptions {
  /**
   * The bot's username without `@`. When given, `/cmd@other_bot` (a command addressed to another
   * bot in a group) is `NOT_A_COMMAND`; when absent every `@suffix` is accepted.
   */
  readonly botUsername?: string;
  /** Today's `YYYY-MM-DD` (the caller's clock). When given, trade dates after it are refused. */
  readonly today?: string;
}

/** Smallest and largest `/scan N`, and the default. */
export const SCAN_LIMIT = { min: 1, max: 50, default: 10 } as const;

// A number typed in chat: longer than this is a slip of the keyboard, not an amount.
const MAX_NUMBER_LENGTH = 24;
const COMMAND_HEAD = /^\/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const PERIODS: ReadonlyMap<string, StatsPeriod> = new Map([
  ['day', 'day'],
  ['dia', 'day'],
  ['día', 'day'],
  ['week', 'week'],
  ['semana', 'week'],
  ['month', 'month'],
  ['mes', 'month'],
]);
const ADD_WORDS = new Set(['add', 'anadir', 'añadir']);
const REMOVE_WORDS = new Set(['remove', 'quitar', 'rm', 'del']);

/**
 * Whether a message is meant as a command (starts with `/` and a letter). Use it to route plain
 * text (free questions, notes) away from the command parser without producing an error.
 */
export function isCommandText(text: string): boolean {
  return /^\s*\/[A-Za-z]/.test(text);
}

/** Whether `YYYY-MM-DD` names a real calendar day (leap years included). */
export function isCalendarDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/**
 * Parses one chat message into a `Command`, or a `UsageError` that says what is wrong and shows
 * one correct example. Never throws, whatever the string. Use it on every message that
 * `isCommandText` accepts; the bot switches on `command.name`.
 *
 * Grammar (command words and subcommands are case-insensitive; `@botname` suffixes accepted;
 * the full grammar with Spanish aliases is in docs/core-domain.md):
 * `/buy|/compro` and `/sell|/vendo TICKER QTY PRICE [FEES] [YYYY-MM-DD]`, `/portfolio`, `/balance`,
 * `/stats [day|week|month]`, `/blacklist [add|remove TICKER...]`, `/tips [add TICKER text|remove ID]`,
 * `/scan [N]`, `/export`, `/undo`, `/help`, `/start`.
 */
export function parseCommand(text: string, opts: ParseOptions = {}): Result<Command, UsageError> {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  const headEnd = trimmed.search(/\s/);
  const head = headEnd === -1 ? trimmed : trimmed.slice(0, headEnd);
  const rest = headEnd === -1 ? '' : trimmed.slice(headEnd).trim();

  const match = COMMAND_HEAD.exec(head);
  if (!match) {
    return err({
      code: UsageErrorCode.NotACommand,
      message: 'Commands start with / followed by a command word. Send /help for the list.',
      example: '/help',
    });
  }
  const word = match[1]!.toLowerCase();
  const addressee = match[2];
  if (addressee && opts.botUsername && addressee.toLowerCase() !== opts.botUsername.replace(/^@/, '').toLowerCase()) {
    return err({
      code: UsageErrorCode.NotACommand,
      message: `This command is addressed to @${addressee}, not to this bot.`,
      example: '/help',
      command: word,
    });
  }
  const entry = findCommand(word);
  if (!entry) {
    return err({
      code: UsageErrorCode.UnknownCommand,
      message: `There is no /${word} command. Send /help for the list.`,
      example: '/help',
      command: word,
    });
  }
  const args = rest === '' ? [] : rest.split(/\s+/);
  const ctx: Ctx = { word, entry, args, rest, opts };

  switch (entry.key) {
    case 'buy':
    case 'sell':
      return parseTrade(ctx, entry.key);
    case 'portfolio':
    case 'balance':
    case 'export':
    case 'undo':
      return args.length > 0 ? tooMany(ctx) : ok({ name: entry.key });
    case 'help':
    case 'start':
      // `/start <payload>` is Telegram deep linking and `/help buy` is a natural question: both
      // still deserve the answer rather than an error, so arguments are ignored.
      return ok({ name: entry.key });
    case 'stats':
      return parseStats(ctx);
    case 'blacklist':
      return parseBlacklist(ctx);
    case 'tips':
      return parseTips(ctx);
    case 'scan':
      return parseScan(ctx);
  }
}

interface Ctx {
  /** The command word as typed, lower-cased (`compro`). */
  readonly word: string;
  readonly entry: CatalogueEntry;
  readonly args: readonly string[];
  /** Everything after the command word, trimmed. */
  readonly rest: string;
  readonly opts: ParseOptions;
}

/** The catalogue example, spelt with the word the user typed (`/compro AAPL 10 182.50`). */
function exampleFor(ctx: Ctx, example = ctx.entry.example): string {
  return example.replace(/^\/[a-z]+/, `/${ctx.word}`);
}

function usage(ctx: Ctx, code: UsageErrorCode, message: string, example?: string): Result<never, UsageError> {
  const usageLine = ctx.entry.usage.replace(/^\/[a-z]+/, `/${ctx.word}`);
  return err({ code, message: `${message} Usage: ${usageLine}`, example: exampleFor(ctx, example), command: ctx.word });
}

function tooMany(ctx: Ctx): Result<never, UsageError> {
  return usage(ctx, UsageErrorCode.TooManyArguments, `/${ctx.word} takes no arguments.`);
}

/** A positive (or non-negative) decimal typed with a point or a comma; `null` otherwise. */
function amount(token: string, allowZero: boolean): Decimal | null {
  if (token.length > MAX_NUMBER_LENGTH || /^[+-]/.test(token)) return null;
  const value = parseDecimal(token);
  if (!value) return null;
  return value.gt(0) || (allowZero && value.eq(0)) ? value : null;
}

function parseTrade(ctx: Ctx, side: 'buy' | 'sell'): Result<Command, UsageError> {
  const [tickerRaw, qtyRaw, priceRaw, ...optional] = ctx.args;
  if (tickerRaw === undefined || qtyRaw === undefined || priceRaw === undefined) {
    const missing = tickerRaw === undefined ? 'a ticker, a quantity and a price' : qtyRaw === undefined ? 'a quantity and a price' : 'a price';
    return usage(ctx, UsageErrorCode.MissingArgument, `/${ctx.word} needs ${missing}.`);
  }
  const symbol = normaliseTicker(tickerRaw);
  if (!symbol) return usage(ctx, UsageErrorCode.BadTicker, `"${clip(tickerRaw)}" is not a valid ticker (Yahoo style, e.g. AAPL, BRK-B, SAN.MC).`);
  const quantity = amount(qtyRaw, false);
  if (!quantity) return usage(ctx, UsageErrorCode.BadNumber, `The quantity "${clip(qtyRaw)}" must be a number greater than 0 (182.50 or 182,50).`);
  const price = amount(priceRaw, false);
  if (!price) return usage(ctx, UsageErrorCode.BadNumber, `The price "${clip(priceRaw)}" must be a number greater than 0 (182.50 or 182,50).`);
  if (optional.length > 2) return usage(ctx, UsageErrorCode.TooManyArguments, `/${ctx.word} takes at most fees and a date after the price.`);

  let fees: Decimal | null = null;
  let date: string | undefined;
  for (const [index, token] of optional.entries()) {
    const looksLikeDate = /^\d{4}-\d{1,2}-\d{1,2}$/.test(token) || /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/.test(token);
    if (looksLikeDate) {
      if (index !== optional.length - 1) return usage(ctx, UsageErrorCode.BadDate, 'The date goes last, after the fees.');
      if (!isCalendarDate(token)) {
        return usage(ctx, UsageErrorCode.BadDate, `"${clip(token)}" is not a calendar date written YYYY-MM-DD.`, `${exampleFor(ctx)} 2024-03-15`);
      }
      if (ctx.opts.today && token > ctx.opts.today) {
        return usage(ctx, UsageErrorCode.BadDate, `${token} is in the future (today is ${ctx.opts.today}).`, `${exampleFor(ctx)} ${ctx.opts.today}`);
      }
      date = token;
      continue;
    }
    if (index !== 0 || fees) {
      return usage(ctx, UsageErrorCode.BadDate, `"${clip(token)}" is not a date written YYYY-MM-DD.`, `${exampleFor(ctx)} 2024-03-15`);
    }
    fees = amount(token, true);
    if (!fees) return usage(ctx, UsageErrorCode.BadNumber, `The fees "${clip(token)}" must be a number, 0 or more.`, `${exampleFor(ctx)} 1.50`);
  }
  return ok({ name: 'trade', side, symbol, quantity, price, fees: fees ?? parseDecimal('0')!, ...(date ? { date } : {}) });
}

function parseStats(ctx: Ctx): Result<Command, UsageError> {
  if (ctx.args.length === 0) return ok({ name: 'stats' });
  if (ctx.args.length > 1) return usage(ctx, UsageErrorCode.TooManyArguments, `/${ctx.word} takes at most one period.`);
  const period = PERIODS.get(ctx.args[0]!.toLowerCase());
  if (!period) return usage(ctx, UsageErrorCode.BadSubcommand, `"${clip(ctx.args[0]!)}" is not a period: use day, week or month.`);
  return ok({ name: 'stats', period });
}

function parseBlacklist(ctx: Ctx): Result<Command, UsageError> {
  const [actionRaw, ...rest] = ctx.args;
  if (actionRaw === undefined) return ok({ name: 'blacklist', action: 'list' });
  const action = subcommand(actionRaw);
  if (!action) return usage(ctx, UsageErrorCode.BadSubcommand, `"${clip(actionRaw)}" is not add or remove.`);
  // Tickers may be separated by spaces or commas: `/blacklist add TSLA, NVDA`.
  const tokens = rest.flatMap((t) => t.split(',')).filter((t) => t !== '');
  if (tokens.length === 0) return usage(ctx, UsageErrorCode.MissingArgument, `/${ctx.word} ${action} needs at least one ticker.`);
  const symbols: string[] = [];
  const invalid: string[] = [];
  for (const token of tokens) {
    const symbol = normaliseTicker(token);
    if (!symbol) invalid.push(clip(token));
    else if (!symbols.includes(symbol)) symbols.push(symbol);
  }
  // Some valid tickers: do those and report the rest (`invalid`); none valid: nothing to do.
  if (symbols.length === 0) {
    return usage(ctx, UsageErrorCode.BadTicker, `None of ${invalid.map((t) => `"${t}"`).join(', ')} is a valid ticker.`);
  }
  return ok({ name: 'blacklist', action, symbols, invalid });
}

function parseTips(ctx: Ctx): Result<Command, UsageError> {
  const [actionRaw, target] = ctx.args;
  if (actionRaw === undefined) return ok({ name: 'tips', action: 'list' });
  const action = subcommand(actionRaw);
  if (!action) return usage(ctx, UsageErrorCode.BadSubcommand, `"${clip(actionRaw)}" is not add or remove.`);
  if (action === 'remove') {
    const example = `/${ctx.word} remove 3`;
    if (target === undefined) return usage(ctx, UsageErrorCode.MissingArgument, 'Say which note to remove by its number (see /tips).', example);
    if (ctx.args.length > 2) return usage(ctx, UsageErrorCode.TooManyArguments, 'Remove one note at a time, by its number.', example);
    const id = /^\d{1,9}$/.test(target) ? Number(target) : 0;
    if (id < 1) return usage(ctx, UsageErrorCode.BadNumber, `"${clip(target)}" is not a note number (1, 2, 3...).`, example);
    return ok({ name: 'tips', action: 'remove', id });
  }
  if (target === undefined) return usage(ctx, UsageErrorCode.MissingArgument, 'Say which ticker the note is about, then the note.');
  const symbol = normaliseTicker(target);
  if (!symbol) return usage(ctx, UsageErrorCode.BadTicker, `"${clip(target)}" is not a valid ticker (Yahoo style, e.g. AAPL, BRK-B, SAN.MC).`);
  // The note keeps the user's own spacing and line breaks: it is everything after the ticker.
  const afterAction = ctx.rest.slice(actionRaw.length).trimStart();
  const noteText = afterAction.slice(target.length).trim();
  if (noteText === '') return usage(ctx, UsageErrorCode.MissingArgument, `Write the note after the ticker ${symbol}.`);
  return ok({ name: 'tips', action: 'add', symbol, text: noteText });
}

function parseScan(ctx: Ctx): Result<Command, UsageError> {
  if (ctx.args.length === 0) return ok({ name: 'scan', limit: SCAN_LIMIT.default });
  if (ctx.args.length > 1) return usage(ctx, UsageErrorCode.TooManyArguments, `/${ctx.word} takes at most one number.`);
  const raw = ctx.args[0]!;
  const limit = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(limit >= SCAN_LIMIT.min && limit <= SCAN_LIMIT.max)) {
    return usage(ctx, UsageErrorCode.BadNumber, `"${clip(raw)}" is not a whole number from ${SCAN_LIMIT.min} to ${SCAN_LIMIT.max}.`);
  }
  return ok({ name: 'scan', limit });
}

function subcommand(raw: string): 'add' | 'remove' | null {
  const word = raw.toLowerCase();
  if (ADD_WORDS.has(word)) return 'add';
  if (REMOVE_WORDS.has(word)) return 'remove';
  return null;
}

/** Echoes user input in a message without letting a pasted novel through. */
function clip(token: string): string {
  return token.length > 24 ? `${token.slice(0, 21)}...` : token;
}
