import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dec, replay } from '@tradebot/core-domain';
import { DynamoTradeLedger } from '@tradebot/storage-dynamodb';
import { importTradeHistory } from '@tradebot/storage-s3';
import { testAws, type TestAws } from '../../src/aws';

const fixtures = join(__dirname, '../../../storage-s3/tests/fixtures');
const csvText = readFileSync(join(fixtures, 'operations_full.csv'), 'utf8');
const original = JSON.parse(readFileSync(join(fixtures, 'current_positions.json'), 'utf8')) as {
  positions: Record<string, { shares: number; total_cost: number; avg_price: number }>;
};

describe('Function: importTradeHistory (on the embedded DynamoDB)', () => {
  let aws: TestAws;
  let ledger: DynamoTradeLedger;
  beforeAll(async () => {
    aws = await testAws();
    ledger = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName });
  });
  afterAll(() => aws.destroy());

  it('imports the original bot history so positions match its current_positions.json, and a second run adds nothing', async () => {
    // Act
    const first = await importTradeHistory({ ledger, portfolioId: 'import-1', csvText });
    const afterFirst = await ledger.list('import-1');
    const second = await importTradeHistory({ ledger, portfolioId: 'import-1', csvText });
    const afterSecond = await ledger.list('import-1');

    // Assess
    expect(first.imported).toHaveLength(10);
    expect(first.refused).toEqual([]);
    expect(first.rowErrors).toEqual([{ line: 7, reason: 'quantity "diez" is not a number above 0' }]);
    expect(first.unmappedColumns).toEqual(['Total', 'Notas', 'Estrategia']);
    expect(afterFirst.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const positions = replay(afterFirst).positions;
    expect([...positions.keys()].sort()).toEqual(Object.keys(original.positions).sort());
    for (const [symbol, expected] of Object.entries(original.positions)) {
      const position = positions.get(symbol)!;
      expect(position.quantity.eq(dec(String(expected.shares)))).toBe(true);
      expect(position.costBasis.eq(dec(String(expected.total_cost)))).toBe(true);
      expect(position.averageCost.eq(dec(String(expected.avg_price)))).toBe(true);
    }
    expect(second.imported).toEqual([]);
    expect(second.skipped).toHaveLength(10);
    expect(afterSecond).toHaveLength(10);
  });

  it('says in a dry run what it would import and writes nothing', async () => {
    // Act
    const report = await importTradeHistory({ ledger, portfolioId: 'import-dry', csvText, dryRun: true });

    // Assess
    expect(report.dryRun).toBe(true);
    expect(report.imported.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(report.imported[0]!.summary).toBe('2024-01-15 buy 10 AAPL at 185.2 USD (fees 1)');
    expect(await ledger.list('import-dry')).toEqual([]);
  });

  it('refuses, by line, a sale the history cannot back, and imports the rest', async () => {
    // Prepare
    const text = 'date,ticker,side,qty,price\n2024-01-02,AAPL,buy,1,100\n2024-01-03,AAPL,sell,5,110\n2024-01-04,MSFT,buy,2,300\n';

    // Act
    const report = await importTradeHistory({ ledger, portfolioId: 'import-refuse', csvText: text });

    // Assess
    expect(report.imported.map((r) => r.line)).toEqual([2, 4]);
    expect(report.refused).toEqual([{ line: 3, reason: 'You cannot sell 5 AAPL: you hold 1.' }]);
    expect(await ledger.list('import-refuse')).toHaveLength(2);
  });
});
