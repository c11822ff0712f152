import { dec, parseDecimal, type Decimal } from '../decimal';
import { err, ok, type Result } from '../result';
import { DEFAULT_RULES, findRuleKey, parseRules, ruleAt, ruleValueFromText, RULE_GROUPS, withRule, type Rules } from '../rules';
import { DEFAULT_CHART_RANGE, type ChartRange } from '../charts';
import { QuietHoursSchema, type NotificationKind, type NotificationLevel } from '../notifications';
import type { PerformancePeriod } from '../returns';
import { UsageErrorCode, type Command, type StatsPeriod, type UsageError } from '../types/commands';
import { findCommand, type CatalogueEntry, type Localised } from './catalogue';
import { clipText } from '../text';
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
  /**
   * The language `UsageError.message` is written in; pass `Rules.language` when a person will read
   * the message. Default `'en'`. The example is the same in every language (commands are not
   * translated).
   */
  readonly language?: Rules['language'];
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
/** `/performance` periods, with the Spanish words (`todo` is all time, `1a` one year). */
const PERFORMANCE_WORDS: ReadonlyMap<string, PerformancePeriod> = new Map([
  ['1m', '1m'],
  ['3m', '3m'],
  ['ytd', 'ytd'],
  ['1y', '1y'],
  ['12m', '1y'],
  ['1a', '1y'],
  ['all', 'all'],
  ['todo', 'all'],
]);
/** What the trade examples put where fees or a date go. */
const EXAMPLE_FEES = '1.50';
const EXAMPLE_DATE = '2024-03-15';
/** The label before the grammar line that ends every usage message. */
const USAGE_LABEL: Localised = { en: 'Usage:', es: 'Uso:' };

const ADD_WORDS = new Set(['add', 'anadir', 'añadir']);
const REMOVE_WORDS = new Set(['remove', 'quitar', 'rm', 'del']);
const SET_WORDS = new Set(['set', 'poner', 'fijar', 'cambiar']);
const RESET_WORDS = new Set(['reset', 'restablecer']);
/** What a rule key can look like (`stopLossPct`, `analysis.time`): anything else is not one. */
const RULE_KEY_TEXT = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*$/;

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
 * Parses one chat message into a `Command`, or a `UsageError` that says what is wrong (in
 * `opts.language`, English by default) and shows one correct example. Never throws, whatever the string. Use it on every message that
 * `isCommandText` accepts; the bot switches on `command.name`.
 *
 * Grammar (command words and subcommands are case-insensitive; `@botname` suffixes accepted;
 * the full grammar with Spanish aliases is in docs/core-domain.md):
 * `/buy|/compro` and `/sell|/vendo TICKER QTY PRICE [FEES] [YYYY-MM-DD]`, `/portfolio`, `/balance`,
 * `/stats [day|week|month]`, `/performance [1m|3m|ytd|1y|all]`, `/blacklist [add|remove TICKER...]`, `/tips [add TICKER text|remove ID]`,
 * `/scan [N]`, `/rules [set KEY VALUE|reset KEY...]`, `/export`, `/undo`, `/help`, `/start`.
 */
