/**
 * Plain-language trades ("compré 10 AAPL a 182,5 ayer", "sold half my NVDA at 140"): a deterministic
 * reader for the simple forms, the shape a model's proposal must have, and the resolution of
 * relative quantities and dates against the ledger and the rules' time zone. Pure: the model only
 * ever proposes a `TradeIntent`; everything that decides what is recorded happens here.
 */
import { addDays } from '../dates';
import { parseDecimal, toPlain, type Decimal } from '../decimal';
import type { LedgerState } from '../ledger';
import { err, ok, type Result } from '../result';
import type { Side } from '../types/trading';
import { isCalendarDate } from './parse';
import { normaliseTicker } from './tickers';

/** How many shares: a number, everything held, or a fraction of it ("half", "la mitad"). */
export type IntentQuantity =
  | { readonly kind: 'exact'; readonly value: Decimal }
  | { readonly kind: 'all' }
  | { readonly kind: 'half' };

/** When: a calendar day, or a day relative to the message's local day. */
export type IntentDate =
  | { readonly kind: 'today' }
  | { readonly kind: 'yesterday' }
  /** The latest such weekday before today ("last Friday", "el viernes pasado"); 0 = Sunday. */
  | { readonly kind: 'last-weekday'; readonly weekday: number }
  | { readonly kind: 'day'; readonly day: string };

/**
 * A trade as someone said it, before the domain resolves it. The deterministic reader and the
 * model's tool call both produce one; `symbol` is as written (checked in `resolveTradeIntent`).
 */
export interface TradeIntent {
  readonly side: Side;
  readonly symbol: string;
  readonly quantity: IntentQuantity | null;
  readonly price: Decimal | null;
  readonly fees: Decimal | null;
  readonly date: IntentDate | null;
}

/** What the bot must ask instead of guessing (the bot words each one in the chat's language). */
export type TalkQuestion =
  | { readonly kind: 'missing-price'; readonly symbol: string; readonly side?: Side }
  | { readonly kind: 'missing-quantity'; readonly symbol: string; readonly side?: Side }
  | { readonly kind: 'missing-ticker' }
  /** Not a ticker the domain accepts, or a name the model could not map to one ("the bank"). */
  | { readonly kind: 'unclear-ticker'; readonly text: string }
  /** "half"/"all" of something not held. */
  | { readonly kind: 'not-held'; readonly symbol: string }
  /** "half"/"all" on a buy: of what? */
  | { readonly kind: 'relative-buy'; readonly symbol: string }
  | { readonly kind: 'future-date'; readonly day: string }
  /** Not a trade at all (a question, a greeting). */
  | { readonly kind: 'not-a-trade' };

/** A resolved trade: what `/buy` or `/sell` would be given. `date` undefined: the message's own time. */
export interface ResolvedTrade {
  readonly side: Side;
  readonly symbol: string;
  readonly quantity: Decimal;
  readonly price: Decimal;
  readonly fees: Decimal;
  readonly date?: string;
}

const WEEKDAYS: ReadonlyMap<string, number> = new Map([
  ['sunday', 0], ['monday', 1], ['tuesday', 2], ['wednesday', 3], ['thursday', 4], ['friday', 5], ['saturday', 6],
  ['domingo', 0], ['lunes', 1], ['martes', 2], ['miercoles', 3], ['jueves', 4], ['viernes', 5], ['sabado', 6],
]);
const BUY_WORDS = new Set(['buy', 'bought', 'purchased', 'compro', 'compre', 'comprar', 'comprado', 'compramos']);
const SELL_WORDS = new Set(['sell', 'sold', 'vendo', 'vendi', 'vender', 'vendido', 'vendemos']);
/** Words that carry nothing: pronouns, articles, "shares". */
const FILLER = new Set(['i', 'he', 'we', 'yo', 'just', 'my', 'mis', 'mi', 'the', 'las', 'los', 'of', 'de', 'shares', 'share', 'acciones', 'accion', 'titulos', 'stock', 'stocks']);
const PRICE_WORDS = new Set(['at', 'a', '@', 'price', 'precio', 'por']);
const FEE_WORDS = new Set(['fee', 'fees', 'commission', 'commissions', 'comision', 'comisiones']);
const CURRENCY_WORDS = new Set(['$', '€', 'usd', 'eur', 'dollars', 'dolares', 'euros']);
/** A lower-case word this long or shorter may be a ticker ("aapl"); longer is a name ("apple", "tesla"). */
const MAX_LOWERCASE_TICKER = 4;

