/**
 * @tradebot/storage-s3: the data bucket's documents (rules, blacklist, tips, snapshots, CSV exports,
 * scans, daily logs, price-history cache, download links) and the SSM secrets loader.
 */
export * from './documents';
export * from './errors';
export * from './secrets';
export * from './import';
