/**
 * Faults of what the zips depend on: the S3 and DynamoDB stand-ins stopped in the middle of a
 * command and started again (same port, same data), Yahoo refusing, rate-limiting and slow, Claude
 * rate-limiting and slow, Telegram down under the morning analysis. What must hold: nothing stored
 * is lost or doubled, the user is told what was and was not saved, the scheduled jobs end where a
 * retry can finish them.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { addDays, isoDay, previousWeekday } from './helpers/market';
import { startRestartableAws, type RestartableAws } from './helpers/outage';
import { objectKeys, objectText, tableItems } from './helpers/storage';
import { startWorld, type World } from './helpers/world';

const UNIVERSE = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'META'];

/** Every ticker of the universe was either ranked or left out by the rules' filters (price, volume); none failed. */
const coversUniverse = (run: { result?: unknown }): boolean => {
  const result = run.result as { scanned?: number; skipped?: number; failed?: number };
  return (result.scanned ?? 0) + (result.skipped ?? 0) === UNIVERSE.length && result.failed === 0 && (result.scanned ?? 0) > 0;
};

/** The next Tuesday at least a week ahead, 11:30 UTC: 06:30 or 07:30 in New York, a collector morning. */
function tuesdayMorning(): Date {
  let day = isoDay(new Date(Date.now() + 7 * 86_400_000));
  while (new Date(`${day}T12:00:00Z`).getUTCDay() !== 2) day = addDays(day, 1);
  return new Date(`${day}T11:30:00Z`);
}


