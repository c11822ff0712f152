import { CURRENT_TOKENIZER_FACTOR, SCRIPTED_NOTES, startAnthropicServer, wordCount, type AnthropicServer } from '../../../src';

const post = (server: AnthropicServer, body: unknown, headers: Record<string, string> = { 'x-api-key': 'k' }) =>
  fetch(`${server.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const request = { model: 'claude-opus-5-5', max_tokens: 50, system: [{ type: 'text', text: 'static system prompt', cache_control: { type: 'ephemeral' } }], messages: [{ role: 'user', content: 'hello there' }] };

describe('Function: startAnthropicServer', () => {
  let server: AnthropicServer;

  beforeEach(async () => {
    server = await startAnthropicServer({ reply: 'a short answer' });
  });

  afterEach(async () => {
    await server.close();
  });

  it('answers a message like the API, with usage figures, and records the request', async () => {
    // Act
    const response = await post(server, request);
    const body = (await response.json()) as Record<string, unknown>;

    // Assess
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-opus-5-5', content: [{ type: 'text', text: 'a short answer' }], stop_reason: 'end_turn' });
    expect(body.usage).toEqual({ input_tokens: 3, output_tokens: 5, cache_creation_input_tokens: 5, cache_read_input_tokens: 0 });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.body.messages).toEqual(request.messages);
  });

  it('reports a cache read for a system prompt it has seen before', async () => {
    // Prepare
    await post(server, request);

    // Act
    const body = (await (await post(server, request)).json()) as { usage: Record<string, number> };

    // Assess
    expect(body.usage.cache_read_input_tokens).toBe(5);
    expect(body.usage.cache_creation_input_tokens).toBe(0);
  });

  it('fails with the API error shape when told to', async () => {
    // Prepare
    server.setMode({ kind: 'fail' });

    // Act
    const response = await post(server, request);

    // Assess
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ type: 'error', error: { type: 'api_error', message: 'Internal server error' } });
  });

  it('rate-limits with retry-after when told to', async () => {
    // Prepare
    server.setMode({ kind: 'rate-limit', retryAfterSeconds: 3 });

    // Act
    const response = await post(server, request);

    // Assess
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('rate_limit_error');
  });

  it('goes back to answering normally after the given number of failures', async () => {
    // Prepare
    server.setMode({ kind: 'fail', status: 529 }, { times: 1 });

    // Act
    const first = await post(server, request);
    const second = await post(server, request);

    // Assess
    expect(first.status).toBe(529);
    expect(((await first.json()) as { error: { type: string } }).error.type).toBe('overloaded_error');
    expect(second.status).toBe(200);
  });

  it('refuses a request without a key and a request without max_tokens', async () => {
    // Act
    const noKey = await post(server, request, {});
    const noMax = await post(server, { ...request, max_tokens: undefined });

    // Assess
    expect(noKey.status).toBe(401);
    expect(noMax.status).toBe(400);
    expect(((await noMax.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });

  it('stops at max_tokens like the API when the answer is longer than allowed', async () => {
    // Act
    const body = (await (await post(server, { ...request, max_tokens: 2 })).json()) as { stop_reason: string; usage: { output_tokens: number } };

    // Assess
    expect(body.stop_reason).toBe('max_tokens');
    expect(body.usage.output_tokens).toBe(2);
  });
});

describe('Function: startAnthropicServer (scripted notes)', () => {
  let server: AnthropicServer;

  beforeEach(async () => {
    server = await startAnthropicServer({ scripted: true });
  });

  afterEach(async () => {
    await server.close();
  });

  const ask = async (prompt: string, maxTokens = 1000) => {
    const response = await post(server, { ...request, max_tokens: maxTokens, messages: [{ role: 'user', content: `H 2026-11-21\n${prompt}` }] });
    return (await response.json()) as { content: { text: string }[]; stop_reason: string; usage: { output_tokens: number } };
  };

  it('answers the longest note in the language asked that keeps to the word limit, counted as a current model would', async () => {
    // Act
    const spanish = await ask('Answer in Spanish, at most 200 words.');
    const shorter = await ask('Answer in English, at most 150 words.');

    // Assess
    const longestSpanish = SCRIPTED_NOTES.filter((n) => n.language === 'es').sort((a, b) => wordCount(b.text) - wordCount(a.text))[0]!;
    expect(spanish.content[0]!.text).toBe(longestSpanish.text);
    expect(spanish.usage.output_tokens).toBe(Math.ceil(longestSpanish.legacyTokens * CURRENT_TOKENIZER_FACTOR));
    expect(spanish.stop_reason).toBe('end_turn');
    expect(wordCount(shorter.content[0]!.text)).toBeLessThanOrEqual(150);
    expect(shorter.content[0]!.text).toMatch(/^Action today/);
  });

  it('cuts at max_tokens like the API, and keeps to a limit below every note', async () => {
    // Act
    const cut = await ask('Answer in English, at most 200 words.', 100);
    const tiny = await ask('Answer in English, at most 12 words.');

    // Assess
    expect(cut.stop_reason).toBe('max_tokens');
    expect(cut.usage.output_tokens).toBe(100);
    expect(wordCount(tiny.content[0]!.text)).toBe(12);
    expect(tiny.stop_reason).toBe('end_turn');
  });
});
