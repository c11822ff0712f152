/**
 * The features added after the week-in-the-life suite was written, against the zips from
 * `pnpm package` run the way Lambda runs them: `/dividend` (and its row in `/balance`), `/chart`
 * rendered by the webhook zip WITH the chart layer extracted at `/opt` as Lambda does (and without it),
 * a price alert set by `/alert`, fired by the collector's 15-minute schedule, re-armed by its button,
 * and `/performance` against the benchmark.
 *
 * Expected figures come from what the test typed and the prices it served (helpers/market.ts), never
 * from core-domain.
 */
import { makeCallbackQuery, parseTelegramHtml, type LambdaInvocation } from '@tradebot/local-stack';
import { pngChunks } from '@tradebot/telegram-bot';
import { addDays, barsOf, type SymbolPlan } from './helpers/market';
import { tableItems, type PlainItem } from './helpers/storage';
import { startWorld, type World } from './helpers/world';

/** NYSE holidays that can fall on a Wednesday (the others are Mondays, Thursdays or Fridays). */
const WEDNESDAY_HOLIDAYS = ['01-01', '06-19', '07-04', '12-25'];

/** The first Wednesday at least a week ahead that is a New York trading day. */
function tradingWednesday(after: Date): string {
  let day = after.toISOString().slice(0, 10);
  while (new Date(`${day}T12:00:00Z`).getUTCDay() !== 3 || WEDNESDAY_HOLIDAYS.includes(day.slice(5))) day = addDays(day, 1);
  return day;
}

const DAY = tradingWednesday(new Date(Date.now() + 7 * 86_400_000));
const BOUGHT_ON = addDays(DAY, -42);
const at = (time: string): Date => new Date(`${DAY}T${time}:00Z`);
// KO ends the day before and the day played at 57.90, so the quote is the same whichever session the stand-in serves.
const PLANS: readonly SymbolPlan[] = [
  { symbol: 'KO', name: 'Coca-Cola', sector: 'Staples', peak: 66, peakDaysBeforeEnd: 60, fallAtEnd: 0.12, closes: { [addDays(DAY, -1)]: 57.9, [DAY]: 57.9 } },
  { symbol: 'SPY', name: 'S&P 500', sector: 'Index', peak: 610, peakDaysBeforeEnd: 20, fallAtEnd: 0.03 },
];
const SERIES = Object.fromEntries(PLANS.map((p) => [p.symbol, barsOf(p, addDays(DAY, -800), DAY)]));
const CALLBACK_UPDATE_BASE = 990_000_000;