export function parseCommand(text: string, opts: ParseOptions = {}): Result<Command, UsageError> {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  const headEnd = trimmed.search(/\s/);
  const head = headEnd === -1 ? trimmed : trimmed.slice(0, headEnd);
  const rest = headEnd === -1 ? '' : trimmed.slice(headEnd).trim();

  // Checked rather than trusted: a caller outside TypeScript could pass any value, and the
  // parser must still answer in a language it has.
  const language = opts.language === 'es' ? 'es' : 'en';

  const match = COMMAND_HEAD.exec(head);
  if (!match) {
    return err({
      code: UsageErrorCode.NotACommand,
      message: {
        en: 'Commands start with / followed by a command word. Send /help for the list.',
        es: 'Los comandos empiezan por / y una palabra de comando. Envía /help para ver la lista.',
      }[language],
      example: '/help',
    });
  }
  const word = match[1]!.toLowerCase();
  const addressee = match[2];
  // Stryker disable next-line Regex: a Telegram username is letters, digits and underscores, so its only '@' is one typed before it
  if (addressee && opts.botUsername && addressee.toLowerCase() !== opts.botUsername.replace(/^@/, '').toLowerCase()) {
    return err({
      code: UsageErrorCode.NotACommand,
      message: {
        en: `This command is addressed to @${addressee}, not to this bot.`,
        es: `Este comando va dirigido a @${addressee}, no a este bot.`,
      }[language],
      example: '/help',
      command: word,
    });
  }
  const entry = findCommand(word);
  if (!entry) {
    return err({
      code: UsageErrorCode.UnknownCommand,
      message: {
        en: `There is no /${word} command. Send /help for the list.`,
        es: `No existe el comando /${word}. Envía /help para ver la lista.`,
      }[language],
      example: '/help',
      command: word,
    });
  }
  const args = rest === '' ? [] : rest.split(/\s+/);
  const ctx: Ctx = { word, entry, args, rest, opts, language };

  switch (entry.key) {
    case 'buy':
    case 'sell':
      return parseTrade(ctx, entry.key);
    case 'dividend':
      return parseDividend(ctx);
    case 'portfolio':
    case 'balance':
    case 'export':
    case 'undo':
    case 'alerts':
    case 'lessons':
      return args.length > 0 ? tooMany(ctx) : ok({ name: entry.key });
    case 'help':
    case 'start':
      // `/start <payload>` is Telegram deep linking and `/help buy` is a natural question: both
      // still deserve the answer rather than an error, so arguments are ignored.
      return ok({ name: entry.key });
    case 'stats':
      return parseStats(ctx);
    case 'performance':
      return parsePerformance(ctx);
    case 'blacklist':
      return parseBlacklist(ctx);
    case 'tips':
      return parseTips(ctx);
    case 'scan':
      return parseScan(ctx);
    case 'rules':
      return parseRulesCommand(ctx);
    case 'chart':
      return parseChart(ctx);
    case 'alert':
      return parseAlert(ctx);
    case 'notify':
      return parseNotify(ctx);
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
  /** `opts.language`, checked: the language of every message built from this context. */
  readonly language: Rules['language'];
}

/** The catalogue example, spelt with the word the user typed (`/compro AAPL 10 182.50`). */
function exampleFor(ctx: Ctx, example = ctx.entry.example): string {
  return example.replace(/^\/[a-z]+/, `/${ctx.word}`);
}

/**
 * A refusal in `ctx.language`, ending with the grammar line. Each message is written once as an
 * `{ en, es }` pair at the place it applies, so the two languages cannot drift apart.
 */
function usage(ctx: Ctx, code: UsageErrorCode, message: Localised, example?: string): Result<never, UsageError> {
  const usageLine = ctx.entry.usage.replace(/^\/[a-z]+/, `/${ctx.word}`);
  return err({
    code,
    message: `${message[ctx.language]} ${USAGE_LABEL[ctx.language]} ${usageLine}`,
    example: exampleFor(ctx, example),
    command: ctx.word,
  });
}

function tooMany(ctx: Ctx): Result<never, UsageError> {
  return usage(ctx, UsageErrorCode.TooManyArguments, { en: `/${ctx.word} takes no arguments.`, es: `/${ctx.word} no admite argumentos.` });
}

function badTicker(ctx: Ctx, token: string): Result<never, UsageError> {
  return usage(ctx, UsageErrorCode.BadTicker, {
    en: `"${clip(token)}" is not a valid ticker (Yahoo style, e.g. AAPL, BRK-B, SAN.MC).`,
    es: `"${clip(token)}" no es un ticker válido (formato Yahoo, p. ej. AAPL, BRK-B, SAN.MC).`,
  });
}

function badSubcommand(ctx: Ctx, token: string): Result<never, UsageError> {
  return usage(ctx, UsageErrorCode.BadSubcommand, { en: `"${clip(token)}" is not add or remove.`, es: `"${clip(token)}" no es add ni remove.` });
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
    const missing: Localised =
      tickerRaw === undefined
        ? { en: 'a ticker, a quantity and a price', es: 'un ticker, una cantidad y un precio' }
        : qtyRaw === undefined
          ? { en: 'a quantity and a price', es: 'una cantidad y un precio' }
          : { en: 'a price', es: 'un precio' };
    return usage(ctx, UsageErrorCode.MissingArgument, { en: `/${ctx.word} needs ${missing.en}.`, es: `/${ctx.word} necesita ${missing.es}.` });
  }
  const symbol = normaliseTicker(tickerRaw);
  if (!symbol) return badTicker(ctx, tickerRaw);
  const quantity = amount(qtyRaw, false);
  if (!quantity) {
    return usage(ctx, UsageErrorCode.BadNumber, {
      en: `The quantity "${clip(qtyRaw)}" must be a number greater than 0, such as 10 or 0,5.${numberHint(qtyRaw).en}`,
      es: `La cantidad "${clip(qtyRaw)}" debe ser un número mayor que 0, como 10 o 0,5.${numberHint(qtyRaw).es}`,
    });
  }
  const price = amount(priceRaw, false);
  if (!price) {
    return usage(ctx, UsageErrorCode.BadNumber, {
      en: `The price "${clip(priceRaw)}" must be a number greater than 0, such as 182.50 or 182,50.${numberHint(priceRaw).en}`,
      es: `El precio "${clip(priceRaw)}" debe ser un número mayor que 0, como 182.50 o 182,50.${numberHint(priceRaw).es}`,
    });
  }
  // Each refusal of an optional argument shows that argument used correctly after the required ones
  // (the catalogue's /sell example already carries fees, so it cannot simply be extended).
  const base = tradeBase(ctx);
  const exampleDate = ctx.opts.today && ctx.opts.today < EXAMPLE_DATE ? ctx.opts.today : EXAMPLE_DATE;
  const withFeesAndDate = `${base} ${EXAMPLE_FEES} ${exampleDate}`;
  if (optional.length > 2) {
    return usage(
      ctx,
      UsageErrorCode.TooManyArguments,
      { en: `/${ctx.word} takes at most fees and a date after the price.`, es: `/${ctx.word} solo admite comisiones y una fecha después del precio.` },
      withFeesAndDate,
    );
  }

  let fees: Decimal | null = null;
  let date: string | undefined;
  for (const [index, token] of optional.entries()) {
    const looksLikeDate = /^\d{4}-\d{1,2}-\d{1,2}$/.test(token) || /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/.test(token);
    if (looksLikeDate) {
      if (index !== optional.length - 1) {
        return usage(
          ctx,
          UsageErrorCode.BadDate,
          { en: 'The date goes last, after the fees.', es: 'La fecha va al final, después de las comisiones.' },
          withFeesAndDate,
        );
      }
      if (!isCalendarDate(token)) {
        return usage(
          ctx,
          UsageErrorCode.BadDate,
          { en: `"${clip(token)}" is not a calendar date written YYYY-MM-DD.`, es: `"${clip(token)}" no es una fecha real en formato YYYY-MM-DD.` },
          `${base} ${exampleDate}`,
        );
      }
      const today = ctx.opts.today;
      if (today && token > today) {
        return usage(
          ctx,
          UsageErrorCode.BadDate,
          { en: `${token} is in the future (today is ${today}).`, es: `${token} es una fecha futura (hoy es ${today}).` },
          `${base} ${today}`,
        );
      }
      date = token;
      continue;
    }
    // Fees can only be the first optional argument: whatever follows them must be a date.
    if (index !== 0) {
      return usage(
        ctx,
        UsageErrorCode.BadDate,
        { en: `"${clip(token)}" is not a date written YYYY-MM-DD.`, es: `"${clip(token)}" no es una fecha en formato YYYY-MM-DD.` },
        withFeesAndDate,
      );
    }
    fees = amount(token, true);
    if (!fees) {
      return usage(
        ctx,
        UsageErrorCode.BadNumber,
        {
          en: `The fees "${clip(token)}" must be a number, 0 or more.${numberHint(token).en}`,
          es: `Las comisiones "${clip(token)}" deben ser un número igual o mayor que 0.${numberHint(token).es}`,
        },
        `${base} ${EXAMPLE_FEES}`,
      );
    }
  }
  return ok({ name: 'trade', side, symbol, quantity, price, fees: fees ?? parseDecimal('0')!, ...(date ? { date } : {}) });
}

