import { z } from 'zod';
import { WebhookConfigError } from './errors';
import { DEFAULT_FUNCTION_TIMEOUT_SECONDS } from './timings';

const ConfigSchema = z.object({
  DATA_BUCKET: z.string().min(3),
  TABLE_NAME: z.string().min(3),
  /** SSM path prefix of the secrets, e.g. `/tradebot/prod`. */
  SSM_PREFIX: z.string().regex(/^\/[A-Za-z0-9_.\-/]+$/, 'an SSM path such as /tradebot/prod'),
  STAGE: z.string().min(1),
  /** The bot's @username (without @): preset as botInfo so no `getMe` runs per cold start. */
  TELEGRAM_BOT_USERNAME: z.string().regex(/^[A-Za-z0-9_]{5,32}$/, 'a Telegram bot username without @'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  UNDO_WINDOW_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
  LINK_EXPIRY_SECONDS: z.coerce.number().int().positive().max(7 * 24 * 3600).default(3600),
  /** Bot API root; unset means Telegram's (`https://api.telegram.org`). Set for a self-hosted Bot API server. */
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/ }).optional(),
  /** Origin that replaces every Yahoo Finance host (the local stack's Yahoo stand-in); unset in production. */
  YAHOO_API_ROOT: z.url({ protocol: /^https?$/ }).optional(),
  /** Claude model for reading plain-language trades (default: llm-claude's `DEFAULT_MODEL`). */
  ANTHROPIC_MODEL: z.string().min(1).optional(),
  /** The Lambda's configured timeout (set by Terraform); the idempotency lease and the send budget derive from it (`webhookTimings`). */
  FUNCTION_TIMEOUT_SECONDS: z.coerce.number().int().min(3).max(900).default(DEFAULT_FUNCTION_TIMEOUT_SECONDS),
});

/** The webhook Lambda's validated configuration (not secrets: those come from SSM). */
export type WebhookConfig = z.output<typeof ConfigSchema>;

/** Validates the environment once, at module scope; throws `WebhookConfigError` naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): WebhookConfig {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    throw new WebhookConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  return result.data;
}
