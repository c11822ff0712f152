/**
 * Plain-language trades: how many of the 64 phrasings of packages/core-domain/tests/fixtures/
 * talk-phrasings.json (English and Spanish) become the expected command or question, and what a
 * model reading costs.
 *
 * - The simple forms are read by core-domain's deterministic reader alone (no model).
 * - The others go through the real adapter (`ClaudeInterpreter`, the Anthropic SDK) to the local
 *   Anthropic stand-in, which answers with the fixture's scripted tool call; core-domain then
 *   validates and resolves it (half/all, relative dates). The accuracy therefore measures the
 *   pipeline around the model (schema, validation, resolution), not a real model's judgement.
 * - Input tokens per reading: the request as sent (system prompt + both tool definitions + the
 *   message) counted with @anthropic-ai/tokenizer (legacy vocabulary: an estimate; the API's
 *   `usage`, logged as `talk.model` per call, is the real figure), and the stand-in's own count.
 *   Neither includes the fixed tool-use system prompt the API adds whenever tools are given.
 */
import { dec, intentFromToolCall, readPlainTrade, replay, resolveTradeIntent, tradeCommandText, ASK_USER_TOOL, PROPOSE_TRADE_TOOL, type LedgerEntry, type ToolCall } from '@tradebot/core-domain';
import { ClaudeInterpreter, costOf, DEFAULT_MODEL, INTERPRETER_SYSTEM } from '@tradebot/llm-claude';
import { startAnthropicServer } from '@tradebot/local-stack';
import { countTokens } from '../packages/llm-claude/tests/helpers/tokens';
import fixture from '../packages/core-domain/tests/fixtures/talk-phrasings.json';
import { atMost, info, median, type BenchRow, type BenchSuite } from './lib';

interface Phrasing {
  readonly text: string;
  readonly language: 'en' | 'es';
  readonly expect: string | { readonly question: string };
  readonly model?: ToolCall;
}

const atLeast = (name: string, value: number, unit: string, floor: number, note: string): BenchRow => ({ name, value, unit, target: `>= ${floor}`, pass: value >= floor, note });

const suite: BenchSuite = {
  name: 'talk',
  async run() {
    const phrasings = fixture.phrasings as Phrasing[];
    const entries: LedgerEntry[] = Object.entries(fixture.holdings).map(([symbol, quantity], index) => ({
      kind: 'trade',
      seq: index + 1,
      recordedAt: '2026-01-02T15:00:00.000Z',
      trade: { side: 'buy', symbol, quantity: dec(quantity), price: dec(100), fees: dec(0), currency: 'USD', executedAt: '2026-01-02T15:00:00.000Z' },
    }));
    const context = { state: replay(entries), today: fixture.today };
    const anthropic = await startAnthropicServer({
      toolUse: (_body, userText) => phrasings.find((p) => userText.endsWith(p.text))?.model ?? null,
    });
    const interpreter = new ClaudeInterpreter({ apiKey: 'sk-bench-local', baseURL: anthropic.url, maxRetries: 0 });
    const standInTokens: number[] = [];
    const tokenizerTokens: number[] = [];
    const costs: number[] = [];
    let simple = 0;
    let simpleRight = 0;
    let right = 0;
    const wrong: string[] = [];
    try {
      for (const phrasing of phrasings) {
        const expected = typeof phrasing.expect === 'string' ? phrasing.expect : `?${phrasing.expect.question}`;
        const read = readPlainTrade(phrasing.text);
        let intent;
        if (read) intent = { ok: true as const, value: read };
        else {
          const reading = await interpreter.interpret(phrasing.text, { today: fixture.today, language: phrasing.language });
          standInTokens.push(reading.usage.inputTokens + reading.usage.cacheCreationInputTokens + reading.usage.cacheReadInputTokens);
          const sent = anthropic.requests.at(-1)!.body as { messages: { content: string }[] };
          tokenizerTokens.push(countTokens(INTERPRETER_SYSTEM) + countTokens(JSON.stringify([PROPOSE_TRADE_TOOL, ASK_USER_TOOL])) + countTokens(sent.messages[0]!.content));
          costs.push(Number(reading.costUsd.toFixed()));
          intent = intentFromToolCall(reading.call);
        }
        const resolved = intent.ok ? resolveTradeIntent(intent.value, context) : intent;
        const got = resolved.ok ? tradeCommandText(resolved.value) : `?${resolved.error.kind}`;
        if (!phrasing.model) {
          simple += 1;
          if (got === expected) simpleRight += 1;
        }
        if (got === expected) right += 1;
        else wrong.push(`"${phrasing.text}" -> ${got} (expected ${expected})`);
      }
    } finally {
      await anthropic.close();
    }
    const languages = `${phrasings.filter((p) => p.language === 'en').length} English, ${phrasings.filter((p) => p.language === 'es').length} Spanish`;
    const misses = wrong.length ? `; misses: ${wrong.join('; ')}` : '';
    const maxTokens = Math.max(...tokenizerTokens);
    const expectedCost = costOf(DEFAULT_MODEL, { inputTokens: Math.round(median(tokenizerTokens)), outputTokens: 60, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 });
    return [
      atLeast('talk.parser.simple_forms.accuracy', simpleRight / simple, 'ratio', 1, `${simpleRight}/${simple} simple forms read by the deterministic reader alone (no model)`),
      atLeast('talk.proposal.accuracy', right / phrasings.length, 'ratio', 0.95, `${right}/${phrasings.length} phrasings (${languages}): reader + the stand-in's scripted tool calls, validated and resolved by core-domain${misses}`),
      atMost('talk.model.input_tokens_per_proposal.max', maxTokens, 'tokens', 400, `system + 2 tool definitions + message, @anthropic-ai/tokenizer (legacy vocabulary, an estimate); median ${median(tokenizerTokens)}; ${tokenizerTokens.length} model readings. NOT counted: the fixed tool-use system prompt the API adds whenever tools are given (Anthropic's tool-use pricing lists it per model); the logged usage shows the billed total`),
      info('talk.model.input_tokens_per_proposal.stand_in_median', median(standInTokens), 'tokens', "the Anthropic stand-in's usage (4 characters per token, tools counted)"),
      info('talk.model.cost_per_reading_usd', Math.round(Number(expectedCost.toFixed()) * 1e6) / 1e6, 'usd', `${DEFAULT_MODEL}: median input tokens + ~60 output tokens (one tool call); each reading's real cost is logged (event talk.model)`),
    ];
  },
};

export default suite;
