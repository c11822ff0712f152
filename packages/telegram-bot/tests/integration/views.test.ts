import { dec, isWellFormedText } from '@tradebot/core-domain';
import { botStack, CHAT, scanRow, STRANGER, type BotStack } from '../helpers/bot-stack';

describe('Command: /portfolio, /balance and /stats', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await botStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('says how to start when nothing is held', async () => {
    expect((await stack.say('/portfolio'))[0]).toContain('No open positions yet');
    expect((await stack.say('/stats'))[0]).toContain('No closed trades yet');
  });

  it('shows every position with live price, value, P&L, weight and a total in a phone-width table', async () => {
    // Prepare
    await stack.say('/buy AAPL 10 150');
    await stack.say('/buy MSFT 3 300 2');
    const live = await stack.deps.prices.quotes(['AAPL', 'MSFT']);
    const aapl = live.quotes.get('AAPL')!.price;
    // Act
    const [text] = await stack.say('/portfolio');
    // Assess
    const html = stack.lastHtml();
    expect(html).toMatch(/<pre>[\s\S]*<\/pre>/);
    expect(text).toContain('AAPL');
    expect(text).toContain('MSFT');
    // Quantity, average cost and live price of a position on its first line.
    expect(text).toMatch(new RegExp(`AAPL\\s+10\\s+150\\.00\\s+${Number(aapl.toFixed(2)).toLocaleString('en-US', { minimumFractionDigits: 2 }).replace('.', '\\.')}\n`));
    expect(text).toContain('Portfolio (USD)');
    expect(text).toMatch(/\nTotal\s/);
    // Every block (the table, then the sparklines) fits a phone.
    const blocks = [...html.matchAll(/<pre>([\s\S]*?)<\/pre>/g)].map((m) => m[1]!);
    expect(blocks).toHaveLength(2);
    for (const line of blocks.join('\n').split('\n')) expect([...line.replace(/&amp;/g, '&')].length).toBeLessThanOrEqual(34);
    // A compact trend per position: a sparkline of the last 30 sessions and their change.
    expect(blocks[1]).toMatch(/^AAPL\s+[▁▂▃▄▅▆▇█]{10}\s+[+-]?\d+\.\d%$/m);
    expect(blocks[1]).toMatch(/^MSFT\s+[▁▂▃▄▅▆▇█]{10}\s+[+-]?\d+\.\d%$/m);
    expect(text).toContain('Last 30 sessions');
  });

  it('shows the balance with invested money, market value and realized P&L', async () => {
    // Prepare
    await stack.say('/sell MSFT 1 350');
    // Act
    const [text] = await stack.say('/balance');
    // Assess: invested = 10 x 150 + (3 x 300 + 2) x 2/3 = 2,101.33; realized = 350 - 300.67 = 49.33
    expect(text).toMatch(/Invested \(open\)\s+2,101\.33/);
    expect(text).toMatch(/Realized P&L\s+\+49\.33/);
    expect(text).toMatch(/Fees paid\s+2\.00/);
  });

  it('shows closed-trade stats, and P&L grouped by period', async () => {
    // Act
    const [all] = await stack.say('/stats');
    const [monthly] = await stack.say('/stats month');
    // Assess
    expect(all).toMatch(/Sales \(won\/lost\)\s+1 \(1\/0\)/);
    expect(all).toMatch(/Win rate\s+100\.0%/);
    expect(monthly).toContain('by month');
    expect(monthly).toMatch(/2026-03\s+\+49\.33\s+1\/1/);
  });

  it('answers a bad period or extra words with usage and an example', async () => {
    expect((await stack.say('/stats year'))[0]).toContain('is not a period');
    expect((await stack.say('/portfolio now'))[0]).toContain('takes no arguments');
    expect((await stack.say('/balance x'))[0]).toContain('Example: /balance');
  });

  it('says the prices are simulated when the source says so (English and Spanish), and not otherwise', async () => {
    // Prepare: AAPL and MSFT are held (bought above); the local stand-in marks its quotes as simulated.
    // Act
    const english = [await stack.say('/portfolio'), await stack.say('/balance')].map((replies) => replies.join('\n'));
    await stack.putRules({ language: 'es' });
    const spanish = [await stack.say('/cartera'), await stack.say('/saldo')].map((replies) => replies.join('\n'));
    await stack.putRules({});
    stack.yahoo.configure({ quoteSourceName: 'Nasdaq Real Time Price' });
    const real = [await stack.say('/portfolio'), await stack.say('/balance')].map((replies) => replies.join('\n'));
    stack.yahoo.configure({ quoteSourceName: undefined });
    // Assess
    for (const text of english) expect(text).toContain('Valued at simulated prices (a local stand-in, not market data).');
    for (const text of spanish) expect(text).toContain('Valorado con precios simulados');
    for (const text of real) {
      expect(text).not.toContain('No live price');
      expect(text).not.toContain('simulated');
    }
  });

  it('shows one position for a stock an old import stored as BRK.B and the chat as BRK-B, and sells across both', async () => {
    // Prepare: what `pnpm import-trades` wrote before it normalised tickers, then a chat purchase.
    await stack.deps.ledger.append(String(CHAT), {
      kind: 'trade',
      importId: 'csv-old-brk',
      trade: { side: 'buy', symbol: 'BRK.B', quantity: dec('10'), price: dec('400'), fees: dec('0'), currency: 'USD', executedAt: '2026-03-01T15:00:00.000Z' },
    });
    await stack.say('/buy BRK-B 5 410');
    // Act
    const [text] = await stack.say('/portfolio');
    const [sale] = await stack.say('/sell brk.b 15 420');
    // Assess
    expect(text).toContain('BRK-B');
    expect(text).not.toContain('BRK.B');
    expect(sale).toContain('Sale recorded');
    expect(sale).toContain('Position closed.');
    const [after] = await stack.say('/portfolio');
    expect(after).not.toContain('BRK');
  });

  it('values at cost with a note when the price source is down', async () => {
    // Prepare
    stack.yahoo.configure({ refuseAll: 503 });
    // Act
    const [text] = await stack.say('/portfolio');
    stack.yahoo.configure({ refuseAll: false });
    // Assess
    expect(text).toContain('No live price for AAPL, MSFT');
  });

  it('reuses quotes for 15 seconds, then asks the price source again', async () => {
    // Prepare
    stack.rebuild(() => ({ quoteCacheMs: 15_000 }));
    stack.yahoo.resetLog();
    // Act
    await stack.say('/portfolio');
    await stack.say('/portfolio');
    const withinTtl = stack.yahoo.counts().quote;
    stack.clock.advance(16_000);
    await stack.say('/portfolio');
    // Assess
    expect(withinTtl).toBe(1);
    expect(stack.yahoo.counts().quote).toBe(2);
    stack.rebuild(() => ({ quoteCacheMs: 0 }));
  });

  it('splits a 70-position portfolio into several valid messages under 4096 characters', async () => {
    // Prepare: let the price source know every symbol, then hold 70 of them.
    stack.yahoo.configure({ symbols: undefined });
    for (let i = 0; i < 70; i += 1) await stack.say(`/buy SYM${i} 1 ${10 + i}`);
    const before = stack.telegram.messagesTo(CHAT).length;
    // Act
    await stack.say('/portfolio');
    // Assess: the Telegram server accepted every part (it refuses bad HTML and texts over 4096).
    const parts = stack.telegram.messagesTo(CHAT).slice(before);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    const text = parts.map((p) => p.plainText).join('\n');
    for (let i = 0; i < 70; i += 1) expect(text).toContain(`SYM${i} `);
    for (const part of parts) expect(part.text.startsWith('<pre>') || part.text.includes('<pre>')).toBe(true);
    expect(stack.telegram.calls.filter((c) => c.status !== 200)).toEqual([]);
  });
});

