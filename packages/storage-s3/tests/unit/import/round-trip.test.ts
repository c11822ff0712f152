import { dec, type LedgerEntry } from '@tradebot/core-domain';
import fc from 'fast-check';
import { ledgerToCsv, parseLooseDecimal, parseTradeHistoryCsv } from '../../../src';

const trade = (seq: number, side: 'buy' | 'sell', quantity: string, price: string): LedgerEntry => ({
  seq,
  recordedAt: `2026-01-0${seq}T10:00:00.000Z`,
  kind: 'trade',
  trade: { side, symbol: 'SAN.MC', quantity: dec(quantity), price: dec(price), fees: dec('0.35'), currency: 'EUR', executedAt: `2026-01-0${seq}T09:30:00.000Z` },
  updateId: 100 + seq,
});

describe('Function: parseTradeHistoryCsv on tradebot\'s own export', () => {
  it('reads back every trade that counts and leaves out undone trades with their undo rows', () => {
    // Prepare
    const ledger: LedgerEntry[] = [
      trade(1, 'buy', '10', '3.912'),
      trade(2, 'buy', '0.5', '4'),
      trade(3, 'sell', '4', '4.1'),
      { seq: 4, recordedAt: '2026-01-04T10:00:00.000Z', kind: 'void', voids: 2, reason: 'typo' },
    ];

    // Act
    const parsed = parseTradeHistoryCsv(ledgerToCsv(ledger));

    // Assess
    expect(parsed.rowErrors).toEqual([]);
    expect(parsed.voidedLines).toEqual([3, 5]);
    expect(parsed.unmappedColumns).toEqual(['recorded_at', 'update_id', 'import_id', 'withholding', 'split_ratio']);
    expect(parsed.drafts.map((d) => d.kind === 'trade' && [d.trade.side, d.trade.quantity.toFixed(), d.trade.price.toFixed(), d.trade.fees.toFixed(), d.trade.currency, d.trade.executedAt])).toEqual([
      ['buy', '10', '3.912', '0.35', 'EUR', '2026-01-01T09:30:00.000Z'],
      ['sell', '4', '4.1', '0.35', 'EUR', '2026-01-03T09:30:00.000Z'],
    ]);
  });
});