/** Lower case without accents, so "compré", "comisión" and "miércoles" match their plain spelling. */
function fold(word: string): string {
  return word.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** A positive amount written with a point or a comma, a currency sign allowed around it. */
function amountOf(token: string, allowZero = false): Decimal | null {
  const bare = token.replace(/^[$€]|[$€]$/g, '');
  if (bare.length === 0 || bare.length > 24) return null;
  const value = parseDecimal(bare);
  if (!value || bare.startsWith('-') || bare.startsWith('+')) return null;
  return value.gt(0) || (allowZero && value.eq(0)) ? value : null;
}

/** A word that may stand for a ticker in a simple form: typed in capitals, short, or with a class/exchange. */
function tickerToken(raw: string): string | null {
  const word = raw.replace(/^\$/, '');
  if (!/^[A-Za-z][A-Za-z0-9.\-/]{0,14}$/.test(word)) return null;
  const typedAsTicker = word === word.toUpperCase() || word.length <= MAX_LOWERCASE_TICKER || /[.\-/]/.test(word);
  if (!typedAsTicker) return null;
  return normaliseTicker(word);
}

/**
 * Reads the simple plain-language forms of a trade, in English and Spanish, without a model:
 * `buy 10 aapl 182.5`, `vendo 5 msft a 410,20`, `compré 10 AAPL a 182,5 ayer`, `sold half my NVDA at 140`,
 * `vendí todas las BRK.B a 480 con 1,20 de comisión`, `bought 3 KO at 60 last friday`. Returns
 * `null` for anything else (a name instead of a ticker, a question, words it does not know): the
 * caller then asks the model, or says plain text needs the analyst. Never throws.
 */
export function readPlainTrade(text: string): TradeIntent | null {
  if (typeof text !== 'string' || text.length > 200) return null;
  const tokens = text
    .trim()
    .replace(/[!?¡¿;]+/g, ' ')
    .replace(/([^\d]),|,(?!\d)/g, '$1 ')
    .split(/\s+/)
    .filter((t) => t.length > 0);
  let i = 0;
  // Stryker disable next-line StringLiteral: past the last word any text that is no keyword reads as '' does (no verb, quantity word, filler or fee word); the default is for TypeScript
  const at = (k = 0): string => fold(tokens[i + k] ?? '');
  while (i < tokens.length && FILLER.has(at())) i++;
  const verb = at();
  const side: Side | null = BUY_WORDS.has(verb) ? 'buy' : SELL_WORDS.has(verb) ? 'sell' : null;
  if (!side) return null;
  i++;

  let quantity: IntentQuantity | null = null;
  const word = at();
  if (word === 'half' || (word === 'la' && at(1) === 'mitad')) {
    quantity = { kind: 'half' };
    i += word === 'half' ? 1 : 2;
  } else if (['all', 'todas', 'todos', 'everything', 'todo'].includes(word)) {
    quantity = { kind: 'all' };
    i++;
  } else {
    // Stryker disable next-line StringLiteral: no word after the verb: any default that is no amount (as 'Stryker was here!' is not) gives no quantity, as '' does
    const n = amountOf(tokens[i] ?? '');
    if (n) {
      quantity = { kind: 'exact', value: n };
      i++;
    }
  }
  // Without a quantity it is not a simple form ("sold the bank at 40"): guessing a ticker is the model's job, checked.
  if (!quantity) return null;
  while (i < tokens.length && FILLER.has(at())) i++;
  // Stryker disable next-line StringLiteral: no word after the quantity: a default with a space is no ticker, and '' is none either
  const symbol = tickerToken(tokens[i] ?? '');
  if (!symbol) return null;
  i++;

  let price: Decimal | null = null;
  let fees: Decimal | null = null;
  let date: IntentDate | null = null;
  while (i < tokens.length) {
    const w = at();
    if (FILLER.has(w) || CURRENCY_WORDS.has(w) || w === 'on' || w === 'el' || w === 'and' || w === 'y') {
      i++;
      continue;
    }
    // Fees: "con 1,20 de comisión", "with 1.20 fees", "fees 1.20", "comisión 1,20".
    if ((w === 'con' || w === 'with' || w === 'plus') && amountOf(tokens[i + 1] ?? '', true)) {
      const rest = [at(2), at(3)];
      const feeAt = rest.findIndex((r) => FEE_WORDS.has(r));
      if (feeAt === -1 || fees) return null;
      fees = amountOf(tokens[i + 1]!, true);
      i += 3 + feeAt;
      continue;
    }
    // Stryker disable next-line StringLiteral: a fee word ending the message: any default that is no amount refuses the fee, as '' does
    if (FEE_WORDS.has(w) && amountOf(tokens[i + 1] ?? '', true)) {
      if (fees) return null;
      fees = amountOf(tokens[i + 1]!, true);
      i += 2;
      continue;
    }
    // Stryker disable next-line StringLiteral: a price word ending the message: any default that is no amount refuses the price, as '' does
    if (PRICE_WORDS.has(w) && amountOf(tokens[i + 1] ?? '')) {
      if (price) return null;
      price = amountOf(tokens[i + 1]!);
      i += 2;
      continue;
    }
    const relative = readDate(tokens.slice(i).map(fold));
    if (relative) {
      if (date) return null;
      date = relative.date;
      i += relative.used;
      continue;
    }
    // Stryker disable next-line StringLiteral: tokens[i] always exists inside the loop (i < tokens.length); the default is for TypeScript
    const bare = amountOf(tokens[i] ?? '');
    if (bare && !price) {
      price = bare;
      i++;
      continue;
    }
    return null;
  }
  return { side, symbol, quantity, price, fees, date };
}

/** A date phrase at the start of `words` (folded) and how many words it took. */
function readDate(words: readonly string[]): { date: IntentDate; used: number } | null {
  // Stryker disable next-line StringLiteral: readDate is called with at least one word, and a missing second word is no weekday nor 'pasado' whatever the default
  const [a = '', b = ''] = words;
  if (a === 'today' || a === 'hoy') return { date: { kind: 'today' }, used: 1 };
  if (a === 'yesterday' || a === 'ayer') return { date: { kind: 'yesterday' }, used: 1 };
  if (a === 'last' && WEEKDAYS.has(b)) return { date: { kind: 'last-weekday', weekday: WEEKDAYS.get(b)! }, used: 2 };
  if (WEEKDAYS.has(a) && b === 'pasado') return { date: { kind: 'last-weekday', weekday: WEEKDAYS.get(a)! }, used: 2 };
  if (isCalendarDate(a)) return { date: { kind: 'day', day: a }, used: 1 };
  return null;
}

/** What `resolveTradeIntent` resolves against: the chat's ledger and its local day. */
export interface TalkContext {
  readonly state: LedgerState;
  /** Today in the rules' time zone (`localDay`). */
  readonly today: string;
}

/** The weekday (0 = Sunday) of a `YYYY-MM-DD`. */
function weekdayOf(day: string): number {
  return new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)))).getUTCDay();
}

