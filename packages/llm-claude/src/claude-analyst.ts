import { BaseAnthropic } from '@anthropic-ai/sdk/client';
import { APIConnectionError, APIConnectionTimeoutError, APIError, RateLimitError } from '@anthropic-ai/sdk/core/error';
import { Messages, type Message } from '@anthropic-ai/sdk/resources/messages/messages';
import { z } from 'zod';
import type { AnalysisInput, AnalysisOutcome, AnalysisPrompt, AnalysisUsage, Analyst, Decimal } from '@tradebot/core-domain';
import {
  ClaudeBadResponseError,
  ClaudeEmptyAnswerError,
  ClaudeError,
  ClaudeRateLimitedError,
  ClaudeRequestError,
  ClaudeTimeoutError,
  ClaudeUnavailableError,
} from './errors';
import { analysisLimits } from './limits';
import { costOf, DEFAULT_MODEL } from './prices';
import { buildPrompt } from './prompt';

/**
 * The Anthropic client with the Messages API only. The SDK's `Anthropic` class also builds Beta,
 * Files, Models, Skills... (about 320 KB of fn-daily's bundle), none of which the analyst calls.
 */
class MessagesClient extends BaseAnthropic {
  readonly messages = new Messages(this);
}

/** The part of a Messages API answer the analyst relies on, checked before use. */
const AnswerSchema = z.object({
  model: z.string(),
  stop_reason: z.string().nullable().optional(),
  content: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
  usage: z.looseObject({
    input_tokens: z.number().int().nonnegative(),
    output_tokens: z.number().int().nonnegative(),
    cache_creation_input_tokens: z.number().int().nonnegative().nullable().optional(),
    cache_read_input_tokens: z.number().int().nonnegative().nullable().optional(),
  }),
});

/** How much thinking the model may do; lower is cheaper (thinking tokens are billed as output). */
export type Effort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';

/** Options of `ClaudeAnalyst`. Only `apiKey` is required. */
export interface ClaudeAnalystOptions {
  readonly apiKey: string;
  /** Model id; default `DEFAULT_MODEL` (Claude Sonnet 5.5). Its row in the price table sets its output limit. */
  readonly model?: string;
  /** API root; tests point it at the local Anthropic server. */
  readonly baseURL?: string;
  /** Per-attempt timeout in ms (SDK `timeout`); default 60 000. */
  readonly timeoutMs?: number;
  /** Retries of 408/409/429/5xx/connection errors by the SDK itself (`maxRetries`); default 2. */
  readonly maxRetries?: number;
  /** `output_config.effort`; default `low` (a short note needs little thinking). `null` omits it. */
  readonly effort?: Effort | null;
}

/**
 * The `Analyst` backed by Claude. Use it when an Anthropic API key is configured; without one use
 * `OfflineAnalyst`. Failures reject with `ClaudeRateLimitedError`, `ClaudeUnavailableError`,
 * `ClaudeTimeoutError`, `ClaudeRequestError`, `ClaudeEmptyAnswerError` or `ClaudeBadResponseError` (all `ClaudeError`).
 */
export class ClaudeAnalyst implements Analyst {
  readonly model: string;
  private readonly client: MessagesClient;
  private readonly timeoutMs: number;
  private readonly effort: Effort | null;

  constructor(options: ClaudeAnalystOptions) {
    this.model = options.model ?? DEFAULT_MODEL;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.effort = options.effort === undefined ? 'low' : options.effort;
    this.client = new MessagesClient({
      apiKey: options.apiKey,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      timeout: this.timeoutMs,
      maxRetries: options.maxRetries ?? 2,
    });
  }

  /** The prompt sent: its word limit is the rules', or fewer when the cost cap leaves no room for them (`analysisLimits`). */
  prompt(input: AnalysisInput): AnalysisPrompt {
    return buildPrompt({ ...input, wordLimit: analysisLimits(this.model, input).wordLimit });
  }

  worstCaseCostUsd(input: AnalysisInput): Decimal {
    return analysisLimits(this.model, input).worstCaseUsd;
  }

  async analyse(input: AnalysisInput): Promise<AnalysisOutcome> {
    const limits = analysisLimits(this.model, input);
    const prompt = buildPrompt({ ...input, wordLimit: limits.wordLimit });
    let message: Message;
    try {
      message = await this.client.messages.create({
        model: this.model,
        // Derived from the word limit (so the note is not cut) and capped by the cost cap.
        max_tokens: limits.maxTokens,
        system: [{ type: 'text', text: prompt.system, cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: prompt.user }],
        ...(limits.thinking ? { thinking: limits.thinking } : {}),
        ...(this.effort ? { output_config: { effort: this.effort } } : {}),
      });
    } catch (error) {
      throw this.translate(error);
    }
    const parsed = AnswerSchema.safeParse(message);
    if (!parsed.success) throw new ClaudeBadResponseError(parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
    const answer = parsed.data;
    const usage: AnalysisUsage = {
      inputTokens: answer.usage.input_tokens,
      outputTokens: answer.usage.output_tokens,
      cacheReadInputTokens: answer.usage.cache_read_input_tokens ?? 0,
      cacheCreationInputTokens: answer.usage.cache_creation_input_tokens ?? 0,
    };
    // Thinking models may put thinking blocks first: pick text blocks by type, not by position.
    const text = answer.content
      .flatMap((block) => (block.type === 'text' && block.text !== undefined ? [block.text] : []))
      .join('')
      .trim();
    if (!text) throw new ClaudeEmptyAnswerError(answer.stop_reason ?? null, usage, costOf(this.model, usage));
    return {
      text: answer.stop_reason === 'max_tokens' ? `${text}…` : text,
      model: answer.model || this.model,
      offline: false,
      usage,
      costUsd: costOf(this.model, usage),
      prompt,
      ...(answer.stop_reason ? { stopReason: answer.stop_reason } : {}),
    };
  }

  private translate(error: unknown): unknown {
    if (error instanceof ClaudeError) return error;
    if (error instanceof APIConnectionTimeoutError) return new ClaudeTimeoutError(this.timeoutMs, { cause: error });
    if (error instanceof RateLimitError) {
      const header = error.headers?.get('retry-after');
      const seconds = header !== null && header !== undefined && header !== '' && Number.isFinite(Number(header)) ? Number(header) : null;
      return new ClaudeRateLimitedError(seconds, { cause: error });
    }
    if (error instanceof APIConnectionError) return new ClaudeUnavailableError(null, { cause: error });
    if (error instanceof APIError && typeof error.status === 'number') {
      if (error.status >= 500) return new ClaudeUnavailableError(error.status, { cause: error });
      const body = error.error as { error?: { type?: unknown } } | undefined;
      const type = typeof body?.error?.type === 'string' ? body.error.type : null;
      return new ClaudeRequestError(error.status, type, { cause: error });
    }
    return error;
  }
}
