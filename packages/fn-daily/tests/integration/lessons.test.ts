import { PutObjectCommand } from '@aws-sdk/client-s3';
import { dailyLogSchema, dec, type EntryDraft } from '@tradebot/core-domain';
import { DynamoTradeLedger } from '@tradebot/storage-dynamodb';
import { DEFAULT_MODEL } from '@tradebot/llm-claude';
import { CHAT, closeWorlds, OTHER_CHAT, startWorld, type World } from '../helpers/world';

/** Tuesday 2026-12-01: the first NYSE session of December, so the review of November runs. */
const REVIEW_DAY = '2026-12-01';

const trade = (side: 'buy' | 'sell', symbol: string, quantity: string, price: string, day: string): EntryDraft => ({
  kind: 'trade',
  trade: { side, symbol, quantity: dec(quantity), price: dec(price), fees: dec(0), currency: 'USD', executedAt: `${day}T15:00:00.000Z` },
});

/** November's closed trades of CHAT: part of PFE sold past the stop loss, INTC bought from the 2026-11-20 scan and sold. */
async function closeTradesInNovember(world: World, chatId = CHAT): Promise<void> {
  const ledger = new DynamoTradeLedger({ client: world.aws.dynamo, tableName: world.aws.tableName, clock: world.clock });
  for (const draft of [trade('sell', 'PFE', '10', '27', '2026-11-10'), trade('buy', 'INTC', '100', '21', '2026-11-20'), trade('sell', 'INTC', '100', '23.10', '2026-11-25')]) {
    const appended = await ledger.append(chatId, draft);
    if (!appended.ok) throw new Error(appended.error.message);
  }
}

const lessonsRequests = (world: World): Record<string, unknown>[] =>
  world.anthropic.requests.map((r) => r.body).filter((body) => JSON.stringify(body.messages).includes('"M 2026-11'));

