/**
 * Daily analysis benches: input tokens of the prompt for the reference portfolio (10 positions,
 * 10 candidates, 4 alerts, 2 notes) and the cost of one run at current Opus prices.
 *
 * Tokens are counted with @anthropic-ai/tokenizer 0.0.4, the only Claude tokenizer on npm. It is
 * the legacy (Claude 2 era) vocabulary: newer models tokenize differently (Anthropic notes up to
 * ~35% more tokens from Opus 4.7 on), so the count is an estimate; the API's `usage` in each daily
 * log is the real figure.
 */
import { countTokens } from '../packages/llm-claude/tests/helpers/tokens';
import { DEFAULT_RULES } from '@tradebot/core-domain';
import { buildPrompt, costOf, DEFAULT_MODEL, worstCaseCost } from '@tradebot/llm-claude';
import { REFERENCE_LESSONS, referenceBrief } from '../packages/llm-claude/tests/helpers/reference-brief';
import { atMost, info, type BenchSuite } from './lib';

/** A realistic 200-word morning note, to count the output tokens of a typical answer. */
const SAMPLE_ANSWER = `Action today: PFE is 12.6% below your average cost, past the 8% stop loss. Decide now: sell, or
write down why you hold it. JNJ (-9%) and XOM (-8.4%) also crossed the stop loss; XOM is only just
past it, so a tight mental stop may be enough, but JNJ has drifted down for weeks. NVDA is 34% above
cost and past the take profit: trimming a third locks in gains and brings its 13% weight down; your
own note says trim above 140, and it closed at 131.7.

Portfolio: 19,891 USD, up 0.1% on the day, 4.2% unrealized gain. Concentration is fine, MSFT is the
largest position at 17%.

Candidates: INTC is 49% below its 180-day peak and only 6% above its low; your note mentions
foundry news in December, but the turnaround is slow and cash burn is the main risk. BA, 35% off
its peak and 9% above the low, has a recovering order book; the risk is more production setbacks.
ALB, 39% down, is a lithium price bet: cheap if prices recover, a value trap if oversupply lasts.
EL and DG look cheap for reasons that may persist.

Not advice.`;

const suite: BenchSuite = {
  name: 'daily',
  async run() {
    const rules = DEFAULT_RULES;
    const input = { brief: referenceBrief(undefined, undefined, REFERENCE_LESSONS), wordLimit: rules.analysis.wordLimit, maxTokens: rules.analysis.maxTokens };
    const prompt = buildPrompt(input);
    const systemTokens = countTokens(prompt.system);
    const userTokens = countTokens(prompt.user);
    const inputTokens = systemTokens + userTokens;
    const answerWords = SAMPLE_ANSWER.split(/\s+/).filter(Boolean).length;
    const answerTokens = countTokens(SAMPLE_ANSWER);
    // One run a day: the 5-minute prompt cache has expired by the next run (and a ~190-token system
    // prompt is below the models' minimum cacheable length anyway), so input is billed uncached.
    const expected = costOf(DEFAULT_MODEL, { inputTokens, outputTokens: answerTokens, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 });
    const worst = worstCaseCost(DEFAULT_MODEL, inputTokens, rules.analysis.maxTokens);
    const perThinking100 = costOf(DEFAULT_MODEL, { inputTokens: 0, outputTokens: 100, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 });
    const round = (usd: number): number => Math.round(usd * 1e6) / 1e6;
    return [
      atMost('daily.prompt.input_tokens', inputTokens, 'tokens', 600, `reference portfolio: 10 positions, 10 candidates, 4 alerts, 2 notes, 3 lesson lines; system ${systemTokens} + user ${userTokens}; @anthropic-ai/tokenizer (legacy vocabulary, an estimate)`),
      info('daily.answer.sample_tokens', answerTokens, 'tokens', `a ${answerWords}-word English note (the default word limit is ${rules.analysis.wordLimit})`),
      atMost(
        'daily.cost.expected_usd',
        round(Number(expected.toFixed())),
        'usd',
        0.01,
        `${DEFAULT_MODEL} at $4/$20 per MTok: ${inputTokens} input + ${answerTokens} output tokens; EXCLUDES adaptive thinking, always on for this model (effort low): each 100 thinking tokens add $${perThinking100.toFixed()}`,
      ),
      atMost(
        'daily.cost.worst_case_usd',
        round(Number(worst.toFixed())),
        'usd',
        0.01,
        `input at the $5 cache-write rate + max_tokens ${rules.analysis.maxTokens} (thinking included) at $20/MTok; the bound the monthly budget check uses`,
      ),
      info('daily.cost.month_worst_case_usd', round(Number(worst.times(31).toFixed())), 'usd', `31 runs at the worst case vs the default monthly budget of $${rules.analysis.monthlyBudgetUsd}`),
    ];
  },
};

export default suite;
