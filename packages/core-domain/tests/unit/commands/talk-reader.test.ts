// The deterministic reader's alternative spellings and bounds, each as a user would type it: the
// cases the mutation runs of talk.ts found read in one spelling only (docs/core-domain.md, "Mutation testing").
import { toPlain } from '../../../src/decimal';
import { intentToToolInput, readPlainTrade, resolveIntentDate, type TradeIntent } from '../../../src/commands/talk';

/** What the reader understood, in words: quantity `10`, `half` or `all`; date `today`, `yesterday`, `last-<0..6>` or a day. */
interface Reading {
  readonly side: 'buy' | 'sell';
  readonly symbol: string;
  readonly quantity: string | null;
  readonly price: string | null;
  readonly fees: string | null;
  readonly date: string | null;
}

function readingOf(intent: TradeIntent | null): Reading | null {
  if (!intent) return null;
  const { quantity: q, date: d } = intent;
  return {
    side: intent.side,
    symbol: intent.symbol,
    quantity: q === null ? null : q.kind === 'exact' ? toPlain(q.value) : q.kind,
    price: intent.price ? toPlain(intent.price) : null,
    fees: intent.fees ? toPlain(intent.fees) : null,
    date: d === null ? null : d.kind === 'last-weekday' ? `last-${d.weekday}` : d.kind === 'day' ? d.day : d.kind,
  };
}

const trade = (side: 'buy' | 'sell', symbol: string, quantity: string, price: string | null, more: { fees?: string; date?: string } = {}): Reading => ({
  side,
  symbol,
  quantity,
  price,
  fees: more.fees ?? null,
  date: more.date ?? null,
});

describe('Function: readPlainTrade (alternative spellings)', () => {
  const readings: ReadonlyArray<readonly [string, Reading]> = [
    // Fees after con / with / plus, before or after the price, and a fee of zero said as such.
    ['sold 3 MSFT at 410 plus 1 fee', trade('sell', 'MSFT', '3', '410', { fees: '1' })],
    ['bought 5 AAPL with 1 fee at 180', trade('buy', 'AAPL', '5', '180', { fees: '1' })],
    ['bought 5 AAPL at 180 with 0 fees', trade('buy', 'AAPL', '5', '180', { fees: '0' })],
    ['sell 2 MSFT 415 fees 0', trade('sell', 'MSFT', '2', '415', { fees: '0' })],
    ['sold 2 MSFT commission 1 at 415', trade('sell', 'MSFT', '2', '415', { fees: '1' })],
    ['bought 5 AAPL at 180 and fees 1.5', trade('buy', 'AAPL', '5', '180', { fees: '1.5' })],
    ['compré 5 AAPL a 180 y comisión 1,5', trade('buy', 'AAPL', '5', '180', { fees: '1.5' })],
    // Dates: today in both languages, a date before a bare price, after "on" or "el".
    ['vendo 3 KO a 61 hoy', trade('sell', 'KO', '3', '61', { date: 'today' })],
    ['sold 3 KO at 61 today', trade('sell', 'KO', '3', '61', { date: 'today' })],
    ['bought 2 NVDA 2026-11-02 120', trade('buy', 'NVDA', '2', '120', { date: '2026-11-02' })],
    ['bought 3 KO yesterday 60', trade('buy', 'KO', '3', '60', { date: 'yesterday' })],
    ['bought 2 NVDA at 120 on 2026-11-02', trade('buy', 'NVDA', '2', '120', { date: '2026-11-02' })],
    ['compré 2 NVDA a 120 el 2026-11-02', trade('buy', 'NVDA', '2', '120', { date: '2026-11-02' })],
    // Currency words and signs around the price, and "shares" after the ticker.
    ['sold 20 MSFT at 405 dollars', trade('sell', 'MSFT', '20', '405')],
    ['sold 20 MSFT at 405 usd', trade('sell', 'MSFT', '20', '405')],
    ['vendí 2 MSFT a 405 dólares', trade('sell', 'MSFT', '2', '405')],
    ['compré 100 SAN.MC a 4,10 euros', trade('buy', 'SAN.MC', '100', '4.1')],
    ['compré 100 SAN.MC a 4,10 eur', trade('buy', 'SAN.MC', '100', '4.1')],
    ['compré 100 SAN.MC a 4,10 €', trade('buy', 'SAN.MC', '100', '4.1')],
    ['compré 100 SAN.MC a 4,10€', trade('buy', 'SAN.MC', '100', '4.1')],
    ['bought 10 AAPL shares at 180', trade('buy', 'AAPL', '10', '180')],
    ['compré 10 AAPL acciones a 180', trade('buy', 'AAPL', '10', '180')],
    // Quantities in words.
    ['sold half NVDA at 140', trade('sell', 'NVDA', 'half', '140')],
    ['vendí todos mis KO a 62', trade('sell', 'KO', 'all', '62')],
    ['vendí todo mi KO a 62', trade('sell', 'KO', 'all', '62')],
    ['sold everything of my KO at 62', trade('sell', 'KO', 'all', '62')],
    // Tickers: a cashtag, five capitals.
    ['buy 10 $AAPL at 180', trade('buy', 'AAPL', '10', '180')],
    ['buy 2 GOOGL at 170', trade('buy', 'GOOGL', '2', '170')],
    // Punctuation: Spanish exclamation marks around and between the words, commas after words.
    ['¡Vendí 5 NVDA a 142!', trade('sell', 'NVDA', '5', '142')],
    ['¡Compré 10 AAPL!¡A 182,50 ayer!', trade('buy', 'AAPL', '10', '182.5', { date: 'yesterday' })],
    ['compré 10 AAPL, a 182,50', trade('buy', 'AAPL', '10', '182.5')],
    ['sold 3 MSFT at 410, with 1 fee', trade('sell', 'MSFT', '3', '410', { fees: '1' })],
  ];

  it.each(readings)('reads "%s"', (text, expected) => {
    // Act / Assess
    expect(readingOf(readPlainTrade(text))).toEqual(expected);
  });

  it.each([
    // A name or a symbol it cannot take for a ticker, a verb it does not know.
    ['bought 5 3M at 100', 'a name that starts with a digit (3M is MMM)'],
    ['buy 10 AA$PL at 180', 'a currency sign inside the ticker'],
    ['short 10 AAPL at 180', 'a verb that is neither buy nor sell'],
    ['vendí la posición de NVDA a 150', '"la" not followed by "mitad"'],
    ['vendí su mitad de NVDA a 150', '"mitad" after another word than "la" (whose half?)'],
    // Amounts: a sign or a currency sign inside the number.
    ['buy 10 AAPL at 1$82', 'a currency sign inside the price'],
    ['buy 10 AAPL at 182€50', 'a euro sign inside the price'],
    ['buy 10 AAPL at +182', 'a price with a plus sign'],
    ['sold 3 MSFT at 410 fees -0', 'a fee with a minus sign'],
    // Fees: an amount after con / with / plus that is not called a fee, or two fees.
    ['bought 5 AAPL with 900 dollars', 'an amount after "with" that is no fee'],
    ['sold 3 MSFT at 410 plus 2 yesterday', 'an amount after "plus" that is no fee'],
    ['sold 3 MSFT at 410 with 1 fee plus 2 fees', 'two fees after with/plus'],
    ['sold 3 MSFT at 410 with 1 fee, commission 2', 'two fees, the second after the fee word'],
    ['sold 3 MSFT at 410 at 420', 'two prices'],
    // Dates: two dates, or a weekday without "last" or "pasado".
    ['bought 3 KO at 60 yesterday today', 'two dates'],
    ['bought 3 KO at 60 last week', '"last" before a word that is no weekday'],
    ['bought 3 KO at 60 this friday', 'a weekday after another word than "last"'],
    ['compré 1 KO a 59 el lunes', 'a weekday without "pasado"'],
    ['compré 1 KO a 59 el mes pasado', '"pasado" after a word that is no weekday'],
  ])('leaves "%s" to the model: %s', (text) => {
    // Act / Assess
    expect(readPlainTrade(text)).toBeNull();
  });
});

