import type { S3Client } from '@aws-sdk/client-s3';
import type { DocumentLock } from '@tradebot/core-domain';
import { S3BlacklistRepository } from './blacklist';
import { S3DailyLogRepository } from './daily-log';
import { S3LinkSigner } from './link-signer';
import { S3PriceHistoryCache } from './price-history';
import { S3RulesRepository } from './rules';
import { S3LessonsRepository, S3NotificationSettingsRepository } from './settings';
import { S3ScanRepository } from './scans';
import { S3SnapshotRepository } from './snapshots';
import { S3TipsRepository } from './tips';
import { S3UniverseOverride } from './universe';

export { DOCUMENT_KEYS, dailyLogKey, scanCsvKey, partialScanCsvKey, partialScanLatestKey, PARTIAL_SCAN_PREFIX, priceShardKey, isIsoDate } from './keys';
export type { S3Location } from './object-store';
export { S3_CLIENT_SETTINGS } from './client-settings';
export { S3RulesRepository } from './rules';
export { S3NotificationSettingsRepository, S3LessonsRepository } from './settings';
export { S3BlacklistRepository, parseBlacklist, editBlacklistText } from './blacklist';
export { S3TipsRepository, TipsSchema, TIPS_NEXT_ID_METADATA } from './tips';
export { S3SnapshotRepository } from './snapshots';
export { ledgerToCsv, LEDGER_CSV_COLUMNS } from './ledger-csv';
export { S3ScanRepository, ScanSummarySchema, SCAN_CSV_COLUMNS, SCAN_CSV_KEY, type ScanShelf } from './scans';
export { S3DailyLogRepository } from './daily-log';
export { S3PriceHistoryCache, shardOf } from './price-history';
export { S3LinkSigner, DEFAULT_LINK_EXPIRY_SECONDS } from './link-signer';
export { S3UniverseOverride } from './universe';

/** Every repository of the data bucket, built on one client. */
export interface S3Documents {
  readonly rules: S3RulesRepository;
  /** `config/notifications.json`: each chat's `/notify` settings. */
  readonly notifications: S3NotificationSettingsRepository;
  /** `learning/patterns_learned.json`: each chat's monthly lessons. */
  readonly lessons: S3LessonsRepository;
  readonly blacklist: S3BlacklistRepository;
  readonly tips: S3TipsRepository;
  readonly snapshots: S3SnapshotRepository;
  readonly scans: S3ScanRepository;
  /** `scans/drawdown/partial/`: scans that must not replace the day's scan (`limit` runs, unexpected prices). */
  readonly partialScans: S3ScanRepository;
  readonly dailyLogs: S3DailyLogRepository;
  readonly priceHistory: S3PriceHistoryCache;
  readonly links: S3LinkSigner;
  readonly universe: S3UniverseOverride;
}

/**
 * Builds all repositories of the data bucket at once. Use it in `fn-*` module scope and local-stack
 * wiring; build single repositories directly when a function needs only one.
 */
export function createS3Documents(options: {
  readonly client: S3Client;
  readonly bucket: string;
  readonly linkExpirySeconds?: number;
  /** Key of the universe override; default `config/universe.csv`. */
  readonly universeKey?: string;
  /**
   * Serialises changes of the shared editable documents (rules, blacklist, tips) across processes. Pass
   * one wherever people change them concurrently (fn-webhook); without it concurrent changes can
   * overwrite each other.
   */
  readonly lock?: DocumentLock;
}): S3Documents {
  const location = { client: options.client, bucket: options.bucket };
  return {
    rules: new S3RulesRepository(location, options.lock),
    notifications: new S3NotificationSettingsRepository(location, options.lock),
    lessons: new S3LessonsRepository(location, options.lock),
    blacklist: new S3BlacklistRepository(location, options.lock),
    tips: new S3TipsRepository(location, options.lock),
    snapshots: new S3SnapshotRepository(location),
    scans: new S3ScanRepository(location),
    partialScans: new S3ScanRepository(location, 'partial'),
    dailyLogs: new S3DailyLogRepository(location),
    priceHistory: new S3PriceHistoryCache(location),
    links: new S3LinkSigner(location, options.linkExpirySeconds),
    universe: new S3UniverseOverride(location, options.universeKey),
  };
}
