import { z } from 'zod';

/**
 * Trading rules kept in `config/rules.json`. Every field has a default, so a missing file or a
 * partial one is valid; unknown keys are refused so a typo is not silently ignored.
 */
export const RulesSchema = z
  .object({
    /** Alert when a position is this % below its average cost. */
    stopLossPct: z.number().positive().max(100).default(8),
    /** Alert when a position is this % above its average cost. */
    takeProfitPct: z.number().positive().max(10000).default(25),
    /** Alert when one position is more than this % of the portfolio's market value. */
    maxPositionWeightPct: z.number().positive().max(100).default(20),
    /** Alert when more positions than this are open. */
    maxOpenPositions: z.number().int().positive().default(15),
    /** ISO 4217 code trades default to and totals are reported in. */
    baseCurrency: z.string().regex(/^[A-Z]{3}$/, 'a 3-letter ISO currency code such as USD').default('USD'),
    /** Language of the bot's replies and of the daily report. */
    language: z.enum(['en', 'es']).default('en'),
    analysis: z
      .object({
        /** Local time of the daily analysis, `HH:MM`. */
        time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour').default('08:00'),
        /** IANA time zone of `time`. */
        timezone: z.string().min(1).default('Europe/Madrid'),
        /** Word limit given to the model. */
        wordLimit: z.number().int().positive().max(2000).default(200),
        /** Upper bound on the model's output tokens. */
        maxTokens: z.number().int().positive().max(8000).default(1000),
        /** Spend per calendar month above which the LLM call is skipped. */
        monthlyBudgetUsd: z.number().nonnegative().default(5),
        /** How many scan candidates the analysis considers. */
        candidates: z.number().int().positive().max(50).default(10),
      })
      .strict()
      .prefault({}),
    scan: z
      .object({
        /** Look-back window for the peak, in calendar days. */
        lookbackDays: z.number().int().positive().max(3650).default(180),
        /** Ignore stocks whose last close is below this. */
        minPrice: z.number().nonnegative().default(5),
        /** Ignore stocks whose 20-day average volume is below this. */
        minAvgVolume: z.number().nonnegative().default(500_000),
        /** Rows in `latest.json`'s top list. */
        topN: z.number().int().positive().max(200).default(25),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** Validated rules with every default filled in. */
export type Rules = z.output<typeof RulesSchema>;
/** What may be written in `config/rules.json` (every field optional). */
export type RulesInput = z.input<typeof RulesSchema>;

/** The rules used when `config/rules.json` does not exist. */
export const DEFAULT_RULES: Rules = RulesSchema.parse({});

/**
 * Validates raw rules (already JSON-parsed). Returns readable issues (`stopLossPct: Too big...`)
 * instead of throwing, so a storage adapter can name the key and the field that is wrong.
 */
export function parseRules(raw: unknown): { ok: true; value: Rules } | { ok: false; error: string } {
  const result = RulesSchema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return { ok: false, error: issues.join('; ') };
}
