/**
 * What `pnpm start`, tests and benches use to run the webhook on local servers without loading
 * `handler.ts` (whose module scope reads the Lambda environment).
 */
export { createWebhookApp, secretsMatch, MAX_BODY_BYTES, type WebhookApp, type WebhookAppDependencies, type ChildLogger } from './app';
export { createAdapters, type AdapterOptions, type WebhookAdapters } from './wiring';
export { createSnapshotAdapters, type SnapshotAdapterOptions } from './snapshot-wiring';
export { createLogger } from './logger';
export { loadConfig, loadSnapshotConfig, type SnapshotConfig, type WebhookConfig } from './config';
export { createSnapshotConsumer, type SnapshotConsumer, type SnapshotConsumerDependencies } from './snapshot-consumer';
export { LOG_EVENTS } from './log-events';
export { webhookTimings, DEFAULT_FUNCTION_TIMEOUT_SECONDS, IN_PROGRESS_LEASE_MARGIN_SECONDS, type WebhookTimings } from './timings';
export { UpdateSchema, type ValidUpdate } from './update-schema';
export { SnapshotEventError, WebhookConfigError } from './errors';