function parseStats(ctx: Ctx): Result<Command, UsageError> {
  if (ctx.args.length === 0) return ok({ name: 'stats' });
  if (ctx.args.length > 1) {
    return usage(ctx, UsageErrorCode.TooManyArguments, { en: `/${ctx.word} takes at most one period.`, es: `/${ctx.word} admite como máximo un periodo.` });
  }
  const raw = ctx.args[0]!;
  const period = PERIODS.get(raw.toLowerCase());
  if (!period) {
    return usage(ctx, UsageErrorCode.BadSubcommand, {
      en: `"${clip(raw)}" is not a period: use day, week or month.`,
      es: `"${clip(raw)}" no es un periodo: usa day, week o month.`,
    });
  }
  return ok({ name: 'stats', period });
}

function parsePerformance(ctx: Ctx): Result<Command, UsageError> {
  if (ctx.args.length === 0) return ok({ name: 'performance', period: 'all' });
  if (ctx.args.length > 1) {
    return usage(ctx, UsageErrorCode.TooManyArguments, { en: `/${ctx.word} takes at most one period.`, es: `/${ctx.word} admite como máximo un periodo.` });
  }
  const raw = ctx.args[0]!;
  const period = PERFORMANCE_WORDS.get(raw.toLowerCase());
  if (!period) {
    return usage(ctx, UsageErrorCode.BadSubcommand, {
      en: `"${clip(raw)}" is not a period: use 1m, 3m, ytd, 1y or all.`,
      es: `"${clip(raw)}" no es un periodo: usa 1m, 3m, ytd, 1a (un año) o todo.`,
    });
  }
  return ok({ name: 'performance', period });
}

