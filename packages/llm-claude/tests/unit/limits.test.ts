import { SCRIPTED_NOTES, wordCount } from '@tradebot/local-stack';
import { analysisLimits, COST_CAP_USD, DEFAULT_MODEL, THINKING_ALLOWANCE_TOKENS, TOKENIZER_MARGIN, TOKENS_PER_WORD } from '../../src';
import { referenceBrief } from '../helpers/reference-brief';
import { countTokens } from '../helpers/tokens';

const brief = (language: 'en' | 'es') => ({ ...referenceBrief(), language });

describe('Function: analysisLimits', () => {
  it.each([
    ['en', 449],
    ['es', 557],
  ] as const)('derives max_tokens for %s from the word limit: 200 words need %i tokens', (language, tokens) => {
    // Act
    const limits = analysisLimits(DEFAULT_MODEL, { brief: brief(language), wordLimit: 200, maxTokens: 1000 });

    // Assess: ceil(200 x tokens per word x 1.35), nothing left for thinking (turned off), all 200 words asked
    expect(limits.maxTokens).toBe(tokens);
    expect(limits.maxTokens).toBe(Math.ceil(200 * TOKENS_PER_WORD[language] * TOKENIZER_MARGIN));
    expect(limits.wordLimit).toBe(200);
    expect(limits.thinking).toEqual({ type: 'between_tools' });
    expect(limits.boundBy).toBe('words');
  });

  it.each(['en', 'es'] as const)('keeps the worst case of a default run in %s under the per-run cap', (language) => {
    // Act
    const limits = analysisLimits(DEFAULT_MODEL, { brief: brief(language), wordLimit: 200, maxTokens: 1000 });

    // Assess
    expect(limits.worstCaseUsd.lte(COST_CAP_USD)).toBe(true);
  });

  it('asks for fewer words when the model is too dear for the word limit, and still keeps under the cap', () => {
    // Act: Opus 5.5 costs twice as much a token and its thinking cannot be turned off
    const limits = analysisLimits('claude-opus-5-5', { brief: brief('en'), wordLimit: 200, maxTokens: 1000 });

    // Assess
    expect(limits.boundBy).toBe('cost');
    expect(limits.thinking).toBeNull();
    expect(limits.worstCaseUsd.lte(COST_CAP_USD)).toBe(true);
    expect(limits.wordLimit).toBeLessThan(200);
    // The words asked, and the thinking allowance, fit in what is sent.
    expect(Math.ceil(limits.wordLimit * TOKENS_PER_WORD.en * TOKENIZER_MARGIN) + THINKING_ALLOWANCE_TOKENS).toBeLessThanOrEqual(limits.maxTokens);
  });

  it("never sends more than the rules' maxTokens, and asks for the words that fit in it", () => {
    // Act
    const limits = analysisLimits(DEFAULT_MODEL, { brief: brief('es'), wordLimit: 200, maxTokens: 300 });

    // Assess
    expect(limits.maxTokens).toBe(300);
    expect(limits.boundBy).toBe('rules');
    expect(limits.wordLimit).toBe(Math.floor(300 / (TOKENS_PER_WORD.es * TOKENIZER_MARGIN)));
  });
});

describe('Constant: TOKENS_PER_WORD', () => {
  it('holds the token count of each scripted note as the tokenizer makes it', () => {
    // Act & Assess: the stored counts the local Anthropic server reports from are the tokenizer's
    for (const note of SCRIPTED_NOTES) expect(note.legacyTokens).toBe(countTokens(note.text));
  });

  it.each(['en', 'es'] as const)('is at least the tokens per word of every %s scripted note', (language) => {
    // Prepare
    const notes = SCRIPTED_NOTES.filter((n) => n.language === language);

    // Act
    const ratios = notes.map((n) => countTokens(n.text) / wordCount(n.text));

    // Assess: the largest measured ratio, rounded up to two decimals
    expect(notes.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...ratios)).toBeLessThanOrEqual(TOKENS_PER_WORD[language]);
    expect(Math.max(...ratios)).toBeGreaterThan(TOKENS_PER_WORD[language] - 0.01);
  });
});
