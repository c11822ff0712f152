import { BaseAnthropic } from '@anthropic-ai/sdk/client';
import type { Message, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages/messages';

/**
 * The Anthropic client with one call: `POST /v1/messages`, non-streaming, through the SDK's own
 * request path (auth, retries, timeouts, API errors). The SDK's `Anthropic` class also builds Beta,
 * Files, Models, Skills... (about 320 KB of fn-daily's bundle), and its `Messages` resource carries
 * streaming and batches; tradebot calls none of them.
 */
export class MessagesClient extends BaseAnthropic {
  readonly messages = {
    create: (body: MessageCreateParamsNonStreaming): Promise<Message> => this.post<Message>('/v1/messages', { body }),
  };
}

/** What every Claude adapter needs to reach the API. */
export interface ClientOptions {
  readonly apiKey: string;
  /** API root; tests point it at the local Anthropic server. */
  readonly baseURL?: string;
}

/** A Messages client with the SDK's own timeout (ms) and retries of 408/409/429/5xx/connection errors. */
export function messagesClient(options: ClientOptions, timeoutMs: number, maxRetries: number): MessagesClient {
  return new MessagesClient({ apiKey: options.apiKey, ...(options.baseURL ? { baseURL: options.baseURL } : {}), timeout: timeoutMs, maxRetries });
}
