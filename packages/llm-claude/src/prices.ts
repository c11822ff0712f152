import { dec, type AnalysisUsage, type Decimal } from '@tradebot/core-domain';

/** USD per million tokens for one model. */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  /** 5-minute cache write (the `ephemeral` default TTL). */
  readonly cacheWrite: number;
  readonly cacheRead: number;
}

/**
 * The one price table. Source: Anthropic model pages, platform.claude.com/docs/en/models/opus-5-5/overview,
 * .../models/opus-5/overview (read 2026-11-22) and .../models/sonnet-5-5/overview (read 2026-11-30):
 * Opus 5.5: $4 in, $20 out, $5 5m cache write, $0.20 cache read; Opus 5: $5 / $25 / $6.25 / $0.50;
 * Sonnet 5.5: $2 / $10 / $2.50 / $0.20. Add a row when configuring another model; an unknown model
 * is costed at the most expensive row so the budget errs on the safe side.
 */
export const PRICES_USD_PER_MTOK: Readonly<Record<string, ModelPrice>> = {
  'claude-sonnet-5-5': { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 },
  'claude-opus-5-5': { input: 4, output: 20, cacheWrite: 5, cacheRead: 0.2 },
  'claude-opus-5': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
};

/**
 * The `thinking` setting that turns a model's up-front thinking off, for the models that allow it
 * (Anthropic's thinking troubleshooting page, read 2026-11-30: Sonnet 5.5 takes `between_tools`
 * instead of `disabled`, which on a request without tools returns text only; Opus 5 takes `disabled`
 * at effort high or lower). Opus 5.5 cannot turn thinking off: absent here, so its thinking tokens
 * must fit in `max_tokens` beside the answer (`THINKING_ALLOWANCE_TOKENS`).
 */
export const THINKING_OFF: Readonly<Record<string, { readonly type: 'between_tools' | 'disabled' }>> = {
  'claude-sonnet-5-5': { type: 'between_tools' },
  'claude-opus-5': { type: 'disabled' },
};

/**
 * Room left in `max_tokens` for the thinking of a model that cannot turn it off (Opus 5.5), beside
 * the note: at effort low a short note needs little, but it is an estimate (the daily log's usage
 * and stop reason show what a model really spent).
 */
export const THINKING_ALLOWANCE_TOKENS = 200;

/**
 * The model used when none is configured: Claude Sonnet 5.5. At its price a 200-word note in either
 * language fits the per-run cost cap (`COST_CAP_USD`) with room to spare, and its thinking can be
 * turned off, so `max_tokens` bounds the note alone. (At Claude Opus 5.5's prices the cap leaves room
 * for about 40 words beside the thinking it cannot turn off: see docs/daily.md.)
 */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';

const MILLION = dec(1_000_000);

/** The price row for `model`, or the most expensive row when the model is not in the table. */
export function priceOf(model: string): { price: ModelPrice; known: boolean } {
  const known = PRICES_USD_PER_MTOK[model];
  if (known) return { price: known, known: true };
  const rows = Object.values(PRICES_USD_PER_MTOK);
  const priciest = rows.reduce((a, b) => (b.output > a.output ? b : a));
  return { price: priciest, known: false };
}

/** Exact USD cost of one call's usage. Use it on every answer, for the log and the monthly budget. */
export function costOf(model: string, usage: AnalysisUsage): Decimal {
  const { price } = priceOf(model);
  return dec(usage.inputTokens)
    .times(price.input)
    .plus(dec(usage.outputTokens).times(price.output))
    .plus(dec(usage.cacheCreationInputTokens).times(price.cacheWrite))
    .plus(dec(usage.cacheReadInputTokens).times(price.cacheRead))
    .div(MILLION);
}

/**
 * The most a call can cost: every input token at the dearer of input and cache-write rates, plus
 * `maxTokens` output. Use it before calling, against the remaining monthly budget.
 */
export function worstCaseCost(model: string, inputTokens: number, maxTokens: number): Decimal {
  const { price } = priceOf(model);
  return dec(inputTokens)
    .times(Math.max(price.input, price.cacheWrite))
    .plus(dec(maxTokens).times(price.output))
    .div(MILLION);
}
