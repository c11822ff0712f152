/** The middleware steps of an AWS SDK v3 client's stack. */
type Step = 'initialize' | 'serialize' | 'build' | 'finalizeRequest' | 'deserialize';

/**
 * What attaching middleware needs of an AWS SDK v3 client (every client has a middleware stack).
 * `add` is typed per step by the SDK (one overload a step); `never` accepts all of them.
 */
export interface ClientWithMiddleware {
  readonly middlewareStack: {
    add(middleware: never, options: never): void;
    remove(toRemove: string): boolean;
  };
}

/**
 * Drops the middleware chains a client built with `cacheMiddleware` (storage-s3's
 * `S3_CLIENT_SETTINGS`, storage-dynamodb's `DYNAMODB_CLIENT_SETTINGS`) kept: such a client resolves
 * a command class's chain at its first request and would never run middleware added (or stop
 * running middleware removed) later. The SDK keeps them in `Client.handlers` and deletes that
 * itself whenever a request passes its own options; the next request of every class resolves again.
 */
function dropKeptChains(client: ClientWithMiddleware): void {
  delete (client as { handlers?: unknown }).handlers;
}

/**
 * Adds a middleware to a client, effective from its next request even when the client has already
 * sent requests. Use it (not `client.middlewareStack.add`) in tests and benches that watch a client
 * the local stack built.
 */
export function attachMiddleware(client: ClientWithMiddleware, middleware: unknown, options: { step: Step; name: string; tags?: string[] }): void {
  client.middlewareStack.add(middleware as never, options as never);
  dropKeptChains(client);
}

/** Removes a middleware `attachMiddleware` added, effective from the client's next request. */
export function detachMiddleware(client: ClientWithMiddleware, name: string): void {
  client.middlewareStack.remove(name);
  dropKeptChains(client);
}
