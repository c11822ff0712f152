/**
 * A week in the life, played against the zips from `pnpm package` run the way Lambda runs them
 * (e2e/tests/helpers/world.ts): the investor's chat through fn-webhook (API Gateway v2 events as
 * Telegram delivers them), the collector each market morning and the daily analysis each morning
 * through EventBridge Scheduler events, on a virtual clock that walks Monday to Sunday.
 *
 * Every message the Telegram stand-in received and every object and item written is checked against
 * figures the test works out itself from what it typed and the prices it served (helpers/book.ts,
 * helpers/market.ts: big.js and plain arithmetic, never core-domain).
 */
import Big from 'big.js';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { parseTelegramHtml, type LambdaInvocation, type RecordedAnthropicRequest, type SentMessage } from '@tradebot/local-stack';
import { Book, isoWeek, valueHoldings, type BookState, type TypedTrade } from './helpers/book';
import { money, pct, price, quantity, type Language } from './helpers/format';
import { addDays, barsOf, expectedDrawdown, expectedRanking, isoDay, previousWeekday, type ExpectedScanRow, type SymbolPlan } from './helpers/market';
import { linksOf, objectKeys, objectText, simpleCsv, tableItems, type PlainItem } from './helpers/storage';
import { startWorld, type ChatUpdate, type Delivery, type World } from './helpers/world';

/** The first Monday at least a week ahead whose whole week lies in one month (the budget is monthly). */
function weekStart(after: Date): string {
  let day = isoDay(after);
  while (new Date(`${day}T12:00:00Z`).getUTCDay() !== 1 || addDays(day, 6).slice(0, 7) !== day.slice(0, 7)) day = addDays(day, 1);
  return day;
}

const MONDAY = weekStart(new Date(Date.now() + 7 * 86_400_000));
const day = (n: number): string => addDays(MONDAY, n);
const at = (n: number, time: string): Date => new Date(`${day(n)}T${time}:00Z`);
const [MON, TUE, WED, THU, FRI, SAT, SUN] = [0, 1, 2, 3, 4, 5, 6];

/** Closes of the week played (Monday to Friday); the rest of each series is a straight line. */
const weekCloses = (...closes: number[]): Record<string, number> => Object.fromEntries(closes.map((close, i) => [day(i), close]));
const PLANS: readonly SymbolPlan[] = [
  { symbol: 'AAPL', name: 'Apple', sector: 'Technology', peak: 199, peakDaysBeforeEnd: 40, fallAtEnd: 0.06, closes: weekCloses(184.0, 186.2, 190.3, 189.1, 187.4) },
  { symbol: 'MSFT', name: 'Microsoft', sector: 'Technology', peak: 430, peakDaysBeforeEnd: 60, fallAtEnd: 0.08, closes: weekCloses(402.5, 398.0, 396.4, 399.9, 401.2) },
  // Friday's fall takes NVDA more than 10 % below what the investor paid: Saturday's stop-loss alert.
  { symbol: 'NVDA', name: 'Nvidia', sector: 'Technology', peak: 140, peakDaysBeforeEnd: 30, fallAtEnd: 0.14, closes: weekCloses(123.0, 122.1, 121.0, 119.5, 108.0) },
  { symbol: 'TSLA', name: 'Tesla', sector: 'Consumer', peak: 320, peakDaysBeforeEnd: 90, fallAtEnd: 0.35 },
  { symbol: 'DDA', name: 'Alpha Corp', sector: 'Industrials', peak: 50, peakDaysBeforeEnd: 100, fallAtEnd: 0.3 },
  { symbol: 'DDB', name: 'Beta Inc', sector: 'Energy', peak: 80, peakDaysBeforeEnd: 70, fallAtEnd: 0.25 },
];
const SERIES = Object.fromEntries(PLANS.map((p) => [p.symbol, barsOf(p, addDays(MONDAY, -420), day(SUN))]));
const close = (symbol: string, date: string): number => SERIES[symbol]!.find((b) => b.date === date)!.close;
const CLAUDE = 'Morning note from the Claude stand-in: AAPL is your largest position. Not advice.';
/** Anthropic's published price of the default model, USD per million tokens (input, output, 5-minute cache write, cache read). */
const OPUS_PRICE = { input: 4, output: 20, cacheWrite: 5, cacheRead: 0.2 };
/** What one request to the Claude stand-in cost: its answer's usage at those prices (nothing when it failed). */
const callCost = (request: RecordedAnthropicRequest): Big => {
  const usage = request.usage;
  if (!usage) return new Big(0);
  return new Big(usage.input_tokens)
    .times(OPUS_PRICE.input)
    .plus(new Big(usage.output_tokens).times(OPUS_PRICE.output))
    .plus(new Big(usage.cache_creation_input_tokens).times(OPUS_PRICE.cacheWrite))
    .plus(new Big(usage.cache_read_input_tokens).times(OPUS_PRICE.cacheRead))
    .div(1_000_000);
};

