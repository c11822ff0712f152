import { convertIsharesHoldings, loadUniverse, parseUniverseCsv, shippedUniverse, UniverseFormatError } from '@tradebot/market-data';

describe('Function: shippedUniverse', () => {
  it('ships the Russell 1000 in Yahoo style, class shares converted and real 4-letter tickers kept', async () => {
    // Act
    const symbols = new Set((await shippedUniverse()).map((m) => m.symbol));
    // Assess
    expect(symbols.size).toBe(1023);
    for (const s of ['BRK-B', 'BF-A', 'BF-B', 'LEN-B', 'HEI-A', 'FOXA', 'NWSA', 'GOOGL', 'LEN', 'HEI']) expect(symbols).toContain(s);
    for (const s of ['BRKB', 'BFB', 'LENB', 'HEIA', 'HOLX', 'FOX-A']) expect(symbols).not.toContain(s);
  });
});

describe('Function: parseUniverseCsv', () => {
  it('reads a symbol,name,sector override, upper-casing and de-duplicating symbols', () => {
    const members = parseUniverseCsv('symbol,name,sector\nbrk-b,Berkshire,Financials\nAAPL,Apple,Tech\nAAPL,Apple again,Tech\n');
    expect(members).toEqual([
      { symbol: 'BRK-B', name: 'Berkshire', sector: 'Financials' },
      { symbol: 'AAPL', name: 'Apple', sector: 'Tech' },
    ]);
  });

  it('names the bad row instead of using half a file', () => {
    expect(() => parseUniverseCsv('ticker,name,sector\nAAPL,Apple,Tech\nNOT A TICKER,X,Y\n', 'config/universe.csv')).toThrow(
      /config\/universe\.csv.*row 3: symbol/,
    );
    expect(() => parseUniverseCsv('a,b\n1,2\n')).toThrow(UniverseFormatError);
  });

  it('falls back to the shipped list when there is no override', async () => {
    expect(await loadUniverse(null)).toBe(await shippedUniverse());
  });
});

describe('Function: convertIsharesHoldings', () => {
  it('keeps equities with a market, converts class shares and reports what it dropped', () => {
    // Prepare: the raw iShares layout (preamble, header, quoted numbers with separators).
    const raw = [
      'iShares Russell 1000 ETF',
      'Fund Holdings as of,"Jul 17, 2026"',
      'Inception Date,"May 15, 2000"',
      '',
      'Ticker,Name,Sector,Asset Class,Market Value,Weight (%),Notional Value,Quantity,Price,Location,Exchange,Currency,FX Rate,Market Currency,Accrual Date',
      '"BRKB","BERKSHIRE HATHAWAY INC CLASS B","Financials","Equity","1,000.00","1.33","1,000.00","2.00","490.91","United States","NYSE","USD","1.00","USD","-"',
      '"FOXA","FOX CORP CLASS A","Communication","Equity","1,000.00","0.02","1,000.00","2.00","57.62","United States","NASDAQ","USD","1.00","USD","-"',
      '"ABCD","ABCD HOLDINGS CLASS D","Industrials","Equity","1,000.00","0.02","1,000.00","2.00","57.62","United States","NASDAQ","USD","1.00","USD","-"',
      '"HOLX","HOLOGIC INC","Health Care","Equity","1,574.05","0.00","1,574.05","157,405.00","0.01","United States","NO MARKET (E.G. UNLISTED)","USD","1.00","USD","-"',
      '"ESU6","S&P500 EMINI SEP 26","Cash and/or Derivatives","Futures","0.00","0.00","78,351,487.50","209.00","7,497.75","-","Index And Options Market","USD","1.00","USD","-"',
      '',
      '"The content contained herein is owned or licensed by BlackRock"',
    ].join('\n');
    // Act
    const result = convertIsharesHoldings(raw);
    // Assess
    expect(result.asOf).toBe('2026-07-17');
    expect(result.members.map((m) => m.symbol)).toEqual(['BRK-B', 'FOXA', 'ABCD']);
    expect(result.dropped).toEqual([
      { ticker: 'HOLX', reason: 'not traded (NO MARKET (E.G. UNLISTED))' },
      { ticker: 'ESU6', reason: 'asset class Futures' },
    ]);
    expect(result.warnings).toEqual([expect.stringContaining('ABCD')]);
  });
});
