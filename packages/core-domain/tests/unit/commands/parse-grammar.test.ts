// The edges of the command grammar and every refusal's whole message in both languages: the cases
// the first mutation run of parse.ts found untested (docs/core-domain.md, "Mutation testing").
import { isCalendarDate, isCommandText, parseCommand, type ParseOptions } from '../../../src/commands/parse';
import type { Command, UsageError } from '../../../src/types/commands';

/** What follows the command word in each grammar line (the catalogue's `usage`), by command. */
const GRAMMAR = {
  buy: 'TICKER QTY PRICE [FEES] [YYYY-MM-DD]',
  dividend: 'TICKER AMOUNT [WITHHELD] [YYYY-MM-DD]',
  performance: '[1m|3m|ytd|1y|all]',
  tips: '[add TICKER text|remove ID]',
  chart: 'TICKER|portfolio [6m|1y]',
  alert: 'TICKER below|above PRICE | TICKER drawdown PCT | remove ID',
  notify: '[morning|scan|rules|prices|alerts|all on|silent|off] [quiet HH:MM-HH:MM|off]',
} as const;

interface Refusal {
  readonly text: string;
  readonly opts?: ParseOptions;
  readonly grammar: keyof typeof GRAMMAR;
  readonly code: UsageError['code'];
  /** The explanation, before the grammar line. */
  readonly en: string;
  readonly es: string;
  readonly example: string;
}

function refusal(text: string, opts: ParseOptions): UsageError {
  const result = parseCommand(text, opts);
  if (result.ok) throw new Error(`expected ${text} to be refused, got ${JSON.stringify(result.value)}`);
  return result.error;
}

