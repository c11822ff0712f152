/**
 * The collector, wired: S3 documents + Yahoo feed + optional Telegram + per-date claims in DynamoDB,
 * around market-data's `runScheduledScan`. market-data returns what the run did; the messages about
 * it (the summary, the failure alert) are worded by telegram-bot in the rules' language and sent
 * here. Built once per process by `handler.ts`; tests build it on local servers.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Clock, Logger, Notifier, PriceProvenance, SecretsProvider } from '@tradebot/core-domain';
import { deliveryFor, describeError, documentNotice, isCalendarDate, problemLogFields, utcDay, type NotificationSettings } from '@tradebot/core-domain';
import * as z from '@tradebot/core-domain/zod';
import {
  isUsMarketOpen,
  lastClosedSession,
  runScheduledScan,
  SCAN_CLAIM_TIMING,
  YahooPriceFeed,
  type ScanProgress,
  type ScheduledScanRun,
  type YahooPriceFeedOptions,
} from '@tradebot/market-data';
import { DynamoIdempotencyStore, DynamoPriceAlertStore, IdempotencyInProgressError } from '@tradebot/storage-dynamodb';
import { createS3Documents } from '@tradebot/storage-s3';
import { scanFailedMessage, scanSummaryMessage, TelegramAlertNotifier, TelegramNotifier } from '@tradebot/telegram-bot';
import { Telegram } from 'telegraf';
import { checkPriceAlerts, type AlertCheckResult } from './alerts';
import { CollectorEventError } from './errors';

/** What the collector is built from. */
export interface CollectorOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  /** The table holding one claim per scan date (`UPDATE#scan#<date>`), so a date is scanned and summarised once. */
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  /** The Lambda's timeout: a claim older than this (plus a minute) belongs to a run that died, and is taken over. Default 900. */
  readonly functionTimeoutSeconds?: number;
  /**
   * Where the prices must come from for a run to become the day's scan. Default `live`; tests and
   * local runs on the Yahoo stand-in say `simulated`. Judged from what answered, never from this.
   */
  readonly expectedPrices?: 'live' | 'simulated';
  /** Key of the optional universe override CSV. Default `config/universe.csv`. */
  readonly universeKey?: string;
  /** Telegram token and allowed chats; without it no message is ever sent. */
  readonly secrets?: SecretsProvider;
  /** Bot API root (tests and the local stack point it at the Telegram test server). */
  readonly telegramApiRoot?: string;
  /** Send the top 10 when the day's scan is saved (a failure alert goes out whatever this says). */
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
export const CollectorInputSchema = z.looseObject({
  /** Market date to scan; default: the last closed New York session. */
  asOf: z.optional(z.string().check(z.refine(isCalendarDate, 'a YYYY-MM-DD date'))),
  /** Scan only the first N symbols: a trial, saved apart (`scans/drawdown/partial/`), never the day's scan. */
  limit: z.optional(z.int().check(z.positive())),
  /**
   * `scan` (default): the morning's drawdown scan, then the price-alert check. `alerts`: the price
   * alerts only (the 15-minute schedule), skipped when the US market is closed unless `force`.
   */
  kind: z.optional(z.enum(['scan', 'alerts'])),
  /** Scan and summarise even when the date's scan is already saved; check alerts even when the market is closed. */
  force: z.optional(z.boolean()),
});
export type CollectorInput = z.input<typeof CollectorInputSchema>;

/**
 * What a run did: `saved` the day's scan and `latest.json`; `saved-apart` under
 * `scans/drawdown/partial/` (a `limit` run, or prices that did not come from the expected source:
 * `notice` says so); `failed`, nothing saved and the date left unclaimed for a later run;
 * `already-scanned` or `in-progress` (another run holds the date): nothing done.
 */
export type CollectorStatus = 'saved' | 'saved-apart' | 'failed' | 'already-scanned' | 'in-progress' | 'alerts-checked' | 'market-closed';

/** What the price-alert part of a run did, or why it could not (the scan's outcome stands either way). */
export type AlertCheckOutcome = AlertCheckResult | { readonly error: string };

