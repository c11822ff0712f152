import { SCRIPTED_NOTES, startAnthropicServer, wordCount, type AnthropicServer } from '@tradebot/local-stack';
import {
  ClaudeAnalyst,
  ClaudeBadResponseError,
  ClaudeRateLimitedError,
  ClaudeRequestError,
  ClaudeTimeoutError,
  ClaudeUnavailableError,
  COST_CAP_USD,
  DEFAULT_MODEL,
  OfflineAnalyst,
  PRICES_USD_PER_MTOK,
  SYSTEM_PROMPT,
} from '../../src';
import { referenceBrief } from '../helpers/reference-brief';

const input = { brief: referenceBrief(), wordLimit: 200, maxTokens: 1000 };

describe('Class: ClaudeAnalyst', () => {
  let server: AnthropicServer;

  beforeEach(async () => {
    server = await startAnthropicServer({ reply: 'Sell half of PFE: stop loss hit. INTC looks cheap. Not advice.', outputTokens: 30 });
  });

  afterEach(async () => {
    await server.close();
  });

  const analyst = (overrides: { timeoutMs?: number; maxRetries?: number; apiKey?: string } = {}) =>
    new ClaudeAnalyst({ apiKey: overrides.apiKey ?? 'test-key', baseURL: server.url, maxRetries: overrides.maxRetries ?? 0, timeoutMs: overrides.timeoutMs ?? 5000 });

  it('sends the cached static system prompt, the brief and the output limit, and returns the answer with its cost', async () => {
    // Act
    const outcome = await analyst().analyse(input);

    // Assess
    expect(server.requests).toHaveLength(1);
    const body = server.requests[0]!.body;
    expect(body.model).toBe(DEFAULT_MODEL);
    // 200 English words x 1.66 tokens a word x 1.35 (current tokenizers), thinking turned off.
    expect(body.max_tokens).toBe(449);
    expect(body.thinking).toEqual({ type: 'between_tools' });
    expect(body.system).toEqual([{ type: 'text', text: SYSTEM_PROMPT, cache_control: { type: 'ephemeral' } }]);
    expect(JSON.stringify(body.messages)).toContain('A PFE stop loss -12.6 (-8)');
    expect(body.output_config).toEqual({ effort: 'low' });
    expect(server.requests[0]!.apiKey).toBe('test-key');
    expect(outcome.text).toBe('Sell half of PFE: stop loss hit. INTC looks cheap. Not advice.');
    expect(outcome.offline).toBe(false);
    expect(outcome.usage.outputTokens).toBe(30);
    expect(outcome.usage.cacheCreationInputTokens).toBeGreaterThan(0);
    const u = outcome.usage;
    const p = PRICES_USD_PER_MTOK[DEFAULT_MODEL]!;
    const expected = (u.inputTokens * p.input + u.outputTokens * p.output + u.cacheCreationInputTokens * p.cacheWrite + u.cacheReadInputTokens * p.cacheRead) / 1e6;
    expect(Number(outcome.costUsd.toFixed())).toBeCloseTo(expected, 12);
  });

  it('reads the system prompt from the cache on the second call and costs less', async () => {
    // Prepare
    const claude = analyst();
    const first = await claude.analyse(input);

    // Act
    const second = await claude.analyse(input);

    // Assess
    expect(second.usage.cacheReadInputTokens).toBe(first.usage.cacheCreationInputTokens);
    expect(second.usage.cacheCreationInputTokens).toBe(0);
    expect(second.costUsd.lt(first.costUsd)).toBe(true);
  });

  it('reports Claude as unavailable after the SDK retried a 500', async () => {
    // Prepare
    server.setMode({ kind: 'fail', status: 500 });

    // Act
    const attempt = analyst({ maxRetries: 1 }).analyse(input);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ClaudeUnavailableError);
    await expect(attempt).rejects.toMatchObject({ status: 500, dependency: 'claude' });
    expect(server.requests).toHaveLength(2);
  });

  it('reports rate limiting with the wait the API asked for', async () => {
    // Prepare
    server.setMode({ kind: 'rate-limit', retryAfterSeconds: 7 });

    // Act
    const attempt = analyst().analyse(input);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ClaudeRateLimitedError);
    await expect(attempt).rejects.toMatchObject({ retryAfterSeconds: 7 });
  });

  it('gets the answer when the SDK retries a passing rate limit itself', async () => {
    // Prepare
    server.setMode({ kind: 'rate-limit', retryAfterSeconds: 0 }, { times: 1 });

    // Act
    const outcome = await analyst({ maxRetries: 1 }).analyse(input);

    // Assess
    expect(outcome.text).toContain('Sell half of PFE');
    expect(server.requests).toHaveLength(2);
  });

  it('gives up with a timeout error when Claude is slower than the configured timeout', async () => {
    // Prepare
    server.setMode({ kind: 'slow', delayMs: 5_000 });

    // Act
    const attempt = analyst({ timeoutMs: 150 }).analyse(input);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ClaudeTimeoutError);
    await expect(attempt).rejects.toMatchObject({ timeoutMs: 150 });
  });

  it('reports a refused request (e.g. bad key) without retrying it', async () => {
    // Prepare
    server.setMode({ kind: 'fail', status: 500 });
    const claude = new ClaudeAnalyst({ apiKey: '', baseURL: server.url, maxRetries: 2 });

    // Act
    const attempt = claude.analyse(input).catch((e: unknown) => e);

    // Assess: an empty key authenticates nobody; the API says 401
    const error = await attempt;
    expect(error).toBeInstanceOf(ClaudeRequestError);
    expect(error).toMatchObject({ status: 401, apiErrorType: 'authentication_error' });
    expect(server.requests).toHaveLength(1);
  });

  it('reads the answer after a thinking block, as models with always-on thinking send it', async () => {
    // Prepare
    const thinking = await startAnthropicServer({ reply: 'Only the text block.', thinking: true });
    const claude = new ClaudeAnalyst({ apiKey: 'k', baseURL: thinking.url, maxRetries: 0 });

    // Act
    const outcome = await claude.analyse(input).finally(() => thinking.close());

    // Assess
    expect(outcome.text).toBe('Only the text block.');
  });

  it('marks an answer cut by the output limit', async () => {
    // Prepare
    const long = await startAnthropicServer({ reply: 'one two three four five six seven eight nine ten', outputTokens: 500 });
    const claude = new ClaudeAnalyst({ apiKey: 'k', baseURL: long.url, maxRetries: 0 });

    // Act
    const outcome = await claude.analyse({ ...input, maxTokens: 100 }).finally(() => long.close());

    // Assess
    expect(outcome.stopReason).toBe('max_tokens');
    expect(outcome.text.endsWith('…')).toBe(true);
    expect(outcome.usage.outputTokens).toBe(100);
  });

  it('refuses an answer that is not a Messages API message', async () => {
    // Prepare
    server.setMode({ kind: 'malformed' });

    // Act
    const attempt = analyst().analyse(input);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ClaudeBadResponseError);
    await expect(attempt).rejects.toThrow(/content/);
  });

  it('bounds the worst case cost by the output limit it sends, under the per-run cap', async () => {
    // Act
    const worst = analyst().worstCaseCostUsd(input);
    await analyst().analyse(input);

    // Assess: the input estimated high at the cache-write rate plus every token of max_tokens
    const sent = server.requests[0]!.body.max_tokens as number;
    expect(worst.gte((sent * PRICES_USD_PER_MTOK[DEFAULT_MODEL]!.output) / 1e6)).toBe(true);
    expect(worst.lte(COST_CAP_USD)).toBe(true);
  });
});