describe('Function: readPlainTrade (bounds)', () => {
  it('reads a message of 200 characters and leaves a longer one to the model', () => {
    // Prepare: the padding is spaces between the ticker and the price, as a pasted message may have.
    const of = (length: number): string => `buy 10 AAPL${' '.repeat(length - 'buy 10 AAPL'.length - ' at 180'.length)} at 180`;
    // Act / Assess
    expect(of(200)).toHaveLength(200);
    expect(readingOf(readPlainTrade(of(200)))).toEqual(trade('buy', 'AAPL', '10', '180'));
    expect(readPlainTrade(of(201))).toBeNull();
  });

  it('reads a price of 24 characters and leaves a longer one to the model', () => {
    // Prepare
    const price24 = `182.${'5'.repeat(20)}`;
    // Act / Assess
    expect(price24).toHaveLength(24);
    expect(readingOf(readPlainTrade(`buy 10 AAPL at ${price24}`))?.price).toBe(price24);
    expect(readPlainTrade(`buy 10 AAPL at ${price24}5`)).toBeNull();
  });

  it('reads a ticker of 15 characters and leaves a longer one to the model', () => {
    // Act / Assess
    expect(readingOf(readPlainTrade('buy 10 ABCDEFGHIJ-B.MC at 5'))?.symbol).toBe('ABCDEFGHIJ-B.MC');
    expect(readPlainTrade('buy 10 ABCDEFGHIJ-BC.MC at 5')).toBeNull();
  });

  it('returns null for a message that is not text rather than throwing', () => {
    // Act / Assess: the caller's types say string; a payload slipping through unchecked must not crash the reader.
    expect(readPlainTrade(42 as unknown as string)).toBeNull();
  });
});

describe('Function: resolveIntentDate and intentToToolInput', () => {
  it("names today's own day for today", () => {
    // Act / Assess
    expect(resolveIntentDate({ kind: 'today' }, '2026-11-26')).toBe('2026-11-26');
  });

  it('keeps an exact quantity and today as plain text in a stored proposal', () => {
    // Act
    const stored = intentToToolInput(readPlainTrade('vendo 3 KO a 61 hoy')!, '2026-11-26');
    // Assess
    expect(stored).toEqual({ side: 'sell', ticker: 'KO', quantity: '3', price: '61', fees: null, date: '2026-11-26' });
  });
});
