import { normaliseTicker } from '../../../src/commands/tickers';

describe('Function: normaliseTicker', () => {
  it.each([
    ['aapl', 'AAPL'],
    ['  msft ', 'MSFT'],
    ['$tsla', 'TSLA'],
    ['brk.b', 'BRK-B'],
    ['BRK/B', 'BRK-B'],
    ['brk-b', 'BRK-B'],
    ['RDS-A', 'RDS-A'],
    ['san.mc', 'SAN.MC'],
    ['7203.T', '7203.T'],
    ['0700.hk', '0700.HK'],
    ['VOD.L', 'VOD.L'],
    ['teck/b.to', 'TECK-B.TO'],
    ['TECK.B.TO', 'TECK-B.TO'],
    ['btc-usd', 'BTC-USD'],
    ['v', 'V'],
    ['T', 'T'],
    ['f', 'F'],
    ['ABCDEFGHIJ', 'ABCDEFGHIJ'],
    ['xyz.ab', 'XYZ-AB'],
    ['abc/1234', 'ABC-1234'],
    ['ab-12', 'AB-12'],
    ['ab12', 'AB12'],
    ['12ab', '12AB'],
    ['$0700.HK', '0700.HK'],
  ])('normalises %p to the Yahoo symbol %p', (raw, expected) => {
    // Prepare / Act
    const symbol = normaliseTicker(raw);
    // Assess
    expect(symbol).toBe(expected);
  });

  it.each([
    ['^GSPC', 'an index'],
    ['GC=F', 'a future'],
    ['EURUSD=X', 'a currency pair'],
    ['', 'empty'],
    ['7203', 'a bare number without its exchange'],
    ['AAPL.XYZ', 'an unknown dotted suffix'],
    ['AA PL', 'a space inside'],
    ['ABCDEFGHIJK', 'too long a base'],
    ['A..B', 'two dots'],
    ['.MC', 'only a suffix'],
    ['AAPL.', 'a trailing dot'],
    ['ÁPPLE', 'a non-ASCII letter'],
    ['A-B-C', 'two dashes'],
    ['ABC/12345', 'a class of five characters'],
    ['AB-ABCDE', 'a series of five characters'],
    ['ABC.1', 'a digit after a dot'],
    ['ABC.ABC', 'a three-letter dotted suffix that is no exchange'],
    ['$', 'only a cashtag sign'],
    ['AB-CD/E', 'a series and a class'],
  ])('refuses %p (%s)', (raw) => {
    // Prepare / Act
    const symbol = normaliseTicker(raw);
    // Assess
    expect(symbol).toBeNull();
  });
});