function accepted(text: string, opts?: ParseOptions): Command {
  const result = parseCommand(text, opts);
  if (!result.ok) throw new Error(`expected ${text} to parse, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** A command with its decimals written out, for `toEqual`. */
function plain(command: Command): Record<string, unknown> {
  return Object.fromEntries(Object.entries(command).map(([k, v]) => [k, typeof v === 'object' && v !== null && 'toFixed' in v ? (v as { toFixed(): string }).toFixed() : v]));
}

const PRICE_EN = (typed: string) => `The price "${typed}" must be a number greater than 0, such as 182.50 or 182,50.`;
const PRICE_ES = (typed: string) => `El precio "${typed}" debe ser un número mayor que 0, como 182.50 o 182,50.`;
const FEES_EN = (typed: string) => `The fees "${typed}" must be a number, 0 or more.`;
const FEES_ES = (typed: string) => `Las comisiones "${typed}" deben ser un número igual o mayor que 0.`;
const WITHHELD_EN = (typed: string) => `The tax withheld "${typed}" must be a number, 0 or more.`;
const WITHHELD_ES = (typed: string) => `La retención "${typed}" debe ser un número igual o mayor que 0.`;
const DIVIDEND_DATE_EN = (typed: string) => `"${typed}" is not a calendar date written YYYY-MM-DD, last.`;
const DIVIDEND_DATE_ES = (typed: string) => `"${typed}" no es una fecha real en formato YYYY-MM-DD, al final.`;

/** A price refused with a hint on how to write it (`hint.en`, `hint.es`), or none. */
function badPrice(typed: string, hint: { en: string; es: string } = { en: '', es: '' }): Refusal {
  return { text: `/buy AAPL 10 ${typed}`, grammar: 'buy', code: 'BAD_NUMBER', en: PRICE_EN(typed) + hint.en, es: PRICE_ES(typed) + hint.es, example: '/buy AAPL 10 182.50' };
}
const exponentHint = (digits: string) => ({ en: ` Write it out without an exponent: ${digits}.`, es: ` Escríbelo sin exponente: ${digits}.` });
const groupedHint = (digits: string) => ({ en: ` Write it without thousands separators: ${digits}.`, es: ` Escríbelo sin separadores de miles: ${digits}.` });

describe('Function: parseCommand, every refusal in full', () => {
  const refusals: readonly Refusal[] = [
    // Trades
    { text: '/buy', grammar: 'buy', code: 'MISSING_ARGUMENT', en: '/buy needs a ticker, a quantity and a price.', es: '/buy necesita un ticker, una cantidad y un precio.', example: '/buy AAPL 10 182.50' },
    {
      text: '/buy AAPL ten 182.50',
      grammar: 'buy',
      code: 'BAD_NUMBER',
      en: 'The quantity "ten" must be a number greater than 0, such as 10 or 0,5.',
      es: 'La cantidad "ten" debe ser un número mayor que 0, como 10 o 0,5.',
      example: '/buy AAPL 10 182.50',
    },
    {
      text: '/buy AAPL +5 182.50',
      grammar: 'buy',
      code: 'BAD_NUMBER',
      en: 'The quantity "+5" must be a number greater than 0, such as 10 or 0,5.',
      es: 'La cantidad "+5" debe ser un número mayor que 0, como 10 o 0,5.',
      example: '/buy AAPL 10 182.50',
    },
    {
      // 25 characters: longer than any amount typed on purpose (quoted cut to 21 and "...").
      text: `/buy AAPL 1${'0'.repeat(24)} 182.50`,
      grammar: 'buy',
      code: 'BAD_NUMBER',
      en: `The quantity "1${'0'.repeat(20)}..." must be a number greater than 0, such as 10 or 0,5.`,
      es: `La cantidad "1${'0'.repeat(20)}..." debe ser un número mayor que 0, como 10 o 0,5.`,
      example: '/buy AAPL 10 182.50',
    },
    {
      text: '/buy AAPL 10 182.50 2024-03-15 1',
      grammar: 'buy',
      code: 'BAD_DATE',
      en: 'The date goes last, after the fees.',
      es: 'La fecha va al final, después de las comisiones.',
      example: '/buy AAPL 10 182.50 1.50 2024-03-15',
    },
    {
      // Before the example's own date, the example uses today, so that it parses.
      text: '/buy AAPL 10 182.50 1 2 3',
      opts: { today: '2020-01-01' },
      grammar: 'buy',
      code: 'TOO_MANY_ARGUMENTS',
      en: '/buy takes at most fees and a date after the price.',
      es: '/buy solo admite comisiones y una fecha después del precio.',
      example: '/buy AAPL 10 182.50 1.50 2020-01-01',
    },
    // Fees that only contain a date are fees, not a date.
    ...['x2024-01-01', '2024-01-01x', '15/03/2024x'].map(
      (typed): Refusal => ({ text: `/buy AAPL 10 182.50 ${typed}`, grammar: 'buy', code: 'BAD_NUMBER', en: FEES_EN(typed), es: FEES_ES(typed), example: '/buy AAPL 10 182.50 1.50' }),
    ),
    // Numbers written another way: how to write them, or nothing when they are not numbers at all.
    badPrice('12e2', exponentHint('1200')),
    badPrice('1.25e2', exponentHint('125')),
    badPrice('.25e2', exponentHint('25')),
    badPrice('1e+3', exponentHint('1000')),
    badPrice('1e10', exponentHint('10000000000')),
    badPrice('1e23', exponentHint(`1${'0'.repeat(23)}`)),
    // 24 characters, the longest number given a hint: its 31 digits are too many to show.
    badPrice(`1${'0'.repeat(20)}e10`, { en: ' Write it out in digits, without an exponent.', es: ' Escríbelo con todas sus cifras, sin exponente.' }),
    {
      // 25 characters: no hint (and quoted cut to 21 and "...").
      text: `/buy AAPL 10 1${'0'.repeat(21)}e10`,
      grammar: 'buy',
      code: 'BAD_NUMBER',
      en: PRICE_EN(`1${'0'.repeat(20)}...`),
      es: PRICE_ES(`1${'0'.repeat(20)}...`),
      example: '/buy AAPL 10 182.50',
    },
    badPrice('0e5'),
    badPrice('x1e5'),
    badPrice('1e5x'),
    badPrice('10.000,50', groupedHint('10000,50')),
    badPrice('1.000.000', groupedHint('1000000')),
    badPrice('0.000'),
    badPrice('1.000.5'),
    badPrice('x1.000,50'),
    badPrice('1.000,50x'),
    // /performance
    {
      text: '/performance 1m 3m',
      grammar: 'performance',
      code: 'TOO_MANY_ARGUMENTS',
      en: '/performance takes at most one period.',
      es: '/performance admite como máximo un periodo.',
      example: '/performance ytd',
    },
    {
      text: '/performance 2y',
      grammar: 'performance',
      code: 'BAD_SUBCOMMAND',
      en: '"2y" is not a period: use 1m, 3m, ytd, 1y or all.',
      es: '"2y" no es un periodo: usa 1m, 3m, ytd, 1a (un año) o todo.',
      example: '/performance ytd',
    },
    // /tips remove
    ...['x5', '5x'].map(
      (typed): Refusal => ({
        text: `/tips remove ${typed}`,
        grammar: 'tips',
        code: 'BAD_NUMBER',
        en: `"${typed}" is not a note number (1, 2, 3...).`,
        es: `"${typed}" no es un número de nota (1, 2, 3...).`,
        example: '/tips remove 3',
      }),
    ),
    // /dividend
    { text: '/dividend KO', grammar: 'dividend', code: 'MISSING_ARGUMENT', en: '/dividend needs a ticker and the amount received.', es: '/dividend necesita un ticker y el importe cobrado.', example: '/dividend KO 12.40' },
    {
      text: '/dividend ^GSPC 10',
      grammar: 'dividend',
      code: 'BAD_TICKER',
      en: '"^GSPC" is not a valid ticker (Yahoo style, e.g. AAPL, BRK-B, SAN.MC).',
      es: '"^GSPC" no es un ticker válido (formato Yahoo, p. ej. AAPL, BRK-B, SAN.MC).',
      example: '/dividend KO 12.40',
    },
    {
      text: '/dividend KO 0',
      grammar: 'dividend',
      code: 'BAD_NUMBER',
      en: 'The amount "0" must be a number greater than 0, such as 12.40 or 12,40.',
      es: 'El importe "0" debe ser un número mayor que 0, como 12.40 o 12,40.',
      example: '/dividend KO 12.40',
    },
    {
      text: '/dividend ko 10 1 2024-01-01 x',
      grammar: 'dividend',
      code: 'TOO_MANY_ARGUMENTS',
      en: '/dividend takes at most the tax withheld and a date after the amount.',
      es: '/dividend solo admite la retención y una fecha después del importe.',
      example: '/dividend KO 12.40 2.19 2024-03-15',
    },
    ...['2023-02-29', '15/03/2024'].map(
      (typed): Refusal => ({ text: `/dividend KO 10 ${typed}`, grammar: 'dividend', code: 'BAD_DATE', en: DIVIDEND_DATE_EN(typed), es: DIVIDEND_DATE_ES(typed), example: '/dividend KO 12.40 2024-03-15' }),
    ),
    { text: '/dividend KO 10 2024-01-01 2', grammar: 'dividend', code: 'BAD_DATE', en: DIVIDEND_DATE_EN('2024-01-01'), es: DIVIDEND_DATE_ES('2024-01-01'), example: '/dividend KO 12.40 2024-03-15' },
    {
      text: '/dividend KO 10 2030-01-02',
      opts: { today: '2030-01-01' },
      grammar: 'dividend',
      code: 'BAD_DATE',
      en: '2030-01-02 is in the future (today is 2030-01-01).',
      es: '2030-01-02 es una fecha futura (hoy es 2030-01-01).',
      example: '/dividend KO 12.40 2030-01-01',
    },
    // A withholding that only contains a date is a withholding, and a second one is refused.
    ...['x', 'x2024-01-01', '2024-01-01x', '15/03/2024x'].map(
      (typed): Refusal => ({ text: `/dividend KO 10 ${typed}`, grammar: 'dividend', code: 'BAD_NUMBER', en: WITHHELD_EN(typed), es: WITHHELD_ES(typed), example: '/dividend KO 12.40 2.19' }),
    ),
    { text: '/dividend KO 10 1 2', grammar: 'dividend', code: 'BAD_NUMBER', en: WITHHELD_EN('2'), es: WITHHELD_ES('2'), example: '/dividend KO 12.40 2.19' },
    // /chart
    { text: '/chart', grammar: 'chart', code: 'MISSING_ARGUMENT', en: '/chart needs a ticker, or "portfolio".', es: '/chart necesita un ticker, o "cartera".', example: '/chart KO 1y' },
    { text: '/chart KO 1y extra', grammar: 'chart', code: 'TOO_MANY_ARGUMENTS', en: '/chart takes a ticker and a period.', es: '/chart admite un ticker y un periodo.', example: '/chart KO 1y' },
    { text: '/chart KO 2y', grammar: 'chart', code: 'BAD_SUBCOMMAND', en: '"2y" is not a period: use 6m or 1y.', es: '"2y" no es un periodo: usa 6m o 1y.', example: '/chart KO 1y' },
    // /alert
    {
      text: '/alert',
      grammar: 'alert',
      code: 'MISSING_ARGUMENT',
      en: '/alert needs a ticker, a condition (below, above or drawdown) and a number.',
      es: '/alert necesita un ticker, una condición (bajo, sobre o caida) y un número.',
      example: '/alert KO below 58',
    },
    {
      text: '/alert remove',
      grammar: 'alert',
      code: 'MISSING_ARGUMENT',
      en: 'Say which alert to remove by its number (see /alerts).',
      es: 'Indica qué alerta quitar por su número (consulta /alertas).',
      example: '/alert remove 3',
    },
    { text: '/alert remove 1 2', grammar: 'alert', code: 'TOO_MANY_ARGUMENTS', en: 'Remove one alert at a time, by its number.', es: 'Quita las alertas de una en una, por su número.', example: '/alert remove 3' },
    ...['0', 'x5', '5x'].map(
      (typed): Refusal => ({
        text: `/alert remove ${typed}`,
        grammar: 'alert',
        code: 'BAD_NUMBER',
        en: `"${typed}" is not an alert number (1, 2, 3...).`,
        es: `"${typed}" no es un número de alerta (1, 2, 3...).`,
        example: '/alert remove 3',
      }),
    ),
    {
      text: '/alert ^GSPC below 5',
      grammar: 'alert',
      code: 'BAD_TICKER',
      en: '"^GSPC" is not a valid ticker (Yahoo style, e.g. AAPL, BRK-B, SAN.MC).',
      es: '"^GSPC" no es un ticker válido (formato Yahoo, p. ej. AAPL, BRK-B, SAN.MC).',
      example: '/alert KO below 58',
    },
    { text: '/alert ko below', grammar: 'alert', code: 'MISSING_ARGUMENT', en: 'After KO, say below, above or drawdown and a number.', es: 'Después de KO, indica bajo, sobre o caida y un número.', example: '/alert KO below 58' },
    { text: '/alert KO below 5 6', grammar: 'alert', code: 'TOO_MANY_ARGUMENTS', en: '/alert takes a ticker, a condition and one number.', es: '/alert admite un ticker, una condición y un número.', example: '/alert KO below 58' },
    ...['0', '2%0'].map(
      (typed): Refusal => ({
        text: `/alert KO drawdown ${typed}`,
        grammar: 'alert',
        code: 'BAD_NUMBER',
        en: `The drawdown "${typed}" must be a percentage above 0 and under 100.`,
        es: `La caída "${typed}" debe ser un porcentaje mayor que 0 y menor que 100.`,
        example: '/alert KO drawdown 20',
      }),
    ),
    { text: '/alert KO sideways 5', grammar: 'alert', code: 'BAD_SUBCOMMAND', en: '"sideways" is not below, above or drawdown.', es: '"sideways" no es bajo, sobre ni caida.', example: '/alert KO below 58' },
    {
      text: '/alert KO above 0',
      grammar: 'alert',
      code: 'BAD_NUMBER',
      en: 'The price "0" must be a number greater than 0, such as 58 or 58,50.',
      es: 'El precio "0" debe ser un número mayor que 0, como 58 o 58,50.',
      example: '/alert KO above 58',
    },
    // /notify
    { text: '/notify quiet', grammar: 'notify', code: 'MISSING_ARGUMENT', en: 'Say the quiet hours as HH:MM-HH:MM, or off.', es: 'Indica las horas de descanso como HH:MM-HH:MM, u off.', example: '/notify quiet 22:00-07:00' },
    {
      text: '/notify quiet 22:00-07:00 now',
      grammar: 'notify',
      code: 'TOO_MANY_ARGUMENTS',
      en: 'Quiet hours are one span, HH:MM-HH:MM.',
      es: 'Las horas de descanso son un solo tramo, HH:MM-HH:MM.',
      example: '/notify quiet 22:00-07:00',
    },
    {
      text: '/notify quiet late',
      grammar: 'notify',
      code: 'BAD_NUMBER',
      en: '"late" is not a span of two different times HH:MM-HH:MM (24-hour).',
      es: '"late" no es un tramo de dos horas distintas HH:MM-HH:MM (24 horas).',
      example: '/notify quiet 22:00-07:00',
    },
    {
      text: '/notify lunch on',
      grammar: 'notify',
      code: 'BAD_SUBCOMMAND',
      en: '"lunch" is not morning, scan, rules, prices, alerts, all or quiet.',
      es: '"lunch" no es mañana, escaneo, reglas, precios, alertas, todo ni descanso.',
      example: '/notify scan silent',
    },
    { text: '/notify scan', grammar: 'notify', code: 'MISSING_ARGUMENT', en: 'After scan, say on, silent or off.', es: 'Después de scan, indica on, silencio u off.', example: '/notify scan silent' },
    { text: '/notify scan on now', grammar: 'notify', code: 'TOO_MANY_ARGUMENTS', en: '/notify takes a kind and on, silent or off.', es: '/notify admite un tipo y on, silencio u off.', example: '/notify scan silent' },
    { text: '/notify scan loud', grammar: 'notify', code: 'BAD_SUBCOMMAND', en: '"loud" is not on, silent or off.', es: '"loud" no es on, silencio ni off.', example: '/notify scan silent' },
  ];

  it.each(refusals.map((r) => [r.text, r] as const))('refuses %p saying why, in English and in Spanish', (_text, r) => {
    // Prepare
    const word = r.text.split(' ')[0]!;
    // Act
    const en = refusal(r.text, { ...r.opts, language: 'en' });
    const es = refusal(r.text, { ...r.opts, language: 'es' });
    // Assess
    expect(en).toEqual({ code: r.code, message: `${r.en} Usage: ${word} ${GRAMMAR[r.grammar]}`, example: r.example, command: word.slice(1) });
    expect(es).toEqual({ code: r.code, message: `${r.es} Uso: ${word} ${GRAMMAR[r.grammar]}`, example: r.example, command: word.slice(1) });
  });

  it('answers a command addressed to another bot with /help as the example', () => {
    // Act
    const error = refusal('/portfolio@other_bot', { botUsername: 'tradebot_bot' });
    // Assess
    expect(error).toEqual({ code: 'NOT_A_COMMAND', message: 'This command is addressed to @other_bot, not to this bot.', example: '/help', command: 'portfolio' });
  });
});

describe('Function: parseCommand, /dividend', () => {
  it.each([
    ['/dividend ko 12,40', {}, { name: 'dividend', symbol: 'KO', amount: '12.4', withholding: '0' }],
    ['/dividend KO 12.40 2.19', {}, { name: 'dividend', symbol: 'KO', amount: '12.4', withholding: '2.19' }],
    ['/dividendo KO 12.40 0 2024-02-29', {}, { name: 'dividend', symbol: 'KO', amount: '12.4', withholding: '0', date: '2024-02-29' }],
    ['/dividend KO 12.40 2024-01-01', { today: '2030-01-01' }, { name: 'dividend', symbol: 'KO', amount: '12.4', withholding: '0', date: '2024-01-01' }],
    ['/dividend KO 12.40 1,5 2030-01-01', { today: '2030-01-01' }, { name: 'dividend', symbol: 'KO', amount: '12.4', withholding: '1.5', date: '2030-01-01' }],
  ] as const)('reads %p (options %j)', (text, opts, expected) => {
    // Act
    const command = accepted(text, opts);
    // Assess
    expect(plain(command)).toEqual(expected);
  });
});

describe('Function: parseCommand, the edges of the grammar', () => {
  it('reads arguments separated by several spaces', () => {
    // Act
    const command = accepted('/buy AAPL  10   182.50');
    // Assess
    expect(plain(command)).toEqual({ name: 'trade', side: 'buy', symbol: 'AAPL', quantity: '10', price: '182.5', fees: '0' });
  });

  it('reads a quantity of 24 characters, the longest it takes', () => {
    // Act
    const command = accepted(`/buy AAPL 1${'0'.repeat(23)} 1`);
    // Assess
    expect(plain(command)).toMatchObject({ quantity: `1${'0'.repeat(23)}` });
  });

  it('accepts its own @botname when configured with the @', () => {
    // Act
    const command = accepted('/portfolio@TradeBot_bot', { botUsername: '@tradebot_bot' });
    // Assess
    expect(command).toEqual({ name: 'portfolio' });
  });

  it('refuses a value that is not a string as not a command (a caller outside TypeScript)', () => {
    // Act
    const result = parseCommand(undefined as unknown as string);
    // Assess
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_A_COMMAND', example: '/help' } });
  });

  it('removes notes and alerts by numbers of several digits, from 1, with or without #', () => {
    // Act / Assess
    expect(accepted('/tips remove 12')).toEqual({ name: 'tips', action: 'remove', id: 12 });
    expect(accepted('/tips remove 1')).toEqual({ name: 'tips', action: 'remove', id: 1 });
    expect(accepted('/alert remove #12')).toEqual({ name: 'alert', action: 'remove', id: 12 });
    expect(accepted('/alert remove 1')).toEqual({ name: 'alert', action: 'remove', id: 1 });
  });
});

describe('Function: isCommandText, anchors', () => {
  it('wants the slash first, after any spaces', () => {
    // Act / Assess
    expect(isCommandText('/buy')).toBe(true);
    expect(isCommandText('  /buy')).toBe(true);
    expect(isCommandText('see /buy')).toBe(false);
  });
});

describe('Function: isCalendarDate, bounds', () => {
  it('starts in 1900 and has no day 0', () => {
    // Act / Assess
    expect(isCalendarDate('1899-12-31')).toBe(false);
    expect(isCalendarDate('1900-01-01')).toBe(true);
    expect(isCalendarDate('2024-01-00')).toBe(false);
  });
});