describe('Function: createDailyJob (monthly lessons)', () => {
  let world: World;

  afterEach(closeWorlds);

  it('on the first market day reviews last month once: facts computed, not asked; patterns stored; cost counted; lesson lines in the prompt', async () => {
    // Prepare
    world = await startWorld();
    await closeTradesInNovember(world);
    // Act
    const first = await world.job({ idempotency: true }).run({ date: REVIEW_DAY });
    const again = await world.job({ idempotency: true }).run({ date: REVIEW_DAY });
    // Assess: one review call, given the deterministic facts
    expect(first.ok).toBe(true);
    expect(again.alreadySent).toEqual([CHAT]);
    const reviews = lessonsRequests(world);
    expect(reviews).toHaveLength(1);
    const user = (reviews[0]!.messages as { content: string }[])[0]!.content;
    expect(user).toContain('M 2026-11 stop loss 8% take profit 25%');
    expect(user).toContain('F 4 PFE 2026-03-02>2026-11-10 253d 29.8>27 -9.4%');
    expect(user).toMatch(/F 4 PFE .* stop-loss-exceeded$/m);
    expect(user).toMatch(/F 6 INTC 2026-11-20>2026-11-25 5d 21>23\.1 10% .* scan:#2 ok$/m);
    // the document, per chat, with the stand-in's scripted patterns
    const stored = await world.docs.lessons.get();
    expect(stored.chats[CHAT]).toMatchObject({ month: '2026-11', trades: 2, model: DEFAULT_MODEL });
    expect(stored.chats[CHAT]!.patterns[0]).toEqual({ pattern: '1 of 2 sales broke a rule.', evidence: '#4 PFE -9.4% stop-loss-exceeded', symbols: ['PFE'] });
    // the morning prompt carries the lessons (PFE is held: its lesson first)
    const morning = world.anthropic.requests.map((r) => JSON.stringify(r.body.messages)).filter((m) => m.includes('H 2026-12-01'));
    expect(morning).toHaveLength(1);
    expect(morning[0]).toContain('L 1 of 2 sales broke a rule.');
    // the log counts the review in the day's cost (the month's budget reads it)
    const log = dailyLogSchema().parse(await world.docs.dailyLogs.get(REVIEW_DAY));
    expect(log.lessons).toMatchObject({ month: '2026-11', status: 'ok', chats: { [CHAT]: { trades: 2, patterns: 2 } } });
    expect(Number(log.lessons!.costUsd)).toBeGreaterThan(0);
    expect(dec(log.totalCostUsd).eq(dec(log.lessons!.costUsd).plus(log.chats[CHAT]!.analysis.costUsd))).toBe(true);
  });

  it('reviews each chat once a month: overlapping runs pay one review, and a chat served later gets its own', async () => {
    // Prepare
    world = await startWorld();
    await closeTradesInNovember(world);
    await closeTradesInNovember(world, OTHER_CHAT);
    // Act: two runs at once (no date lease), then a run that also serves OTHER_CHAT
    await Promise.all([world.job({ idempotency: true }).run({ date: REVIEW_DAY }), world.job({ idempotency: true }).run({ date: REVIEW_DAY })]);
    const reviewsBefore = lessonsRequests(world).length;
    await world.job({ idempotency: true, chatIds: [CHAT, OTHER_CHAT] }).run({ date: REVIEW_DAY });
    // Assess
    expect(reviewsBefore).toBe(1);
    expect(lessonsRequests(world)).toHaveLength(2);
    expect(Object.keys((await world.docs.lessons.get()).chats).sort()).toEqual([CHAT, OTHER_CHAT].sort());
  });

  it('without an API key stores patterns found from the facts alone, marked offline', async () => {
    // Prepare
    world = await startWorld();
    await closeTradesInNovember(world);
    // Act
    await world.job({ analyst: world.offline() }).run({ date: REVIEW_DAY });
    // Assess
    expect(world.anthropic.requests).toHaveLength(0);
    const stored = (await world.docs.lessons.get()).chats[CHAT]!;
    expect(stored.model).toBe('offline');
    expect(stored.patterns[0]).toEqual({ pattern: '1 of 2 sales broke the stop-loss rule.', evidence: '#4 PFE -9.4%', symbols: ['PFE'] });
    expect(stored.patterns[1]!.pattern).toBe('Winners were held 5 days on average, losers 253 days.');
    expect(stored.patterns[2]).toEqual({ pattern: 'Scan candidates when bought: 1; 1 of them made money.', evidence: '#6 INTC 10%', symbols: ['INTC'] });
  });

  it('does not review again on a later market day a month already reviewed', async () => {
    // Prepare
    world = await startWorld();
    await closeTradesInNovember(world);
    await world.job({ idempotency: true }).run({ date: REVIEW_DAY });
    // Act: Wednesday, the second market day of December
    const result = await world.job({ idempotency: true }).run({ date: '2026-12-02' });
    // Assess
    expect(result.ok).toBe(true);
    expect(lessonsRequests(world)).toHaveLength(1);
    expect(result.log.lessons).toBeUndefined();
  });

  it('releases the claim of a failed review and reviews the chat on the next market day', async () => {
    // Prepare: Claude answers the review day's first request (the review) with a 500
    world = await startWorld();
    await closeTradesInNovember(world);
    world.anthropic.setMode({ kind: 'fail' }, { times: 1 });
    const failed = await world.job({ idempotency: true }).run({ date: REVIEW_DAY });
    // Act
    const next = await world.job({ idempotency: true }).run({ date: '2026-12-02' });
    const after = await world.job({ idempotency: true }).run({ date: '2026-12-03' });
    // Assess: the morning message went out on the review day; the month is reviewed the day after, once
    expect(failed.sent).toEqual([CHAT]);
    expect(failed.log.lessons).toMatchObject({ month: '2026-11', status: 'failed' });
    expect(next.log.lessons).toMatchObject({ month: '2026-11', status: 'ok', chats: { [CHAT]: { trades: 2, patterns: 2 } } });
    expect((await world.docs.lessons.get()).chats[CHAT]).toMatchObject({ month: '2026-11', trades: 2 });
    expect(after.log.lessons).toBeUndefined();
    expect(lessonsRequests(world)).toHaveLength(2);
  });

  it('does not review on a later market day a month with no closed trades, nor on a day the market is closed', async () => {
    // Prepare: the world's portfolio only bought
    world = await startWorld();
    // Act: Wednesday 12-02, and Saturday 12-05
    const later = await world.job().run({ date: '2026-12-02' });
    const saturday = await world.job().run({ date: '2026-12-05' });
    // Assess
    expect(lessonsRequests(world)).toHaveLength(0);
    expect(later.log.lessons).toBeUndefined();
    expect(saturday.log.lessons).toBeUndefined();
  });

  it('skips the review when its worst case would pass the monthly budget, and says so in the log', async () => {
    // Prepare: the month has already spent all but a cent.
    world = await startWorld({ analysis: { monthlyBudgetUsd: 0.01 } });
    await closeTradesInNovember(world);
    // Act
    const result = await world.job().run({ date: REVIEW_DAY });
    // Assess
    expect(lessonsRequests(world)).toHaveLength(0);
    expect(result.log.lessons).toMatchObject({ status: 'skipped-budget', costUsd: '0' });
    expect(await world.docs.lessons.get()).toEqual({ version: 1, chats: {} });
  });

  it('goes on with the morning message when the stored lessons cannot be read, never overwriting them', async () => {
    // Prepare
    world = await startWorld();
    await closeTradesInNovember(world);
    await world.aws.s3.send(new PutObjectCommand({ Bucket: world.aws.bucket, Key: 'learning/patterns_learned.json', Body: '[1,2' }));
    // Act
    const result = await world.job().run({ date: REVIEW_DAY });
    // Assess
    expect(result.sent).toEqual([CHAT]);
    expect(world.telegram.messagesTo(CHAT)[0]!.plainText).toContain('learning/patterns_learned.json could not be read');
    expect(result.log.lessons).toMatchObject({ status: 'failed' });
    await expect(world.docs.lessons.get()).rejects.toThrow('learning/patterns_learned.json');
  });

  it('does not call the reviewer when last month has no closed trades, and says so in the log', async () => {
    // Prepare: the world's portfolio only bought.
    world = await startWorld();
    // Act
    const result = await world.job().run({ date: REVIEW_DAY });
    // Assess: no closed trades in November for this portfolio: no call, said in the log
    expect(lessonsRequests(world)).toHaveLength(0);
    expect(result.log.lessons).toMatchObject({ status: 'no-trades' });
  });
});