/** The calendar day an intent's date names, given the local `today`. */
export function resolveIntentDate(date: IntentDate, today: string): string {
  switch (date.kind) {
    case 'today':
      return today;
    case 'yesterday':
      return addDays(today, -1);
    case 'last-weekday': {
      const back = (weekdayOf(today) - date.weekday + 7) % 7 || 7;
      return addDays(today, -back);
    }
    case 'day':
      return date.day;
  }
}

/**
 * Turns an intent into the exact trade to propose, or the question to ask: the ticker is checked
 * (`normaliseTicker`), "half"/"all" become the held quantity (exact decimals), relative dates become
 * days in the rules' time zone, and anything missing is asked, never guessed. A date equal to
 * today is left out, so the trade is timed like a typed command (the message's time).
 */
export function resolveTradeIntent(intent: TradeIntent, context: TalkContext): Result<ResolvedTrade, TalkQuestion> {
  if (intent.symbol.trim() === '') return err({ kind: 'missing-ticker' });
  const symbol = normaliseTicker(intent.symbol);
  if (!symbol) return err({ kind: 'unclear-ticker', text: intent.symbol.slice(0, 40) });
  if (!intent.quantity) return err({ kind: 'missing-quantity', symbol, side: intent.side });
  let quantity: Decimal;
  if (intent.quantity.kind === 'exact') quantity = intent.quantity.value;
  else {
    if (intent.side === 'buy') return err({ kind: 'relative-buy', symbol });
    const held = context.state.positions.get(symbol);
    if (!held) return err({ kind: 'not-held', symbol });
    quantity = intent.quantity.kind === 'all' ? held.quantity : held.quantity.div(2);
  }
  if (!intent.price) return err({ kind: 'missing-price', symbol, side: intent.side });
  let date: string | undefined;
  if (intent.date) {
    const day = resolveIntentDate(intent.date, context.today);
    if (day > context.today) return err({ kind: 'future-date', day });
    if (day !== context.today) date = day;
  }
  return ok({ side: intent.side, symbol, quantity, price: intent.price, fees: intent.fees ?? quantity.times(0), ...(date ? { date } : {}) });
}