/** What a run reports (also the Lambda's return value). */
export interface CollectorRunResult {
  /** False when the run should have saved the day's scan and did not (failed, or prices from elsewhere). */
  readonly ok: boolean;
  readonly status: CollectorStatus;
  /** Market date of the run. */
  readonly date: string;
  readonly scanned?: number;
  readonly failed: number;
  readonly skipped?: number;
  readonly durationMs?: number;
  readonly reason?: string;
  /** Where the prices came from, judged by what answered. */
  readonly prices?: PriceProvenance;
  readonly notice?: string;
  readonly universeSource?: 'shipped' | 'override';
  /** The summary of the day's scan reached at least one chat. */
  readonly summarySent: boolean;
  /** Optional documents the run went without (an unreadable rules file or blacklist), one line each. */
  readonly notices: readonly string[];
  /** The price-alert check of this run (every run but a `limit` trial and a closed market). */
  readonly alerts?: AlertCheckOutcome;
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
  const claims = scanClaims(options.dynamo, options.tableName, options.clock, options.functionTimeoutSeconds ?? 900);

  /** Each chat's `/notify` settings; unreadable ones give the defaults (everything sent), logged. */
  async function notificationSettings(): Promise<NotificationSettings> {
    const read = await documents.notifications.read();
    if (!read.ok) options.logger.error(problemLogFields(read.problem), 'notification settings unreadable; sending everything as usual');
    return read.value;
  }

  const messages = scanMessages(options, documents);

  const alertStore = new DynamoPriceAlertStore({ client: options.dynamo, tableName: options.tableName });

  /** The alert check on `feed`; a failure of the whole check is reported, never thrown (it must not fail the scan). */
  async function checkAlerts(feed: YahooPriceFeed): Promise<AlertCheckOutcome | undefined> {
    if (!options.secrets) return undefined;
    try {
      const secrets = await options.secrets.get();
      if (!secrets.telegramBotToken || secrets.allowedChatIds.length === 0) return undefined;
      const notifier = new TelegramAlertNotifier(new Telegram(secrets.telegramBotToken, options.telegramApiRoot ? { apiRoot: options.telegramApiRoot } : {}));
      const [rules, settings] = await Promise.all([documents.rules.read(), notificationSettings()]);
      const now = options.clock.now();
      return await checkPriceAlerts({
        store: alertStore,
        feed,
        send: (chatId, message, sound) => notifier.send(chatId, message, sound),
        chatIds: secrets.allowedChatIds,
        deliveryOf: (chatId) => deliveryFor(settings, chatId, 'priceAlerts', now, rules.value.analysis.timezone),
        language: rules.value.language,
        clock: options.clock,
        logger: options.logger,
      });
    } catch (error) {
      options.logger.error({ err: error }, 'price-alert check failed');
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

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
      const request = parsed.data;
      if (request.kind === 'alerts') {
        const date = utcDay(options.clock.now());
        // The schedule runs every 15 minutes through New York's working hours; only a session counts.
        if (!request.force && !isUsMarketOpen(options.clock.now())) {
          return { ok: true, status: 'market-closed', date, failed: 0, summarySent: false, notices: [], reason: 'the US market is closed (outside 09:30-16:00 New York, a weekend or an NYSE holiday)' };
        }
        const alerts = await checkAlerts(feed);
        return { ok: !(alerts && 'error' in alerts), status: 'alerts-checked', date, failed: 0, summarySent: false, notices: [], ...(alerts ? { alerts } : {}) };
      }
      const result = await scan(feed, request, onProgress);
      // The morning run checks the alerts on the last close too (a trial `limit` run does not).
      if (request.limit) return result;
      const alerts = await checkAlerts(feed);
      return alerts ? { ...result, alerts } : result;
    },
  };

