import { normaliseTicker } from './commands/tickers';
import { dec, parseDecimal, type Decimal } from './decimal';
import * as z from './zod';

/**
 * Trading rules kept in `config/rules.json`. Every field has a default, so a missing file or a
 * partial one is valid; unknown keys are refused so a typo is not silently ignored.
 */
export const RulesSchema = z.strictObject({
  /** Alert when a position is this % below its average cost. */
  stopLossPct: z._default(z.number().check(z.positive(), z.lte(100)), 8),
  /** Alert when a position is this % above its average cost. */
  takeProfitPct: z._default(z.number().check(z.positive(), z.lte(10000)), 25),
  /** Alert when one position is more than this % of the portfolio's market value. */
  maxPositionWeightPct: z._default(z.number().check(z.positive(), z.lte(100)), 20),
  /** Alert when more positions than this are open. */
  maxOpenPositions: z._default(z.int().check(z.positive()), 15),
  /**
   * A trade of more shares than this is refused as a likely slip of the keyboard (`1000000000`
   * for `1000`): far above a retail order, so only a typo reaches it. Raise it with `/rules set`.
   */
  maxTradeQuantity: z._default(z.number().check(z.positive()), 1_000_000),
  /**
   * A trade in the base currency worth more than this (quantity x price) is refused as a likely
   * typo (a price typed without its decimal point: `18250` for `182.50`). Trades in other currencies
   * are not compared (there is no FX conversion). Raise it with `/rules set`.
   */
  maxTradeValue: z._default(z.number().check(z.positive()), 1_000_000),
  /** ISO 4217 code trades default to and totals are reported in. */
  baseCurrency: z._default(z.string().check(z.regex(/^[A-Z]{3}$/, 'a 3-letter ISO currency code such as USD')), 'USD'),
  /** Language of the bot's replies and of the daily report. */
  language: z._default(z.enum(['en', 'es']), 'en'),
  /**
   * What `/performance` and the Monday line compare the portfolio with: a ticker in Yahoo style
   * (an ETF such as SPY or QQQ; indexes like ^GSPC are refused, as everywhere), bought with the
   * portfolio's own cash flows. Compared only when it is quoted in the portfolio's currency.
   */
  benchmark: z._default(z.string().check(z.refine((ticker) => normaliseTicker(ticker) === ticker, 'a ticker in Yahoo style such as SPY')), 'SPY'),
  analysis: z.prefault(
    z.strictObject({
      /** Local time of the daily analysis, `HH:MM`. */
      time: z._default(z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour')), '08:00'),
      /** IANA time zone of `time` (checked: an unknown zone would stop the morning job). */
      timezone: z._default(z.string().check(z.minLength(1), z.refine(isTimeZone, 'an IANA time zone such as Europe/Madrid')), 'Europe/Madrid'),
      /** Word limit given to the model. */
      wordLimit: z._default(z.int().check(z.positive(), z.lte(2000)), 200),
      /** Upper bound on the model's output tokens. */
      maxTokens: z._default(z.int().check(z.positive(), z.lte(8000)), 1000),
      /** Spend per calendar month above which the LLM call is skipped. */
      monthlyBudgetUsd: z._default(z.number().check(z.nonnegative()), 5),
      /** How many scan candidates the analysis considers. */
      candidates: z._default(z.int().check(z.positive(), z.lte(50)), 10),
    }),
    {},
  ),
  scan: z.prefault(
    z.strictObject({
      /** Look-back window for the peak, in calendar days. */
      lookbackDays: z._default(z.int().check(z.positive(), z.lte(3650)), 180),
      /** Ignore stocks whose last close is below this. */
      minPrice: z._default(z.number().check(z.nonnegative()), 5),
      /** Ignore stocks whose 20-day average volume is below this. */
      minAvgVolume: z._default(z.number().check(z.nonnegative()), 500_000),
      /** Rows in `latest.json`'s top list. */
      topN: z._default(z.int().check(z.positive(), z.lte(200)), 25),
    }),
    {},
  ),
});

/** Validated rules with every default filled in. */
export type Rules = z.output<typeof RulesSchema>;
/** What may be written in `config/rules.json` (every field optional). */
export type RulesInput = z.input<typeof RulesSchema>;

/** The rules used when `config/rules.json` does not exist. */
export const DEFAULT_RULES: Rules = RulesSchema.parse({});

/** Whether `zone` is an IANA time zone this runtime knows (`Europe/Madrid`). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

type Language = 'en' | 'es';

/** One thing wrong with a rules document: the dotted path of the field at fault and why, in words. */
export interface RuleIssue {
  /** `stopLossPct`, `analysis.time`; `(root)` for the document itself. */
  readonly path: string;
  readonly message: string;
}

/** What a value of a field with a format must look like, per language (the schema's own words are English only). */
const FORMAT_HINTS: Readonly<Record<string, Readonly<Record<Language, string>>>> = {
  baseCurrency: { en: 'must be a 3-letter ISO currency code such as USD', es: 'debe ser un código de moneda ISO de 3 letras, como USD' },
  'analysis.time': { en: 'must be a time HH:MM, 24-hour, such as 08:00', es: 'debe ser una hora HH:MM de 24 horas, como 08:00' },
  'analysis.timezone': { en: 'must be an IANA time zone such as Europe/Madrid', es: 'debe ser una zona horaria IANA, como Europe/Madrid' },
  benchmark: { en: 'must be a ticker in Yahoo style such as SPY or QQQ', es: 'debe ser un ticker en formato Yahoo, como SPY o QQQ' },
};

/** A zod issue of the rules schema in the reader's language, one entry per field at fault. */
function describeIssue(issue: z.core.$ZodIssue, language: Language): RuleIssue[] {
  const path = issue.path.map(String).join('.') || '(root)';
  const at = (message: Readonly<Record<Language, string>>): RuleIssue[] => [{ path, message: message[language] }];
  switch (issue.code) {
    case 'too_big': {
      const max = String(issue.maximum);
      return at(issue.inclusive ? { en: `must be at most ${max}`, es: `debe ser como máximo ${max}` } : { en: `must be less than ${max}`, es: `debe ser menor que ${max}` });
    }
    case 'too_small': {
      const min = String(issue.minimum);
      return at(issue.inclusive ? { en: `must be at least ${min}`, es: `debe ser como mínimo ${min}` } : { en: `must be greater than ${min}`, es: `debe ser mayor que ${min}` });
    }
    case 'invalid_type':
      if (issue.expected === 'int') return at({ en: 'must be a whole number', es: 'debe ser un número entero' });
      if (issue.expected === 'number') return at({ en: 'must be a number', es: 'debe ser un número' });
      if (issue.expected === 'string') return at({ en: 'must be text', es: 'debe ser un texto' });
      if (issue.expected === 'object') return at({ en: 'must be a group of rules ({...})', es: 'debe ser un grupo de reglas ({...})' });
      return [{ path, message: issue.message }];
    case 'invalid_value':
      return at({ en: `must be one of ${issue.values.join(', ')}`, es: `debe ser uno de ${issue.values.join(', ')}` });
    case 'invalid_format':
    case 'custom': {
      const hint = FORMAT_HINTS[path];
      return hint ? at(hint) : [{ path, message: issue.message }];
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...issue.path.map(String), key].join('.'),
        message: { en: 'is not a rule', es: 'no es una regla' }[language],
      }));
    default:
      return [{ path, message: issue.message }];
  }
}

