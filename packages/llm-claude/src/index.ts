/**
 * @tradebot/llm-claude: the `Analyst` port backed by Claude (compact prompt, cached static system
 * prompt, bounded output, cost accounting) and the offline analyst used without an API key.
 */
export { ClaudeAnalyst, type ClaudeAnalystOptions, type Effort } from './claude-analyst';
export { OfflineAnalyst } from './offline-analyst';
export { SYSTEM_PROMPT, LESSONS_SYSTEM_PROMPT, LESSON_LINE_CHARS, buildPrompt, buildUserPrompt, buildLessonsPrompt, estimateInputTokensHigh, jsonObjectIn } from './prompt';
export { PRICES_USD_PER_MTOK, THINKING_OFF, THINKING_ALLOWANCE_TOKENS, DEFAULT_MODEL, priceOf, costOf, worstCaseCost, type ModelPrice } from './prices';
export { analysisLimits, COST_CAP_USD, TOKENS_PER_WORD, TOKENIZER_MARGIN, type AnalysisLimits } from './limits';
export {
  ClaudeError,
  ClaudeRateLimitedError,
  ClaudeUnavailableError,
  ClaudeTimeoutError,
  ClaudeRequestError,
  ClaudeEmptyAnswerError,
  ClaudeBadResponseError,
  ClaudeUnreadableAnswerError,
} from './errors';
export { ClaudeInterpreter, INTERPRETER_SYSTEM, type ClaudeInterpreterOptions } from './claude-interpreter';
