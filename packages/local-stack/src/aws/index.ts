/** The embedded AWS stand-ins (S3 via s3rver, DynamoDB via dynalite) for local runs, tests and benches. */
export { startS3Server, startDynamoServer, startAwsServers, type RunningServer, type ServerOptions, type LocalAwsServers } from './servers';
export { localS3Client, localDynamoClient, LOCAL_REGION, LOCAL_CREDENTIALS } from './clients';
export { bootstrapLocalAws, ensureTable, ensureBucket, LOCAL_TABLE_NAME, LOCAL_DATA_BUCKET } from './bootstrap';
export { startLocalAws, connectLocalAws, type LocalAws } from './local-aws';
export { countRequests, type RequestCounter } from './request-counter';
export { attachMiddleware, detachMiddleware } from './attach-middleware';
export { traceRequests, sequentialRoundTrips, type RequestSpan, type RequestTrace, type TraceOptions } from './latency';
export { testAws, type TestAws } from './testing';
export { TEST_S3_ENDPOINT_ENV, TEST_DYNAMODB_ENDPOINT_ENV } from './jest-env';
export { seedLedger } from './seed';
export { startSsmServer, sealSecureString, type SsmServer, type StoredParameter } from './ssm-server';
export {
  createDynamoStream,
  startDynamoStream,
  makeStreamRecord,
  streamArn,
  STREAM_MAPPING_DEFAULTS,
  type DynamoStream,
  type DynamoStreamOptions,
  type DynamoStreamProxy,
  type StreamConsumer,
  type StreamFailure,
  type StreamRecordOptions,
} from './dynamo-stream';
export { matchesEventPattern, type EventPattern } from './event-filter';
