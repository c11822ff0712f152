/**
 * A stand-in for a DynamoDB stream and the Lambda event source mapping that reads it, which
 * dynalite does not have. It sits in front of the DynamoDB stand-in as an HTTP proxy (local-stack's
 * fault proxy), so it sees the writes of every client and every process (the webhook in this
 * process, a packaged Lambda in another, `pnpm import-trades`): each write the table accepted
 * becomes a KEYS_ONLY stream record, in the order DynamoDB answered them, before the writer hears
 * the answer. The records the mapping's filter lets through are handed, in batches and never on the
 * writer's path, to the consumer, as the mapping would invoke its function: one batch at a time
 * (one shard), a batch item failure retried from the lowest failed sequence number, a function
 * error retried on half the batch, records given up after the retries going to `onFailure` (the
 * mapping's failure destination). `drained()` tells a test when every record so far has been dealt with.
 *
 * What it does not model: several shards (records of different partitions in parallel), the
 * batching window (a batch is what has arrived by the next turn of the event loop), MODIFY for a
 * PutItem that replaced an item (it is an INSERT here), and a write that changes nothing (DynamoDB
 * writes no record for it; here it has one). The ledger only ever inserts.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { TABLE_DEFINITION } from '@tradebot/storage-dynamodb';
import { startFaultProxy, type FaultProxy } from '../lambda/fault-proxy';
import { matchesEventPattern, type EventPattern } from './event-filter';

/**
 * The event source mapping's settings the stand-in plays by default: those of the snapshot writer's
 * mapping in infra/envs/prod (infra/tests compare the two).
 */
export const STREAM_MAPPING_DEFAULTS = { batchSize: 10, maximumRetryAttempts: 10, bisectBatchOnFunctionError: true } as const;

/** A stream consumer, as a mapping calls its function: an event, and the records that failed (ReportBatchItemFailures). */
export type StreamConsumer = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void | null | undefined>;

/** Records the mapping gave up on after its retries: what the failure destination receives. */
export interface StreamFailure {
  readonly records: readonly DynamoDBRecord[];
  /** The consumer's error, or the batch item failures it reported. */
  readonly reason: string;
}

/** Options of `createDynamoStream`. */
export interface DynamoStreamOptions {
  /** The table whose writes become records; writes to other tables are ignored. */
  readonly tableName: string;
  /** Only records it matches reach the consumer (Lambda event filtering). Default: every record. */
  readonly filter?: EventPattern;
  /** The consumer. Default: none yet; records wait until `attach`. */
  readonly consumer?: StreamConsumer;
  /** Records per batch at most. Default `STREAM_MAPPING_DEFAULTS.batchSize`. */
  readonly batchSize?: number;
  /** Retries of a failing batch before its records are given up. Default `STREAM_MAPPING_DEFAULTS.maximumRetryAttempts`. */
  readonly maximumRetryAttempts?: number;
  /** Retry a batch whose function failed as two halves. Default `STREAM_MAPPING_DEFAULTS.bisectBatchOnFunctionError`. */
  readonly bisectBatchOnFunctionError?: boolean;
  /** The failure destination: records given up after the retries. Default: kept in `failures()` only. */
  readonly onFailure?: (failure: StreamFailure) => void;
  /** Region in the records. Default `us-east-1`. */
  readonly region?: string;
  /** `ApproximateCreationDateTime` of the records. Default the wall clock. */
  readonly now?: () => Date;
}

/** A running stream stand-in. */
export interface DynamoStream {
  /** Turns one request the table answered with `statusCode` into records (only 200s of writes to the table make any). */
  observe(request: { readonly operation?: string; readonly body: string }, statusCode: number): void;
  /** Sets the consumer (records observed before wait for it). */
  attach(consumer: StreamConsumer): void;
  /** Whether a consumer is attached. */
  attached(): boolean;
  /** Resolves once every record observed so far was delivered and acknowledged, or given up. */
  drained(): Promise<void>;
  /** Every record of the table's writes, in stream order, those the filter drops included. */
  records(): readonly DynamoDBRecord[];
  /** Every batch handed to the consumer, retries included, in order. */
  batches(): readonly (readonly DynamoDBRecord[])[];
  /** What was given up after the retries. */
  failures(): readonly StreamFailure[];
}

/** Options of `makeStreamRecord`. */
export interface StreamRecordOptions {
  readonly tableName: string;
  /** The item's key attributes, as DynamoDB JSON (`{ PK: { S: 'PORTFOLIO#1' }, SK: { S: 'TRADE#0000000001' } }`). */
  readonly keys: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly eventName?: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** A numeric string, increasing along the stream. */
  readonly sequenceNumber: string;
  readonly at?: Date;
  readonly region?: string;
}

