import { dec, type LessonsInput, type TradeFacts } from '@tradebot/core-domain';
import { scriptedLessonsAnswer, startAnthropicServer, type AnthropicServer } from '@tradebot/local-stack';
import { ClaudeAnalyst, ClaudeUnreadableAnswerError, LESSON_LINE_CHARS, LESSONS_SYSTEM_PROMPT, OfflineAnalyst } from '../../src';

const fact = (over: Partial<TradeFacts>): TradeFacts => ({
  seq: 7,
  symbol: 'PFE',
  currency: 'USD',
  entryDate: '2026-09-01',
  exitDate: '2026-10-12',
  entryPrice: '29.8',
  exitPrice: '25',
  quantity: '40',
  pnl: '-192.00',
  returnPct: -16.1,
  holdingDays: 41,
  belowPeakAtEntryPct: 12.5,
  stopLossReachedOn: '2026-10-03',
  takeProfitReachedOn: null,
  ruleBreaches: ['stop-loss-exceeded', 'held-past-stop'],
  scan: { date: '2026-08-31', rank: 4 },
  scanCandidate: true,
  ...over,
});

const input: LessonsInput = {
  month: '2026-10',
  language: 'es',
  facts: [fact({}), fact({ seq: 9, symbol: 'AMD', returnPct: 8, holdingDays: 12, ruleBreaches: [], stopLossReachedOn: null })],
  rules: { stopLossPct: 8, takeProfitPct: 25 },
  maxTokens: 800,
};

describe('Class: ClaudeAnalyst, monthly lessons', () => {
  let server: AnthropicServer;

  afterEach(async () => {
    await server.close();
  });

  const analyst = (): ClaudeAnalyst => new ClaudeAnalyst({ apiKey: 'test-key', baseURL: server.url, maxRetries: 0, timeoutMs: 5000 });

  it('sends the computed facts, one line each, and reads the JSON patterns out of a fenced answer', async () => {
    // Prepare
    server = await startAnthropicServer();
    // Act
    const outcome = await analyst().reviewLessons(input);
    // Assess
    const body = server.requests[0]!.body;
    expect(body.system).toEqual([{ type: 'text', text: LESSONS_SYSTEM_PROMPT, cache_control: { type: 'ephemeral' } }]);
    const user = (body.messages as { content: string }[])[0]!.content;
    expect(user.split('\n')).toEqual([
      'M 2026-10 stop loss 8% take profit 25%',
      'F 7 PFE 2026-09-01>2026-10-12 41d 29.8>25 -16.1% pk12.5% stop:2026-10-03 take:- scan:#4 stop-loss-exceeded,held-past-stop',
      'F 9 AMD 2026-09-01>2026-10-12 12d 29.8>25 8% pk12.5% stop:- take:- scan:#4 ok',
      'Write pattern and evidence in Spanish.',
    ]);
    expect(body.max_tokens).toBe(800);
    expect(outcome.patterns).toEqual([
      { pattern: '1 of 2 sales broke a rule.', evidence: '#7 PFE -16.1% stop-loss-exceeded,held-past-stop', symbols: ['PFE'] },
      { pattern: 'Longest hold: PFE, 41 days.', evidence: '#7 PFE -16.1%', symbols: ['PFE'] },
    ]);
    expect(outcome.offline).toBe(false);
    expect(outcome.costUsd.gt(0)).toBe(true);
    expect(analyst().worstCaseLessonsCostUsd(input).gte(outcome.costUsd)).toBe(true);
    expect(LESSONS_SYSTEM_PROMPT).toContain(`at most ${LESSON_LINE_CHARS} characters`);
  });

  it('refuses an answer that is not the asked JSON, keeping what the call cost', async () => {
    // Prepare
    server = await startAnthropicServer({ lessonsReply: 'I found that you sell too late.' });
    // Act
    const error = await analyst()
      .reviewLessons(input)
      .catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(ClaudeUnreadableAnswerError);
    expect((error as ClaudeUnreadableAnswerError).costUsd.gt(0)).toBe(true);
  });
});

describe('Class: OfflineAnalyst, monthly lessons', () => {
  it('finds patterns from the facts alone, free, in the rules language', async () => {
    // Act
    const outcome = await new OfflineAnalyst().reviewLessons(input);
    // Assess
    expect(outcome).toMatchObject({ offline: true, model: 'offline' });
    expect(outcome.costUsd.eq(dec(0))).toBe(true);
    expect(outcome.patterns[0]!.pattern).toBe('1 de 2 ventas incumplieron el stop loss.');
  });
});

describe('Function: scriptedLessonsAnswer', () => {
  it('answers with no patterns when the request lists no facts', () => {
    // Act / Assess
    expect(scriptedLessonsAnswer('M 2026-10 stop loss 8% take profit 25%')).toContain('{"patterns":[]}');
  });
});