function parseBlacklist(ctx: Ctx): Result<Command, UsageError> {
  const [actionRaw, ...rest] = ctx.args;
  if (actionRaw === undefined) return ok({ name: 'blacklist', action: 'list' });
  const action = subcommand(actionRaw);
  if (!action) return badSubcommand(ctx, actionRaw);
  // Tickers may be separated by spaces or commas: `/blacklist add TSLA, NVDA`.
  const tokens = rest.flatMap((t) => t.split(',')).filter((t) => t !== '');
  if (tokens.length === 0) {
    return usage(ctx, UsageErrorCode.MissingArgument, {
      en: `/${ctx.word} ${action} needs at least one ticker.`,
      es: `/${ctx.word} ${action} necesita al menos un ticker.`,
    });
  }
  const symbols: string[] = [];
  const invalid: string[] = [];
  for (const token of tokens) {
    const symbol = normaliseTicker(token);
    if (!symbol) invalid.push(clip(token));
    else if (!symbols.includes(symbol)) symbols.push(symbol);
  }
  // Some valid tickers: do those and report the rest (`invalid`); none valid: nothing to do.
  if (symbols.length === 0) {
    const listed = invalid.map((t) => `"${t}"`).join(', ');
    return usage(ctx, UsageErrorCode.BadTicker, { en: `None of ${listed} is a valid ticker.`, es: `Ninguno de ${listed} es un ticker válido.` });
  }
  return ok({ name: 'blacklist', action, symbols, invalid });
}

function parseTips(ctx: Ctx): Result<Command, UsageError> {
  const [actionRaw, target] = ctx.args;
  if (actionRaw === undefined) return ok({ name: 'tips', action: 'list' });
  const action = subcommand(actionRaw);
  if (!action) return badSubcommand(ctx, actionRaw);
  if (action === 'remove') {
    const example = `/${ctx.word} remove 3`;
    if (target === undefined) {
      return usage(
        ctx,
        UsageErrorCode.MissingArgument,
        { en: 'Say which note to remove by its number (see /tips).', es: 'Indica qué nota quieres quitar por su número (consulta /tips).' },
        example,
      );
    }
    if (ctx.args.length > 2) {
      return usage(
        ctx,
        UsageErrorCode.TooManyArguments,
        { en: 'Remove one note at a time, by its number.', es: 'Quita las notas de una en una, por su número.' },
        example,
      );
    }
    const id = /^\d{1,9}$/.test(target) ? Number(target) : 0;
    if (id < 1) {
      return usage(
        ctx,
        UsageErrorCode.BadNumber,
        { en: `"${clip(target)}" is not a note number (1, 2, 3...).`, es: `"${clip(target)}" no es un número de nota (1, 2, 3...).` },
        example,
      );
    }
    return ok({ name: 'tips', action: 'remove', id });
  }
  if (target === undefined) {
    return usage(ctx, UsageErrorCode.MissingArgument, {
      en: 'Say which ticker the note is about, then the note.',
      es: 'Indica el ticker al que se refiere la nota y después la nota.',
    });
  }
  const symbol = normaliseTicker(target);
  if (!symbol) return badTicker(ctx, target);
  // The note keeps the user's own spacing and line breaks: it is everything after the ticker.
  const afterAction = ctx.rest.slice(actionRaw.length).trimStart();
  const noteText = afterAction.slice(target.length).trim();
  if (noteText === '') {
    return usage(ctx, UsageErrorCode.MissingArgument, { en: `Write the note after the ticker ${symbol}.`, es: `Escribe la nota después del ticker ${symbol}.` });
  }
  return ok({ name: 'tips', action: 'add', symbol, text: noteText });
}

function parseScan(ctx: Ctx): Result<Command, UsageError> {
  if (ctx.args.length === 0) return ok({ name: 'scan', limit: SCAN_LIMIT.default });
  if (ctx.args.length > 1) {
    return usage(ctx, UsageErrorCode.TooManyArguments, { en: `/${ctx.word} takes at most one number.`, es: `/${ctx.word} admite como máximo un número.` });
  }
  const raw = ctx.args[0]!;
  const limit = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(limit >= SCAN_LIMIT.min && limit <= SCAN_LIMIT.max)) {
    return usage(ctx, UsageErrorCode.BadNumber, {
      en: `"${clip(raw)}" is not a whole number from ${SCAN_LIMIT.min} to ${SCAN_LIMIT.max}.`,
      es: `"${clip(raw)}" no es un número entero del ${SCAN_LIMIT.min} al ${SCAN_LIMIT.max}.`,
    });
  }
  return ok({ name: 'scan', limit });
}

function parseRulesCommand(ctx: Ctx): Result<Command, UsageError> {
  const [actionRaw, ...rest] = ctx.args;
  if (actionRaw === undefined) return ok({ name: 'rules', action: 'show' });
  const action = actionRaw.toLowerCase();
  if (SET_WORDS.has(action)) return parseRuleSet(ctx, rest);
  if (RESET_WORDS.has(action)) return parseRuleReset(ctx, rest);
  return usage(ctx, UsageErrorCode.BadSubcommand, { en: `"${clip(actionRaw)}" is not set or reset.`, es: `"${clip(actionRaw)}" no es set ni reset.` });
}

