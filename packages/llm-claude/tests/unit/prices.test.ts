import { ZERO } from '@tradebot/core-domain';
import { costOf, DEFAULT_MODEL, estimateInputTokensHigh, PRICES_USD_PER_MTOK, priceOf, worstCaseCost } from '../../src';

describe('Function: costOf', () => {
  it('prices every kind of token of the default model exactly', () => {
    // Prepare
    const usage = { inputTokens: 400, outputTokens: 300, cacheReadInputTokens: 200, cacheCreationInputTokens: 100 };

    // Act
    const cost = costOf('claude-opus-5-5', usage);

    // Assess: (400x4 + 300x20 + 200x0.2 + 100x5) / 1e6
    expect(cost.toFixed()).toBe('0.00814');
  });

  it('costs nothing when nothing was used', () => {
    // Act
    const cost = costOf(DEFAULT_MODEL, { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 });

    // Assess
    expect(cost.eq(ZERO)).toBe(true);
  });

  it('costs an unknown model at the most expensive known price, so the budget errs on the safe side', () => {
    // Prepare
    const usage = { inputTokens: 1000, outputTokens: 1000, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 };

    // Act
    const unknown = costOf('claude-something-new', usage);

    // Assess
    expect(priceOf('claude-something-new').known).toBe(false);
    const dearest = Math.max(...Object.values(PRICES_USD_PER_MTOK).map((p) => p.output));
    expect(unknown.gte(costOf('claude-opus-5-5', usage))).toBe(true);
    expect(priceOf('claude-something-new').price.output).toBe(dearest);
  });
});

describe('Function: worstCaseCost', () => {
  it('charges all input at the cache-write rate and the whole output limit', () => {
    // Act
    const cost = worstCaseCost('claude-opus-5-5', 600, 1000);

    // Assess: 600 x 5 + 1000 x 20 per million
    expect(cost.toFixed()).toBe('0.023');
  });
});

describe('Function: estimateInputTokensHigh', () => {
  it('over-estimates rather than under-estimates a prompt', () => {
    // Prepare
    const prompt = { system: 'You write a short note.', user: 'P AAPL 12 171.2 189.9 11 -0.6 11' };

    // Act
    const estimate = estimateInputTokensHigh(prompt);

    // Assess
    expect(estimate).toBeGreaterThanOrEqual(Math.ceil((prompt.system.length + prompt.user.length) / 4));
  });
});
