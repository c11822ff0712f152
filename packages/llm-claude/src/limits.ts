import { dec, type AnalysisInput, type Decimal } from '@tradebot/core-domain';
import { priceOf, THINKING_ALLOWANCE_TOKENS, THINKING_OFF, worstCaseCost } from './prices';
import { buildPrompt, estimateInputTokensHigh } from './prompt';

/** The most one analysis may cost, everything counted at its dearest: input and every token of `max_tokens`. */
export const COST_CAP_USD = 0.01;

/**
 * Output tokens per word of a morning note, per language, measured: the largest ratio among the
 * scripted notes of local-stack (`SCRIPTED_NOTES`: 3 English and 3 Spanish notes of the reference
 * portfolio, 63 to 200 words) counted with @anthropic-ai/tokenizer 0.0.4, rounded up. English
 * 1.45-1.65, Spanish 1.83-2.06: Spanish words are longer and the vocabulary is English-heavy; the
 * shortest notes are the densest (tickers and figures). A test recounts them.
 */
export const TOKENS_PER_WORD = { en: 1.66, es: 2.06 } as const;

/**
 * The ratios above come from the legacy tokenizer, the only one published; Anthropic says models
 * from Claude Opus 4.7 on make up to about 35% more tokens of the same text.
 */
export const TOKENIZER_MARGIN = 1.35;


/** What one analysis may ask for and spend. */
export interface AnalysisLimits {
  /** `max_tokens` to send. */
  readonly maxTokens: number;
  /** The word limit to ask for: the rules', or fewer when the cap leaves no room for that many. */
  readonly wordLimit: number;
  /** The `thinking` setting that turns the model's thinking off, null when it cannot be. */
  readonly thinking: { readonly type: 'between_tools' | 'disabled' } | null;
  /** The most the call can cost: the input estimated high at its dearest rate, plus `maxTokens` of output. */
  readonly worstCaseUsd: Decimal;
  /** What set `maxTokens`: the word limit (nothing cut), the rules' `analysis.maxTokens`, or the cost cap. */
  readonly boundBy: 'words' | 'rules' | 'cost';
}

/**
 * The output limit of one analysis by `model`, derived from the word limit so the note is never cut:
 * `max_tokens = ceil(words x tokens per word (language) x tokenizer margin)` plus the thinking
 * allowance of a model that cannot turn thinking off. It never passes the rules' `maxTokens` nor what
 * the cost cap leaves at the model's prices after the input (estimated high); when the words do not
 * fit, fewer words are asked for, so the model ends the note itself rather than being cut. Use it for
 * every call and for the budget's worst case.
 */
export function analysisLimits(model: string, input: AnalysisInput): AnalysisLimits {
  const { price } = priceOf(model);
  const thinking = THINKING_OFF[model] ?? null;
  const allowance = thinking ? 0 : THINKING_ALLOWANCE_TOKENS;
  const tokensPerWord = TOKENS_PER_WORD[input.brief.language] * TOKENIZER_MARGIN;
  // Fewer words never lengthen the prompt, so this estimate holds for any word limit asked below.
  const inputTokens = estimateInputTokensHigh(buildPrompt(input));
  const inputUsd = dec(inputTokens).times(Math.max(price.input, price.cacheWrite)).div(1_000_000);
  const capTokens = Math.max(1, Math.floor(Number(dec(COST_CAP_USD).minus(inputUsd).times(1_000_000).div(price.output).toFixed(6))));
  const limit = Math.min(input.maxTokens, capTokens);
  const wanted = Math.ceil(input.wordLimit * tokensPerWord) + allowance;
  const maxTokens = Math.min(wanted, limit);
  const wordLimit = wanted <= limit ? input.wordLimit : Math.max(1, Math.floor((limit - allowance) / tokensPerWord));
  const boundBy = wanted <= limit ? 'words' : capTokens < input.maxTokens ? 'cost' : 'rules';
  return { maxTokens, wordLimit, thinking, worstCaseUsd: worstCaseCost(model, inputTokens, maxTokens), boundBy };
}
