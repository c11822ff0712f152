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

describe('Property: import parsing', () => {
  it('never throws on arbitrary text, and reports every non-empty data line either as a row or as an error', () => {
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
