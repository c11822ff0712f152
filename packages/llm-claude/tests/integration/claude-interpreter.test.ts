import { startAnthropicServer, type AnthropicServer } from '@tradebot/local-stack';
import { ClaudeInterpreter, ClaudeRequestError, DEFAULT_MODEL } from '../../src';

const TODAY = { today: '2026-11-30', language: 'en' as const };
const PROPOSAL = { name: 'propose_trade', input: { side: 'buy', symbol: 'AAPL', quantity: '10', price: null, date: 'today' } };

describe('Class: ClaudeInterpreter', () => {
  const servers: AnthropicServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const start = async (thinking: boolean): Promise<AnthropicServer> => {
    const server = await startAnthropicServer({ thinking, toolUse: () => PROPOSAL });
    servers.push(server);
    return server;
  };

  it('turns the default model\'s thinking off and forces one tool call, at effort low and 200 tokens at most', async () => {
    // Prepare
    const server = await start(false);
    const reader = new ClaudeInterpreter({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
    // Act
    const read = await reader.interpret('bought 10 apple', TODAY);
    // Assess
    const body = server.requests[0]!.body;
    expect(body.model).toBe(DEFAULT_MODEL);
    expect(body.thinking).toEqual({ type: 'between_tools' });
    expect(body.tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(body.output_config).toEqual({ effort: 'low' });
    expect(body.max_tokens).toBe(200);
    expect(read.call).toEqual(PROPOSAL);
  });

  it('lets a model that always thinks choose the tool (forced tool use is refused while it thinks), with room for its thinking', async () => {
    // Prepare: the stand-in plays Opus 5.5: a thinking block first, and a 400 for a forced tool call
    const server = await start(true);
    const reader = new ClaudeInterpreter({ apiKey: 'k', baseURL: server.url, maxRetries: 0, model: 'claude-opus-5-5' });
    const sonnet = new ClaudeInterpreter({ apiKey: 'k', baseURL: server.url, model: DEFAULT_MODEL });
    // Act
    const read = await reader.interpret('bought 10 apple', TODAY);
    // Assess: the tool call is read after the thinking block
    const body = server.requests[0]!.body;
    expect(body.thinking).toBeUndefined();
    expect(body.tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(body.max_tokens).toBe(400);
    expect(read.call).toEqual(PROPOSAL);
    // the budget check counts the thinking allowance: more than the same text at Sonnet's smaller max_tokens and prices
    expect(reader.worstCaseCostUsd('bought 10 apple').gt(sonnet.worstCaseCostUsd('bought 10 apple'))).toBe(true);
  });

  it('is refused by the stand-in when it forces a tool call on a model that thinks, as the API refuses it', async () => {
    // Prepare: a model this code does not know to turn thinking off for is asked as one that thinks
    const server = await start(true);
    const forced = new ClaudeInterpreter({ apiKey: 'k', baseURL: server.url, maxRetries: 0, model: DEFAULT_MODEL });
    // Act
    const refused = forced.interpret('bought 10 apple', TODAY);
    // Assess: the stand-in's rule, which the previous test's request shape stays clear of
    await expect(refused).rejects.toBeInstanceOf(ClaudeRequestError);
  });
});
