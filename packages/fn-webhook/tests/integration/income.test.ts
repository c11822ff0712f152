import { makeCallbackQuery, makeWebhookEvent } from '@tradebot/local-stack';
import { CHAT, SECRET, webhookStack, type WebhookStack, daysAgo } from '../helpers/webhook-stack';

/** A weekday `days` or a little more ago (a split is effective on a session). */
function weekdayAgo(days: number): string {
  let date = daysAgo(days);
  while ([0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay())) date = daysAgo(++days);
  return date;
}

describe('Function: createWebhookApp, dividends and splits', () => {
  let stack: WebhookStack;

  beforeAll(async () => {
    stack = await webhookStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });
  beforeEach(() => {
    stack.telegram.clear();
  });

  it('records a dividend (net, with the tax withheld) and counts it in /balance\'s total return and in /stats, never in the cost', async () => {
    // Prepare
    await stack.say(`/buy KO 10 60 0 ${daysAgo(60)}`);
    // Act
    const recorded = await stack.say(`/dividend KO 12.40 2.19 ${daysAgo(10)}`);
    const balance = await stack.say('/balance');
    const stats = await stack.say('/stats');
    // Assess
    expect(recorded.replies[0]).toContain('Dividend recorded');
    expect(recorded.replies[0]).toContain(`#2 KO: 12.40 USD received (tax withheld 2.19), on ${daysAgo(10)}`);
    expect(recorded.replies[0]).toContain('Dividends from KO so far: 12.40 USD.');
    expect(balance.replies[0]).toMatch(/Invested \(open\)\s+600\.00/);
    expect(balance.replies[0]).toMatch(/Dividends \(net\)\s+12\.40/);
    expect(stats.replies[0]).toContain('Dividends: 12.40 USD');
    const entries = await stack.entries();
    expect(entries.map((e) => e.kind)).toEqual(['trade', 'dividend']);
  });

  it('includes the dividend in the total P&L: realized + unrealized + dividends', async () => {
    // Act
    const balance = await stack.say('/balance');
    // Assess: with a price p, unrealized is 10 x p - 600, and the total adds the 12.40.
    const figure = (label: RegExp): number => Number(label.exec(balance.replies[0]!)![1]!.replace(/,/g, ''));
    const unrealized = figure(/Unrealized P&L\s+([+-]?[\d,]+\.\d{2})/);
    expect(figure(/Total P&L\s+([+-]?[\d,]+\.\d{2})/)).toBeCloseTo(unrealized + 12.4, 2);
  });

  it('refuses a dividend of a symbol never held, or a malformed one, and records nothing; /dividendo answers in Spanish', async () => {
    // Act
    const never = await stack.say('/dividend PEP 5');
    const bad = await stack.say('/dividend KO -3');
    await stack.say('/rules set language es');
    const spanish = await stack.say('/dividendo KO 1,10');
    await stack.say('/rules set language en');
    // Assess
    expect(never.replies[0]).toContain('You never held PEP: a dividend counts for a position you hold or held.');
    expect(bad.replies[0]).toContain('Example: /dividend KO 12.40');
    expect(spanish.replies[0]).toContain('Dividendo registrado');
    expect(spanish.replies[0]).toContain('Dividendos de KO hasta ahora: 13,50 USD.');
    expect((await stack.entries()).filter((e) => e.kind === 'dividend')).toHaveLength(2);
  });

  it('undoes the last dividend with /undo, once confirmed', async () => {
    // Act
    const question = await stack.say('/undo');
    const confirm = stack.telegram.messagesTo(CHAT).at(-1)!.inlineKeyboard!.flat().find((b) => /Confirm undo/.test(b.text))!.callback_data!;
    const before = stack.telegram.messagesTo(CHAT).length;
    await stack.post(makeWebhookEvent({ body: makeCallbackQuery({ data: confirm, chatId: CHAT }), secretToken: SECRET }));
    const undone = { replies: stack.telegram.messagesTo(CHAT).slice(before).map((m) => m.plainText) };
    // Assess
    expect(question.replies[0]).toMatch(/^Undo #3\?\nDividend KO 1\.10 USD, on \d{4}-\d{2}-\d{2}/);
    expect(undone.replies[0]).toContain('Undone dividend #3: KO 1.10 USD');
    expect((await stack.say('/stats')).replies[0]).toContain('Dividends: 12.40 USD');
  });

  it('applies a split the market data reports as a ledger entry of its own, tells the investor once, and the new shares can be sold', async () => {
    // Prepare: 10 MSFT at 400, then a 2-for-1 split three weeks ago.
    await stack.say(`/buy MSFT 10 400 0 ${daysAgo(60)}`);
    const splitDate = weekdayAgo(21);
    stack.yahoo.configure({ splits: { MSFT: [{ date: splitDate, numerator: 2, denominator: 1 }] } });
    stack.telegram.clear();
    // Act
    const first = await stack.say('/portfolio');
    const again = await stack.say('/portfolio');
    const sale = await stack.say('/sell MSFT 20 210');
    // Assess
    expect(first.replies.join('\n')).toContain(`MSFT split 2-for-1 on ${splitDate}, applied to your position: now 20 shares at an average cost of 200.00 USD (the cost basis is unchanged).`);
    expect(again.replies.join('\n')).not.toContain('split');
    expect(sale.replies[0]).toContain('Sale recorded');
    expect(sale.replies[0]).toContain('Realized P&L of this sale: +200.00 USD');
    const splits = (await stack.entries()).filter((e) => e.kind === 'split');
    expect(splits).toEqual([expect.objectContaining({ kind: 'split', importId: `split:MSFT:${splitDate}`, split: { symbol: 'MSFT', numerator: 2, denominator: 1, effectiveDate: splitDate } })]);
  });

  it('applies a reverse split the same way: 1-for-10 turns 15 shares into 1.5 at the same cost', async () => {
    // Prepare
    await stack.say(`/buy AAPL 15 20 0 ${daysAgo(40)}`);
    const splitDate = weekdayAgo(7);
    stack.yahoo.configure({ splits: { AAPL: [{ date: splitDate, numerator: 1, denominator: 10 }] } });
    // Act
    const balance = await stack.say('/balance');
    // Assess
    expect(balance.replies.join('\n')).toContain(`AAPL split 1-for-10 on ${splitDate}, applied to your position: now 1.5 shares at an average cost of 200.00 USD`);
    expect(balance.replies.join('\n')).toMatch(/Invested \(open\)\s+900\.00/);
  });

  it('asks for the splits of every held position at once on a cold instance, not one after another', async () => {
    // Prepare: KO and AAPL are held (the tests above), MSFT again; a new instance has checked none of them today
    await stack.say('/buy MSFT 5 300');
    stack.coldStart();
    stack.yahoo.resetLog();
    stack.yahoo.hold();
    // Act
    const answered = stack.say('/portfolio');
    // Assess: three split checks held by the stand-in at the same time (in a row, only one ever is)
    await stack.yahoo.holding(3);
    stack.yahoo.release();
    const { replies } = await answered;
    expect(replies[0]).toContain('KO');
    expect(stack.yahoo.requests.filter((r) => r.kind === 'chart' && r.events === 'split').map((r) => r.symbols[0]).sort()).toEqual(['AAPL', 'KO', 'MSFT']);
  });
});
