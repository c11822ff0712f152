import { z } from 'zod';
import { CollectorConfigError } from './errors';

const ConfigSchema = z.object({
  DATA_BUCKET: z.string().min(3),
  /** The DynamoDB table; the collector keeps one claim per scan date in it (`UPDATE#scan#<date>`). */
  TABLE_NAME: z.string().min(3),
  /** SSM path prefix of the secrets (Telegram token, allowed chats), e.g. `/tradebot/prod`. */
  SSM_PREFIX: z.string().regex(/^\/[A-Za-z0-9_.\-/]+$/, 'an SSM path such as /tradebot/prod'),
  /** Send the top 10 to the allowed chats when the scan is saved. */
  SCAN_NOTIFY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Yahoo requests in flight at once. */
  SCAN_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(8),
  /**
   * Where the day's scan must get its prices: `live` (Yahoo; production, the default) or `simulated`
   * (the local stack's labelled stand-in, for local and end-to-end runs). Judged from what answered,
   * never from this: a run whose prices came from elsewhere is saved apart, not as the day's scan.
   */
  SCAN_EXPECTED_PRICES: z.enum(['live', 'simulated']).default('live'),
  /** Key of the optional universe override CSV (`symbol,name,sector`). */
  UNIVERSE_KEY: z.string().min(1).default('config/universe.csv'),
  /** Bot API root; unset means Telegram's (`https://api.telegram.org`). Set for a self-hosted Bot API server or the local stand-in. */
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/ }).optional(),
  /** Origin that replaces every Yahoo Finance host (the local stack's Yahoo stand-in); unset in production. */
  YAHOO_API_ROOT: z.url({ protocol: /^https?$/ }).optional(),
  /** The function's configured timeout (set by Terraform); a run's claim counts as abandoned a minute after it. */
  FUNCTION_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(900).default(900),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});

/** The collector's validated configuration (secrets are not here: they come from SSM). */
export type CollectorConfig = z.output<typeof ConfigSchema>;

/** Validates the environment once, at module scope; throws `CollectorConfigError` naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): CollectorConfig {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) throw new CollectorConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return result.data;
}
