import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';

/** When the first Bot API call of a method left this process since the last `reset`. */
export interface ReplyWatch {
  /** Milliseconds from `start` (a `performance.now()`) to the call, null when none has left. */
  since(start: number): number | null;
  /** `performance.now()` of the call, null when none has left. */
  at(): number | null;
  /** The process's CPU usage at the moment of the call, null when none has left. */
  cpuAt(): NodeJS.CpuUsage | null;
  reset(): void;
  stop(): void;
}

/**
 * Watches this process's outgoing HTTP requests for the first Bot API call of `method` (default
 * `sendMessage`: a reply leaving for Telegram). Use it in benches and tests that measure what a reply
 * waited for (with `traceRequests` and `sequentialRoundTrips`). It listens on Node's diagnostics
 * channels (`http.client.request.start` for node:http, which Telegraf uses, and undici's for `fetch`),
 * so it changes nothing it watches. Call `stop()` when done.
 */
export function watchReplies(method = 'sendMessage'): ReplyWatch {
  let first: number | null = null;
  let cpu: NodeJS.CpuUsage | null = null;
  const onRequest = (message: unknown): void => {
    const path = (message as { request?: { path?: string } }).request?.path ?? '';
    if (first === null && path.endsWith(`/${method}`)) {
      first = performance.now();
      cpu = process.cpuUsage();
    }
  };
  subscribe('http.client.request.start', onRequest);
  subscribe('undici:request:create', onRequest);
  return {
    since: (start) => (first === null ? null : first - start),
    at: () => first,
    cpuAt: () => cpu,
    reset: () => {
      first = null;
      cpu = null;
    },
    stop: () => {
      unsubscribe('http.client.request.start', onRequest);
      unsubscribe('undici:request:create', onRequest);
    },
  };
}
