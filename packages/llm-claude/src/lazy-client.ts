import type { ClientOptions, MessagesClient } from './client';

/**
 * A Messages client built on first use: the Anthropic SDK (`client.ts`, ~100 KB of a Lambda bundle)
 * is imported by the first call, so a process that never asks Claude never loads it (in a Lambda
 * bundle it is a file of its own beside `index.js`, docs/packaging.md). A failed import is not kept:
 * the next call tries again (never expected: the file ships in the same zip).
 */
export function lazyMessagesClient(options: ClientOptions, timeoutMs: number, maxRetries: number): () => Promise<MessagesClient> {
  let client: Promise<MessagesClient> | null = null;
  return () => {
    client ??= import('./client').then((sdk) => sdk.messagesClient(options, timeoutMs, maxRetries));
    return client.catch((error: unknown) => {
      client = null;
      throw error;
    });
  };
}
