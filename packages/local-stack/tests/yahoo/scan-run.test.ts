import { createServer } from 'node:net';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Logger } from '@tradebot/core-domain';
import { createS3Documents, type S3Documents } from '@tradebot/storage-s3';
import { runScan, type ScanEnvironment } from '../../src/scan-cli';
import { startYahooServer, testAws, yahooFetch, type TestAws, type YahooServer } from '@tradebot/local-stack';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A local URL nothing listens on: what "no internet" looks like to fetch (connection refused). */
async function deadEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('Function: runScan (pnpm scan)', () => {
  let aws: TestAws;
  let yahoo: YahooServer;
  let documents: S3Documents;
  // Saturday 2026-11-21 11:00 UTC: the scan date is Friday 2026-11-20.
  const clock = { now: () => new Date('2026-11-21T11:00:00Z') };
  let printed: { out: string[]; err: string[] };

  const environment = (overrides: Partial<ScanEnvironment> = {}): ScanEnvironment => {
    printed = { out: [], err: [] };
    return {
      s3: aws.s3,
      dynamo: aws.dynamo,
      bucket: aws.bucket,
      tableName: aws.tableName,
      yahoo,
      clock,
      logger: silent,
      feed: { initialBackoffMs: 1, maxBackoffMs: 2 },
      out: (line) => printed.out.push(line),
      err: (line) => printed.err.push(line),
      ...overrides,
    };
  };

  beforeAll(async () => {
    [aws, yahoo] = await Promise.all([testAws(), startYahooServer({ seed: 31, now: clock.now })]);
    documents = createS3Documents({ client: aws.s3, bucket: aws.bucket });
    const universe = ['symbol,name,sector', ...Array.from({ length: 5 }, (_, i) => `SIM${i},Simulated ${i},Test`)].join('\n');
    await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'config/universe.csv', Body: universe }));
    await documents.rules.put({ ...(await documents.rules.get()), scan: { lookbackDays: 180, minPrice: 0, minAvgVolume: 0, topN: 25 } });
    // The day's scan, from the simulated prices a plain `pnpm scan` asks for.
    expect(await runScan({ live: false, concurrency: 4 }, environment())).toBe(0);
  });
  afterAll(async () => {
    await Promise.all([aws?.destroy(), yahoo?.close()]);
  });

  it('--live without internet says that no price source answered and leaves the day\'s scan and latest.json alone', async () => {
    // Prepare
    const before = await documents.scans.latest();
    const offline = yahooFetch(await deadEndpoint());
    // Act
    const code = await runScan({ live: true, concurrency: 4 }, environment({ yahoo: undefined, liveFetch: offline }));
    // Assess
    expect(code).toBe(1);
    expect(printed.err).toContain('Prices came from the price-history cache only (no price source answered).');
    expect(printed.err.join('\n')).toMatch(/NOT saved as the day's scan: prices came from the price-history cache only .*, not live Yahoo Finance/);
    expect([...printed.out, ...printed.err].join('\n')).not.toMatch(/Prices: live Yahoo Finance/);
    expect(await documents.scans.latest()).toEqual(before);
    expect(await documents.partialScans.latest()).toMatchObject({ date: '2026-11-20', prices: 'cache-only' });
  });

  it('--live answered by the simulated server says so, judging by what answered and not by the flag', async () => {
    // Prepare
    const before = await documents.scans.latest();
    // Act
    const code = await runScan({ live: true, concurrency: 4 }, environment({ yahoo: undefined, liveFetch: yahooFetch(yahoo) }));
    // Assess
    expect(code).toBe(1);
    expect(printed.err).toContain('Prices came from the local Yahoo server (SIMULATED prices).');
    expect(await documents.scans.latest()).toEqual(before);
    expect(await documents.partialScans.latest()).toMatchObject({ date: '2026-11-20', prices: 'simulated' });
  });

  it('--limit N writes its scan apart, never over the full scan or latest.json', async () => {
    // Prepare
    const before = await documents.scans.latest();
    const fullRows = await documents.scans.rows('2026-11-20');
    // Act
    const code = await runScan({ live: false, limit: 2, concurrency: 4 }, environment());
    // Assess
    expect(code).toBe(0);
    expect(printed.out.join('\n')).toContain(`Saved apart, as a --limit run never replaces the day's scan or latest.json: s3://${aws.bucket}/scans/drawdown/partial/2026-11-20.csv`);
    expect(await documents.scans.latest()).toEqual(before);
    expect(await documents.scans.rows('2026-11-20')).toEqual(fullRows);
    expect(await documents.partialScans.latest()).toMatchObject({ date: '2026-11-20', universeSize: 2, prices: 'simulated' });
  });

  it('does nothing for a date already scanned, and says so', async () => {
    // Prepare
    yahoo.resetLog();
    // Act
    const code = await runScan({ live: false, concurrency: 4 }, environment());
    // Assess
    expect(code).toBe(0);
    expect(printed.out[0]).toBe(`The 2026-11-20 scan is already saved (s3://${aws.bucket}/scans/drawdown/2026-11-20.csv); nothing was fetched or sent.`);
    expect(yahoo.counts().total).toBe(0);
  });

  it('scans a date already scanned again when forced', async () => {
    // Prepare
    yahoo.resetLog();
    // Act
    const code = await runScan({ live: false, concurrency: 4, force: true }, environment());
    // Assess
    expect(code).toBe(0);
    expect(printed.out.join('\n')).toContain(`Saved s3://${aws.bucket}/scans/drawdown/2026-11-20.csv and s3://${aws.bucket}/scans/drawdown/latest.json`);
    expect(yahoo.counts().quote).toBeGreaterThan(0);
  });
});