describe('Tables laid out from their content for a phone', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await botStack();
    // A 25,000 position now worth 12,377: the P&L of the issue, -12,623.00.
    stack.yahoo.configure({ series: { KO: [{ date: '2026-03-06', close: 130 }, { date: '2026-03-09', close: 123.77 }] } });
    await stack.say('/buy KO 100 250');
    await stack.say('/buy PEP 3 170,5');
  });
  afterAll(async () => {
    await stack.stop();
  });

  /** The lines of the reply's monospace table(s). */
  const tableLines = (): string[] =>
    [...stack.lastHtml().matchAll(/<pre>([\s\S]*?)<\/pre>/g)].flatMap((m) => m[1]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').split('\n'));

  it.each([
    ['en', '/portfolio', ['-12,623.00', '250.00', '123.77', '12,377.00', '-50.5%'], /Avg/],
    ['es', '/cartera', ['-12.623,00', '250,00', '123,77', '12.377,00', '-50,5%'], /medio/],
  ])('shows long numbers whole, with the average cost, within 34 columns (%s)', async (language, command, figures, avgHeader) => {
    // Prepare
    await stack.putRules({ language: language as 'en' | 'es' });
    // Act
    const [text] = await stack.say(command);
    // Assess
    const lines = tableLines();
    for (const figure of figures) expect(text).toContain(figure);
    expect(text).toMatch(avgHeader);
    expect(text).not.toContain('…');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(34);
  });

  it.each([
    ['en', '/balance', ['Invested (open)', 'Market value', 'Total return']],
    ['es', '/saldo', ['Invertido (abierto)', 'Valor de mercado', 'Rentabilidad']],
  ])('writes every /balance label whole (%s)', async (language, command, labels) => {
    // Prepare
    await stack.putRules({ language: language as 'en' | 'es' });
    // Act
    const [text] = await stack.say(command);
    // Assess
    for (const label of labels) expect(text).toContain(label);
    expect(text).not.toContain('…');
    for (const line of tableLines()) expect([...line].length).toBeLessThanOrEqual(34);
  });

  it('keeps the columns of /scan aligned from rank 1 to rank 12', async () => {
    // Prepare
    await stack.putRules({ language: 'en' });
    await stack.putScan(Array.from({ length: 12 }, (_, i) => scanRow(`T${String.fromCharCode(65 + i)}X`, 60 - i * 2.5)));
    // Act
    await stack.say('/scan 12');
    // Assess: the ticker starts in the same column on every row, and the drawdown ends in the same column.
    const rows = tableLines().filter((line) => /T[A-L]X/.test(line));
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((line) => line.search(/T[A-L]X/))).size).toBe(1);
    expect(new Set(rows.map((line) => line.indexOf('%'))).size).toBe(1);
    expect(tableLines()[0]).toMatch(/#\s+Ticker/);
  });

  it('labels the columns of /stats by period, in both languages', async () => {
    // Prepare
    await stack.say('/sell PEP 1 180');
    // Act
    await stack.say('/stats month');
    const en = tableLines();
    await stack.putRules({ language: 'es' });
    await stack.say('/estadisticas mes');
    const es = tableLines();
    await stack.putRules({ language: 'en' });
    // Assess
    expect(en[0]).toMatch(/^Period\s+P&L\s+Won\/Sales$/);
    expect(en[1]).toMatch(/^2026-03\s+\+9\.50\s+1\/1$/);
    expect(es[0]).toMatch(/^Periodo\s+P&L\s+Gan\.\/Ventas$/);
  });
});

