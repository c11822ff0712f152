import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLooseDate, parseLooseDecimal, parseTradeHistoryCsv } from '../../../src';

const sample = readFileSync(join(__dirname, '../../fixtures/operations_full.csv'), 'utf8');

describe('Function: parseTradeHistoryCsv', () => {
  it('reads the original bot layout through its Spanish headers, reporting unmapped columns and the unreadable row by line', () => {
    // Act
    const parsed = parseTradeHistoryCsv(sample);

    // Assess
    expect(parsed.missingColumns).toEqual([]);
    expect(parsed.unmappedColumns).toEqual(['Total', 'Notas', 'Estrategia']);
    expect(parsed.rowErrors).toEqual([{ line: 7, reason: 'quantity "diez" is not a number above 0' }]);
    expect(parsed.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 8, 9, 10, 11, 12]);
    const msft = parsed.rows[1]!.draft.trade;
    expect([msft.side, msft.symbol, msft.quantity.toFixed(), msft.price.toFixed(), msft.fees.toFixed(), msft.currency, msft.executedAt]).toEqual([
      'buy',
      'MSFT',
      '5',
      '404.1',
      '1',
      'USD',
      '2024-02-01T16:05:00.000Z',
    ]);
    expect(parsed.rows[2]!.draft.trade.symbol).toBe('AAPL');
    expect(parsed.rows[6]!.draft.trade.executedAt).toBe('2024-05-15T16:00:00.000Z');
  });

  it('gives the same import ids on every parse, and distinct ids to two identical trades of one file', () => {
    // Act
    const first = parseTradeHistoryCsv(sample).rows.map((r) => r.draft.importId);
    const second = parseTradeHistoryCsv(sample).rows.map((r) => r.draft.importId);

    // Assess
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it('keeps the import id a row got before tickers were normalised, so re-importing an old file adds nothing', () => {
    // Act
    const [row] = parseTradeHistoryCsv('date,ticker,side,qty,price,fees\n2024-01-02,BRK.B,buy,10,400,1\n').rows;
    // Assess: the id tradebot gave this row when it stored the ticker as BRK.B.
    expect(row!.draft.trade.symbol).toBe('BRK-B');
    expect(row!.draft.importId).toBe('csv-b7fe8459291e880b96cbd92b');
  });

  it('matches English headers in any case, a semicolon delimiter and an explicit currency', () => {
    // Prepare
    const text = 'DATE;SYMBOL;Action;Qty;Price;Commission;Currency;Broker\n2024-01-02;san.mc;sell;1.234,5;3,9;0;eur;X\n2024-01-03;BRK-B;Buy;2;400;1;USD;X\n';

    // Act
    const parsed = parseTradeHistoryCsv(text);

    // Assess
    expect(parsed.unmappedColumns).toEqual(['Broker']);
    expect(parsed.rowErrors).toEqual([]);
    const [san, brk] = parsed.rows.map((r) => r.draft.trade);
    expect([san?.side, san?.symbol, san?.quantity.toFixed(), san?.price.toFixed(), san?.currency]).toEqual(['sell', 'SAN.MC', '1234.5', '3.9', 'EUR']);
    expect([brk?.side, brk?.symbol]).toEqual(['buy', 'BRK-B']);
  });

  it('reads no rows and names the missing fields when a required column is absent', () => {
    // Act
    const parsed = parseTradeHistoryCsv('Fecha,Ticker,Cantidad\n2024-01-02,AAPL,1\n');

    // Assess
    expect(parsed.missingColumns).toEqual(['side', 'price']);
    expect(parsed.rows).toEqual([]);
  });

  it('explains every problem of a bad row', () => {
    // Act
    const parsed = parseTradeHistoryCsv('fecha,simbolo,tipo,cantidad,precio\n31/02/2024,???,regalo,0,-1\n');

    // Assess
    expect(parsed.rowErrors).toHaveLength(1);
    expect(parsed.rowErrors[0]!.line).toBe(2);
    for (const part of ['date "31/02/2024"', 'ticker "???"', 'side "regalo"', 'quantity "0"', 'price "-1"']) expect(parsed.rowErrors[0]!.reason).toContain(part);
  });
});

describe('Function: parseLooseDecimal', () => {
  it.each([
    ['182.50', '182.5'],
    ['182,50', '182.5'],
    ['1.234,56', '1234.56'],
    ['1,234.56', '1234.56'],
    ['1,234,567', '1234567'],
    ['$ 12.5', '12.5'],
    ['12,5 €', '12.5'],
  ])('reads %s as %s', (text, expected) => {
    expect(parseLooseDecimal(text)?.toFixed()).toBe(expected);
  });

  it('refuses text that is not a number', () => {
    expect(parseLooseDecimal('diez')).toBeNull();
    expect(parseLooseDecimal('')).toBeNull();
  });
});

describe('Function: parseLooseDate', () => {
  it.each([
    ['2024-01-15', '2024-01-15T00:00:00.000Z'],
    ['2024-01-15 10:30', '2024-01-15T10:30:00.000Z'],
    ['2024-01-15T10:30:00+02:00', '2024-01-15T08:30:00.000Z'],
    ['15/01/2024', '2024-01-15T00:00:00.000Z'],
    ['5-1-2024 09:05:07', '2024-01-05T09:05:07.000Z'],
  ])('reads %s as %s', (text, expected) => {
    expect(parseLooseDate(text)).toBe(expected);
  });

  it('refuses impossible dates and free text', () => {
    expect(parseLooseDate('2024-02-30')).toBeNull();
    expect(parseLooseDate('ayer')).toBeNull();
    expect(parseLooseDate('2024-01-15 25:00')).toBeNull();
  });
});