function notARule(ctx: Ctx, typed: string): Result<never, UsageError> {
  return usage(ctx, UsageErrorCode.BadRule, {
    en: `"${clip(typed)}" is not a rule; send /${ctx.word} to see them all.`,
    es: `"${clip(typed)}" no es una regla; envía /${ctx.word} para verlas todas.`,
  });
}

/** `/rules set KEY VALUE`: a known rule and a value of its type within its range (the file's own schema). */
function parseRuleSet(ctx: Ctx, [keyRaw, valueRaw, ...extra]: readonly string[]): Result<Command, UsageError> {
  if (keyRaw === undefined || valueRaw === undefined) {
    return usage(ctx, UsageErrorCode.MissingArgument, {
      en: `/${ctx.word} set needs a rule and its value.`,
      es: `/${ctx.word} set necesita una regla y su valor.`,
    });
  }
  const key = findRuleKey(keyRaw);
  if (!key || RULE_GROUPS.includes(key)) return notARule(ctx, keyRaw);
  // The rule's default is always a valid value: the example of every refusal about this rule.
  const example = `/${ctx.word} set ${key} ${String(ruleAt(DEFAULT_RULES, key))}`;
  if (extra.length > 0) {
    return usage(ctx, UsageErrorCode.TooManyArguments, { en: `/${ctx.word} set takes one rule and one value.`, es: `/${ctx.word} set admite una regla y un valor.` }, example);
  }
  const value = ruleValueFromText(key, valueRaw);
  if (value === null) {
    return usage(
      ctx,
      UsageErrorCode.BadNumber,
      { en: `${key} must be a number, not "${clip(valueRaw)}".`, es: `${key} debe ser un número, no "${clip(valueRaw)}".` },
      example,
    );
  }
  const checked = { en: parseRules(withRule({}, key, value), 'en'), es: parseRules(withRule({}, key, value), 'es') };
  // Stryker disable next-line LogicalOperator: one schema checks both: the language only words the issues, so both fail or neither
  if (!checked.en.ok || !checked.es.ok) {
    const why = (parsed: typeof checked.en): string => (parsed.ok ? '' : parsed.issues.map((i) => i.message).join('; '));
    return usage(ctx, UsageErrorCode.BadRule, { en: `${key} ${why(checked.en)}.`, es: `${key} ${why(checked.es)}.` }, example);
  }
  return ok({ name: 'rules', action: 'set', key, value });
}

/** `/rules reset KEY...`: rules or groups to return to their defaults (unknown keys pass, as typed: they may be typos in the file). */
function parseRuleReset(ctx: Ctx, typed: readonly string[]): Result<Command, UsageError> {
  if (typed.length === 0) {
    return usage(
      ctx,
      UsageErrorCode.MissingArgument,
      { en: 'Say which rule to return to its default.', es: 'Indica qué regla quieres devolver a su valor por defecto.' },
      `/${ctx.word} reset stopLossPct`,
    );
  }
  const keys: string[] = [];
  for (const raw of typed) {
    if (!RULE_KEY_TEXT.test(raw)) return notARule(ctx, raw);
    const key = findRuleKey(raw) ?? raw;
    if (!keys.includes(key)) keys.push(key);
  }
  return ok({ name: 'rules', action: 'reset', keys });
}