describe('Command: /blacklist and /tips', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await botStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('adds several tickers at once and reports each bad one', async () => {
    // Act
    const [text] = await stack.say('/blacklist add tsla, NVDA $$$ brk.b');
    // Assess
    expect(text).toContain('Added to the blacklist: TSLA, NVDA, BRK-B');
    expect(text).toContain('Not valid tickers (ignored): $$$');
    expect([...(await stack.documents.blacklist.get())].sort()).toEqual(['BRK-B', 'NVDA', 'TSLA']);
  });

  it('lists, says what was already there, and removes', async () => {
    expect((await stack.say('/blacklist'))[0]).toContain('Blacklist (3)\nBRK-B, NVDA, TSLA');
    expect((await stack.say('/blacklist add TSLA'))[0]).toContain('Already on the blacklist: TSLA');
    const [removed] = await stack.say('/listanegra quitar TSLA KO');
    expect(removed).toContain('Removed from the blacklist: TSLA');
    expect(removed).toContain('Not on the blacklist: KO');
    expect([...(await stack.documents.blacklist.get())].sort()).toEqual(['BRK-B', 'NVDA']);
  });

  it('refuses a bad subcommand or only bad tickers, writing nothing', async () => {
    // Prepare
    const before = await stack.stored();
    // Act
    const bad = await stack.say('/blacklist drop TSLA');
    const none = await stack.say('/blacklist add ^GSPC');
    const empty = await stack.say('/blacklist add');
    // Assess
    expect(bad[0]).toContain('is not add or remove');
    expect(none[0]).toContain('is a valid ticker');
    expect(empty[0]).toContain('needs at least one ticker');
    expect(await stack.stored()).toEqual(before);
  });

  it('adds, lists and removes tips by number', async () => {
    // Act
    const [added] = await stack.say('/tips add MSFT cloud <growth> & margins');
    const [second] = await stack.say('/tips add KO dividend');
    const [listed] = await stack.say('/tips');
    const [removed] = await stack.say('/tips remove 1');
    // Assess
    expect(added).toContain('Tip #1 on MSFT saved');
    expect(second).toContain('Tip #2 on KO saved');
    expect(listed).toContain('cloud <growth> & margins');
    expect(removed).toContain('Tip #1 on MSFT removed');
    expect((await stack.documents.tips.get()).map((t) => t.id)).toEqual([2]);
  });

  it('delivers a note longer than a message part whole, without cutting an emoji in half', async () => {
    // Prepare: one line of 4,061 UTF-16 units that splitMessage must cut; an odd offset before the
    // emoji puts a cut by code units between the two halves of a pair.
    const note = `x${'💥'.repeat(2030)}`;
    await stack.say(`/tips add NVDA ${note}`);
    const before = stack.telegram.messagesTo(CHAT).length;
    // Act
    await stack.say('/tips');
    // Assess: Telegram (the stand-in refuses lone surrogates) accepted every part, and the note is all there.
    const parts = stack.telegram.messagesTo(CHAT).slice(before);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(stack.telegram.calls.filter((c) => c.status !== 200)).toEqual([]);
    for (const part of parts) expect(isWellFormedText(part.text)).toBe(true);
    expect(parts.map((p) => p.plainText).join('').replace(/\n/g, '')).toContain(note);
    await stack.say(`/tips remove ${(await stack.documents.tips.get()).at(-1)!.id}`);
  });

  it('refuses unknown tip numbers and malformed tips, writing nothing', async () => {
    // Prepare
    const before = await stack.stored();
    // Act
    const unknown = await stack.say('/tips remove 9');
    const notNumber = await stack.say('/tips remove x');
    const noText = await stack.say('/tips add MSFT');
    // Assess
    expect(unknown[0]).toContain('There is no tip #9');
    expect(notNumber[0]).toContain('is not a note number');
    expect(noText[0]).toContain('Write the note after the ticker');
    expect(await stack.stored()).toEqual(before);
  });
});