/** The stream's label in its ARN (DynamoDB uses the time the stream was enabled). */
const STREAM_LABEL = '2026-01-01T00:00:00.000';

/** The ARN of `tableName`'s stream in the local account. */
export function streamArn(tableName: string, region = 'us-east-1'): string {
  return `arn:aws:dynamodb:${region}:000000000000:table/${tableName}/stream/${STREAM_LABEL}`;
}

/**
 * One DynamoDB Streams record of a KEYS_ONLY stream, shaped as Lambda delivers it. Use it to build
 * real-shaped events for a stream consumer's tests (`{ Records: [record, ...] }`).
 */
export function makeStreamRecord(options: StreamRecordOptions): DynamoDBRecord {
  const at = options.at ?? new Date();
  const region = options.region ?? 'us-east-1';
  return {
    eventID: `${options.sequenceNumber.slice(-12)}${Math.floor(at.getTime() / 1000).toString(16)}`,
    eventName: options.eventName ?? 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(at.getTime() / 1000),
      Keys: options.keys as NonNullable<DynamoDBRecord['dynamodb']>['Keys'],
      SequenceNumber: options.sequenceNumber,
      SizeBytes: JSON.stringify(options.keys).length,
      StreamViewType: 'KEYS_ONLY',
    },
    eventSourceARN: streamArn(options.tableName, region),
  };
}

type AttributeMap = Record<string, Record<string, unknown>>;
interface Write {
  readonly keys: AttributeMap;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
}

const KEY_ATTRIBUTES = [TABLE_DEFINITION.partitionKey, TABLE_DEFINITION.sortKey];
const keysOf = (item: unknown): AttributeMap | null => {
  if (typeof item !== 'object' || item === null) return null;
  const keys: AttributeMap = {};
  for (const name of KEY_ATTRIBUTES) {
    const value = (item as Record<string, unknown>)[name];
    if (typeof value !== 'object' || value === null) return null;
    keys[name] = value as Record<string, unknown>;
  }
  return keys;
};

/** The item writes one successful request made to `tableName` (none for reads and other tables). */
function writesOf(operation: string | undefined, body: string, tableName: string): Write[] {
  let input: Record<string, unknown>;
  try {
    input = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return [];
  }
  const one = (item: unknown, eventName: Write['eventName']): Write[] => {
    const keys = keysOf(item);
    return keys ? [{ keys, eventName }] : [];
  };
  if (operation === 'BatchWriteItem') {
    const requests = (input.RequestItems as Record<string, unknown[]> | undefined)?.[tableName] ?? [];
    return requests.flatMap((request) => {
      const r = request as { PutRequest?: { Item?: unknown }; DeleteRequest?: { Key?: unknown } };
      return r.PutRequest ? one(r.PutRequest.Item, 'INSERT') : one(r.DeleteRequest?.Key, 'REMOVE');
    });
  }
  if (input.TableName !== tableName) return [];
  if (operation === 'PutItem') return one(input.Item, 'INSERT');
  if (operation === 'UpdateItem') return one(input.Key, 'MODIFY');
  if (operation === 'DeleteItem') return one(input.Key, 'REMOVE');
  return [];
}

interface Pending {
  readonly record: DynamoDBRecord;
  /** Failed deliveries of a batch that started at this record. */
  attempts: number;
}

/**
 * The stream and its mapping without a transport: feed it what the table answered (`observe`).
 * Use `startDynamoStream` for the proxy that does that; this is for a transport of your own.
 */
