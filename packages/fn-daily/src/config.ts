import * as z from '@tradebot/core-domain/zod';
import { DailyConfigError, DailyEventError } from './errors';

const ConfigSchema = z.object({
  DATA_BUCKET: z.string().check(z.minLength(3)),
  /** The DynamoDB table of the ledger. */
  TABLE_NAME: z.string().check(z.minLength(3)),
  /** SSM path prefix of the secrets (Telegram token, Anthropic key, allowed chats), e.g. `/tradebot/prod`. */
  SSM_PREFIX: z.string().check(z.regex(/^\/[A-Za-z0-9_.\-/]+$/, 'an SSM path such as /tradebot/prod')),
  /** Claude model id; default llm-claude's DEFAULT_MODEL (Claude Sonnet 5.5). Its prices set the output limit under the per-run cap. */
  ANTHROPIC_MODEL: z.optional(z.string().check(z.minLength(1))),
  /** Per-attempt Claude timeout. Keep (retries + 1) x timeout well under the Lambda timeout. */
  ANTHROPIC_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.gte(1_000), z.lte(600_000)), 30_000),
  ANTHROPIC_MAX_RETRIES: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(5)), 2),
  /** Bot API root; unset means Telegram's (`https://api.telegram.org`). Set for a self-hosted Bot API server or the local stand-in. */
  TELEGRAM_API_ROOT: z.optional(z.url({ protocol: /^https?$/ })),
  /** Origin that replaces every Yahoo Finance host (the local stack's Yahoo stand-in); unset in production. */
  YAHOO_API_ROOT: z.optional(z.url({ protocol: /^https?$/ })),
  LOG_LEVEL: z._default(z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']), 'info'),
  /** The function's configured timeout (set by Terraform): the per-date claim must outlast any run. */
  FUNCTION_TIMEOUT_SECONDS: z._default(z.coerce.number().check(z.int(), z.positive(), z.lte(900)), 300),
});

/** fn-daily's validated configuration (secrets are not here: they come from SSM). */
export type DailyConfig = z.output<typeof ConfigSchema>;

/** Validates the environment once, at module scope; throws `DailyConfigError` naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): DailyConfig {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) throw new DailyConfigError(`Invalid fn-daily environment: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return result.data;
}

const EventSchema = z.looseObject({
  /** Run for this local date instead of today (a manual re-run). */
  date: z.optional(
    z
      .string()
      .check(
        z.regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
        z.refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'a real calendar date'),
      ),
  ),
});

/**
 * Reads the EventBridge Scheduler input: `{}` (today, in the rules' time zone) or
 * `{ "date": "YYYY-MM-DD" }`. Anything else the schedule adds is ignored; a bad `date` is refused.
 */
export function parseDailyEvent(event: unknown): { date?: string } {
  const result = EventSchema.safeParse(event ?? {});
  if (!result.success) throw new DailyEventError(`Bad daily event: ${result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}. Example: {"date":"2026-11-21"}`);
  return result.data.date ? { date: result.data.date } : {};
}
