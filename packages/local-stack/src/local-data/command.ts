import { LOG_REDACTION } from '@tradebot/core-domain';
import pino from 'pino';
import { openLocalData, type LocalData } from './open';

/**
 * What a one-shot local command (`pnpm scan`, `pnpm daily`) starts with: its log (pino on stderr at
 * `LOG_LEVEL`, default warn, with every `REDACTED_LOG_PATHS` censored, as in the Lambdas) and the
 * local data directory (`openLocalData`). When the data directory cannot be opened it prints why
 * on stderr and returns null: the command then exits with code 1.
 */
export async function openLocalCommand(command: string, dataDir: string | undefined): Promise<(LocalData & { readonly logger: pino.Logger }) | null> {
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn', redact: LOG_REDACTION }, pino.destination(2));
  const opened = await openLocalData({ command, ...(dataDir ? { dataDir } : {}) });
  if (!opened.ok) {
    console.error(opened.message);
    return null;
  }
  return { ...opened.data, logger };
}