/** `/dividend TICKER AMOUNT [WITHHELD] [YYYY-MM-DD]`. */
function parseDividend(ctx: Ctx): Result<Command, UsageError> {
  const [tickerRaw, amountRaw, ...optional] = ctx.args;
  if (tickerRaw === undefined || amountRaw === undefined) {
    return usage(ctx, UsageErrorCode.MissingArgument, {
      en: `/${ctx.word} needs a ticker and the amount received.`,
      es: `/${ctx.word} necesita un ticker y el importe cobrado.`,
    });
  }
  const symbol = normaliseTicker(tickerRaw);
  if (!symbol) return badTicker(ctx, tickerRaw);
  const amountValue = amount(amountRaw, false);
  if (!amountValue) {
    return usage(ctx, UsageErrorCode.BadNumber, {
      en: `The amount "${clip(amountRaw)}" must be a number greater than 0, such as 12.40 or 12,40.${numberHint(amountRaw).en}`,
      es: `El importe "${clip(amountRaw)}" debe ser un número mayor que 0, como 12.40 o 12,40.${numberHint(amountRaw).es}`,
    });
  }
  const base = `/${ctx.word} ${symbol} 12.40`;
  if (optional.length > 2) {
    return usage(ctx, UsageErrorCode.TooManyArguments, { en: `/${ctx.word} takes at most the tax withheld and a date after the amount.`, es: `/${ctx.word} solo admite la retención y una fecha después del importe.` }, `${base} 2.19 ${EXAMPLE_DATE}`);
  }
  let withholding: Decimal | null = null;
  let date: string | undefined;
  for (const [index, token] of optional.entries()) {
    if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(token) || /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/.test(token)) {
      if (index !== optional.length - 1 || !isCalendarDate(token)) {
        return usage(ctx, UsageErrorCode.BadDate, { en: `"${clip(token)}" is not a calendar date written YYYY-MM-DD, last.`, es: `"${clip(token)}" no es una fecha real en formato YYYY-MM-DD, al final.` }, `${base} ${EXAMPLE_DATE}`);
      }
      if (ctx.opts.today && token > ctx.opts.today) {
        return usage(ctx, UsageErrorCode.BadDate, { en: `${token} is in the future (today is ${ctx.opts.today}).`, es: `${token} es una fecha futura (hoy es ${ctx.opts.today}).` }, `${base} ${ctx.opts.today}`);
      }
      date = token;
      continue;
    }
    withholding = index === 0 ? amount(token, true) : null;
    if (!withholding) {
      return usage(
        ctx,
        UsageErrorCode.BadNumber,
        { en: `The tax withheld "${clip(token)}" must be a number, 0 or more.`, es: `La retención "${clip(token)}" debe ser un número igual o mayor que 0.` },
        `${base} 2.19`,
      );
    }
  }
  return ok({ name: 'dividend', symbol, amount: amountValue, withholding: withholding ?? parseDecimal('0')!, ...(date ? { date } : {}) });
}

const CHART_RANGES: ReadonlyMap<string, ChartRange> = new Map([
  ['6m', '6m'],
  ['1y', '1y'],
  ['1a', '1y'],
  ['12m', '1y'],
]);
const PORTFOLIO_WORDS = new Set(['portfolio', 'cartera']);

function parseChart(ctx: Ctx): Result<Command, UsageError> {
  const [targetRaw, rangeRaw, ...extra] = ctx.args;
  if (targetRaw === undefined) {
    return usage(ctx, UsageErrorCode.MissingArgument, {
      en: `/${ctx.word} needs a ticker, or "portfolio".`,
      es: `/${ctx.word} necesita un ticker, o "cartera".`,
    });
  }
  if (extra.length > 0) {
    return usage(ctx, UsageErrorCode.TooManyArguments, { en: `/${ctx.word} takes a ticker and a period.`, es: `/${ctx.word} admite un ticker y un periodo.` });
  }
  let range: ChartRange = DEFAULT_CHART_RANGE;
  if (rangeRaw !== undefined) {
    const known = CHART_RANGES.get(rangeRaw.toLowerCase());
    if (!known) {
      return usage(ctx, UsageErrorCode.BadSubcommand, {
        en: `"${clip(rangeRaw)}" is not a period: use 6m or 1y.`,
        es: `"${clip(rangeRaw)}" no es un periodo: usa 6m o 1y.`,
      });
    }
    range = known;
  }
  if (PORTFOLIO_WORDS.has(targetRaw.toLowerCase())) return ok({ name: 'chart', target: { kind: 'portfolio' }, range });
  const symbol = normaliseTicker(targetRaw);
  if (!symbol) return badTicker(ctx, targetRaw);
  return ok({ name: 'chart', target: { kind: 'symbol', symbol }, range });
}

const BELOW_WORDS = new Set(['below', 'under', 'bajo', 'debajo', '<']);
const ABOVE_WORDS = new Set(['above', 'over', 'sobre', 'encima', '>']);
const DRAWDOWN_WORDS = new Set(['drawdown', 'dd', 'caida', 'caída']);