/** The command a resolved trade is, as the user could type it: `/sell NVDA 5 140 1.2 2026-11-27`. */
export function tradeCommandText(trade: ResolvedTrade): string {
  const parts = [`/${trade.side}`, trade.symbol, toPlain(trade.quantity), toPlain(trade.price)];
  if (trade.fees.gt(0)) parts.push(toPlain(trade.fees));
  if (trade.date) parts.push(trade.date);
  return parts.join(' ');
}

/** The local calendar day (`YYYY-MM-DD`) of an instant in an IANA time zone (the rules' `analysis.timezone`). */
export function localDay(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  // Stryker disable next-line OptionalChaining,StringLiteral: Intl's en-CA parts always hold year, month and day; the fallback never runs
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * The tool a model is given to propose a trade: the same fields as `/buy` and `/sell`
 * (`TICKER QTY PRICE [FEES] [DATE]`), relative words kept as words for the domain to resolve.
 * Strict: no other properties; nullable fields are asked about when null.
 */
export const PROPOSE_TRADE_TOOL = {
  name: 'propose_trade',
  description: 'Record a buy or sell the user reports. Never guess a missing value: use null.',
  input_schema: {
    type: 'object',
    additionalProperties: false,
    required: ['side', 'ticker', 'quantity', 'price', 'fees', 'date'],
    properties: {
      side: { type: 'string', enum: ['buy', 'sell'] },
      ticker: { type: 'string', description: 'Yahoo ticker, e.g. AAPL, BRK-B, SAN.MC' },
      quantity: { type: ['string', 'null'], description: 'shares as a decimal, or "all" or "half"' },
      price: { type: ['string', 'null'], description: 'per share, decimal' },
      fees: { type: ['string', 'null'] },
      date: { type: ['string', 'null'], description: 'YYYY-MM-DD, "today", "yesterday" or "last-<weekday>"' },
    },
  },
} as const;

/** The tool a model is given when it cannot propose a trade without guessing. */
export const ASK_USER_TOOL = {
  name: 'ask_user',
  description: 'The message is not a trade, or a ticker, quantity or price is unclear.',
  input_schema: {
    type: 'object',
    additionalProperties: false,
    required: ['reason', 'text'],
    properties: {
      reason: { type: 'string', enum: ['unclear-ticker', 'missing-quantity', 'missing-price', 'not-a-trade'] },
      text: { type: 'string', description: 'the unclear words, or ""' },
    },
  },
} as const;

/** A tool call as a model returned it (unchecked). */
export interface ToolCall {
  readonly name: string;
  readonly input: unknown;
}

const ENGLISH_WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * Checks a model's tool call and turns it into an intent, or the question to ask. Anything that
 * does not fit the tools' schemas exactly is "not understood" (`not-a-trade`): the model's words are
 * never trusted as they come.
 */
export function intentFromToolCall(call: ToolCall | null): Result<TradeIntent, TalkQuestion> {
  if (!call || typeof call.input !== 'object' || call.input === null) return err({ kind: 'not-a-trade' });
  const input = call.input as Record<string, unknown>;
  const str = (key: string): string | null | undefined => {
    const value = input[key];
    return value === null ? null : typeof value === 'string' ? value : undefined;
  };
  if (call.name === ASK_USER_TOOL.name) {
    const reason = str('reason');
    const text = (str('text') ?? '').slice(0, 40);
    if (reason === 'unclear-ticker') return err({ kind: 'unclear-ticker', text });
    if (reason === 'missing-quantity') return err({ kind: 'missing-quantity', symbol: normaliseTicker(text) ?? text });
    if (reason === 'missing-price') return err({ kind: 'missing-price', symbol: normaliseTicker(text) ?? text });
    return err({ kind: 'not-a-trade' });
  }
  if (call.name !== PROPOSE_TRADE_TOOL.name) return err({ kind: 'not-a-trade' });
  const allowed: readonly string[] = PROPOSE_TRADE_TOOL.input_schema.required;
  if (Object.keys(input).some((key) => !allowed.includes(key))) return err({ kind: 'not-a-trade' });
  const side = str('side');
  const ticker = str('ticker');
  if ((side !== 'buy' && side !== 'sell') || typeof ticker !== 'string') return err({ kind: 'not-a-trade' });
  const quantityText = str('quantity');
  const priceText = str('price');
  const feesText = str('fees');
  const dateText = str('date');
  if ([quantityText, priceText, feesText, dateText].includes(undefined)) return err({ kind: 'not-a-trade' });
  let quantity: IntentQuantity | null = null;
  if (quantityText === 'all' || quantityText === 'half') quantity = { kind: quantityText };
  else if (quantityText) {
    const value = amountOf(quantityText);
    if (!value) return err({ kind: 'missing-quantity', symbol: normaliseTicker(ticker) ?? ticker, side });
    quantity = { kind: 'exact', value };
  }
  const price = priceText ? amountOf(priceText) : null;
  if (priceText && !price) return err({ kind: 'missing-price', symbol: normaliseTicker(ticker) ?? ticker, side });
  const fees = feesText ? amountOf(feesText, true) : null;
  let date: IntentDate | null = null;
  if (dateText) {
    const weekday = /^last-([a-z]+)$/.exec(dateText);
    if (dateText === 'today' || dateText === 'yesterday') date = { kind: dateText };
    else if (weekday && ENGLISH_WEEKDAYS.includes(weekday[1]!)) date = { kind: 'last-weekday', weekday: ENGLISH_WEEKDAYS.indexOf(weekday[1]!) };
    else if (isCalendarDate(dateText)) date = { kind: 'day', day: dateText };
    else return err({ kind: 'not-a-trade' });
  }
  return ok({ side, symbol: ticker, quantity, price, fees, date });
}

/**
 * An intent in the tool call's shape (what a `Proposal` keeps), with a relative date anchored to
 * the day it was said; `intentFromToolCall` reads it back. A relative quantity stays relative, so
 * a fresh preview recomputes "half" from the ledger as it is then.
 */
export function intentToToolInput(intent: TradeIntent, today: string): Record<string, string | null> {
  const q = intent.quantity;
  return {
    side: intent.side,
    ticker: intent.symbol,
    quantity: q === null ? null : q.kind === 'exact' ? toPlain(q.value) : q.kind,
    price: intent.price ? toPlain(intent.price) : null,
    fees: intent.fees ? toPlain(intent.fees) : null,
    date: intent.date ? resolveIntentDate(intent.date, today) : null,
  };
}
