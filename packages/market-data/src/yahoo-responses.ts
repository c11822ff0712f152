/**
 * What we read from Yahoo's answers, as zod schemas of only the fields we use. yahoo-finance2's own
 * validation is off (`yahoo-client.ts`), so an answer that does not match is caught here and becomes
 * an `UnexpectedResponseError` (a chart) or a per-symbol `unavailable` entry (a quote) that names the
 * symbol and the field: never a TypeError further down. Fields we do not use may change freely.
 */
import type { ScanFailure } from '@tradebot/core-domain';
import * as z from '@tradebot/core-domain/zod';
import { UnexpectedResponseError } from './errors';

/** A number Yahoo may leave out or send as null. */
const optionalNumber = z.nullish(z.number());
const optionalText = z.nullish(z.string());

/** One quote of a v7 quote answer (`quoteResponse.result[]`). */
const QuoteSchema = z.object({
  symbol: z.string().check(z.minLength(1)),
  regularMarketPrice: z.number().check(z.positive()),
  /** A Date once yahoo-finance2 has coerced it, epoch seconds when it has not. */
  regularMarketTime: z.pipe(
    z.union([z.date(), z.number()]),
    z.transform((time) => (typeof time === 'number' ? new Date(time * 1000) : time)),
  ),
  regularMarketPreviousClose: optionalNumber,
  regularMarketVolume: optionalNumber,
  regularMarketDayHigh: optionalNumber,
  regularMarketDayLow: optionalNumber,
  marketState: optionalText,
  currency: optionalText,
  shortName: optionalText,
  longName: optionalText,
  /** Who supplied the price ("Nasdaq Real Time Price", "Delayed Quote"; "Simulated" from the local stand-in). */
  quoteSourceName: optionalText,
  /** Set by the local stand-in on every quote it makes up. */
  simulated: z.nullish(z.boolean()),
});

/** A Yahoo quote with the fields the feed uses, checked. */
export type YahooQuote = z.infer<typeof QuoteSchema>;

/**
 * A long list of numbers (a year of bars) checked in place: `z.array` would copy every chart's
 * arrays, which costs a 1,000-symbol scan about 12 MB of peak memory for nothing.
 */
const numberList = <T extends number | null>(accepts: (value: unknown) => value is T, message: string) =>
  z.custom<T[]>((value) => Array.isArray(value) && value.every(accepts), { message });
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const Series = numberList((value): value is number | null => value === null || isFiniteNumber(value), 'expected a list of numbers or nulls');

/** A v8 chart in yahoo-finance2's object form: `timestamp[i]` is the bar of `indicators.quote[0].*[i]`. */
const ChartSchema = z
  .object({
    /** `simulated` is set by the local stand-in on every chart it makes up; `currency` is the prices' (what `/performance` checks). */
    meta: z.object({ gmtoffset: optionalNumber, simulated: z.nullish(z.boolean()), currency: optionalText }),
    /** Epoch seconds of each bar; absent when there are none. */
    timestamp: z.optional(numberList(isFiniteNumber, 'expected a list of numbers')),
    indicators: z.object({
      quote: z.array(z.object({ close: Series, high: z.optional(Series), low: z.optional(Series), volume: z.optional(Series) })),
    }),
  })
  .check(
    z.superRefine((chart, context) => {
      const bars = chart.timestamp?.length ?? 0;
      if (bars === 0) return;
      const quote = chart.indicators.quote[0];
      if (!quote) {
        context.addIssue({ code: 'custom', path: ['indicators', 'quote'], message: `no prices for ${bars} timestamps` });
        return;
      }
      for (const field of ['close', 'high', 'low', 'volume'] as const) {
        const length = quote[field]?.length;
        if (length !== undefined && length !== bars) {
          context.addIssue({ code: 'custom', path: ['indicators', 'quote', 0, field], message: `${length} values for ${bars} timestamps` });
        }
      }
    }),
  );

/** A Yahoo daily chart with the fields the feed uses, checked. */
export type YahooChart = z.infer<typeof ChartSchema>;

