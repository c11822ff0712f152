/** What the request counters need of an AWS SDK v3 client (every client has a middleware stack). */
export interface ClientWithMiddleware {
  readonly middlewareStack: {
    add(middleware: unknown, options: { step: 'deserialize'; name: string; tags?: string[] }): void;
  };
}

/**
 * Adds a `deserialize`-step middleware to a client, and makes the client use it from its next
 * request on. A client built with `cacheMiddleware` (storage-s3's `S3_CLIENT_SETTINGS`) keeps the
 * middleware chain it resolved per command class at the first request of that class, and would
 * never run middleware added later: the chains it kept are dropped (the SDK's `Client.handlers`,
 * which it deletes itself whenever a request passes its own options), so the next request of every
 * class resolves the chain again, the new middleware included.
 */
export function attachMiddleware(client: ClientWithMiddleware, middleware: unknown, options: { name: string; tags: string[] }): void {
  client.middlewareStack.add(middleware, { step: 'deserialize', ...options });
  delete (client as { handlers?: unknown }).handlers;
}
