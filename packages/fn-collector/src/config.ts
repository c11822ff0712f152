import * as z from '@tradebot/core-domain/zod';
import { CollectorConfigError } from './errors';

const ConfigSchema = z.object({
  DATA_BUCKET: z.string().check(z.minLength(3)),
  /** The DynamoDB table; the collector keeps one claim per scan date in it (`UPDATE#scan#<date>`). */
  TABLE_NAME: z.string().check(z.minLength(3)),
  /** SSM path prefix of the secrets (Telegram token, allowed chats), e.g. `/tradebot/prod`. */
  SSM_PREFIX: z.string().check(z.regex(/^\/[A-Za-z0-9_.\-/]+$/, 'an SSM path such as /tradebot/prod')),
  /** Send the top 10 to the allowed chats when the scan is saved. */
  SCAN_NOTIFY: z.pipe(z._default(z.enum(['true', 'false']), 'false'), z.transform((v) => v === 'true')),
  /** Yahoo requests in flight at once. */
  SCAN_CONCURRENCY: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(32)), 8),
  /**
   * Where the day's scan must get its prices: `live` (Yahoo; production, the default) or `simulated`
   * (the local stack's labelled stand-in, for local and end-to-end runs). Judged from what answered,
   * never from this: a run whose prices came from elsewhere is saved apart, not as the day's scan.
   */
  SCAN_EXPECTED_PRICES: z._default(z.enum(['live', 'simulated']), 'live'),
  /** Key of the optional universe override CSV (`symbol,name,sector`). */
  UNIVERSE_KEY: z._default(z.string().check(z.minLength(1)), 'config/universe.csv'),
  /** Bot API root; unset means Telegram's (`https://api.telegram.org`). Set for a self-hosted Bot API server or the local stand-in. */
  TELEGRAM_API_ROOT: z.optional(z.url({ protocol: /^https?$/ })),
  /** Origin that replaces every Yahoo Finance host (the local stack's Yahoo stand-in); unset in production. */
  YAHOO_API_ROOT: z.optional(z.url({ protocol: /^https?$/ })),
  /** The function's configured timeout (set by Terraform); a run's claim counts as abandoned a minute after it. */
  FUNCTION_TIMEOUT_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(900)), 900),
  LOG_LEVEL: z._default(z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']), 'info'),
});

/**
 * `NODE_OPTIONS` of the collector's Lambda (Terraform sets it; `pnpm bench scan` runs the scan with
 * it): its V8 heap budget. Left to itself, V8 sizes its heap for the machine: a 16 MB semi-space
 * (48 MB of young generation) and an old generation allowed to grow to about four times what is
 * live before a full collection (measured: 17 MB live, the next full collection at 72 MB), while a
 * cold scan allocates some 350 MB of short-lived chart answers, a good part of which outlives a
 * scavenge. Told its budget, V8 collects sooner: peak RSS about 140 MB instead of about 175 MB, for
 * about 15% more CPU. What the scan really holds peaks near 30 MB, far below the 160 MB limit.
 */
export const COLLECTOR_NODE_OPTIONS = '--max-old-space-size=160 --max-semi-space-size=8';

/** The collector's validated configuration (secrets are not here: they come from SSM). */
export type CollectorConfig = z.output<typeof ConfigSchema>;

/** Validates the environment once, at module scope; throws `CollectorConfigError` naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): CollectorConfig {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) throw new CollectorConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return result.data;
}
