import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CorruptDocumentError, dec, type LedgerEntry, type ScanRow, type ScanSummary } from '@tradebot/core-domain';
import { testAws, type TestAws } from '@tradebot/local-stack';
import Papa from 'papaparse';
import { LEDGER_CSV_COLUMNS, S3LinkSigner, S3PriceHistoryCache, S3ScanRepository, S3SnapshotRepository } from '../../../src';

describe('derived documents', () => {
  let aws: TestAws;
  beforeAll(async () => {
    aws = await testAws();
  });
  afterAll(() => aws.destroy());

  const getRaw = async (key: string) => (await aws.s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: key }))).Body!.transformToString();

  describe('Class: S3SnapshotRepository', () => {
    it('exports one CSV row per ledger entry in seq order, stable columns, ISO dates, plain decimals', async () => {
      // Prepare
      const snapshots = new S3SnapshotRepository({ client: aws.s3, bucket: aws.bucket });
      const entries: LedgerEntry[] = [
        {
          seq: 2,
          recordedAt: '2026-01-03T09:00:00.000Z',
          kind: 'trade',
          trade: { side: 'sell', symbol: 'AAPL', quantity: dec('0.5'), price: dec('1e-7'), fees: dec('0'), currency: 'USD', executedAt: '2026-01-03T08:59:00.000Z' },
          importId: 'abc',
        },
        {
          seq: 1,
          recordedAt: '2026-01-02T09:00:00.000Z',
          kind: 'trade',
          trade: { side: 'buy', symbol: 'AAPL', quantity: dec('1.5'), price: dec('182.30'), fees: dec('1.25'), currency: 'USD', executedAt: '2026-01-02T08:59:00.000Z' },
          updateId: 901,
        },
        { seq: 3, recordedAt: '2026-01-04T09:00:00.000Z', kind: 'void', voids: 2, reason: 'typo', updateId: 905 },
      ];

      // Act
      const key = await snapshots.putLedgerCsv(entries);

      // Assess
      expect(key).toBe('history/operations_full.csv');
      const parsed = Papa.parse<Record<string, string>>(await getRaw(key), { header: true, skipEmptyLines: true });
      expect(parsed.meta.fields).toEqual([...LEDGER_CSV_COLUMNS]);
      expect(parsed.data.map((r) => r.seq)).toEqual(['1', '2', '3']);
      expect(parsed.data[0]).toMatchObject({ kind: 'trade', side: 'buy', quantity: '1.5', price: '182.3', fees: '1.25', update_id: '901', import_id: '' });
      expect(parsed.data[1]).toMatchObject({ price: '0.0000001', import_id: 'abc', executed_at: '2026-01-03T08:59:00.000Z' });
      expect(parsed.data[2]).toMatchObject({ kind: 'void', voids: '2', symbol: '', update_id: '905' });
    });

    it('stores the positions snapshot and monthly performance as JSON', async () => {
      // Prepare
      const snapshots = new S3SnapshotRepository({ client: aws.s3, bucket: aws.bucket });
      const positions = { AAPL: { quantity: '1', averageCost: '183.55' } };

      // Act
      await snapshots.putPositions(positions);
      await snapshots.putMonthlyPerformance([{ month: '2026-01', realizedPnl: '12.5' }]);

      // Assess
      expect(await snapshots.getPositions()).toEqual(positions);
      expect(JSON.parse(await getRaw('learning/monthly_performance.json'))).toEqual([{ month: '2026-01', realizedPnl: '12.5' }]);
    });
  });

  describe('Class: S3ScanRepository', () => {
    const row: ScanRow = {
      rank: 1,
      symbol: 'INTC',
      name: 'Intel, "Corp"',
      sector: 'Technology',
      lastClose: 20.5,
      lastDate: '2026-03-02',
      peakClose: 41,
      peakDate: '2025-10-01',
      drawdownPct: 50,
      daysSincePeak: 152,
      lowClose: 19,
      aboveLowPct: 7.89,
      avgVolume20: null,
    };
    const summary: ScanSummary = {
      date: '2026-03-02',
      generatedAt: '2026-03-02T11:00:00.000Z',
      lookbackDays: 180,
      universeSize: 1000,
      scanned: 990,
      failed: 10,
      skipped: 0,
      durationMs: 51000,
      csvKey: '',
      top: [row],
      failures: [{ symbol: 'XYZ', reason: 'no data' }],
    };

    it('says no scan ran yet, then returns the newest summary pointing at the full CSV', async () => {
      // Prepare
      const scans = new S3ScanRepository({ client: aws.s3, bucket: aws.bucket });
      expect(await scans.latest()).toBeNull();

      // Act
      await scans.save([row], summary);

      // Assess
      const latest = await scans.latest();
      expect(latest).toEqual({ ...summary, csvKey: 'scans/drawdown/2026-03-02.csv' });
      expect(await scans.rows('2026-03-02')).toEqual([row]);
      expect(await scans.rows('2026-03-01')).toBeNull();
    });

    it('keeps partial scans on their own shelf, never touching the day\'s scan or latest.json', async () => {
      // Prepare: the day's scan, then a partial run of the same date, with its price provenance.
      const location = { client: aws.s3, bucket: aws.bucket };
      const day = new S3ScanRepository(location);
      const partial = new S3ScanRepository(location, 'partial');
      await day.save([row], summary);
      const trial = { ...summary, universeSize: 5, scanned: 1, prices: 'cache-only' as const };

      // Act
      await partial.save([{ ...row, symbol: 'AMD' }], trial);

      // Assess
      expect(await day.latest()).toEqual({ ...summary, csvKey: 'scans/drawdown/2026-03-02.csv' });
      expect(await day.rows('2026-03-02')).toEqual([row]);
      expect(await partial.latest()).toEqual({ ...trial, csvKey: 'scans/drawdown/partial/2026-03-02.csv' });
      expect((await partial.rows('2026-03-02'))?.map((r) => r.symbol)).toEqual(['AMD']);
    });

    it('keeps latest.json on the newest day when an earlier day is scanned again, and still stores that day\'s CSV', async () => {
      // Prepare: the scans of 03-05 and then (a forced re-run of a missed day) of 03-02
      const scans = new S3ScanRepository({ client: aws.s3, bucket: aws.bucket });
      const newer = { ...summary, date: '2026-03-05', generatedAt: '2026-03-05T11:00:00.000Z' };
      await scans.save([{ ...row, symbol: 'AMD' }], newer);

      // Act
      await scans.save([row], summary);
      const afterOlder = await scans.latest();
      const sameDayAgain = { ...newer, generatedAt: '2026-03-05T12:00:00.000Z' };
      await scans.save([{ ...row, symbol: 'NVDA' }], sameDayAgain);

      // Assess: latest stays on 03-05 (then names its second run), the 03-02 table is there to read
      expect(afterOlder).toEqual({ ...newer, csvKey: 'scans/drawdown/2026-03-05.csv' });
      expect(await scans.latest()).toEqual({ ...sameDayAgain, csvKey: 'scans/drawdown/2026-03-05.csv' });
      expect((await scans.rows('2026-03-02'))?.map((r) => r.symbol)).toEqual(['INTC']);
    });

    it('replaces a corrupt latest.json with the new scan\'s summary', async () => {
      // Prepare
      const scans = new S3ScanRepository({ client: aws.s3, bucket: aws.bucket });
      await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'scans/drawdown/latest.json', Body: 'not json' }));

      // Act
      await scans.save([row], summary);

      // Assess
      expect(await scans.latest()).toEqual({ ...summary, csvKey: 'scans/drawdown/2026-03-02.csv' });
    });

    it('refuses a latest.json that breaks the schema, naming the key', async () => {
      // Prepare
      const scans = new S3ScanRepository({ client: aws.s3, bucket: aws.bucket });
      await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'scans/drawdown/latest.json', Body: '{"date": "yesterday"}' }));

      // Act
      const latest = scans.latest();

      // Assess
      await expect(latest).rejects.toBeInstanceOf(CorruptDocumentError);
      await expect(scans.latest()).rejects.toThrow(/scans\/drawdown\/latest\.json/);
    });
  });

  describe('Class: S3PriceHistoryCache', () => {
    it('returns only cached symbols, replaces a saved series and leaves the others untouched', async () => {
      // Prepare
      const cache = new S3PriceHistoryCache({ client: aws.s3, bucket: aws.bucket });
      await cache.save(
        new Map([
          ['AAPL', [{ date: '2026-03-02', close: 180.5, high: 182, low: 179, volume: 1000 }]],
          ['AMZN', [{ date: '2026-03-02', close: 200 }]],
          ['MSFT', [{ date: '2026-03-02', close: 400.25, volume: 5 }]],
        ]),
      );

      // Act
      await cache.save(new Map([['AAPL', [{ date: '2026-03-02', close: 180.5 }, { date: '2026-03-03', close: 181 }]]]));
      const loaded = await cache.load(['AAPL', 'AMZN', 'MSFT', 'ZZZZ']);

      // Assess
      expect([...loaded.keys()].sort()).toEqual(['AAPL', 'AMZN', 'MSFT']);
      expect(loaded.get('AAPL')).toEqual([{ date: '2026-03-02', close: 180.5 }, { date: '2026-03-03', close: 181 }]);
      expect(loaded.get('AMZN')).toEqual([{ date: '2026-03-02', close: 200 }]);
      expect(loaded.get('MSFT')).toEqual([{ date: '2026-03-02', close: 400.25, volume: 5 }]);
    });

    it('keeps the history a portfolio pinned when the scan saves its trimmed window (the collector never evicts it)', async () => {
      // Prepare: /performance stored NVDA from the first trade, two years back
      const cache = new S3PriceHistoryCache({ client: aws.s3, bucket: aws.bucket });
      const long = [
        { date: '2024-11-04', close: 90 },
        { date: '2025-06-02', close: 120 },
        { date: '2025-11-20', close: 140 },
        { date: '2026-11-19', close: 180 },
        { date: '2026-11-20', close: 181 },
      ];
      await cache.saveSeries(new Map([['NVDA', { bars: long, from: '2024-11-04', through: '2026-11-20', keepFrom: '2024-11-04', currency: 'USD', simulated: false }]]));
      // Act: the scan loads it, trims it to its window, appends Monday's close and saves
      const loaded = (await cache.load(['NVDA'])).get('NVDA')!;
      await cache.save(new Map([['NVDA', [...loaded.filter((b) => b.date >= '2025-11-16'), { date: '2026-11-23', close: 183 }]]]));
      const after = (await cache.loadSeries(['NVDA'])).get('NVDA')!;
      // Assess
      expect(after.bars.map((b) => b.date)).toEqual([...long.map((b) => b.date), '2026-11-23']);
      expect(after).toMatchObject({ from: '2024-11-04', through: '2026-11-23', keepFrom: '2024-11-04', currency: 'USD', simulated: false });
    });

    it('reads shards written before coverage was recorded, and stores coverage and provenance for the next reader', async () => {
      // Prepare: an old shard, bars only
      const old = { version: 1, series: { TXN: { date: ['2026-03-02'], close: [170], high: [null], low: [null], volume: [null] } } };
      await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'market/history/T.json', Body: JSON.stringify(old) }));
      const cache = new S3PriceHistoryCache({ client: aws.s3, bucket: aws.bucket });
      // Act
      const before = (await cache.loadSeries(['TXN'])).get('TXN');
      await cache.saveSeries(new Map([['TXN', { bars: [{ date: '2026-03-02', close: 170 }, { date: '2026-03-03', close: 171 }], from: '2026-03-02', through: '2026-03-03', keepFrom: '2026-03-02', currency: 'USD', simulated: true }]]));
      const after = (await cache.loadSeries(['TXN'])).get('TXN');
      // Assess
      expect(before).toEqual({ bars: [{ date: '2026-03-02', close: 170 }] });
      expect(after).toEqual({ bars: [{ date: '2026-03-02', close: 170 }, { date: '2026-03-03', close: 171 }], from: '2026-03-02', through: '2026-03-03', keepFrom: '2026-03-02', currency: 'USD', simulated: true });
    });

    it('refuses to overwrite a corrupt shard', async () => {
      // Prepare
      const cache = new S3PriceHistoryCache({ client: aws.s3, bucket: aws.bucket });
      await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'market/history/Q.json', Body: 'not json' }));

      // Act
      const save = cache.save(new Map([['QCOM', [{ date: '2026-03-02', close: 150 }]]]));

      // Assess
      await expect(save).rejects.toThrow(/market\/history\/Q\.json/);
      expect(await getRaw('market/history/Q.json')).toBe('not json');
    });
  });

  describe('Class: S3LinkSigner', () => {
    it('gives a link that downloads the object and carries the requested expiry', async () => {
      // Prepare
      await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'history/export.csv', Body: 'seq\n1\n' }));
      const signer = new S3LinkSigner({ client: aws.s3, bucket: aws.bucket });

      // Act
      const url = await signer.downloadUrl('history/export.csv', 600);
      const response = await fetch(url);

      // Assess
      expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('600');
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('seq\n1\n');
      expect(new URL(await signer.downloadUrl('history/export.csv')).searchParams.get('X-Amz-Expires')).toBe('3600');
      await expect(signer.downloadUrl('history/export.csv', 0)).rejects.toThrow(/between 1 and/);
    });
  });
});
