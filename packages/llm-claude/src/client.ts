import { BaseAnthropic } from '@anthropic-ai/sdk/client';
import type { Message, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages/messages';
import * as z from '@tradebot/core-domain/zod';
import type { AnalysisUsage } from '@tradebot/core-domain';
import { ClaudeBadResponseError } from './errors';

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

/** The `usage` of a Messages API answer, checked before use. */
export const UsageSchema = z.looseObject({
  input_tokens: z.int().check(z.nonnegative()),
  output_tokens: z.int().check(z.nonnegative()),
  cache_creation_input_tokens: z.optional(z.nullable(z.int().check(z.nonnegative()))),
  cache_read_input_tokens: z.optional(z.nullable(z.int().check(z.nonnegative()))),
});

/** An answer's usage in the domain's terms (absent cache figures are 0). */
export function usageOf(usage: z.output<typeof UsageSchema>): AnalysisUsage {
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    cacheReadInputTokens: usage.cache_read_input_tokens ?? 0,
    cacheCreationInputTokens: usage.cache_creation_input_tokens ?? 0,
  };
}

/** Checks an answer against `schema`; a mismatch is `ClaudeBadResponseError` naming the first issues. */
export function parseAnswer<T>(schema: z.ZodMiniType<T>, message: unknown): T {
  const parsed = schema.safeParse(message);
  if (!parsed.success) throw new ClaudeBadResponseError(parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  return parsed.data;
}
