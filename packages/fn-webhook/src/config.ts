import * as z from '@tradebot/core-domain/zod';
import { WebhookConfigError } from './errors';
import { DEFAULT_FUNCTION_TIMEOUT_SECONDS } from './timings';

const ConfigSchema = z.object({
  DATA_BUCKET: z.string().check(z.minLength(3)),
  TABLE_NAME: z.string().check(z.minLength(3)),
  /** SSM path prefix of the secrets, e.g. `/tradebot/prod`. */
  SSM_PREFIX: z.string().check(z.regex(/^\/[A-Za-z0-9_.\-/]+$/, 'an SSM path such as /tradebot/prod')),
  STAGE: z.string().check(z.minLength(1)),
  /** The bot's @username (without @): preset as botInfo so no `getMe` runs per cold start. */
  TELEGRAM_BOT_USERNAME: z.string().check(z.regex(/^[A-Za-z0-9_]{5,32}$/, 'a Telegram bot username without @')),
  LOG_LEVEL: z._default(z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']), 'info'),
  UNDO_WINDOW_HOURS: z._default(z.coerce.number().check(z.positive(), z.lte(24 * 30)), 24),
  LINK_EXPIRY_SECONDS: z._default(z.coerce.number().check(z.int(), z.positive(), z.lte(7 * 24 * 3600)), 3600),
  /** Bot API root; unset means Telegram's (`https://api.telegram.org`). Set for a self-hosted Bot API server. */
  TELEGRAM_API_ROOT: z.optional(z.url({ protocol: /^https?$/ })),
  /** Origin that replaces every Yahoo Finance host (the local stack's Yahoo stand-in); unset in production. */
  YAHOO_API_ROOT: z.optional(z.url({ protocol: /^https?$/ })),
  /** Claude model for reading plain-language trades (default: llm-claude's `DEFAULT_MODEL`). */
  ANTHROPIC_MODEL: z.optional(z.string().check(z.minLength(1))),
  /** The Lambda's configured timeout (set by Terraform); the idempotency lease and the send budget derive from it (`webhookTimings`). */
  FUNCTION_TIMEOUT_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(3), z.lte(900)), DEFAULT_FUNCTION_TIMEOUT_SECONDS),
});

/** The webhook Lambda's validated configuration (not secrets: those come from SSM). */
export type WebhookConfig = z.output<typeof ConfigSchema>;

/** `env` read with `schema`; every bad variable named in one `WebhookConfigError`. */
function parseEnv<S extends z.ZodMiniType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new WebhookConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  return result.data;
}

/** Validates the environment once, at module scope; throws `WebhookConfigError` naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): WebhookConfig {
  return parseEnv(ConfigSchema, env);
}

const SnapshotConfigSchema = z.pick(ConfigSchema, { DATA_BUCKET: true, TABLE_NAME: true, LOG_LEVEL: true });

/** The positions snapshot writer's validated configuration: the webhook's variables it uses, nothing of Telegram. */
export type SnapshotConfig = z.output<typeof SnapshotConfigSchema>;

/**
 * Validates the snapshot writer's environment once, at module scope (`snapshot-handler.ts`); throws
 * `WebhookConfigError` naming every bad variable. It reads only the data bucket, the table and the
 * log level: the writer never touches Telegram or its secrets.
 */
export function loadSnapshotConfig(env: NodeJS.ProcessEnv): SnapshotConfig {
  return parseEnv(SnapshotConfigSchema, env);
}
