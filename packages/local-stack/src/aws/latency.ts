import { performance } from 'node:perf_hooks';
import { attachMiddleware, type ClientWithMiddleware } from './attach-middleware';

/** One HTTP attempt of an SDK client, as the caller waited for it (injected delay included). */
export interface RequestSpan {
  /** The label given to `traceRequests` (`s3`, `dynamodb`). */
  readonly service: string;
  /** The SDK command (`PutItemCommand`, `GetObjectCommand`, ...). */
  readonly operation: string;
  /** `performance.now()` when the attempt started and when its answer was back. */
  readonly start: number;
  readonly end: number;
}

/** The attempts an SDK client made since the last `reset`. */
export interface RequestTrace {
  spans(): readonly RequestSpan[];
  reset(): void;
}

/** Options of `traceRequests`. */
export interface TraceOptions {
  /** Label of the spans (`s3`, `dynamodb`). */
  readonly service: string;
  /**
   * Milliseconds added before every HTTP attempt: the network round trip the local servers do not
   * have (a few ms to DynamoDB or S3 in-region). Default 0 (record only).
   */
  readonly delayMs?: number;
}

let traceId = 0;

/**
 * Records every HTTP attempt of an AWS SDK v3 client (start, end, operation) and, with `delayMs`,
 * makes each one wait that long first. Use it in benches to model a cloud round trip on the local
 * stack and to count the round trips a reply waits for (`sequentialRoundTrips`). It sits in the
 * `deserialize` step like `countRequests`, inside the retry loop, so each attempt is delayed and
 * recorded. Recording adds no requests; the delay changes nothing but time.
 */
export function traceRequests(client: ClientWithMiddleware, options: TraceOptions): RequestTrace {
  const delayMs = options.delayMs ?? 0;
  let spans: RequestSpan[] = [];
  const middleware =
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
    async (args: unknown): Promise<unknown> => {
      const start = performance.now();
      try {
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        return await next(args);
      } finally {
        spans.push({ service: options.service, operation: context.commandName ?? 'unknown', start, end: performance.now() });
      }
    };
  traceId += 1;
  attachMiddleware(client, middleware, { step: 'deserialize', name: `tradebotRequestTrace${traceId}`, tags: ['TRADEBOT_TRACE'] });
  return {
    spans: () => [...spans],
    reset: () => {
      spans = [];
    },
  };
}

/**
 * How many requests of `spans` a caller waited for one after another before `until` (e.g. the moment
 * a reply was sent): the largest set of spans that ended by `until` and do not overlap in time. Two
 * requests in flight together count once; a request that starts after another has answered counts
 * again. Requests still in flight at `until` are not on that path.
 */
export function sequentialRoundTrips(spans: readonly Pick<RequestSpan, 'start' | 'end'>[], until = Number.POSITIVE_INFINITY): number {
  // Earliest end first: the classic greedy choice that maximises a set of disjoint intervals.
  const done = spans.filter((s) => s.end <= until).sort((a, b) => a.end - b.end);
  let count = 0;
  let freeFrom = Number.NEGATIVE_INFINITY;
  for (const span of done) {
    if (span.start < freeFrom) continue;
    count += 1;
    freeFrom = span.end;
  }
  return count;
}
