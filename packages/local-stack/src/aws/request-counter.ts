import { attachMiddleware, type ClientWithMiddleware } from './attach-middleware';

/** Requests an SDK client sent, per operation (`PutItemCommand`, `GetObjectCommand`, ...). */
export interface RequestCounter {
  /** Count per command name, retries included (each HTTP attempt counts). */
  byOperation(): Readonly<Record<string, number>>;
  /** All requests since the last reset. */
  total(): number;
  /** Starts counting from zero again. */
  reset(): void;
}

let counterId = 0;

/**
 * Counts the HTTP requests an AWS SDK v3 client sends, by operation. Use it in benches and tests that
 * report "requests per command". It sits in the `deserialize` step, inside the retry loop, so a retried
 * call counts every attempt. Counting adds no requests and changes no behaviour.
 */
export function countRequests(client: ClientWithMiddleware): RequestCounter {
  const counts = new Map<string, number>();
  const middleware =
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
    (args: unknown): Promise<unknown> => {
      const name = context.commandName ?? 'unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    };
  counterId += 1;
  attachMiddleware(client, middleware, { step: 'deserialize', name: `tradebotRequestCounter${counterId}`, tags: ['TRADEBOT_COUNTER'] });
  return {
    byOperation: () => Object.fromEntries(counts),
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => counts.clear(),
  };
}