describe('Command: /scan, /export, /help, /start and plain text', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await botStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('says no scan ran yet, and how to run one on the local stack', async () => {
    const [text] = await stack.say('/scan');
    expect(text).toContain('No drawdown scan has run yet');
    expect(text).toContain('on the local stack, run one now with pnpm scan');
  });

  it('shows the top N of the latest scan without blacklisted tickers, with a working link to the CSV', async () => {
    // Prepare
    await stack.putScan([scanRow('INTC', 45.5), scanRow('TSLA', 40), scanRow('PFE', 35.25), scanRow('NKE', 30)]);
    await stack.documents.blacklist.update(() => ['TSLA']);
    // Act
    const [text] = await stack.say('/scan 2');
    // Assess
    expect(text).toContain('Top 2 below their 180-day high');
    expect(text).toMatch(/1 INTC\s+-45\.5%/);
    expect(text).toMatch(/2 PFE\s+-35\.3%/);
    expect(text).not.toContain('TSLA');
    const url = /href="([^"]+)"/.exec(stack.lastHtml())![1]!.replace(/&amp;/g, '&');
    const csv = await fetch(url);
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('INTC');
  });

  it('refuses a bad N with usage', async () => {
    expect((await stack.say('/scan 0'))[0]).toContain('is not a whole number from 1 to 50');
    expect((await stack.say('/scan 5 6'))[0]).toContain('takes at most one number');
  });

  it('exports the ledger CSV and the positions JSON behind working links', async () => {
    // Prepare
    await stack.say('/buy AAPL 2 100');
    // Act
    const [text] = await stack.say('/export');
    // Assess
    expect(text).toContain('Export (1 ledger entries)');
    const urls = [...stack.lastHtml().matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    expect(urls).toHaveLength(2);
    const [csv, json] = await Promise.all(urls.map(async (u) => (await fetch(u)).text()));
    expect(csv).toContain('AAPL');
    expect(JSON.parse(json!)).toMatchObject({ positions: [{ symbol: 'AAPL', quantity: '2' }] });
  });

  it('lists every command with an example in /help and /start', async () => {
    // Act
    const [helpText] = await stack.say('/help');
    const [startText] = await stack.say('/start');
    // Assess
    for (const word of ['/buy', '/sell', '/portfolio', '/balance', '/stats', '/blacklist', '/tips', '/scan', '/export', '/undo']) {
      expect(helpText).toContain(word);
    }
    expect(helpText).toContain('/buy AAPL 10 182.50');
    expect(startText).toContain('Welcome to tradebot');
  });

  it('answers plain text and unknown commands with a pointer to /help', async () => {
    expect((await stack.say('hello'))[0]).toContain('Send /help');
    expect((await stack.say('/frobnicate'))[0]).toContain('There is no /frobnicate command');
  });

  it('answers a sticker with what it understands', async () => {
    // Prepare: a real-shaped sticker message.
    const update = { update_id: 990001, message: { message_id: 5, date: 1773154800, chat: { id: CHAT, type: 'private' }, from: { id: CHAT, is_bot: false, first_name: 'L' }, sticker: { file_id: 'x', file_unique_id: 'y', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } } };
    const before = stack.telegram.messagesTo(CHAT).length;
    // Act
    await stack.bot().handleUpdate(update as never);
    // Assess
    expect(stack.telegram.messagesTo(CHAT).slice(before).map((m) => m.plainText)).toEqual([expect.stringContaining('I only understand commands')]);
  });

  it('speaks Spanish with Spanish number formats when the rules say so', async () => {
    // Prepare: 1,234,500 USD is past the default per-trade value limit.
    await stack.putRules({ language: 'es', maxTradeValue: 2_000_000 });
    // Act
    const [text] = await stack.say('/compro AAPL 1000 1234,5');
    // Assess
    expect(text).toContain('Compra registrada');
    expect(text).toContain('Posición: 1.002 acciones');
    expect(text).toContain('1.234,5');
  });
});

