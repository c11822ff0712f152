/**
 * Daily analysis benches: input tokens of the prompt for the reference portfolio (10 positions,
 * 10 candidates, 4 alerts, 2 notes), the output limit derived from the word limit in English and
 * Spanish, the cost of one run at the configured (default) model's prices, expected and worst case
 * (every token of `max_tokens` used: the per-run cap), and whether any of the local Anthropic
 * server's scripted notes is cut at that limit.
 *
 * Tokens are counted with @anthropic-ai/tokenizer 0.0.4, the only Claude tokenizer on npm. It is
 * the legacy (Claude 2 era) vocabulary: newer models tokenize differently (Anthropic notes up to
 * ~35% more tokens from Opus 4.7 on), so the count is an estimate; the API's `usage` in each daily
 * log is the real figure.
 */
import { countTokens } from '../packages/llm-claude/tests/helpers/tokens';
import { DEFAULT_RULES } from '@tradebot/core-domain';
import { analysisLimits, buildPrompt, ClaudeAnalyst, COST_CAP_USD, costOf, DEFAULT_MODEL, PRICES_USD_PER_MTOK } from '@tradebot/llm-claude';
import { SCRIPTED_NOTES, startAnthropicServer, wordCount } from '@tradebot/local-stack';
import { REFERENCE_LESSONS, referenceBrief } from '../packages/llm-claude/tests/helpers/reference-brief';
import { atMost, info, type BenchRow, type BenchSuite } from './lib';

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

const round = (usd: number): number => Math.round(usd * 1e6) / 1e6;

/** Runs the analyst on the local Anthropic server's scripted notes; how many answers came back cut. */
async function cutAnswers(model: string): Promise<{ cut: number; runs: number; words: Record<string, number> }> {
  const server = await startAnthropicServer({ scripted: true });
  try {
    const claude = new ClaudeAnalyst({ apiKey: 'bench', baseURL: server.url, maxRetries: 0, model });
    let cut = 0;
    const words: Record<string, number> = {};
    for (const language of ['en', 'es'] as const) {
      const outcome = await claude.analyse({ brief: { ...referenceBrief(), language }, wordLimit: DEFAULT_RULES.analysis.wordLimit, maxTokens: DEFAULT_RULES.analysis.maxTokens });
      if (outcome.stopReason === 'max_tokens') cut += 1;
      words[language] = wordCount(outcome.text);
    }
    return { cut, runs: 2, words };
  } finally {
    await server.close();
  }
}

const suite: BenchSuite = {
  name: 'daily',
  async run() {
    const rules = DEFAULT_RULES;
    const rows: BenchRow[] = [];
    const price = PRICES_USD_PER_MTOK[DEFAULT_MODEL]!;
    const en = { brief: referenceBrief(undefined, undefined, REFERENCE_LESSONS), wordLimit: rules.analysis.wordLimit, maxTokens: rules.analysis.maxTokens };
    const prompt = buildPrompt(en);
    const systemTokens = countTokens(prompt.system);
    const userTokens = countTokens(prompt.user);
    const inputTokens = systemTokens + userTokens;
    rows.push(atMost('daily.prompt.input_tokens', inputTokens, 'tokens', 600, `reference portfolio: 10 positions, 10 candidates, 4 alerts, 2 notes, 3 lesson lines; system ${systemTokens} + user ${userTokens}; @anthropic-ai/tokenizer (legacy vocabulary, an estimate)`));

    for (const language of ['en', 'es'] as const) {
      const notes = SCRIPTED_NOTES.filter((n) => n.language === language);
      const ratios = notes.map((n) => countTokens(n.text) / wordCount(n.text));
      rows.push(info(`daily.tokens_per_word.${language}`, Number(Math.max(...ratios).toFixed(3)), 'tokens', `largest of ${notes.length} scripted notes (${notes.map((n) => wordCount(n.text)).join(', ')} words; ratios ${ratios.map((r) => r.toFixed(2)).join(', ')}), @anthropic-ai/tokenizer`));
      const limits = analysisLimits(DEFAULT_MODEL, { ...en, brief: { ...en.brief, language } });
      rows.push(
        info(`daily.max_tokens.${language}`, limits.maxTokens, 'tokens', `${limits.wordLimit} words x tokens per word x 1.35 (current tokenizers); bound by ${limits.boundBy}; thinking ${limits.thinking ? limits.thinking.type : 'on'}`),
        atMost(
          language === 'en' ? 'daily.cost.worst_case_usd' : `daily.cost.worst_case_usd.${language}`,
          round(Number(limits.worstCaseUsd.toFixed())),
          'usd',
          COST_CAP_USD,
          `${DEFAULT_MODEL} ($${price.input}/$${price.output} per MTok): input estimated high (2 characters a token) at the $${price.cacheWrite} cache-write rate + max_tokens ${limits.maxTokens} at $${price.output}/MTok; the bound the monthly budget check uses`,
        ),
      );
    }

    const answerWords = SAMPLE_ANSWER.split(/\s+/).filter(Boolean).length;
    const answerTokens = countTokens(SAMPLE_ANSWER);
    // One run a day: the 5-minute prompt cache has expired by the next run (and a ~190-token system
    // prompt is below the models' minimum cacheable length anyway), so input is billed uncached.
    const expected = costOf(DEFAULT_MODEL, { inputTokens, outputTokens: answerTokens, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 });
    rows.push(
      info('daily.answer.sample_tokens', answerTokens, 'tokens', `a ${answerWords}-word English note (the default word limit is ${rules.analysis.wordLimit})`),
      atMost('daily.cost.expected_usd', round(Number(expected.toFixed())), 'usd', 0.01, `${DEFAULT_MODEL}: ${inputTokens} input + ${answerTokens} output tokens (thinking turned off)`),
    );
    const worstEn = analysisLimits(DEFAULT_MODEL, en).worstCaseUsd;
    rows.push(info('daily.cost.month_worst_case_usd', round(Number(worstEn.times(31).toFixed())), 'usd', `31 runs at the worst case vs the default monthly budget of $${rules.analysis.monthlyBudgetUsd}`));

    const scripted = await cutAnswers(DEFAULT_MODEL);
    rows.push(atMost('daily.scripted.cut_answers', scripted.cut, 'answers', 0, `${scripted.runs} analyses (English, Spanish) against the local Anthropic server's longest scripted notes (${scripted.words.en} and ${scripted.words.es} words) at the derived max_tokens`));
    // What the cap leaves at Opus 5.5's prices, whose thinking cannot be turned off.
    const opus = analysisLimits('claude-opus-5-5', en);
    const opusEs = analysisLimits('claude-opus-5-5', { ...en, brief: { ...en.brief, language: 'es' } });
    rows.push(info('daily.opus_5_5.words_within_cap', opus.wordLimit, 'words', `with ANTHROPIC_MODEL=claude-opus-5-5 the cap leaves max_tokens ${opus.maxTokens} (200 of them for thinking) and ${opus.wordLimit} English / ${opusEs.wordLimit} Spanish words of the ${rules.analysis.wordLimit} asked`));
    return rows;
  },
};

export default suite;
