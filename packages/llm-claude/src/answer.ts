/**
 * What a Messages API answer must hold before anything reads it: the usage, and `parseAnswer` for a
 * caller's own schema. Apart from `client.ts` (the SDK), so a module that only checks answers does
 * not bring the SDK with it (the webhook loads the SDK on its first reading, docs/packaging.md).
 */
import * as z from '@tradebot/core-domain/zod';
import type { AnalysisUsage } from '@tradebot/core-domain';
import { ClaudeBadResponseError } from './errors';

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