/** `/alert TICKER below|above PRICE`, `/alert TICKER drawdown PCT`, `/alert remove ID`. */
function parseAlert(ctx: Ctx): Result<Command, UsageError> {
  const [first, second, third, ...extra] = ctx.args;
  if (first === undefined) {
    return usage(ctx, UsageErrorCode.MissingArgument, {
      en: `/${ctx.word} needs a ticker, a condition (below, above or drawdown) and a number.`,
      es: `/${ctx.word} necesita un ticker, una condición (bajo, sobre o caida) y un número.`,
    });
  }
  if (REMOVE_WORDS.has(first.toLowerCase())) {
    const example = `/${ctx.word} remove 3`;
    if (second === undefined) {
      return usage(ctx, UsageErrorCode.MissingArgument, { en: 'Say which alert to remove by its number (see /alerts).', es: 'Indica qué alerta quitar por su número (consulta /alertas).' }, example);
    }
    if (third !== undefined) {
      return usage(ctx, UsageErrorCode.TooManyArguments, { en: 'Remove one alert at a time, by its number.', es: 'Quita las alertas de una en una, por su número.' }, example);
    }
    const id = /^#?\d{1,9}$/.test(second) ? Number(second.replace('#', '')) : 0;
    if (id < 1) {
      return usage(ctx, UsageErrorCode.BadNumber, { en: `"${clip(second)}" is not an alert number (1, 2, 3...).`, es: `"${clip(second)}" no es un número de alerta (1, 2, 3...).` }, example);
    }
    return ok({ name: 'alert', action: 'remove', id });
  }
  const symbol = normaliseTicker(first);
  if (!symbol) return badTicker(ctx, first);
  if (second === undefined || third === undefined) {
    return usage(ctx, UsageErrorCode.MissingArgument, {
      en: `After ${symbol}, say below, above or drawdown and a number.`,
      es: `Después de ${symbol}, indica bajo, sobre o caida y un número.`,
    });
  }
  if (extra.length > 0) {
    return usage(ctx, UsageErrorCode.TooManyArguments, { en: `/${ctx.word} takes a ticker, a condition and one number.`, es: `/${ctx.word} admite un ticker, una condición y un número.` });
  }
  const word = second.toLowerCase();
  if (DRAWDOWN_WORDS.has(word)) {
    const pct = amount(third.replace(/%$/, ''), false);
    if (!pct || pct.gte(100)) {
      return usage(
        ctx,
        UsageErrorCode.BadNumber,
        { en: `The drawdown "${clip(third)}" must be a percentage above 0 and under 100.`, es: `La caída "${clip(third)}" debe ser un porcentaje mayor que 0 y menor que 100.` },
        `/${ctx.word} ${symbol} drawdown 20`,
      );
    }
    return ok({ name: 'alert', action: 'add', symbol, condition: { kind: 'drawdown', pct } });
  }
  const kind = BELOW_WORDS.has(word) ? 'below' : ABOVE_WORDS.has(word) ? 'above' : null;
  if (!kind) {
    return usage(ctx, UsageErrorCode.BadSubcommand, { en: `"${clip(second)}" is not below, above or drawdown.`, es: `"${clip(second)}" no es bajo, sobre ni caida.` });
  }
  const price = amount(third, false);
  if (!price) {
    return usage(
      ctx,
      UsageErrorCode.BadNumber,
      {
        en: `The price "${clip(third)}" must be a number greater than 0, such as 58 or 58,50.${numberHint(third).en}`,
        es: `El precio "${clip(third)}" debe ser un número mayor que 0, como 58 o 58,50.${numberHint(third).es}`,
      },
      `/${ctx.word} ${symbol} ${kind} 58`,
    );
  }
  return ok({ name: 'alert', action: 'add', symbol, condition: { kind, price } });
}

/** The words of `/notify` for the kinds of message, Spanish included; `alerts` and `all` name several. */
const NOTIFY_KIND_WORDS: ReadonlyMap<string, readonly NotificationKind[]> = new Map([
  ['morning', ['morning']],
  ['daily', ['morning']],
  ['manana', ['morning']],
  ['mañana', ['morning']],
  ['scan', ['scan']],
  ['escaneo', ['scan']],
  ['rules', ['ruleAlerts']],
  ['reglas', ['ruleAlerts']],
  ['prices', ['priceAlerts']],
  ['precios', ['priceAlerts']],
  ['alerts', ['ruleAlerts', 'priceAlerts']],
  ['alertas', ['ruleAlerts', 'priceAlerts']],
  ['all', ['morning', 'scan', 'ruleAlerts', 'priceAlerts']],
  ['todo', ['morning', 'scan', 'ruleAlerts', 'priceAlerts']],
  ['todos', ['morning', 'scan', 'ruleAlerts', 'priceAlerts']],
]);
const NOTIFY_LEVEL_WORDS: ReadonlyMap<string, NotificationLevel> = new Map([
  ['on', 'on'],
  ['si', 'on'],
  ['sí', 'on'],
  ['silent', 'silent'],
  ['silencio', 'silent'],
  ['silencioso', 'silent'],
  ['off', 'off'],
  ['no', 'off'],
]);
const QUIET_WORDS = new Set(['quiet', 'descanso']);
const QUIET_SPAN = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/;

