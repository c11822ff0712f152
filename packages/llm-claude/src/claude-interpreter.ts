import type { Message, Tool } from '@anthropic-ai/sdk/resources/messages/messages';
import * as z from '@tradebot/core-domain/zod';
import { ASK_USER_TOOL, PROPOSE_TRADE_TOOL, type Decimal, type Interpretation, type TradeInterpreter } from '@tradebot/core-domain';
import { parseAnswer, UsageSchema, usageOf } from './answer';
import type { MessagesClient } from './client';
import { lazyMessagesClient } from './lazy-client';
import { translateClaudeError } from './errors';
import { costOf, DEFAULT_MODEL, THINKING_ALLOWANCE_TOKENS, THINKING_OFF, worstCaseCost } from './prices';

/**
 * The system prompt of a reading: short, because every plain-language message pays for it (the
 * bench's target is at most 400 input tokens per proposal, tools included).
 */
export const INTERPRETER_SYSTEM =
  'You turn one chat message into a call of propose_trade or ask_user. Tickers in Yahoo style; a company name only when it is unambiguous (apple -> AAPL). Keep "all", "half", "today", "yesterday", "last-<weekday>" as words. Never guess a missing number: use null, or ask_user.';

/** The tools, strict: the API validates the model's input against the schemas. */
const TOOLS: Tool[] = [
  { ...PROPOSE_TRADE_TOOL, input_schema: PROPOSE_TRADE_TOOL.input_schema as unknown as Tool['input_schema'], strict: true },
  { ...ASK_USER_TOOL, input_schema: ASK_USER_TOOL.input_schema as unknown as Tool['input_schema'], strict: true },
];

/** Longest answer a reading needs: one small tool call. */
const MAX_TOKENS = 200;

/**
 * How a model is asked: the API refuses forced tool use (`tool_choice: any`) while the model thinks,
 * so a model whose thinking can be turned off (`THINKING_OFF`) gets it off and must call a tool; one
 * that always thinks (Opus 5.5) may call one (`auto`; a text answer reads as no call, and the person
 * is asked to rephrase), with room for its thinking in `max_tokens`. Effort low: a reading is one
 * small call, and a person is waiting.
 */
function requestShape(model: string): { readonly thinking: { readonly type: 'between_tools' | 'disabled' } | null; readonly toolChoice: 'any' | 'auto'; readonly maxTokens: number } {
  const thinking = THINKING_OFF[model] ?? null;
  return thinking ? { thinking, toolChoice: 'any', maxTokens: MAX_TOKENS } : { thinking: null, toolChoice: 'auto', maxTokens: MAX_TOKENS + THINKING_ALLOWANCE_TOKENS };
}

const AnswerSchema = z.object({
  model: z.string(),
  content: z.array(z.looseObject({ type: z.string(), name: z.optional(z.string()), input: z.optional(z.unknown()) })),
  usage: UsageSchema,
});

/** Options of `ClaudeInterpreter`. */
export interface ClaudeInterpreterOptions {
  readonly apiKey: string;
  readonly model?: string;
  readonly baseURL?: string;
  /** Per-attempt timeout (ms); a person is waiting: default 8 000. */
  readonly timeoutMs?: number;
  /** SDK retries; default 1. */
  readonly maxRetries?: number;
}

/**
 * Reads a plain-language message with Claude and its two tools (`propose_trade`, `ask_user`, the
 * schemas core-domain defines). The model only proposes: the call is returned as given, for
 * `intentFromToolCall` and `resolveTradeIntent` to check. Failures reject with `ClaudeError`s.
 * Cheap to build: the Anthropic SDK (`client.ts`) is imported on the first reading, so a webhook
 * instance that only sees commands never loads it (the bundle keeps it in a file of its own).
 */
export class ClaudeInterpreter implements TradeInterpreter {
  readonly model: string;
  private readonly timeoutMs: number;
  private readonly client: () => Promise<MessagesClient>;

  constructor(options: ClaudeInterpreterOptions) {
    this.model = options.model ?? DEFAULT_MODEL;
    this.timeoutMs = options.timeoutMs ?? 8_000;
    this.client = lazyMessagesClient(options, this.timeoutMs, options.maxRetries ?? 1);
  }

  worstCaseCostUsd(text: string): Decimal {
    // 2 characters per token over-counts: what a budget check wants.
    const chars = INTERPRETER_SYSTEM.length + JSON.stringify(TOOLS).length + text.length + 40;
    return worstCaseCost(this.model, Math.ceil(chars / 2), requestShape(this.model).maxTokens);
  }

  async interpret(text: string, context: { readonly today: string; readonly language: 'en' | 'es' }): Promise<Interpretation> {
    const shape = requestShape(this.model);
    let message: Message;
    try {
      const client = await this.client();
      message = await client.messages.create({
        model: this.model,
        max_tokens: shape.maxTokens,
        system: INTERPRETER_SYSTEM,
        tools: TOOLS,
        tool_choice: { type: shape.toolChoice, disable_parallel_tool_use: true },
        messages: [{ role: 'user', content: `Today ${context.today}. ${text}` }],
        ...(shape.thinking ? { thinking: shape.thinking } : {}),
        output_config: { effort: 'low' },
      });
    } catch (error) {
      throw translateClaudeError(error, this.timeoutMs);
    }
    const answer = parseAnswer(AnswerSchema, message);
    const usage = usageOf(answer.usage);
    const block = answer.content.find((b) => b.type === 'tool_use' && typeof b.name === 'string');
    return {
      call: block ? { name: block.name!, input: block.input } : null,
      model: answer.model || this.model,
      usage,
      costUsd: costOf(this.model, usage),
    };
  }
}
