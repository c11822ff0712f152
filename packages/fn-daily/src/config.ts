import { z } from 'zod';
import { DailyConfigError, DailyEventError } from './errors';

const ConfigSchema = z.object({
  DATA_BUCKET: z.string().min(3),
  /** The DynamoDB table of the ledger. */
  TABLE_NAME: z.string().min(3),
  /** SSM path prefix of the secrets (Telegram token, Anthropic key, allowed chats), e.g. `/tradebot/prod`. */
  SSM_PREFIX: z.string().regex(/^\/[A-Za-z0-9_.\-/]+$/, 'an SSM path such as /tradebot/prod'),
  /** Claude model id; default llm-claude's DEFAULT_MODEL (Claude Sonnet 5.5). Its prices set the output limit under the per-run cap. */
  ANTHROPIC_MODEL: z.string().min(1).optional(),
  /** Per-attempt Claude timeout. Keep (retries + 1) x timeout well under the Lambda timeout. */
  ANTHROPIC_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  ANTHROPIC_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /** Bot API root; unset means Telegram's (`https://api.telegram.org`). Set for a self-hosted Bot API server or the local stand-in. */
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/ }).optional(),
  /** Origin that replaces every Yahoo Finance host (the local stack's Yahoo stand-in); unset in production. */
  YAHOO_API_ROOT: z.url({ protocol: /^https?$/ }).optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** The function's configured timeout (set by Terraform): the per-date claim must outlast any run. */
  FUNCTION_TIMEOUT_SECONDS: z.coerce.number().int().positive().max(900).default(300),
});

/** fn-daily's validated configuration (secrets are not here: they come from SSM). */
export type DailyConfig = z.output<typeof ConfigSchema>;

/** Validates the environment once, at module scope; throws `DailyConfigError` naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): DailyConfig {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) throw new DailyConfigError(`Invalid fn-daily environment: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return result.data;
}

const EventSchema = z
  .object({
    /** Run for this local date instead of today (a manual re-run). */
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
      .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'a real calendar date')
      .optional(),
  })
  .loose();

/**
 * Reads the EventBridge Scheduler input: `{}` (today, in the rules' time zone) or
 * `{ "date": "YYYY-MM-DD" }`. Anything else the schedule adds is ignored; a bad `date` is refused.
 */
export function parseDailyEvent(event: unknown): { date?: string } {
  const result = EventSchema.safeParse(event ?? {});
  if (!result.success) throw new DailyEventError(`Bad daily event: ${result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}. Example: {"date":"2026-11-21"}`);
  return result.data.date ? { date: result.data.date } : {};
}
