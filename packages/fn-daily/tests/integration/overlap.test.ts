/**
 * Overlapping runs of one date and the month's spend: the date is claimed before anything is
 * analysed, and every Claude call made is counted, also by a run that died after calling.
 */
import { dec, toPlain, type AnalysisInput, type AnalysisOutcome, type Analyst, type Logger } from '@tradebot/core-domain';
import { ClaudeAnalyst } from '@tradebot/llm-claude';
import { startAnthropicServer } from '@tradebot/local-stack';
import { dailyLogSchema } from '@tradebot/core-domain';
import { CHAT, closeWorlds, OTHER_CHAT, startWorld, type World } from '../helpers/world';

const DATE = '2026-11-21';

/** A promise and the function that resolves it (deterministic hand-offs between tasks). */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Claude, except that each call first waits for `before(callNumber)`. */
function gated(claude: Analyst, before: (call: number) => Promise<void>): Analyst {
  let calls = 0;
  return {
    model: claude.model,
    prompt: (input) => claude.prompt(input),
    worstCaseCostUsd: (input) => claude.worstCaseCostUsd(input),
    async analyse(input: AnalysisInput): Promise<AnalysisOutcome> {
      await before(++calls);
      return claude.analyse(input);
    },
  };
}

/** A logger that calls `onLine` with each message. */
const listening = (onLine: (msg: string) => void): Logger => ({
  debug: (_o, msg) => onLine(msg ?? ''),
  info: (_o, msg) => onLine(msg ?? ''),
  warn: (_o, msg) => onLine(msg ?? ''),
  error: (_o, msg) => onLine(msg ?? ''),
});

describe('Function: createDailyJob (overlapping runs and spend)', () => {
  let world: World;

  afterEach(closeWorlds);

  it('calls Claude once, sends one message and counts the spend once when two runs of a date overlap', async () => {
    // Prepare: the first analysis is held until the other run is either waiting for the date or analysing too
    world = await startWorld();
    const release = signal();
    const otherRunStuck = signal();
    const analyst = gated(world.claude({ timeoutMs: 15_000 }), async (call) => {
      if (call >= 2) otherRunStuck.resolve();
      await release.promise;
    });
    const logger = listening((msg) => {
      if (msg.includes('waiting')) otherRunStuck.resolve();
    });
    const job = () => world.job({ analyst, idempotency: true, lock: true, logger });

    // Act
    const runs = Promise.all([job().run(), job().run()]);
    await otherRunStuck.promise;
    release.resolve();
    const results = await runs;

    // Assess
    expect(world.anthropic.requests).toHaveLength(1);
    expect(world.telegram.messagesTo(CHAT)).toHaveLength(1);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.map((r) => r.sent.length).sort()).toEqual([0, 1]);
    const log = dailyLogSchema().parse(await world.docs.dailyLogs.get(DATE));
    expect(Number(log.chats[CHAT]!.analysis.costUsd)).toBeGreaterThan(0);
    expect(log.totalCostUsd).toBe(log.chats[CHAT]!.analysis.costUsd);
    expect(log.chats[CHAT]!.message).toBe(world.telegram.messagesTo(CHAT)[0]!.text);
  });

  it('keeps the cost of a call made by a run that died afterwards, and its retry does not pay for that chat again', async () => {
    // Prepare: two chats; the run dies (never returns) while analysing the second
    world = await startWorld();
    const died = signal();
    const dying = gated(world.claude({ timeoutMs: 15_000 }), async (call) => {
      if (call === 2) {
        died.resolve();
        await new Promise<never>(() => undefined);
      }
    });

    // Act
    void world.job({ analyst: dying, chatIds: [CHAT, OTHER_CHAT] }).run();
    await died.promise;
    const afterDeath = dailyLogSchema().parse(await world.docs.dailyLogs.get(DATE));
    const retry = await world.job({ analyst: world.claude({ timeoutMs: 15_000 }), chatIds: [CHAT, OTHER_CHAT] }).run();

    // Assess: the first call's cost was saved before the run died; the retry paid only for the other chat
    const firstCost = afterDeath.chats[CHAT]!.analysis.costUsd;
    expect(Number(firstCost)).toBeGreaterThan(0);
    expect(afterDeath.totalCostUsd).toBe(firstCost);
    expect(retry).toMatchObject({ ok: true, sent: [CHAT, OTHER_CHAT] });
    expect(world.anthropic.requests).toHaveLength(2);
    const log = dailyLogSchema().parse(await world.docs.dailyLogs.get(DATE));
    expect(log.chats[CHAT]!.analysis.costUsd).toBe(firstCost);
    expect(log.totalCostUsd).toBe(toPlain(dec(firstCost).plus(log.chats[OTHER_CHAT]!.analysis.costUsd)));
  });

  it('counts a call Claude billed but answered without text', async () => {
    // Prepare: a Claude that spends its whole answer on thinking (no text), 300 output tokens billed
    world = await startWorld();
    const thinkingOnly = await startAnthropicServer({ reply: '', outputTokens: 300, thinking: true });
    try {
      const analyst = new ClaudeAnalyst({ apiKey: 'test-key', baseURL: thinkingOnly.url, maxRetries: 0, timeoutMs: 15_000 });

      // Act
      const result = await world.job({ analyst }).run();

      // Assess: the message went out with a notice, and the call's cost is in the log and the day's total
      expect(result.ok).toBe(true);
      expect(thinkingOnly.requests).toHaveLength(1);
      expect(world.telegram.messagesTo(CHAT)[0]!.plainText).toContain('AI analysis unavailable today (Claude returned no text)');
      const log = dailyLogSchema().parse(await world.docs.dailyLogs.get(DATE));
      expect(log.chats[CHAT]!.analysis).toMatchObject({ status: 'failed', usage: { outputTokens: 300 } });
      expect(Number(log.chats[CHAT]!.analysis.costUsd)).toBeGreaterThan(0);
      expect(log.totalCostUsd).toBe(log.chats[CHAT]!.analysis.costUsd);
    } finally {
      await thinkingOnly.close();
    }
  });
});
