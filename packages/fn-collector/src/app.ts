/**
 * The collector, wired: S3 documents + Yahoo feed + optional Telegram, around market-data's
 * `runScheduledScan`. Built once per process by `handler.ts`; tests build it on local servers.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Clock, Logger, SecretsProvider } from '@tradebot/core-domain';
import { isCalendarDate } from '@tradebot/core-domain';
import { runScheduledScan, YahooPriceFeed, type ScanAudience, type ScanProgress, type YahooPriceFeedOptions } from '@tradebot/market-data';
import { createS3Documents } from '@tradebot/storage-s3';
import { TelegramNotifier } from '@tradebot/telegram-bot';
import { Telegram } from 'telegraf';
import { z } from 'zod';
import { CollectorEventError } from './errors';

/** What the collector is built from. */
export interface CollectorOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  /** Key of the optional universe override CSV. Default `config/universe.csv`. */
  readonly universeKey?: string;
  /** Telegram token and allowed chats; without it no message is ever sent. */
  readonly secrets?: SecretsProvider;
  /** Bot API root (tests and the local stack point it at the Telegram test server). */
  readonly telegramApiRoot?: string;
  /** Send the top 10 when a scan is saved. */
  readonly notifySummary: boolean;
  readonly concurrency?: number;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Yahoo transport (tests inject `yahooFetch(server)`); default global fetch. */
  readonly fetch?: typeof fetch;
  /** Feed tuning (retries, breaker, timeouts). */
  readonly feed?: Omit<YahooPriceFeedOptions, 'fetch' | 'clock' | 'logger' | 'concurrency'>;
}

/** Input of one run: the scheduler's payload. Unknown keys are ignored. */
export const CollectorInputSchema = z
  .object({
    /** Market date to scan; default: the last closed New York session. */
    asOf: z.string().refine(isCalendarDate, 'a YYYY-MM-DD date').optional(),
    /** Scan only the first N symbols. */
    limit: z.number().int().positive().optional(),
  })
  .loose();
export type CollectorInput = z.input<typeof CollectorInputSchema>;

/** What a run reports (also the Lambda's return value). */
export interface CollectorRunResult {
  readonly ok: boolean;
  readonly date?: string;
  readonly scanned?: number;
  readonly failed: number;
  readonly skipped?: number;
  readonly durationMs?: number;
  readonly reason?: string;
  readonly universeSource: 'shipped' | 'override';
  readonly summarySent: boolean;
  /** Optional documents the run went without (an unreadable rules file or blacklist), one line each. */
  readonly notices: readonly string[];
}

/** A built collector: call `run` per schedule event. */
export interface Collector {
  run(input?: unknown, onProgress?: (progress: ScanProgress) => void): Promise<CollectorRunResult>;
}

/** Builds the collector once (clients, repositories); each `run` gets a fresh Yahoo feed. */
export function createCollector(options: CollectorOptions): Collector {
  const documents = createS3Documents({
    client: options.s3,
    bucket: options.bucket,
    ...(options.universeKey ? { universeKey: options.universeKey } : {}),
  });

  const audience = options.secrets
    ? async (): Promise<ScanAudience | null> => {
        const secrets = await options.secrets!.get();
        if (!secrets.telegramBotToken || secrets.allowedChatIds.length === 0) return null;
        const telegram = new Telegram(secrets.telegramBotToken, options.telegramApiRoot ? { apiRoot: options.telegramApiRoot } : {});
        return { notifier: new TelegramNotifier(telegram), chatIds: secrets.allowedChatIds };
      }
    : undefined;

  return {
    async run(input, onProgress) {
      const parsed = CollectorInputSchema.safeParse(input ?? {});
      if (!parsed.success) {
        throw new CollectorEventError(`Scheduler input refused: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      }
      const feed = new YahooPriceFeed({
        ...options.feed,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        clock: options.clock,
        logger: options.logger,
        concurrency: options.concurrency ?? 8,
      });
      const result = await runScheduledScan(
        {
          feed,
          documents,
          clock: options.clock,
          logger: options.logger,
          ...(audience ? { audience } : {}),
        },
        {
          notifySummary: options.notifySummary,
          ...(options.concurrency ? { concurrency: options.concurrency } : {}),
          ...(parsed.data.asOf ? { asOf: parsed.data.asOf } : {}),
          ...(parsed.data.limit ? { limit: parsed.data.limit } : {}),
          ...(onProgress ? { onProgress } : {}),
        },
      );
      const { outcome } = result;
      if (!outcome.ok) {
        return {
          ok: false,
          reason: outcome.error.reason,
          failed: outcome.error.progress.failed,
          universeSource: result.universeSource,
          summarySent: false,
          notices: result.notices,
        };
      }
      const { summary } = outcome;
      return {
        ok: true,
        date: summary.date,
        scanned: summary.scanned,
        failed: summary.failed,
        skipped: summary.skipped,
        durationMs: summary.durationMs,
        universeSource: result.universeSource,
        summarySent: result.summarySent,
        notices: result.notices,
      };
    },
  };
}