describe('The zips when their dependencies fail', () => {
  let outage: RestartableAws;
  let world: World;
  const ledger = async () => (await tableItems(world.dynamo, world.aws.tableName)).filter((i) => i.PK === `PORTFOLIO#${world.chat.id}`);

  beforeAll(async () => {
    outage = await startRestartableAws();
    world = await startWorld({
      aws: outage.aws,
      start: tuesdayMorning(),
      // A short Claude timeout and no retries keep the "Claude slow" case quick; production keeps 30 s and 2.
      env: { 'fn-collector': { SCAN_NOTIFY: 'true', SCAN_EXPECTED_PRICES: 'simulated' }, 'fn-daily': { ANTHROPIC_TIMEOUT_MS: '1000', ANTHROPIC_MAX_RETRIES: '0' } },
    });
    await world.s3.send(new PutObjectCommand({ Bucket: world.aws.bucket, Key: 'config/universe.csv', Body: ['symbol,name,sector', ...UNIVERSE.map((s) => `${s},${s} Inc,Tech`)].join('\n') }));
  }, 60_000);
  afterAll(async () => {
    await world?.stop();
    await outage?.destroy();
  });

  describe('S3 and DynamoDB stopped mid-command and restarted', () => {
    it('DynamoDB stops while a buy is being written: the user is told nothing was recorded; after the restart the ledger is intact and the buy goes through', async () => {
      // Prepare
      const first = await world.chat.send('/buy AAPL 5 180,00');
      // The snapshot writer is done with that buy before DynamoDB goes (it reads the ledger too).
      await world.stream.drained();
      const write = world.dynamoProxy.hold((r) => r.operation === 'PutItem' && r.body.includes(`"PORTFOLIO#${world.chat.id}"`));
      // Act
      const pending = world.chat.send('/buy MSFT 2 400,00');
      await write.reached;
      await outage.stopDynamo();
      write.release();
      const failed = await pending;
      await outage.startDynamo();
      const retried = await world.chat.send('/buy MSFT 2 400,00');
      // Assess
      expect([first.status, failed.status, retried.status]).toEqual([200, 200, 200]);
      expect(failed.replies.map((m) => m.plainText)).toEqual([expect.stringMatching(/Could not save.*Nothing was recorded/s)]);
      expect((await ledger()).map((i) => [i.seq, i.symbol, i.updateId])).toEqual([
        [1, 'AAPL', first.update.update_id],
        [2, 'MSFT', retried.update.update_id],
      ]);
      expect(retried.replies[0]!.plainText).toMatch(/#2 Buy 2 MSFT/);
    }, 60_000);

    it('S3 stops while a tip is being saved: the user is told, nothing is half-written, and the next tip gets the next number', async () => {
      // Prepare: the snapshot writer is done with the buys above before S3 goes.
      await world.stream.drained();
      const first = await world.chat.send('/tips add NVDA first note');
      const write = world.s3Proxy.hold((r) => r.method === 'PUT' && r.path.includes('external/user_tips.json'));
      // Act
      const pending = world.chat.send('/tips add NVDA second note');
      await write.reached;
      await outage.stopS3();
      write.release();
      const failed = await pending;
      await outage.startS3();
      const listed = await world.chat.send('/tips');
      const again = await world.chat.send('/tips add NVDA second note');
      // Assess
      expect(first.replies[0]!.plainText).toContain('#1');
      expect(failed.status).toBe(200);
      expect(failed.replies.map((m) => m.plainText)).toEqual([expect.stringMatching(/Could not save.*Nothing was recorded/s)]);
      expect(listed.replies[0]!.plainText).toContain('first note');
      expect(listed.replies[0]!.plainText).not.toContain('second note');
      expect(again.replies[0]!.plainText).toContain('#2');
      const tips = JSON.parse((await objectText(world.s3, world.aws.bucket, 'external/user_tips.json'))!) as { id: number; text: string }[];
      expect(tips.map((t) => [t.id, t.text])).toEqual([
        [1, 'first note'],
        [2, 'second note'],
      ]);
    }, 60_000);

    it("S3 stops while the snapshot writer rewrites the positions after a buy: the buy was answered without waiting for it; the writer's failed write is tried again and the snapshot is whole once S3 is back", async () => {
      // Prepare: the writer's PUT of the snapshot is held at the proxy, and so is the next one.
      await world.stream.drained();
      const isSnapshot = (r: { method: string; path: string }): boolean => r.method === 'PUT' && r.path.includes('portfolio/current_positions.json');
      const write = world.s3Proxy.hold(isSnapshot);
      const again = world.s3Proxy.hold(isSnapshot);
      // Act: the webhook answers while the snapshot write is still held.
      const bought = await world.chat.send('/buy NVDA 3 120,00');
      await write.reached;
      await outage.stopS3();
      write.release();
      await again.reached;
      await outage.startS3();
      again.release();
      await world.stream.drained();
      const read = async () => JSON.parse((await objectText(world.s3, world.aws.bucket, 'portfolio/current_positions.json'))!) as { positions: { symbol: string; quantity: string }[] };
      const recovered = await read();
      const next = await world.chat.send('/buy NVDA 1 121,00');
      await world.stream.drained();
      const snapshot = await read();
      // Assess
      expect(bought.status).toBe(200);
      expect(bought.replies[0]!.plainText).toMatch(/#3 Buy 3 NVDA/);
      expect(recovered.positions.map((p) => [p.symbol, p.quantity]).sort()).toEqual([
        ['AAPL', '5'],
        ['MSFT', '2'],
        ['NVDA', '3'],
      ]);
      expect(next.replies[0]!.plainText).toMatch(/#4 Buy 1 NVDA/);
      expect(snapshot.positions.map((p) => [p.symbol, p.quantity]).sort()).toEqual([
        ['AAPL', '5'],
        ['MSFT', '2'],
        ['NVDA', '4'],
      ]);
      expect(world.stream.failures()).toEqual([]);
    }, 60_000);
  });

  describe('Yahoo refusing, rate-limiting and slow', () => {
    it('Yahoo down: a buy is still recorded (the ticker unchecked, and said so); positions are valued at cost, and said so', async () => {
      // Prepare
      world.stack.yahoo.configure({ refuseAll: 503 });
      // Act
      const bought = await world.chat.send('/buy AMZN 2 185,50');
      const portfolio = await world.chat.send('/portfolio');
      world.stack.yahoo.configure({ refuseAll: false });
      // Assess
      expect(bought.replies[0]!.plainText).toMatch(/#5 Buy 2 AMZN/);
      expect(bought.replies[0]!.plainText).toContain('the ticker was not checked');
      expect(portfolio.replies[0]!.plainText).toMatch(/No live price for .*AMZN/);
      expect((await ledger()).at(-1)).toMatchObject({ seq: 5, symbol: 'AMZN', quantity: '2' });
    }, 60_000);

    it('Yahoo down at 06:00: the scan fails, saves nothing and leaves the date; at the 07:30 retry Yahoo answers and the scan is saved', async () => {
      // Prepare
      const session = previousWeekday(isoDay(world.clock.now()));
      world.stack.yahoo.configure({ refuseAll: 503 });
      const before = world.chat.messages().length;
      // Act
      const down = await world.schedule(world.collector);
      const keysAfterFailure = await objectKeys(world.s3, world.aws.bucket);
      const claimsAfterFailure = (await tableItems(world.dynamo, world.aws.tableName)).filter((i) => String(i.PK).startsWith('UPDATE#scan#'));
      const alerts = world.chat.messages().slice(before);
      world.stack.yahoo.configure({ refuseAll: false });
      world.clock.advance(90 * 60_000);
      const retry = await world.schedule(world.collector);
      // Assess
      expect(down).toMatchObject({ ok: true, result: { ok: false, status: 'failed', date: session } });
      expect(keysAfterFailure.filter((k) => k.startsWith('scans/'))).toEqual([]);
      expect(claimsAfterFailure).toEqual([]);
      expect(alerts.map((m) => m.plainText)).toEqual([expect.stringContaining(session)]);
      expect((await tableItems(world.dynamo, world.aws.tableName)).filter((i) => String(i.PK).startsWith('UPDATE#scan#') && i.status === 'COMPLETED').map((i) => i.PK)).toEqual([`UPDATE#scan#${session}#simulated`]);
      expect(retry).toMatchObject({ ok: true, result: { ok: true, status: 'saved', date: session, failed: 0 } });
      expect(coversUniverse(retry)).toBe(true);
      expect(await objectKeys(world.s3, world.aws.bucket)).toEqual(expect.arrayContaining([`scans/drawdown/${session}.csv`, 'scans/drawdown/latest.json']));
    }, 120_000);

    it('Yahoo rate-limiting with Retry-After: the scan waits as asked and ranks every ticker', async () => {
      // Prepare
      world.stack.yahoo.resetLog();
      world.stack.yahoo.configure({ burst429: { after: 0, count: 4, retryAfterSeconds: 1 } });
      // Act
      const run = await world.schedule(world.collector, { force: true });
      world.stack.yahoo.configure({ burst429: { after: 0, count: 0 } });
      // Assess
      expect(run).toMatchObject({ ok: true, result: { ok: true, status: 'saved', failed: 0 } });
      expect(coversUniverse(run)).toBe(true);
      expect(world.stack.yahoo.requests.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(1);
    }, 120_000);

    it('Yahoo slow: commands still answer with prices, and the scan still completes', async () => {
      // Prepare
      world.stack.yahoo.configure({ latencyMs: 400 });
      // Act
      const portfolio = await world.chat.send('/portfolio');
      const run = await world.schedule(world.collector, { force: true });
      world.stack.yahoo.configure({ latencyMs: 0 });
      // Assess
      expect(portfolio.replies[0]!.plainText).not.toContain('No live price');
      expect(portfolio.replies[0]!.plainText).toMatch(/AMZN +2 /);
      expect(run).toMatchObject({ ok: true, result: { ok: true, status: 'saved' } });
      expect(coversUniverse(run)).toBe(true);
    }, 120_000);
  });

  describe('the morning analysis when Claude or Telegram fail', () => {
    const dailyLog = async (date: string) =>
      JSON.parse((await objectText(world.s3, world.aws.bucket, `logs/daily_analysis_${date}.json`))!) as {
        chats: Record<string, { analysis: { status: string; error: string | null }; delivery: { status: string; attempts: number } }>;
      };

    it('Claude rate-limiting once: the SDK waits and asks again, and the analysis arrives', async () => {
      // Prepare: a morning of its own (07:30 UTC, 08:30 in Madrid).
      world.clock.set(new Date(`${addDays(isoDay(world.clock.now()), 1)}T07:30:00Z`));
      const requests = world.stack.anthropic.requests.length;
      const daily = world.createFunction('fn-daily', { env: { ANTHROPIC_MAX_RETRIES: '1' } });
      world.stack.anthropic.setMode({ kind: 'rate-limit', retryAfterSeconds: 1 }, { times: 1 });
      // Act
      const run = await world.schedule(daily);
      // Assess
      expect(run).toMatchObject({ ok: true, result: { ok: true } });
      expect(world.stack.anthropic.requests.length - requests).toBe(2);
      expect((await dailyLog(isoDay(world.clock.now()))).chats[String(world.chat.id)]!.analysis.status).toBe('ok');
    }, 60_000);

    it('Claude slower than its timeout: the message goes out with the alerts and a notice, and the log says why', async () => {
      // Prepare
      world.clock.set(new Date(`${addDays(isoDay(world.clock.now()), 1)}T07:30:00Z`));
      world.stack.anthropic.setMode({ kind: 'slow', delayMs: 2_500 });
      const before = world.chat.messages().length;
      // Act
      const run = await world.schedule(world.daily);
      world.stack.anthropic.setMode({ kind: 'ok' });
      // Assess
      expect(run).toMatchObject({ ok: true, result: { ok: true } });
      const [message] = world.chat.messages().slice(before);
      expect(message!.plainText).toContain('AI analysis unavailable today (Claude timed out)');
      expect(message!.plainText).toMatch(/AAPL/);
      expect((await dailyLog(isoDay(world.clock.now()))).chats[String(world.chat.id)]!.analysis).toMatchObject({ status: 'failed', error: expect.stringMatching(/Timeout/i) });
    }, 60_000);

    it('Telegram down at 08:00: the analysis is saved, the run fails so it is retried, and the retry sends the same message without asking Claude again', async () => {
      // Prepare
      world.clock.set(new Date(`${addDays(isoDay(world.clock.now()), 1)}T07:30:00Z`));
      const date = isoDay(world.clock.now());
      const before = world.chat.messages().length;
      world.stack.telegram.setMode({ kind: 'fail', status: 502 }, { method: 'sendMessage' });
      // Act
      const down = await world.schedule(world.daily);
      const requests = world.stack.anthropic.requests.length;
      const saved = await dailyLog(date);
      world.stack.telegram.setMode({ kind: 'ok' });
      const retry = await world.schedule(world.daily);
      // Assess
      expect(down).toMatchObject({ ok: false, error: { name: 'DailyDeliveryError' } });
      expect(saved.chats[String(world.chat.id)]).toMatchObject({ analysis: { status: 'ok' }, delivery: { status: 'failed' } });
      expect(retry).toMatchObject({ ok: true, result: { ok: true, sent: [String(world.chat.id)] } });
      expect(world.stack.anthropic.requests.length).toBe(requests);
      const sent = world.chat.messages().slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.plainText).toContain(date);
      expect((await dailyLog(date)).chats[String(world.chat.id)]!.delivery).toMatchObject({ status: 'sent', attempts: 2 });
    }, 60_000);
  });
});
