/**
 * Claude token counting for tests and benches (the tokenizer is a devDependency of llm-claude,
 * never shipped in a Lambda). @anthropic-ai/tokenizer is the legacy vocabulary: an estimate for
 * current models, whose real counts come back in the API's `usage`.
 */
export { countTokens } from '@anthropic-ai/tokenizer';