/** `/notify`, `/notify KIND on|silent|off`, `/notify quiet HH:MM-HH:MM`, `/notify quiet off`. */
function parseNotify(ctx: Ctx): Result<Command, UsageError> {
  const [first, second, ...extra] = ctx.args;
  if (first === undefined) return ok({ name: 'notify', action: 'show' });
  const head = first.toLowerCase();
  if (QUIET_WORDS.has(head)) {
    const example = `/${ctx.word} ${head} 22:00-07:00`;
    if (second === undefined) {
      return usage(ctx, UsageErrorCode.MissingArgument, { en: 'Say the quiet hours as HH:MM-HH:MM, or off.', es: 'Indica las horas de descanso como HH:MM-HH:MM, u off.' }, example);
    }
    if (extra.length > 0) return usage(ctx, UsageErrorCode.TooManyArguments, { en: 'Quiet hours are one span, HH:MM-HH:MM.', es: 'Las horas de descanso son un solo tramo, HH:MM-HH:MM.' }, example);
    if (NOTIFY_LEVEL_WORDS.get(second.toLowerCase()) === 'off') return ok({ name: 'notify', action: 'set', change: { kind: 'quiet', quiet: null } });
    const span = QUIET_SPAN.exec(second);
    const pad = (hour: string): string => hour.padStart(2, '0');
    const quiet = span ? QuietHoursSchema.safeParse({ from: `${pad(span[1]!)}:${span[2]}`, to: `${pad(span[3]!)}:${span[4]}` }) : null;
    if (!quiet?.success) {
      return usage(
        ctx,
        UsageErrorCode.BadNumber,
        {
          en: `"${clip(second)}" is not a span of two different times HH:MM-HH:MM (24-hour).`,
          es: `"${clip(second)}" no es un tramo de dos horas distintas HH:MM-HH:MM (24 horas).`,
        },
        example,
      );
    }
    return ok({ name: 'notify', action: 'set', change: { kind: 'quiet', quiet: quiet.data } });
  }
  const kinds = NOTIFY_KIND_WORDS.get(head);
  if (!kinds) {
    return usage(ctx, UsageErrorCode.BadSubcommand, {
      en: `"${clip(first)}" is not morning, scan, rules, prices, alerts, all or quiet.`,
      es: `"${clip(first)}" no es mañana, escaneo, reglas, precios, alertas, todo ni descanso.`,
    });
  }
  const example = `/${ctx.word} ${head} silent`;
  if (second === undefined) {
    return usage(ctx, UsageErrorCode.MissingArgument, { en: `After ${head}, say on, silent or off.`, es: `Después de ${head}, indica on, silencio u off.` }, example);
  }
  if (extra.length > 0) return usage(ctx, UsageErrorCode.TooManyArguments, { en: `/${ctx.word} takes a kind and on, silent or off.`, es: `/${ctx.word} admite un tipo y on, silencio u off.` }, example);
  const level = NOTIFY_LEVEL_WORDS.get(second.toLowerCase());
  if (!level) {
    return usage(ctx, UsageErrorCode.BadSubcommand, { en: `"${clip(second)}" is not on, silent or off.`, es: `"${clip(second)}" no es on, silencio ni off.` }, example);
  }
  return ok({ name: 'notify', action: 'set', change: { kind: 'level', kinds, level } });
}

function subcommand(raw: string): 'add' | 'remove' | null {
  const word = raw.toLowerCase();
  if (ADD_WORDS.has(word)) return 'add';
  if (REMOVE_WORDS.has(word)) return 'remove';
  return null;
}

/** Echoes user input in a message without letting a pasted novel through (never splitting a character). */
function clip(token: string): string {
  return clipText(token, 24);
}

/** `/word TICKER QTY PRICE` of the catalogue example, without its optional arguments. */
function tradeBase(ctx: Ctx): string {
  return exampleFor(ctx).split(' ').slice(0, 4).join(' ');
}

/**
 * Why a number the parser refused is not a number it accepts, when it looks like one written
 * another way: with an exponent (`1e9`) or with thousands separators (`1.000,50`). Empty otherwise.
 */
function numberHint(token: string): Localised {
  const none = { en: '', es: '' };
  if (token.length > MAX_NUMBER_LENGTH) return none;
  if (/^(\d+([.,]\d*)?|[.,]\d+)e[+-]?\d{1,3}$/i.test(token)) {
    const value = dec(token.replace(',', '.').replace(/^\./, '0.'));
    if (value.eq(0)) return none;
    const digits = value.toFixed();
    return digits.length <= MAX_NUMBER_LENGTH
      ? { en: ` Write it out without an exponent: ${digits}.`, es: ` Escríbelo sin exponente: ${digits}.` }
      : { en: ' Write it out in digits, without an exponent.', es: ' Escríbelo con todas sus cifras, sin exponente.' };
  }
  const grouped = /^\d{1,3}(?:([.,])\d{3})+(?:([.,])\d+)?$/.exec(token);
  if (grouped && (grouped[2] === undefined ? token.split(grouped[1]!).length > 2 : grouped[1] !== grouped[2])) {
    const plain = token.split(grouped[1]!).join('');
    return { en: ` Write it without thousands separators: ${plain}.`, es: ` Escríbelo sin separadores de miles: ${plain}.` };
  }
  return none;
}