/** `path: message` of the first few issues: enough to see what Yahoo changed. */
function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Checks a chart answer for `symbol`; throws `UnexpectedResponseError` naming the field when it does not fit. */
export function parseChart(raw: unknown, symbol: string): YahooChart {
  const parsed = ChartSchema.safeParse(raw);
  if (!parsed.success) throw new UnexpectedResponseError(`Yahoo answered ${symbol} with an unexpected shape: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** A chart's split events in the object form: keyed by epoch seconds, each with its ratio's terms. */
const SplitEventsSchema = z.object({
  meta: z.object({ simulated: z.nullish(z.boolean()) }),
  events: z.optional(
    z.looseObject({
      // yahoo-finance2 turns the date (epoch seconds) into a Date even unvalidated: both are read.
      splits: z.optional(z.record(z.string(), z.looseObject({ date: z.union([z.number(), z.date()]), numerator: z.number(), denominator: z.number() }))),
    }),
  ),
});

/**
 * The split events of a chart answer for `symbol` (asked with `events=split`): whole positive terms
 * only (a ratio Yahoo writes as 0 or a fraction is left out). Throws `UnexpectedResponseError` when
 * the answer does not fit.
 */
export function parseSplitEvents(raw: unknown, symbol: string): { readonly simulated: boolean; readonly splits: readonly { readonly date: number; readonly numerator: number; readonly denominator: number }[] } {
  const parsed = SplitEventsSchema.safeParse(raw);
  if (!parsed.success) throw new UnexpectedResponseError(`Yahoo answered ${symbol}'s splits with an unexpected shape: ${describeIssues(parsed.error)}`);
  const whole = (n: number): boolean => Number.isSafeInteger(n) && n >= 1;
  const splits = Object.values(parsed.data.events?.splits ?? {}).filter((e) => whole(e.numerator) && whole(e.denominator));
  const seconds = (date: number | Date): number => (date instanceof Date ? date.getTime() / 1000 : date);
  return { simulated: parsed.data.meta.simulated === true, splits: splits.map(({ date, numerator, denominator }) => ({ date: seconds(date), numerator, denominator })) };
}

/**
 * Checks a quote answer for `batch`: each quote on its own, so one odd quote costs only its symbol,
 * listed in `rejected` with the reason. A quote that cannot even be told apart (no symbol) makes
 * every unanswered symbol of the batch rejected, rather than "unknown to Yahoo".
 */
export function parseQuotes(raw: unknown, batch: readonly string[]): { readonly quotes: readonly YahooQuote[]; readonly rejected: readonly ScanFailure[] } {
  if (!Array.isArray(raw)) throw new UnexpectedResponseError(`Yahoo answered a quote request with an unexpected shape: not a list of quotes`);
  const asked = new Set(batch);
  const quotes: YahooQuote[] = [];
  const rejected = new Map<string, string>();
  let unattributed: string | null = null;
  for (const item of raw as unknown[]) {
    const parsed = QuoteSchema.safeParse(item);
    if (parsed.success) {
      if (asked.has(parsed.data.symbol)) quotes.push(parsed.data);
      continue;
    }
    const symbol = (item as { symbol?: unknown } | null)?.symbol;
    const reason = `Yahoo answered the quote with an unexpected shape: ${describeIssues(parsed.error)}`;
    if (typeof symbol === 'string' && asked.has(symbol)) rejected.set(symbol, reason);
    else unattributed ??= reason;
  }
  if (unattributed) {
    const answered = new Set(quotes.map((q) => q.symbol));
    for (const symbol of batch) if (!answered.has(symbol) && !rejected.has(symbol)) rejected.set(symbol, unattributed);
  }
  return { quotes, rejected: [...rejected].map(([symbol, reason]) => ({ symbol, reason })) };
}

/** Whether a quote was made up by the local stand-in rather than supplied by a market. */
export const isSimulatedQuote = (quote: Pick<YahooQuote, 'simulated' | 'quoteSourceName'>): boolean =>
  quote.simulated === true || /simulated/i.test(quote.quoteSourceName ?? '');
