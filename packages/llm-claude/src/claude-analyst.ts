import type { Message } from '@anthropic-ai/sdk/resources/messages/messages';
import { parseAnswer, UsageSchema, usageOf } from './answer';
import type { MessagesClient } from './client';
import { lazyMessagesClient } from './lazy-client';
import * as z from '@tradebot/core-domain/zod';
import { lessonReviewSchema, type AnalysisInput, type AnalysisOutcome, type AnalysisPrompt, type AnalysisUsage, type Analyst, type Decimal, type LessonsInput, type LessonsOutcome, type LessonsReviewer } from '@tradebot/core-domain';
import {
  ClaudeEmptyAnswerError,
  ClaudeError,
  ClaudeRateLimitedError,
  ClaudeRequestError,
  ClaudeTimeoutError,
  ClaudeUnavailableError,
  ClaudeUnreadableAnswerError,
  translateClaudeError,
} from './errors';
import { analysisLimits, type AnalysisLimits } from './limits';
import { costOf, DEFAULT_MODEL, THINKING_OFF, worstCaseCost } from './prices';
import { buildLessonsPrompt, buildPrompt, estimateInputTokensHigh, jsonObjectIn } from './prompt';

/** The part of a Messages API answer the analyst relies on, checked before use. */
const AnswerSchema = z.object({
  model: z.string(),
  stop_reason: z.optional(z.nullable(z.string())),
  content: z.array(z.looseObject({ type: z.string(), text: z.optional(z.string()) })),
  usage: UsageSchema,
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
export class ClaudeAnalyst implements Analyst, LessonsReviewer {
  readonly model: string;
  private readonly client: () => Promise<MessagesClient>;
  private readonly timeoutMs: number;
  private readonly effort: Effort | null;

  constructor(options: ClaudeAnalystOptions) {
    this.model = options.model ?? DEFAULT_MODEL;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.effort = options.effort === undefined ? 'low' : options.effort;
    this.client = lazyMessagesClient(options, this.timeoutMs, options.maxRetries ?? 2);
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
    // max_tokens derived from the word limit (so the note is not cut) and capped by the cost cap.
    const answer = await this.ask(prompt, limits.maxTokens, limits.thinking);
    return {
      text: answer.stopReason === 'max_tokens' ? `${answer.text}…` : answer.text,
      model: answer.model,
      offline: false,
      usage: answer.usage,
      costUsd: costOf(this.model, answer.usage),
      prompt,
      ...(answer.stopReason ? { stopReason: answer.stopReason } : {}),
    };
  }

  worstCaseLessonsCostUsd(input: LessonsInput): Decimal {
    return worstCaseCost(this.model, estimateInputTokensHigh(buildLessonsPrompt(input)), input.maxTokens);
  }

  /**
   * The monthly review: the facts of the month's closed trades in, a JSON list of patterns out
   * (`lessonReviewSchema`). An answer that is not that JSON rejects with `ClaudeUnreadableAnswerError`,
   * which carries what the call cost (it was billed).
   */
  async reviewLessons(input: LessonsInput): Promise<LessonsOutcome> {
    const prompt = buildLessonsPrompt(input);
    const answer = await this.ask(prompt, input.maxTokens, THINKING_OFF[this.model] ?? null);
    const costUsd = costOf(this.model, answer.usage);
    const parsed = lessonReviewSchema().safeParse(jsonObjectIn(answer.text));
    if (!parsed.success) {
      throw new ClaudeUnreadableAnswerError(parsed.error.issues.slice(0, 2).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '), answer.usage, costUsd);
    }
    return { patterns: parsed.data.patterns, model: answer.model, offline: false, usage: answer.usage, costUsd, prompt };
  }

  /** One Messages API call with the cached system prompt: the answer's text blocks, usage and stop reason. */
  private async ask(prompt: AnalysisPrompt, maxTokens: number, thinking: AnalysisLimits['thinking']): Promise<{ text: string; model: string; usage: AnalysisUsage; stopReason: string | null }> {
    let message: Message;
    try {
      const client = await this.client();
      message = await client.messages.create({
        model: this.model,
        max_tokens: maxTokens,
        system: [{ type: 'text', text: prompt.system, cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: prompt.user }],
        ...(thinking ? { thinking } : {}),
        ...(this.effort ? { output_config: { effort: this.effort } } : {}),
      });
    } catch (error) {
      throw this.translate(error);
    }
    const answer = parseAnswer(AnswerSchema, message);
    const usage = usageOf(answer.usage);
    // Thinking models may put thinking blocks first: pick text blocks by type, not by position.
    const text = answer.content
      .flatMap((block) => (block.type === 'text' && block.text !== undefined ? [block.text] : []))
      .join('')
      .trim();
    if (!text) throw new ClaudeEmptyAnswerError(answer.stop_reason ?? null, usage, costOf(this.model, usage));
    return { text, model: answer.model || this.model, usage, stopReason: answer.stop_reason ?? null };
  }

  private translate(error: unknown): unknown {
    return translateClaudeError(error, this.timeoutMs);
  }
}