describe('Features merged since the week suite, on the shipped zips: dividends, charts from the layer, price alerts, performance', () => {
  let world: World;
  const ledger = async (): Promise<PlainItem[]> => (await tableItems(world.dynamo, world.aws.tableName)).filter((i) => i.PK === `PORTFOLIO#${world.chat.id}`);

  beforeAll(async () => {
    // Prepare: a Wednesday morning in New York, KO and the benchmark SPY served; a position in KO bought six weeks ago.
    world = await startWorld({ start: at('15:00'), yahoo: { series: SERIES } });
    const bought = await world.chat.send(`/buy KO 10 60 1 ${BOUGHT_ON}`);
    expect(bought.replies.map((r) => r.plainText)).toEqual([expect.stringContaining('#1 Buy 10 KO @')]);
  });

  afterAll(async () => {
    await world?.stop();
  });

  describe('/dividend', () => {
    it('records a dividend with its withholding (decimal commas), says so, and counts it in /balance', async () => {
      // Act
      const sent = await world.chat.send('/dividend KO 12,40 2,19');
      const balance = await world.chat.send('/balance');
      // Assess
      expect(sent.status).toBe(200);
      expect(sent.replies.map((r) => r.plainText)).toEqual([expect.stringMatching(/Dividend recorded\n#2 KO: 12\.40 USD received \(tax withheld 2\.19\)[\s\S]*Dividends from KO so far: 12\.40 USD\./)]);
      const entries = await ledger();
      expect(entries.map((i) => [i.seq, i.kind, i.symbol])).toEqual([
        [1, 'trade', 'KO'],
        [2, 'dividend', 'KO'],
      ]);
      expect([Number(entries[1]!.amount), Number(entries[1]!.withholding), entries[1]!.currency, entries[1]!.updateId]).toEqual([12.4, 2.19, 'USD', sent.update.update_id]);
      expect(balance.replies).toHaveLength(1);
      expect(balance.replies[0]!.plainText).toMatch(/Dividends \(net\) +12\.40/);
    });

    it('refuses a dividend from a symbol never held: the ledger is untouched, only the update\'s idempotency record is kept', async () => {
      // Prepare
      const before = await tableItems(world.dynamo, world.aws.tableName);
      // Act
      const sent = await world.chat.send('/dividend MSFT 5');
      // Assess
      expect(sent.status).toBe(200);
      expect(sent.replies).toHaveLength(1);
      expect(sent.replies[0]!.plainText).toMatch(/^Not recorded: You never held MSFT/);
      const after = await tableItems(world.dynamo, world.aws.tableName);
      const added = after.filter((i) => !before.some((b) => b.PK === i.PK && b.SK === i.SK));
      // A parsed write command runs once per update_id (docs/telegram.md): its record keeps the refusal for a redelivery.
      expect(added.map((i) => [i.PK, i.status])).toEqual([[`UPDATE#${sent.update.update_id}`, 'COMPLETED']]);
      expect(after.filter((i) => !added.includes(i))).toEqual(before);
    });
  });

  describe('/chart', () => {
    it('renders the PNG from the chart layer at /opt/charts: a year of the served closes, the buy marked at its price', async () => {
      // Act
      const sent = await world.chat.send('/chart KO');
      // Assess
      expect(sent.status).toBe(200);
      expect(sent.invocation.ok).toBe(true);
      const photos = world.stack.telegram.photosTo(world.chat.id);
      expect(photos).toHaveLength(1);
      const photo = photos[0]!;
      expect([photo.format, photo.width, photo.height]).toEqual(['png', 1080, 760]);
      expect(parseTelegramHtml(photo.caption ?? '').ok).toBe(true);
      expect(photo.plainCaption).toContain('KO');
      const text = pngChunks(photo.bytes).find((c) => c.type === 'tEXt' && c.data.toString('latin1').startsWith('tradebot:chart\0'))!;
      const drawn = JSON.parse(text.data.toString('latin1').slice('tradebot:chart\0'.length)) as { symbol: string; from: string; to: string; points: number; lastClose: unknown; markers: { seq: number; side: string; date: string; price: unknown }[] };
      const served = SERIES.KO!.filter((b) => b.date >= drawn.from && b.date <= drawn.to);
      expect([drawn.symbol, drawn.to, Number(drawn.lastClose), drawn.points]).toEqual(['KO', DAY, 57.9, served.length]);
      expect(drawn.from > addDays(DAY, -370) && drawn.from <= addDays(DAY, -360)).toBe(true);
      expect(drawn.markers.map((m) => [m.seq, m.side, m.date, Number(m.price)])).toEqual([[1, 'buy', BOUGHT_ON, 60]]);
    });

    it('says charts are unavailable, and answers everything else, on a webhook deployed without its layer', async () => {
      // Prepare: the same zip, without the layer Terraform attaches.
      const bare = world.createFunction('fn-webhook', { withoutLayers: true });
      const photosBefore = world.stack.telegram.photosTo(world.chat.id).length;
      // Act
      const chart = await world.chat.deliver(world.chat.update('/chart KO'), { on: bare });
      const portfolio = await world.chat.deliver(world.chat.update('/portfolio'), { on: bare });
      // Assess
      expect([chart.status, portfolio.status]).toEqual([200, 200]);
      const replies = world.chat.messages().slice(-2).map((m) => m.plainText);
      expect(replies[0]).toContain('Charts are not available right now');
      expect(replies[1]).toContain('KO');
      expect(world.stack.telegram.photosTo(world.chat.id)).toHaveLength(photosBefore);
      await bare.stop();
    });
  });

  describe('/alert, the collector\'s alert schedule and the re-arm button', () => {
    const runs: LambdaInvocation[] = [];
    let setReply: string;
    let fired: ReturnType<World['chat']['messages']>;
    let secondCheck: ReturnType<World['chat']['messages']>;
    let rearmReplies: string[];
    let firedAgain: ReturnType<World['chat']['messages']>;

    beforeAll(async () => {
      // Act: the alert set at 15:05, the 15-minute checks at 15:15 and 15:30, the tap, the check at 15:45.
      world.clock.set(at('15:05'));
      setReply = (await world.chat.send('/alert KO below 58')).replies.map((r) => r.plainText).join('\n');
      const before = world.chat.messages().length;
      // The 15-minute schedule's input is {"kind":"alerts"} (infra/modules/schedule): the event the function gets.
      world.clock.set(at('15:15'));
      runs.push(await world.schedule(world.collector, { kind: 'alerts' }));
      fired = world.chat.messages().slice(before);
      world.clock.set(at('15:30'));
      runs.push(await world.schedule(world.collector, { kind: 'alerts' }));
      secondCheck = world.chat.messages().slice(before + fired.length);
      const button = fired[0]?.inlineKeyboard?.[0]?.[0]?.callback_data ?? '';
      const tap = makeCallbackQuery({ chatId: world.chat.id, updateId: CALLBACK_UPDATE_BASE + 1, data: button, messageId: fired[0]?.messageId ?? 1, date: Math.floor(world.clock.now().getTime() / 1000) });
      const beforeTap = world.chat.messages().length;
      await world.chat.deliver(tap);
      rearmReplies = world.chat.messages().slice(beforeTap).map((m) => m.plainText);
      world.clock.set(at('15:45'));
      const beforeThird = world.chat.messages().length;
      runs.push(await world.schedule(world.collector, { kind: 'alerts' }));
      firedAgain = world.chat.messages().slice(beforeThird);
    });

    it('sets the alert after checking the ticker, and says the price now', () => {
      // Assess
      expect(setReply).toMatch(/Alert #1 set: KO below 58\. Now 57\.90 USD\./);
    });

    it('fires once at the first check, with the price, the time in New York and a re-arm button; the next check says nothing', () => {
      // Assess
      expect(runs.map((r) => [r.ok, (r.result as { status?: string }).status])).toEqual([
        [true, 'alerts-checked'],
        [true, 'alerts-checked'],
        [true, 'alerts-checked'],
      ]);
      expect(fired).toHaveLength(1);
      expect(fired[0]!.plainText).toMatch(new RegExp(`^🔔 KO is below 58: 57\\.90 USD at ${DAY} \\d\\d:15 New York\\.\nSimulated price`));
      expect(parseTelegramHtml(fired[0]!.text).ok).toBe(true);
      expect(fired[0]!.inlineKeyboard).toEqual([[{ text: '🔁 Re-arm', callback_data: 'rearm:1' }]]);
      expect(secondCheck).toEqual([]);
      expect(runs.map((r) => (r.result as { alerts?: { fired: number } }).alerts?.fired)).toEqual([1, 0, 1]);
    });

    it('re-arms it from the button (toast and message), so the next check fires it again', () => {
      // Assess
      expect(world.stack.telegram.callbackAnswers().map((a) => a.text)).toEqual([expect.stringContaining('Alert #1 re-armed')]);
      expect(rearmReplies).toEqual([expect.stringContaining('🔁 Alert #1 re-armed: KO below 58.')]);
      expect(firedAgain.map((m) => m.plainText)).toEqual([expect.stringMatching(/^🔔 KO is below 58: 57\.90 USD at .*:45 New York/)]);
    });

    it('lists it in /alerts as fired, and keeps one alert item', async () => {
      // Act
      const listed = await world.chat.send('/alerts');
      // Assess
      expect(listed.replies.map((r) => r.plainText).join('\n')).toMatch(/#1 +KO +≤ 58\.00 +fired/);
      const alerts = (await tableItems(world.dynamo, world.aws.tableName)).filter((i) => String(i.PK) === `ALERT#${world.chat.id}` && String(i.SK).startsWith('ALERT#'));
      expect(alerts.map((a) => [a.SK, a.symbol, a.status])).toEqual([['ALERT#0000000001', 'KO', 'fired']]);
    });
  });

  describe('/performance', () => {
    it('answers since the first trade: the value at the served close, and the benchmark with the same cash flows', async () => {
      // Prepare
      world.clock.set(at('16:00'));
      // Act
      const sent = await world.chat.send('/performance all');
      // Assess
      expect(sent.status).toBe(200);
      expect(sent.replies).toHaveLength(1);
      const reply = sent.replies[0]!;
      expect(parseTelegramHtml(reply.text).ok).toBe(true);
      expect(reply.plainText).toContain('Performance · since the first trade');
      // Up to the last closed session: Tuesday, as New York is still trading on Wednesday.
      expect(reply.plainText).toContain(`${BOUGHT_ON} → ${addDays(DAY, -1)}`);
      expect(reply.plainText).toMatch(/Time-weighted \(TWR\)/);
      // 10 KO at the served 57.90.
      expect(reply.plainText).toMatch(/Value at the end +579\.00/);
      expect(reply.plainText).toContain('SPY, same cash flows');
    });
  });
});