/**
 * Validates raw rules (already JSON-parsed). Returns readable issues (`stopLossPct: must be at most
 * 100`), in `language` (English by default), instead of throwing, so a storage adapter can name the
 * key and the field that is wrong and `/rules set` can refuse with the same words.
 */
export function parseRules(
  raw: unknown,
  // Stryker disable next-line StringLiteral: any language but 'es' is worded in English below
  language: Language = 'en',
): { ok: true; value: Rules } | { ok: false; error: string; issues: readonly RuleIssue[] } {
  const result = RulesSchema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.flatMap((issue) => describeIssue(issue, language === 'es' ? 'es' : 'en'));
  return { ok: false, error: issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues };
}

/**
 * `config/rules.json` as written: only the rules someone set, before validation and defaults. A
 * rule's value is found at its dotted path (`analysis.time` is `{ "analysis": { "time": ... } }`).
 */
export type RulesDocument = Readonly<Record<string, unknown>>;

/** The value or group at a dotted path of a rules object; `undefined` when absent. */
export function ruleAt(rules: RulesDocument | Rules, key: string): unknown {
  let current: unknown = rules;
  for (const part of key.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.prototype.hasOwnProperty.call(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function leafPaths(value: Readonly<Record<string, unknown>>, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    typeof child === 'object' && child !== null ? leafPaths(child as Record<string, unknown>, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

/**
 * Every rule a person can set, as a dotted path (`stopLossPct`, `analysis.time`), in the order of
 * the schema. Use it to list and to recognise rules (`/rules`).
 */
export const RULE_KEYS: readonly string[] = leafPaths(DEFAULT_RULES);

/** The groups of rules (`analysis`, `scan`): `/rules reset analysis` returns a whole group to its defaults. */
export const RULE_GROUPS: readonly string[] = Object.keys(DEFAULT_RULES).filter((key) => typeof ruleAt(DEFAULT_RULES, key) === 'object');

/** The rule or group a typed key names, in its own spelling (`stoplosspct` -> `stopLossPct`); `undefined` when none. */
export function findRuleKey(typed: string): string | undefined {
  const lower = typed.toLowerCase();
  return [...RULE_KEYS, ...RULE_GROUPS].find((key) => key.toLowerCase() === lower);
}

/**
 * A rule's value from what a person typed, by the type of its default: a number for numeric rules
 * (decimal point or comma), the text otherwise (`language` lower-cased, `baseCurrency` upper-cased,
 * `benchmark` in Yahoo's spelling, as they must be written). `null` when a numeric rule gets something that is not a number. The
 * range is checked by `parseRules`, not here.
 */
export function ruleValueFromText(key: string, typed: string): number | string | null {
  const fallback = ruleAt(DEFAULT_RULES, key);
  if (typeof fallback === 'number') {
    const value = parseDecimal(typed);
    return value === null ? null : Number(value.toString());
  }
  if (key === 'language') return typed.toLowerCase();
  // A ticker is stored in Yahoo's spelling (`brk.b` -> `BRK-B`); one that cannot be a ticker is left for the schema to refuse.
  if (key === 'benchmark') return normaliseTicker(typed) ?? typed;
  if (key === 'baseCurrency') return typed.toUpperCase();
  return typed;
}

/** A copy of `document` with `value` at the dotted `key` (intermediate groups created). */
export function withRule(document: RulesDocument, key: string, value: unknown): RulesDocument {
  const [head, ...rest] = key.split('.');
  if (rest.length === 0) return { ...document, [head!]: value };
  const child = document[head!];
  const group = typeof child === 'object' && child !== null && !Array.isArray(child) ? (child as RulesDocument) : {};
  return { ...document, [head!]: withRule(group, rest.join('.'), value) };
}

/** A copy of `document` without the dotted `key`; a group left empty is removed too. */
export function withoutRule(document: RulesDocument, key: string): RulesDocument {
  const [head, ...rest] = key.split('.');
  if (!Object.prototype.hasOwnProperty.call(document, head!)) return document;
  const { [head!]: child, ...others } = document;
  if (rest.length === 0) return others;
  if (typeof child !== 'object' || child === null || Array.isArray(child)) return document;
  const group = withoutRule(child as RulesDocument, rest.join('.'));
  return Object.keys(group).length === 0 ? others : { ...others, [head!]: group };
}

/** A trade past one of the per-trade limits of the rules. */
export interface TradeLimitBreach {
  readonly rule: 'maxTradeQuantity' | 'maxTradeValue';
  readonly limit: number;
  /** The trade's figure past the limit: its quantity, or quantity x price in the base currency. */
  readonly actual: Decimal;
  /** The currency of a value limit (the base currency). */
  readonly currency?: string;
}

/**
 * Whether a trade passes `maxTradeQuantity` or, for a trade in the base currency, `maxTradeValue`
 * (quantity x price; other currencies are not compared, there is no FX). Use it before recording a
 * trade typed by a person: past a limit it is almost certainly a typo, and the refusal should name
 * the rule that raises it. `null` when the trade is within both.
 */
export function checkTradeLimits(trade: { readonly quantity: Decimal; readonly price: Decimal; readonly currency: string }, rules: Rules): TradeLimitBreach | null {
  if (trade.quantity.gt(dec(rules.maxTradeQuantity))) return { rule: 'maxTradeQuantity', limit: rules.maxTradeQuantity, actual: trade.quantity };
  const value = trade.quantity.times(trade.price);
  if (trade.currency === rules.baseCurrency && value.gt(dec(rules.maxTradeValue))) {
    return { rule: 'maxTradeValue', limit: rules.maxTradeValue, actual: value, currency: rules.baseCurrency };
  }
  return null;
}