export function createDynamoStream(options: DynamoStreamOptions): DynamoStream {
  const batchSize = options.batchSize ?? STREAM_MAPPING_DEFAULTS.batchSize;
  const maximumRetryAttempts = options.maximumRetryAttempts ?? STREAM_MAPPING_DEFAULTS.maximumRetryAttempts;
  const bisect = options.bisectBatchOnFunctionError ?? STREAM_MAPPING_DEFAULTS.bisectBatchOnFunctionError;
  const now = options.now ?? (() => new Date());
  const all: DynamoDBRecord[] = [];
  const delivered: DynamoDBRecord[][] = [];
  const failures: StreamFailure[] = [];
  const queue: Pending[] = [];
  let consumer = options.consumer;
  let sequence = 0n;
  let running = false;
  let idle: { promise: Promise<void>; resolve: () => void } | null = null;

  const giveUp = (records: readonly DynamoDBRecord[], reason: string): void => {
    const failure = { records, reason };
    failures.push(failure);
    options.onFailure?.(failure);
  };

  /** The index in `batch` of the lowest failed record (the checkpoint), or null when all succeeded. */
  const checkpointOf = (response: DynamoDBBatchResponse | void | null | undefined, batch: readonly Pending[]): number | null => {
    const failed = response?.batchItemFailures ?? [];
    if (failed.length === 0) return null;
    const indexes = failed.map((f) => batch.findIndex((p) => p.record.dynamodb?.SequenceNumber === f.itemIdentifier));
    // An identifier that names no record of the batch fails the whole batch, as Lambda does.
    return indexes.some((i) => i < 0) ? 0 : Math.min(...indexes);
  };

  async function pump(): Promise<void> {
    let limit = batchSize;
    while (queue.length > 0 && consumer) {
      const batch = queue.slice(0, Math.min(limit, queue.length));
      const records = batch.map((p) => p.record);
      delivered.push(records);
      let checkpoint: number | null;
      let reason: string;
      let functionError = false;
      try {
        const response = await consumer({ Records: records });
        checkpoint = checkpointOf(response, batch);
        reason = `batch item failures: ${JSON.stringify(response?.batchItemFailures ?? [])}`;
      } catch (error) {
        checkpoint = 0;
        functionError = true;
        reason = `function error: ${(error as Error)?.message ?? String(error)}`;
      }
      if (checkpoint === null) {
        queue.splice(0, batch.length);
        limit = batchSize;
        continue;
      }
      // Records before the checkpoint are done; the rest of the batch is tried again.
      queue.splice(0, checkpoint);
      const retried = batch.slice(checkpoint);
      const head = retried[0]!;
      head.attempts += 1;
      if (head.attempts > maximumRetryAttempts) {
        queue.splice(0, retried.length);
        giveUp(
          retried.map((p) => p.record),
          reason,
        );
        limit = batchSize;
        continue;
      }
      limit = functionError && bisect && retried.length > 1 ? Math.ceil(retried.length / 2) : retried.length;
    }
    running = false;
    if (queue.length === 0 && idle) {
      idle.resolve();
      idle = null;
    }
  }

  const schedule = (): void => {
    if (running || queue.length === 0 || !consumer) return;
    running = true;
    // Never on the writer's path: the consumer runs from the next turn of the event loop. (pump
    // never rejects: a consumer's error is a failed batch.)
    setImmediate(() => void pump());
  };

  return {
    observe(request, statusCode) {
      if (statusCode !== 200) return;
      for (const write of writesOf(request.operation, request.body, options.tableName)) {
        sequence += 1n;
        const record = makeStreamRecord({
          tableName: options.tableName,
          keys: write.keys,
          eventName: write.eventName,
          sequenceNumber: String(100_000_000_000_000_000_000n + sequence),
          at: now(),
          ...(options.region ? { region: options.region } : {}),
        });
        all.push(record);
        if (!options.filter || matchesEventPattern(options.filter, record)) queue.push({ record, attempts: 0 });
      }
      schedule();
    },
    attach(next) {
      consumer = next;
      schedule();
    },
    attached: () => consumer !== undefined,
    drained() {
      if (queue.length === 0 && !running) return Promise.resolve();
      if (!idle) {
        let resolve!: () => void;
        const promise = new Promise<void>((done) => {
          resolve = done;
        });
        idle = { promise, resolve };
      }
      return idle.promise;
    },
    records: () => [...all],
    batches: () => [...delivered],
    failures: () => [...failures],
  };
}

/** A stream stand-in in front of a DynamoDB server: point the writers' clients at `endpoint`. */
export interface DynamoStreamProxy extends DynamoStream {
  /** The proxy's endpoint: DynamoDB with a stream. */
  readonly endpoint: string;
  /** The proxy (requests seen, holds) for tests. */
  readonly proxy: FaultProxy;
  /** Waits until drained (when a consumer is attached), then stops the proxy; the DynamoDB server keeps running. */
  stop(): Promise<void>;
}

/**
 * Starts a proxy in front of the DynamoDB server at `target` that streams `tableName`'s writes to a
 * consumer (`createDynamoStream`). Use it for `pnpm start` and tests and e2e runs that need the
 * table's stream; stop it before the server.
 */
export async function startDynamoStream(options: DynamoStreamOptions & { readonly target: string }): Promise<DynamoStreamProxy> {
  const stream = createDynamoStream(options);
  const proxy = await startFaultProxy({ target: options.target, onAnswer: (request, statusCode) => stream.observe(request, statusCode) });
  return {
    ...stream,
    endpoint: proxy.endpoint,
    proxy,
    async stop() {
      // Without a consumer the records would wait for ever: there is nothing to drain into.
      if (stream.attached()) await stream.drained();
      await proxy.stop();
    },
  };
}