/** A day and time as a broker export writes them, and the instant it means (UTC). */
const when = fc
  .record({ y: fc.integer({ min: 2000, max: 2030 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), hh: fc.integer({ min: 0, max: 23 }), mm: fc.integer({ min: 0, max: 59 }), style: fc.constantFrom('iso', 'day-first', 'iso-time') })
  .map(({ y, m, d, hh, mm, style }) => {
    const [M, D, H, MM] = [m, d, hh, mm].map((n) => String(n).padStart(2, '0'));
    const timed = style === 'iso-time';
    return {
      text: style === 'day-first' ? `${D}/${M}/${y}` : timed ? `${y}-${M}-${D} ${H}:${MM}` : `${y}-${M}-${D}`,
      iso: `${y}-${M}-${D}T${timed ? `${H}:${MM}` : '00:00'}:00.000Z`,
    };
  });

/** A positive amount written with a point or a decimal comma (the file is semicolon-separated). */
const amount = fc.record({ units: fc.integer({ min: 1, max: 10_000_000 }), scale: fc.integer({ min: 0, max: 4 }), comma: fc.boolean() }).map(({ units, scale, comma }) => {
  const plain = dec(units).div(10 ** scale).toFixed();
  return { text: comma ? plain.replace('.', ',') : plain, value: plain };
});

/** A ticker as people type it, and its Yahoo symbol. */
const ticker = fc.constantFrom(['AAPL', 'AAPL'], ['brk.b', 'BRK-B'], ['$msft', 'MSFT'], ['SAN.MC', 'SAN.MC'], ['brk/b', 'BRK-B']);
const side = fc.constantFrom(['buy', 'buy'], ['Compra', 'buy'], ['C', 'buy'], ['SELL', 'sell'], ['venta', 'sell'], ['v', 'sell']);

/** A readable trade row, with the trade it must be read as. */
const goodRow = fc.record({ when, ticker, side, quantity: amount, price: amount, fees: amount }).map((r) => ({
  cells: [r.when.text, r.ticker[0], r.side[0], r.quantity.text, r.price.text, r.fees.text],
  expected: [r.side[1], r.ticker[1], r.quantity.value, r.price.value, r.fees.value, 'EUR', r.when.iso],
}));

/** A row with one cell no reader could take (which one varies). */
const badRow = fc.tuple(goodRow, fc.constantFrom([0, 'yesterday'], [0, '31/02/2024'], [1, '^GSPC'], [2, 'hold'], [3, 'ten'], [3, '0'], [4, 'x'], [5, 'free'])).map(([row, [column, junk]]) => {
  const cells = [...row.cells];
  cells[column as number] = junk as string;
  return { cells };
});

type Line = { readonly kind: 'good'; readonly cells: string[]; readonly expected: string[] } | { readonly kind: 'bad'; readonly cells: string[] } | { readonly kind: 'blank' };

/** The data lines of a semicolon-separated broker export: about half readable, the rest broken or blank. */
const lines: fc.Arbitrary<Line[]> = fc.array(
  fc.oneof(
    { arbitrary: goodRow.map((r) => ({ kind: 'good' as const, ...r })), weight: 5 },
    { arbitrary: badRow.map((r) => ({ kind: 'bad' as const, ...r })), weight: 4 },
    { arbitrary: fc.constant({ kind: 'blank' as const }), weight: 1 },
  ),
  { minLength: 1, maxLength: 12 },
);

describe('Property: import parsing', () => {
  it('never throws on arbitrary text, and reads no row without a positive quantity', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 20 }), { maxLength: 6 }), (cells) => {
        const text = `fecha;ticker;tipo;cantidad;precio\n${cells.join(';')}\n`;
        const parsed = parseTradeHistoryCsv(text);
        const dataLines = parsed.rows.length + parsed.rowErrors.length;
        expect(dataLines).toBeLessThanOrEqual(Math.max(1, text.split('\n').length));
        for (const row of parsed.rows) expect(row.draft.trade.quantity.gt(0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reads every readable row as the trade written, and reports every broken row by its line, skipping blank ones', () => {
    fc.assert(
      fc.property(lines, (data) => {
        // Prepare
        const text = ['fecha;ticker;tipo;cantidad;precio;comisión', ...data.map((line) => (line.kind === 'blank' ? '' : line.cells.join(';')))].join('\n');
        // Act
        const parsed = parseTradeHistoryCsv(text, { defaultCurrency: 'eur' });
        // Assess: line numbers count the header as line 1
        const lineOf = (kind: Line['kind']): number[] => data.flatMap((line, i) => (line.kind === kind ? [i + 2] : []));
        expect(parsed.missingColumns).toEqual([]);
        expect(parsed.rows.map((r) => r.line)).toEqual(lineOf('good'));
        expect(parsed.rowErrors.map((e) => e.line)).toEqual(lineOf('bad'));
        expect(parsed.rows.map(({ draft: { trade: t } }) => [t.side, t.symbol, t.quantity.toFixed(), t.price.toFixed(), t.fees.toFixed(), t.currency, t.executedAt])).toEqual(
          data.flatMap((line) => (line.kind === 'good' ? [line.expected] : [])),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('reads back tradebot\'s own export of any ledger as the trades that count', () => {
    const entry = fc.record({ side: fc.constantFrom('buy' as const, 'sell' as const), symbol: fc.constantFrom('AAPL', 'BRK-B', 'SAN.MC'), quantity: amount, price: amount, fees: amount, when, voided: fc.boolean() });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 10 }), (drawn) => {
        // Prepare: every trade recorded, then some undone (a void entry naming it).
        const trades: LedgerEntry[] = drawn.map((d, i) => ({
          seq: i + 1,
          recordedAt: d.when.iso,
          kind: 'trade',
          trade: { side: d.side, symbol: d.symbol, quantity: dec(d.quantity.value), price: dec(d.price.value), fees: dec(d.fees.value), currency: 'USD', executedAt: d.when.iso },
        }));
        const voids: LedgerEntry[] = drawn.flatMap((d, i) => (d.voided ? [{ seq: 0, recordedAt: d.when.iso, kind: 'void' as const, voids: i + 1 }] : []));
        const ledger = [...trades, ...voids.map((v, i) => ({ ...v, seq: trades.length + i + 1 }))];
        // Act
        const parsed = parseTradeHistoryCsv(ledgerToCsv(ledger));
        // Assess
        expect(parsed.rowErrors).toEqual([]);
        expect(parsed.drafts.map((d) => d.kind === 'trade' && d.trade)).toEqual(trades.filter((_, i) => !drawn[i]!.voided).map((e) => e.kind === 'trade' && e.trade));
      }),
      { numRuns: 200 },
    );
  });

  it('reads a decimal written with a point, a comma, or thousands groups as the same number', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 6 }), (units, scale) => {
        const digits = units.toString().padStart(scale + 1, '0');
        const intPart = digits.slice(0, digits.length - scale);
        const fraction = digits.slice(digits.length - scale);
        const plain = scale ? `${intPart}.${fraction}` : intPart;
        const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
        const spanish = scale ? `${grouped},${fraction}` : intPart;
        expect(parseLooseDecimal(plain)?.eq(dec(plain))).toBe(true);
        expect(parseLooseDecimal(spanish)?.eq(dec(plain))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