interface Turn extends Delivery {
  readonly update: ChatUpdate;
  readonly replies: SentMessage[];
  /** When the message was sent (the trade's date). */
  readonly at: string;
}

/** Every token, in this order, somewhere in `text` (each after the previous one). */
function expectInOrder(text: string, tokens: readonly string[]): void {
  let from = 0;
  for (const token of tokens) {
    const found = text.indexOf(token, from);
    if (found < 0) throw new Error(`expected "${token}" after position ${from} in:\n${text}`);
    from = found + token.length;
  }
}

describe('A week in the life of the shipped zips', () => {
  let world: World;
  const book = new Book();
  const turns = new Map<string, Turn>();
  const runs = new Map<string, LambdaInvocation>();
  /** The book as it stood before each daily run. */
  const booksAt = new Map<number, BookState>();
  const languageOn: Record<number, Language> = {};
  const claudeRequestsBefore = new Map<number, number>();

  async function say(label: string, n: number, time: string, text: string): Promise<Turn> {
    world.clock.set(at(n, time));
    const sent = await world.chat.send(text);
    const turn = { ...sent, at: new Date(sent.update.message.date * 1000).toISOString() };
    turns.set(label, turn);
    return turn;
  }
  const trade = (turn: Turn, side: 'buy' | 'sell', symbol: string, qty: string, px: string, fees: string): TypedTrade =>
    book.trade({ side, symbol, quantity: qty, price: px, fees, at: turn.at, updateId: turn.update.update_id });
  async function collect(label: string, n: number, time: string): Promise<void> {
    world.clock.set(at(n, time));
    const before = world.chat.messages().length;
    const run = await world.schedule(world.collector);
    runs.set(label, run);
    summaries.set(label, world.chat.messages().slice(before));
  }
  const summaries = new Map<string, SentMessage[]>();
  const dailies = new Map<number, { run: LambdaInvocation; messages: SentMessage[] }>();
  async function daily(n: number, language: Language): Promise<void> {
    world.clock.set(at(n, '07:30'));
    booksAt.set(n, book.state());
    languageOn[n] = language;
    claudeRequestsBefore.set(n, world.stack.anthropic.requests.length);
    const before = world.chat.messages().length;
    const run = await world.schedule(world.daily);
    dailies.set(n, { run, messages: world.chat.messages().slice(before) });
  }

  beforeAll(async () => {
    // Prepare: the stand-ins on a clock at Monday 07:00 UTC, prices for six tickers, and the universe
    // override the operator uploaded (config/universe.csv).
    world = await startWorld({
      start: at(MON, '07:00'),
      claudeReply: CLAUDE,
      yahoo: { series: SERIES },
      // The daily job on Opus 5.5 (ANTHROPIC_MODEL, as an operator may set it): the week's costs and
      // budget below are worked out at its published prices (OPUS_PRICE), not read from the code.
      env: { 'fn-collector': { SCAN_NOTIFY: 'true', SCAN_EXPECTED_PRICES: 'simulated' }, 'fn-daily': { ANTHROPIC_MODEL: 'claude-opus-5-5' } },
    });
    const universe = ['symbol,name,sector', ...PLANS.map((p) => `${p.symbol},${p.name},${p.sector}`)].join('\n');
    await world.s3.send(new PutObjectCommand({ Bucket: world.aws.bucket, Key: 'config/universe.csv', Body: universe }));

    // Act: the week.
    await daily(MON, 'en');
    await say('start', MON, '09:00', '/start');
    trade(await say('buy AAPL', MON, '15:00', '/buy AAPL 10 182,50 1,20'), 'buy', 'AAPL', '10', '182.50', '1.20');
    trade(await say('compro MSFT', MON, '15:05', '/compro MSFT 5 410.10 0.85'), 'buy', 'MSFT', '5', '410.10', '0.85');
    await say('blacklist TSLA', MON, '15:10', '/blacklist add TSLA');
    await say('tip NVDA', MON, '15:15', '/tips add NVDA earnings 19 Nov');

    await daily(TUE, 'en');
    await collect('scan TUE', TUE, '11:30');
    await say('buy TSLA', TUE, '15:00', '/buy TSLA 3 250');
    await say('scan 5', TUE, '15:05', '/scan 5');
    await say('stop loss 10', TUE, '15:10', '/rules set stopLossPct 10');

    await daily(WED, 'en');
    await collect('scan WED', WED, '11:30');
    await collect('scan WED retry', WED, '12:30');
    trade(await say('vendo AAPL', WED, '15:00', '/vendo AAPL 4 190,10 0,95'), 'sell', 'AAPL', '4', '190.10', '0.95');
    await say('language es', WED, '15:05', '/rules set language es');
    trade(await say('compro NVDA', WED, '15:10', '/compro NVDA 8 121,40 0,50'), 'buy', 'NVDA', '8', '121.40', '0.50');

    // Thursday morning Claude is down (overloaded), every attempt.
    world.stack.anthropic.setMode({ kind: 'fail', status: 529 });
    await daily(THU, 'es');
    world.stack.anthropic.setMode({ kind: 'ok' });
    await collect('scan THU', THU, '11:30');
    trade(await say('sell MSFT', THU, '15:00', '/sell MSFT 5 395 0,85'), 'sell', 'MSFT', '5', '395', '0.85');
    await say('budget', THU, '15:05', '/reglas set analysis.monthlyBudgetUsd 0.01');

    await daily(FRI, 'es');
    await collect('scan FRI', FRI, '11:30');
    trade(await say('buy AAPL again', FRI, '15:00', '/buy AAPL 2 188.00'), 'buy', 'AAPL', '2', '188.00', '0');
    // /undo asks first; its Confirm undo button voids the trade (the void carries the tap's update id).
    const undo = await say('undo', FRI, '15:01', '/undo');
    const confirmUndo = undo.replies[0]?.inlineKeyboard?.flat().find((b) => b.callback_data?.startsWith('u:y:'))?.callback_data;
    if (!confirmUndo) throw new Error(`/undo showed no Confirm undo button: ${undo.replies[0]?.text}`);
    world.clock.set(at(FRI, '15:02'));
    const tapped = await world.chat.tap(confirmUndo);
    turns.set('confirm undo', { ...tapped, update: tapped.update as unknown as ChatUpdate, at: world.clock.now().toISOString() });
    book.undo(tapped.update.update_id);
    await say('stats week', FRI, '15:05', '/stats week');

    await daily(SAT, 'es');
    await collect('scan SAT', SAT, '11:30');
    await say('portfolio', SAT, '12:00', '/portfolio');
    await say('balance', SAT, '12:01', '/balance');
    await say('tips', SAT, '12:02', '/tips');

    await daily(SUN, 'es');
    await say('export', SUN, '10:00', '/export');
  }, 240_000);

  afterAll(async () => {
    await world?.stop();
  });

  const reply = (label: string): string => {
    const turn = turns.get(label)!;
    expect(turn.status).toBe(200);
    expect(turn.replies).toHaveLength(1);
    return turn.replies[0]!.text;
  };
  const seqOf = (label: string): number => book.entries.find((e) => e.updateId === turns.get(label)!.update.update_id)!.seq;

  it('answers every update 200 and every message parses as Telegram HTML', () => {
    // Assess
    for (const [label, turn] of turns) expect([label, turn.status]).toEqual([label, 200]);
    for (const message of world.stack.telegram.allMessages()) {
      expect(message.chatId).toBe(String(world.chat.id));
      expect(parseTelegramHtml(message.text).ok).toBe(true);
    }
    expect(world.stack.telegram.calls.filter((c) => c.status !== 200)).toEqual([]);
  });

  it('sends nothing but what the week accounts for: one reply per message, one summary per scan, one analysis per morning', () => {
    // Assess
    const expected = turns.size + 5 + 7;
    expect(world.chat.messages()).toHaveLength(expected);
  });

  it('welcomes /start with every command, each with an example', () => {
    // Act
    const text = reply('start');
    // Assess
    for (const command of ['/buy', '/sell', '/portfolio', '/balance', '/stats', '/blacklist', '/tips', '/scan', '/rules', '/export', '/undo', '/help']) expect(text).toContain(command);
    expect(text).toContain('<code>/buy AAPL 10 182.50</code>');
  });

  it('records buys typed with decimal commas, fees and Spanish commands, and confirms each with the position', () => {
    // Assess: English replies until the language changes on Wednesday.
    const state = (upTo: number): BookState => {
      const partial = new Book();
      for (const e of book.entries.slice(0, upTo)) if (e.kind === 'trade') partial.trade(e);
      return partial.state();
    };
    expectInOrder(reply('buy AAPL'), ['✅', '#1', '10', 'AAPL', '182.50 USD', '1.20', day(MON), '10', price(state(1).holdings.get('AAPL')!.averageCost, 'en'), 'USD']);
    expectInOrder(reply('compro MSFT'), ['✅', '#2', '5', 'MSFT', '410.10 USD', '0.85', day(MON), '5', price(state(2).holdings.get('MSFT')!.averageCost, 'en'), 'USD']);
    // In Spanish from Wednesday: 121,4625 is (8 x 121.40 + 0.50) / 8.
    const nvda = reply('compro NVDA');
    expectInOrder(nvda, ['✅', `#${seqOf('compro NVDA')}`, '8', 'NVDA', '121,40 USD', '0,50', day(WED), '8', price(state(4).holdings.get('NVDA')!.averageCost, 'es'), 'USD']);
    expect(nvda).toContain('Compra');
  });

  it('realizes the profit of one sale and the loss of the other, to the cent', () => {
    // Prepare: what the sales realized, from the book.
    const [profit, loss] = book.state().sales;
    expect(profit!.pnl.toFixed(2)).toBe('28.97');
    expect(loss!.pnl.toFixed(2)).toBe('-77.20');
    // Assess
    expectInOrder(reply('vendo AAPL'), ['✅', '#3', '4', 'AAPL', '190.10 USD', '0.95', day(WED), '6', '182.62', money(profit!.pnl, 'en', true), 'USD', pct(Number(profit!.returnRatio.times(100)), 'en', true)]);
    const closed = reply('sell MSFT');
    expectInOrder(closed, ['✅', '#5', '5', 'MSFT', '395,00 USD', '0,85', day(THU), money(loss!.pnl, 'es', true), 'USD', pct(Number(loss!.returnRatio.times(100)), 'es', true)]);
    expect(closed).toMatch(/cerrada/);
  });

  it('refuses a blacklisted ticker, says so, and records nothing', () => {
    // Act
    const text = reply('buy TSLA');
    // Assess
    expect(reply('blacklist TSLA')).toContain('TSLA');
    expect(text).toContain('TSLA');
    expect(text).toContain('<code>/blacklist remove TSLA</code>');
    expect(book.entries.some((e) => e.kind === 'trade' && e.symbol === 'TSLA')).toBe(false);
  });

  it('keeps the tip and lists it with its number and date', () => {
    // Assess
    expectInOrder(reply('tip NVDA'), ['#1', 'NVDA']);
    expectInOrder(reply('tips'), ['#1', 'NVDA', day(MON), 'earnings 19 Nov']);
  });

  it('confirms each rules change with the new and the old value', () => {
    // Assess
    expectInOrder(reply('stop loss 10'), ['stopLossPct', '10', '8']);
    expectInOrder(reply('language es'), ['language', 'es', 'en']);
    expectInOrder(reply('budget'), ['analysis.monthlyBudgetUsd', '0,01', '5']);
  });

  it('undoes the last trade within the window and names it', () => {
    // Assess
    const voided = book.entries.find((e) => e.kind === 'void');
    expect(voided).toMatchObject({ kind: 'void', voids: seqOf('buy AAPL again') });
    expectInOrder(reply('buy AAPL again'), ['✅', `#${seqOf('buy AAPL again')}`, '2', 'AAPL', '188,00 USD']);
    expectInOrder(reply('undo'), [`#${seqOf('buy AAPL again')}`, '2', 'AAPL', '188,00', day(FRI)]);
    expectInOrder(reply('confirm undo'), [`#${seqOf('buy AAPL again')}`, '2', 'AAPL', '188,00', day(FRI)]);
  });

  it('/stats week adds up the week of sales: one won out of two, and their P&L', () => {
    // Prepare
    const sales = book.state().sales;
    const weeks = new Set(sales.map((s) => isoWeek(s.at.slice(0, 10))));
    expect(weeks.size).toBe(1);
    const total = sales.reduce((a, s) => a.plus(s.pnl), new Big(0));
    // Assess
    expectInOrder(reply('stats week'), [[...weeks][0]!, money(total, 'es', true), `${sales.filter((s) => s.pnl.gt(0)).length}/${sales.length}`]);
  });

  it('values /portfolio and /balance on Saturday at Friday\'s closes', () => {
    // Prepare: Saturday's quotes are Friday's closes (the market is closed).
    const state = book.state();
    const valued = valueHoldings(state, (symbol) => close(symbol, day(FRI)));
    const portfolio = reply('portfolio');
    const balance = reply('balance');
    // Assess: each position in value order, then the totals.
    expectInOrder(
      portfolio,
      valued.rows.flatMap((r) => [r.symbol, quantity(r.holding.quantity, 'es'), price(r.holding.averageCost, 'es'), price(r.price, 'es'), `${Math.round(r.weightPct)}%`, money(r.value, 'es'), money(r.pnl, 'es', true), pct(r.pnlPct, 'es', true)]),
    );
    expectInOrder(portfolio, ['Total', money(valued.value, 'es'), money(valued.pnl, 'es', true), pct(Number(valued.pnl.div(valued.cost).times(100)), 'es', true)]);
    const realized = [...state.realizedBySymbol.values()].reduce((a, v) => a.plus(v), new Big(0));
    const totalReturn = realized.plus(valued.pnl);
    expectInOrder(balance, [
      money(valued.cost, 'es'),
      money(valued.value, 'es'),
      money(valued.pnl, 'es', true),
      money(realized, 'es', true),
      money(totalReturn, 'es', true),
      pct(Number(totalReturn.div(state.bought).times(100)), 'es', true),
      money(state.fees, 'es'),
      money(state.bought, 'es'),
      money(state.sold, 'es'),
    ]);
    for (const text of [portfolio, balance]) expect(text).toMatch(/simulad/);
  });

  /** What the scan of `asOf` must rank: every universe ticker but the blacklisted one. */
  const ranking = (asOf: string): ExpectedScanRow[] => expectedRanking(PLANS.filter((p) => p.symbol !== 'TSLA').map((p) => expectedDrawdown(p.symbol, SERIES[p.symbol]!, asOf)));

  it('scans each market morning, Tuesday to Saturday, the session before, once, and sends its summary', () => {
    for (const [label, n] of [['scan TUE', TUE], ['scan WED', WED], ['scan THU', THU], ['scan FRI', FRI], ['scan SAT', SAT]] as const) {
      // Prepare
      const session = previousWeekday(day(n));
      const run = runs.get(label)!;
      const [summary, ...more] = summaries.get(label)!;
      // Assess
      expect(run).toMatchObject({ ok: true, result: { ok: true, status: 'saved', date: session, scanned: 5, skipped: 1, failed: 0, prices: 'simulated', summarySent: true } });
      expect(more).toEqual([]);
      // In the rules' language of that morning (Spanish from Thursday): decimal commas, "138 d".
      const language = languageOn[n]!;
      const decimal = (text: string): string => (language === 'es' ? text.replace('.', ',') : text);
      const days = (d: number): string => (language === 'es' ? `${d} d` : `${d}d`);
      expectInOrder(summary!.text, [session, ...ranking(session).flatMap((r) => [r.symbol, decimal(`-${r.drawdownPct.toFixed(1)}%`), money(r.peakClose, language), r.peakDate, money(r.lastClose, language), days(r.daysSincePeak)])]);
    }
    // The 07:30 retry of a morning whose scan is saved does nothing and says nothing.
    expect(runs.get('scan WED retry')).toMatchObject({ ok: true, result: { status: 'already-scanned', date: previousWeekday(day(WED)), summarySent: false } });
    expect(summaries.get('scan WED retry')).toEqual([]);
  });

  it('/scan shows the top 5 of the latest scan and links to its CSV, whose rows are the ranking', async () => {
    // Prepare
    const session = previousWeekday(day(TUE));
    const text = reply('scan 5');
    const expected = ranking(session);
    // Assess
    expectInOrder(text, [session, ...expected.slice(0, 5).flatMap((r, i) => [String(i + 1), r.symbol, `-${pct(r.drawdownPct, 'en')}`, price(r.lastClose, 'en'), String(r.daysSincePeak)])]);
    const [link] = linksOf(text);
    expect(link).toContain(`scans/drawdown/${session}.csv`);
    const rows = simpleCsv(await (await fetch(link!)).text());
    expect(rows.map((r) => [r.rank, r.symbol, Number(r.lastClose), Number(r.peakClose), r.peakDate, r.daysSincePeak])).toEqual(
      expected.map((r, i) => [String(i + 1), r.symbol, r.lastClose, r.peakClose, r.peakDate, String(r.daysSincePeak)]),
    );
    for (const [i, row] of rows.entries()) expect(Number(row.drawdownPct)).toBeCloseTo(expected[i]!.drawdownPct, 9);
  });

  describe('the morning analysis', () => {
    /** Positions at the morning's prices: the last close before that morning, and the one before it. */
    const morning = (n: number) => {
      const priced = previousWeekday(day(n));
      const before = previousWeekday(priced);
      const state = booksAt.get(n)!;
      const valued = valueHoldings(state, (s) => close(s, priced));
      const dayChange = valued.rows.reduce((a, r) => a.plus(r.holding.quantity.times(new Big(close(r.symbol, priced)).minus(close(r.symbol, before)))), new Big(0));
      return { state, valued, dayChange, priced };
    };
    /** The scan the morning reads: the one saved the morning before (none on Monday and Tuesday). */
    const scanFor = (n: number): string | null => (n >= WED ? previousWeekday(day(n - 1)) : null);

    it('sends one message each morning, in the rules\' language, with the portfolio\'s value, day change and unrealized P&L', () => {
      for (let n = MON; n <= SUN; n += 1) {
        // Prepare
        const { run, messages } = dailies.get(n)!;
        const { valued, dayChange } = morning(n);
        // Assess
        expect(run).toMatchObject({ ok: true, result: { ok: true, date: day(n), sent: [String(world.chat.id)] } });
        expect(messages).toHaveLength(1);
        const text = messages[0]!.text;
        expect(text).toContain(day(n));
        expect(text).toContain(languageOn[n] === 'es' ? 'Análisis diario' : 'Daily analysis');
        if (valued.rows.length === 0) continue;
        const previousValue = valued.value.minus(dayChange);
        expectInOrder(text, [
          valued.value.toFixed(2),
          `${dayChange.toFixed(2)} (${dayChange.gte(0) ? '+' : ''}${dayChange.div(previousValue).times(100).toFixed(2)}%)`,
          `${valued.pnl.toFixed(2)} (${valued.pnl.gte(0) ? '+' : ''}${valued.pnl.div(valued.cost).times(100).toFixed(2)}%)`,
        ]);
      }
    });

    it('raises the rule alerts the positions call for: overweight every day, NVDA\'s stop loss on Saturday', () => {
      for (let n = TUE; n <= SUN; n += 1) {
        // Prepare
        const { valued } = morning(n);
        const stopLoss = n >= WED ? 10 : 8;
        const text = dailies.get(n)!.messages[0]!.text;
        const alertLines = text.split('\n').filter((l) => l.startsWith('- ') && /%/.test(l) && !/peak|máximo \(/.test(l));
        // Stop losses first, then overweight positions, each by symbol (docs/core-domain.md, "Rule alerts").
        const bySymbol = [...valued.rows].sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
        const expected = [
          ...bySymbol.filter((r) => r.pnlPct <= -stopLoss).map((r) => r.symbol),
          ...bySymbol.filter((r) => r.weightPct > 20).map((r) => `${r.symbol} ${r.weightPct.toFixed(1)}%`),
        ];
        // Assess
        expect(alertLines).toHaveLength(expected.length);
        for (const [i, words] of expected.entries()) expectInOrder(alertLines[i]!, words.split(' '));
      }
      expect(morning(SAT).valued.rows.find((r) => r.symbol === 'NVDA')!.pnlPct).toBeLessThan(-10);
    });

    it('lists the best candidates of the latest scan it can still buy: not blacklisted, not held', () => {
      for (let n = MON; n <= SUN; n += 1) {
        // Prepare
        const scan = scanFor(n);
        const held = new Set(morning(n).state.holdings.keys());
        const text = dailies.get(n)!.messages[0]!.text;
        if (!scan) {
          expect(text).toMatch(/No scan candidates|Sin candidatos|No hay candidatos/);
          continue;
        }
        const candidates = ranking(scan).filter((r) => !held.has(r.symbol));
        // Assess
        expectInOrder(text, [scan, ...candidates.flatMap((r) => [r.symbol, String(r.lastClose), `-${Number(r.drawdownPct.toFixed(1))}%`, `(${r.daysSincePeak}d)`])]);
        const candidateLines = text.split('\n').filter((l) => /^- \S+ [\d.]+, -[\d.]+% (below peak|bajo máximo)/.test(l));
        expect(candidateLines.map((l) => l.split(' ')[1])).toEqual(candidates.map((r) => r.symbol));
      }
    });

    it('adds Claude\'s analysis while it answers, a notice when it is down, and skips it once over the monthly budget', () => {
      // Prepare: each successful call costs its usage at the model's published price.
      const requests = world.stack.anthropic.requests;
      const costs = requests.map(callCost);
      const calls = (n: number) => requests.slice(claudeRequestsBefore.get(n)!, claudeRequestsBefore.get(n + 1) ?? requests.length);
      const text = (n: number) => dailies.get(n)!.messages[0]!.text;
      // Assess: Monday to Wednesday, one call each, its text in the message.
      for (const n of [MON, TUE, WED]) {
        expect(calls(n).map((r) => r.usage !== undefined)).toEqual([true]);
        expect(text(n)).toContain(CLAUDE);
      }
      // Thursday: Claude overloaded on every attempt; the message says so, alerts and candidates still go out.
      expect(calls(THU).length).toBeGreaterThanOrEqual(1);
      expect(calls(THU).every((r) => r.usage === undefined)).toBe(true);
      expect(text(THU)).not.toContain(CLAUDE);
      expect(text(THU)).toMatch(/Análisis de IA no disponible/);
      // Friday to Sunday: Monday to Wednesday already spent more than the 0.01 USD budget: no call at all.
      const spent = costs.reduce((a, c) => a.plus(c), new Big(0));
      for (const n of [FRI, SAT, SUN]) {
        expect(calls(n)).toEqual([]);
        expectInOrder(text(n), [spent.toFixed(2), 'USD', '0.01', 'USD']);
        expect(text(n)).not.toContain(CLAUDE);
      }
    });

    it('logs each morning: what was asked, the outcome, the exact cost, the delivery', async () => {
      // Prepare
      const requests = world.stack.anthropic.requests;
      const costOf = (n: number): Big => requests.slice(claudeRequestsBefore.get(n)!, claudeRequestsBefore.get(n + 1) ?? requests.length).reduce((a, r) => a.plus(callCost(r)), new Big(0));
      const statuses = ['ok', 'ok', 'ok', 'failed', 'skipped-budget', 'skipped-budget', 'skipped-budget'];
      for (let n = MON; n <= SUN; n += 1) {
        // Act
        const log = JSON.parse((await objectText(world.s3, world.aws.bucket, `logs/daily_analysis_${day(n)}.json`))!) as {
          date: string;
          totalCostUsd: string;
          chats: Record<string, { analysis: { status: string; costUsd: string }; message: string; delivery: { status: string } }>;
        };
        const chat = log.chats[String(world.chat.id)]!;
        // Assess
        expect(log.date).toBe(day(n));
        expect(chat.analysis.status).toBe(statuses[n]);
        expect(new Big(chat.analysis.costUsd).eq(costOf(n))).toBe(true);
        expect(new Big(log.totalCostUsd).eq(costOf(n))).toBe(true);
        expect(chat.delivery.status).toBe('sent');
        expect(chat.message).toBe(dailies.get(n)!.messages[0]!.text);
      }
    });
  });

  it('/export links to the ledger CSV and the positions, and the CSV holds every entry as typed', async () => {
    // Prepare
    const text = reply('export');
    const [csvLink, jsonLink] = linksOf(text);
    // Act
    const rows = simpleCsv(await (await fetch(csvLink!)).text());
    const positions = (await (await fetch(jsonLink!)).json()) as { positions: { symbol: string; quantity: string; averageCost: string; costBasis: string }[] };
    // Assess
    expect(text).toContain(String(book.entries.length));
    expect(rows).toHaveLength(book.entries.length);
    for (const [i, entry] of book.entries.entries()) {
      const row = rows[i]!;
      expect(row.seq).toBe(String(entry.seq));
      expect(row.update_id).toBe(String(entry.updateId));
      if (entry.kind === 'void') {
        expect(row).toMatchObject({ kind: 'void', voids: String(entry.voids), symbol: '' });
        continue;
      }
      expect(row).toMatchObject({ kind: 'trade', side: entry.side, symbol: entry.symbol, currency: 'USD', executed_at: entry.at, voids: '' });
      expect([new Big(row.quantity!).eq(entry.quantity), new Big(row.price!).eq(entry.price), new Big(row.fees!).eq(entry.fees)]).toEqual([true, true, true]);
    }
    const state = book.state();
    expect(positions.positions.map((p) => [p.symbol, new Big(p.quantity).toString(), new Big(p.averageCost).toString(), new Big(p.costBasis).toString()]).sort()).toEqual(
      [...state.holdings.values()].map((h) => [h.symbol, h.quantity.toString(), h.averageCost.toString(), h.costBasis.toString()]).sort(),
    );
  });

  describe('what was stored, object by object and item by item', () => {
    it('writes exactly the documents of the week to S3, each with the expected content', async () => {
      // Prepare: the snapshot writer has caught up with the ledger's stream.
      await world.stream.drained();
      const sessions = [TUE, WED, THU, FRI, SAT].map((n) => previousWeekday(day(n)));
      const keys = await objectKeys(world.s3, world.aws.bucket);
      const read = async (key: string): Promise<string> => (await objectText(world.s3, world.aws.bucket, key))!;
      // Assess: the key set.
      expect(keys).toEqual(
        [
          'config/rules.json',
          'config/universe.csv',
          'external/tickers_blacklist.txt',
          'external/user_tips.json',
          'history/operations_full.csv',
          ...[MON, TUE, WED, THU, FRI, SAT, SUN].map((n) => `logs/daily_analysis_${day(n)}.json`),
          ...[...new Set(PLANS.map((p) => p.symbol[0]))].map((shard) => `market/history/${shard}.json`),
          'portfolio/current_positions.json',
          ...sessions.map((s) => `scans/drawdown/${s}.csv`),
          'scans/drawdown/latest.json',
        ].sort(),
      );
      // The rules file holds only what the investor set.
      expect(await read('config/universe.csv')).toBe(['symbol,name,sector', ...PLANS.map((p) => `${p.symbol},${p.name},${p.sector}`)].join('\n'));
      expect(JSON.parse(await read('config/rules.json'))).toEqual({ stopLossPct: 10, language: 'es', analysis: { monthlyBudgetUsd: 0.01 } });
      expect((await read('external/tickers_blacklist.txt')).trim().split('\n')).toEqual(['TSLA']);
      expect(JSON.parse(await read('external/user_tips.json'))).toEqual([{ id: 1, symbol: 'NVDA', text: 'earnings 19 Nov', createdAt: expect.stringMatching(new RegExp(`^${day(MON)}T15:15`)) }]);
      // Each day's scan CSV is that session's ranking; latest.json is Friday's.
      for (const session of sessions) {
        const rows = simpleCsv(await read(`scans/drawdown/${session}.csv`));
        expect(rows.map((r) => [r.symbol, Number(r.lastClose), r.lastDate, r.peakDate])).toEqual(ranking(session).map((r) => [r.symbol, r.lastClose, session, r.peakDate]));
      }
      const latest = JSON.parse(await read('scans/drawdown/latest.json')) as { date: string; csvKey: string; scanned: number; skipped: number; top: { symbol: string }[] };
      expect(latest).toMatchObject({ date: day(FRI), csvKey: `scans/drawdown/${day(FRI)}.csv`, scanned: 5, skipped: 1 });
      expect(latest.top.map((r) => r.symbol)).toEqual(ranking(day(FRI)).map((r) => r.symbol));
      // The price cache holds every ticker's closes through Friday, as served.
      for (const shard of new Set(PLANS.map((p) => p.symbol[0]!))) {
        const cached = JSON.parse(await read(`market/history/${shard}.json`)) as { series: Record<string, { date: string[]; close: number[] }> };
        for (const plan of PLANS.filter((p) => p.symbol.startsWith(shard))) {
          const series = cached.series[plan.symbol]!;
          const served = new Map(SERIES[plan.symbol]!.map((b) => [b.date, b.close]));
          expect(series.date.at(-1)).toBe(day(FRI));
          expect(series.date.map((d, i) => [d, series.close[i]])).toEqual(series.date.map((d) => [d, served.get(d)]));
        }
      }
      // The positions snapshot follows the ledger through its stream (/export on Sunday wrote it too,
      // from the same ledger); the ledger CSV is the export.
      // Totals per currency (`{ "USD": "12.5" }`); every trade of the week is in USD.
      const snapshot = JSON.parse(await read('portfolio/current_positions.json')) as { portfolioId: string; realizedBySymbol: Record<string, Record<string, string>>; feesByCurrency: Record<string, string> };
      const state = book.state();
      expect(snapshot.portfolioId).toBe(String(world.chat.id));
      expect(Object.fromEntries(Object.entries(snapshot.realizedBySymbol).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([c, a]) => [c, new Big(a).toFixed(2)]))]))).toEqual(
        Object.fromEntries([...state.realizedBySymbol].map(([k, v]) => [k, { USD: v.toFixed(2) }])),
      );
      expect(Object.keys(snapshot.feesByCurrency)).toEqual(['USD']);
      expect(new Big(snapshot.feesByCurrency.USD!).eq(state.fees)).toBe(true);
      expect(simpleCsv(await read('history/operations_full.csv'))).toHaveLength(book.entries.length);
    });

    it('keeps in DynamoDB exactly the ledger entries, one record per update that could write, one per scanned date and per morning delivered', async () => {
      // Prepare
      const items = await tableItems(world.dynamo, world.aws.tableName);
      const byPrefix = (prefix: string): PlainItem[] => items.filter((i) => String(i.PK).startsWith(prefix));
      const writes = ['buy AAPL', 'compro MSFT', 'blacklist TSLA', 'tip NVDA', 'buy TSLA', 'stop loss 10', 'vendo AAPL', 'language es', 'compro NVDA', 'sell MSFT', 'budget', 'buy AAPL again', 'undo', 'confirm undo', 'export'];
      // Assess: the ledger, entry by entry.
      const ledger = byPrefix(`PORTFOLIO#${world.chat.id}`);
      expect(ledger.map((i) => i.SK)).toEqual(book.entries.map((e) => `TRADE#${String(e.seq).padStart(10, '0')}`));
      for (const [i, entry] of book.entries.entries()) {
        const item = ledger[i]!;
        expect([item.seq, item.updateId, item.kind]).toEqual([entry.seq, entry.updateId, entry.kind]);
        if (entry.kind === 'trade') {
          expect([item.side, item.symbol, new Big(String(item.quantity)).eq(entry.quantity), new Big(String(item.price)).eq(entry.price), new Big(String(item.fees)).eq(entry.fees)]).toEqual([entry.side, entry.symbol, true, true, true]);
        } else expect(item.voids).toBe(entry.voids);
      }
      // One completed record per update that may write (reads need none), each keeping its reply.
      const updates = items.filter((i) => /^UPDATE#\d+$/.test(String(i.PK)));
      expect(updates.map((i) => i.PK).sort()).toEqual(writes.map((label) => `UPDATE#${turns.get(label)!.update.update_id}`).sort());
      for (const label of writes) {
        const record = updates.find((i) => i.PK === `UPDATE#${turns.get(label)!.update.update_id}`)!;
        expect(record.status).toBe('COMPLETED');
        expect(JSON.parse(String(record.result))).toMatchObject({ outcome: 'delivered', sent: 1, messages: [{ html: turns.get(label)!.replies[0]!.text }] });
      }
      // The collector's once-per-date claims (for simulated prices) and the daily deliveries.
      expect(byPrefix('UPDATE#scan#').map((i) => [i.PK, i.status])).toEqual([TUE, WED, THU, FRI, SAT].map((n) => [`UPDATE#scan#${previousWeekday(day(n))}#simulated`, 'COMPLETED']));
      expect(byPrefix('UPDATE#daily#').map((i) => [i.PK, i.status])).toEqual([MON, TUE, WED, THU, FRI, SAT, SUN].map((n) => [`UPDATE#daily#${day(n)}#${world.chat.id}`, 'COMPLETED']));
      // Nothing else: no lease left behind, no stray item.
      expect(items).toHaveLength(ledger.length + updates.length + 5 + 7);
    });
  });
});
