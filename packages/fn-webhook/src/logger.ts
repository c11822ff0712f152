import { LOG_REDACTION } from '@tradebot/core-domain';
import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';

/**
 * The JSON logger of the webhook (and, with `service` `fn-webhook-snapshot`, of the positions
 * snapshot writer in the same package): pino with every `REDACTED_LOG_PATHS` censored, errors
 * serialised under `err`. Use it once per process; per invocation, `child({ requestId })`.
 */
export function createLogger(level: string, destination?: DestinationStream, service = 'fn-webhook'): PinoLogger {
  return pino(
    {
      level,
      base: { service },
      redact: LOG_REDACTION,
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