describe('Authorization', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await botStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('answers a chat that is not allowed once, politely, and does nothing for it', async () => {
    // Act
    const first = await stack.say('/buy AAPL 1 100', STRANGER);
    const second = await stack.say('/portfolio', STRANGER);
    // Assess
    expect(first).toHaveLength(1);
    expect(first[0]).toContain('private bot');
    expect(second).toEqual([]);
    expect(await stack.entries(STRANGER)).toEqual([]);
    expect(await stack.entries(CHAT)).toEqual([]);
  });

  it('serves nobody when the allowed list is empty', async () => {
    // Prepare
    stack.rebuild(() => ({ allowedChatIds: [] }));
    // Act
    const replies = await stack.say('/buy AAPL 1 100');
    // Assess
    expect(replies[0]).toContain('private bot');
    expect(await stack.entries(CHAT)).toEqual([]);
  });
});

describe('Command: /portfolio and /balance with positions in two currencies', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await botStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('shows each currency apart with its own totals and says they are not added together, never one sum', async () => {
    // Prepare: AAPL bought in the chat (USD); SAN.MC imported in EUR (the stand-in quotes it in USD,
    // so it stays at cost: 450 EUR).
    await stack.say('/buy AAPL 10 150 1');
    await stack.deps.ledger.append(String(CHAT), {
      kind: 'trade',
      importId: 'csv-san',
      trade: { side: 'buy', symbol: 'SAN.MC', quantity: dec('100'), price: dec('4.5'), fees: dec('2'), currency: 'EUR', executedAt: '2026-03-01T15:00:00.000Z' },
    });

    // Act
    const [balance] = await stack.say('/balance');
    const [portfolio] = await stack.say('/portfolio');
    await stack.putRules({ language: 'es' });
    const [saldo] = await stack.say('/saldo');
    await stack.putRules({});

    // Assess: a column per currency; 1,501.00 USD and 452.00 EUR are never added into 1,953.00.
    expect(balance).toContain('Balance (EUR, USD)');
    expect(balance).toContain('Totals and weights per currency, never added together without an exchange rate.');
    // The stand-in here knows no EURUSD=X: no rate, so no total in USD, and the reply says so.
    expect(balance).toContain('No exchange rate for EUR into USD right now: the totals stay per currency.');
    expect(balance).not.toContain('All in USD');
    expect(balance).toMatch(/\n\s+EUR\s+USD\n/);
    expect(balance).toMatch(/Invested \(open\)\s+452\.00\s+1,501\.00\n/);
    expect(balance).toMatch(/Fees paid\s+2\.00\s+1\.00\n/);
    expect(balance).not.toContain('1,953');
    expect(saldo).toContain('Totales y pesos por moneda, nunca sumados sin un tipo de cambio.');
    expect(saldo).toMatch(/Invertido\s+452,00\s+1\.501,00\n/);
    // The portfolio groups positions by currency, each group with its own total and weights.
    const lines = portfolio!.split('\n');
    expect(portfolio).toContain('Portfolio (EUR, USD)');
    expect(lines.findIndex((l) => l.startsWith('SAN.MC'))).toBeLessThan(lines.findIndex((l) => l.startsWith('Total EUR')));
    expect(lines.findIndex((l) => l.startsWith('Total EUR'))).toBeLessThan(lines.findIndex((l) => l.startsWith('AAPL')));
    expect(lines.findIndex((l) => l.startsWith('AAPL'))).toBeLessThan(lines.findIndex((l) => l.startsWith('Total USD')));
    expect(lines.filter((l) => /^100%\s/.test(l))).toHaveLength(2);
    // No total row over both currencies (`Total 3,718 ...`): only `Total EUR` and `Total USD`.
    expect(lines.filter((l) => /^Total\s/.test(l)).map((l) => l.split(/\s+/)[1])).toEqual(['EUR', 'USD']);
  });
});