describe('Class: ClaudeAnalyst (the longest scripted notes)', () => {
  const longest = (language: 'en' | 'es'): string =>
    SCRIPTED_NOTES.filter((n) => n.language === language).sort((a, b) => wordCount(b.text) - wordCount(a.text))[0]!.text;

  it.each([
    ['en', DEFAULT_MODEL],
    ['es', DEFAULT_MODEL],
    ['en', 'claude-opus-5-5'],
    ['es', 'claude-opus-5-5'],
  ] as const)('never cuts the note in %s at the output limit derived for %s', async (language, model) => {
    // Prepare: a stand-in that answers the longest scripted note within the word limit it is asked for
    const scripted = await startAnthropicServer({ scripted: true, thinking: model === 'claude-opus-5-5' });
    const claude = new ClaudeAnalyst({ apiKey: 'k', baseURL: scripted.url, maxRetries: 0, model });
    const brief = { ...referenceBrief(), language };

    // Act
    const outcome = await claude.analyse({ brief, wordLimit: 200, maxTokens: 1000 }).finally(() => scripted.close());

    // Assess
    expect(outcome.stopReason).toBe('end_turn');
    expect(outcome.text.endsWith('…')).toBe(false);
    if (model === DEFAULT_MODEL) expect(outcome.text).toBe(longest(language));
    expect(claude.worstCaseCostUsd({ brief, wordLimit: 200, maxTokens: 1000 }).lte(COST_CAP_USD)).toBe(true);
  });
});

describe('Class: OfflineAnalyst', () => {
  it('writes a clearly labelled summary of the brief at no cost', async () => {
    // Act
    const outcome = await new OfflineAnalyst().analyse(input);

    // Assess
    expect(outcome.offline).toBe(true);
    expect(outcome.model).toBe('offline');
    expect(outcome.costUsd.eq(0)).toBe(true);
    expect(outcome.text.split('\n')[0]).toMatch(/^\[Offline summary: no Anthropic API key/);
    expect(outcome.text).toContain('- PFE is -12.6% vs its average cost, past the -8.0% stop loss.');
    expect(outcome.text).toContain('- INTC 21.43, -48.7% below peak');
    expect(outcome.text).not.toContain('WBA');
  });
});