  async function scan(feed: YahooPriceFeed, request: z.output<typeof CollectorInputSchema>, onProgress: ((progress: ScanProgress) => void) | undefined): Promise<CollectorRunResult> {
    const asOf = request.asOf ?? lastClosedSession(options.clock.now());
    let summarySent = false;
    let result;
    try {
      result = await runScheduledScan(
        {
          feed,
          documents,
          clock: options.clock,
          logger: options.logger,
          claims,
          announce: async (run) => {
            summarySent = await messages.announce(run);
          },
        },
        {
          asOf,
          expectedPrices: options.expectedPrices ?? 'live',
          ...(request.limit ? { limit: request.limit } : {}),
          ...(request.force ? { force: true } : {}),
          ...(onProgress ? { onProgress } : {}),
        },
      );
    } catch (error) {
      if (!(error instanceof IdempotencyInProgressError)) throw error;
      return { ok: true, status: 'in-progress', date: asOf, failed: 0, summarySent: false, notices: [], reason: 'another run is scanning this date' };
    }
    if (result.status === 'already-scanned') {
      return { ok: true, status: 'already-scanned', date: result.date, failed: 0, summarySent: false, notices: [], reason: 'the scan of this date is already saved' };
    }
    const { outcome } = result;
    const common = { date: result.date, prices: result.prices, universeSource: result.universeSource, summarySent, notices: result.notices };
    if (!outcome.ok) {
      return { ...common, ok: false, status: 'failed', reason: outcome.error.reason, failed: outcome.error.progress.failed };
    }
    const { summary } = outcome;
    return {
      ...common,
      ok: result.savedAs === 'day' || !result.notice,
      status: result.savedAs === 'day' ? 'saved' : 'saved-apart',
      scanned: summary.scanned,
      failed: summary.failed,
      skipped: summary.skipped,
      durationMs: summary.durationMs,
      ...(result.notice ? { notice: result.notice } : {}),
    };
  }
}

/** Who the collector's messages go to: a notifier and the chats it serves. */
interface Audience {
  readonly notifier: Notifier;
  readonly chatIds: readonly string[];
}

/**
 * The collector's Telegram messages. `announce` is called inside the date's claim with what a run
 * did: a failed scan alerts the allowed chats (whatever `notifySummary` says), a saved day's scan
 * sends the summary when `notifySummary`; both in the rules' language, with the run's notices. The
 * token and chats are read only when a message is due. Resolves whether a summary reached a chat.
 */
function scanMessages(options: CollectorOptions, documents: ReturnType<typeof createS3Documents>): { announce(run: ScheduledScanRun): Promise<boolean> } {
  const { logger: log } = options;
  const audience = async (): Promise<Audience | null> => {
    if (!options.secrets) return null;
    const secrets = await options.secrets.get();
    if (!secrets.telegramBotToken || secrets.allowedChatIds.length === 0) return null;
    const telegram = new Telegram(secrets.telegramBotToken, options.telegramApiRoot ? { apiRoot: options.telegramApiRoot } : {});
    return { notifier: new TelegramNotifier(telegram), chatIds: secrets.allowedChatIds };
  };
  return {
    async announce(run) {
      const { outcome } = run;
      const summary = outcome.ok && run.savedAs === 'day' && options.notifySummary;
      if (outcome.ok && !summary) return false;
      let target: Audience | null;
      try {
        target = await audience();
      } catch (error) {
        log.error({ error: describeError(error) }, 'Telegram audience unavailable; no scan message sent');
        return false;
      }
      if (!target) return false;
      // `/notify scan` governs the summary and the failure alert alike (a failure is also logged and alarmed).
      const [settingsRead, rulesRead] = await Promise.all([documents.notifications.read(), documents.rules.read()]);
      const notices = [...run.notices];
      if (!settingsRead.ok) {
        log.error(problemLogFields(settingsRead.problem), 'notification settings unreadable; sending the scan message to every chat as usual');
        notices.push(documentNotice(settingsRead.problem, run.language));
      }
      const html = outcome.ok ? scanSummaryMessage(outcome.summary, run.language, notices) : scanFailedMessage(run.date, outcome.error.why, run.language, notices);
      const now = options.clock.now();
      let sent = false;
      for (const chatId of target.chatIds) {
        const sound = deliveryFor(settingsRead.value, chatId, 'scan', now, rulesRead.value.analysis.timezone);
        if (sound === 'off') continue;
        try {
          await target.notifier.send(chatId, html, sound === 'silent' ? { silent: true } : {});
          sent = true;
        } catch (error) {
          const fields = { chatId, error: describeError(error) };
          if (summary) log.warn(fields, 'scan summary not sent; the scan is saved');
          else log.error(fields, 'scan failure alert could not be sent');
        }
      }
      return summary && sent;
    },
  };
}

/** The per-date claims (`UPDATE#scan#<date>`); a run's claim is taken over a minute after the function's timeout. */
function scanClaims(client: DynamoDBClient, tableName: string, clock: Clock, functionTimeoutSeconds: number): DynamoIdempotencyStore {
  return new DynamoIdempotencyStore({ client, tableName, clock, ...SCAN_CLAIM_TIMING, inProgressTimeoutSeconds: functionTimeoutSeconds + 60 });
}
