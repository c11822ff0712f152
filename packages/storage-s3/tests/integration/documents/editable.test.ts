import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CorruptDocumentError } from '@tradebot/core-domain';
import { testAws, type TestAws } from '@tradebot/local-stack';
import { S3BlacklistRepository, S3DailyLogRepository, S3TipsRepository } from '../../../src';

describe('editable documents', () => {
  let aws: TestAws;
  beforeAll(async () => {
    aws = await testAws();
  });
  afterAll(() => aws.destroy());

  const putRaw = (key: string, body: string) => aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: body }));
  const getRaw = async (key: string) => (await aws.s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: key }))).Body!.transformToString();

  describe('Class: S3BlacklistRepository', () => {
    it('reads one ticker a line, ignoring comments and blanks, upper-cased and without duplicates', async () => {
      // Prepare
      const blacklist = new S3BlacklistRepository({ client: aws.s3, bucket: aws.bucket });
      expect(await blacklist.get()).toEqual([]);
      await putRaw('external/tickers_blacklist.txt', '# not offered by my broker\r\nbrk-b\n\n  tsla  # too volatile\nBRK-B\nsan.mc\n');

      // Act
      const listed = await blacklist.get();

      // Assess
      expect(listed).toEqual(['BRK-B', 'TSLA', 'SAN.MC']);
    });

    it('adds a ticker by read-modify-write and stores one normalised ticker a line', async () => {
      // Prepare
      const blacklist = new S3BlacklistRepository({ client: aws.s3, bucket: aws.bucket });

      // Act
      const after = await blacklist.update((current) => [...current, 'nvda', 'tsla']);

      // Assess
      expect(after).toEqual(['BRK-B', 'TSLA', 'SAN.MC', 'NVDA']);
      expect(await getRaw('external/tickers_blacklist.txt')).toBe('BRK-B\nTSLA\nSAN.MC\nNVDA\n');
    });

    it('refuses a line that cannot be a ticker, naming the key and line, and writes nothing', async () => {
      // Prepare
      const blacklist = new S3BlacklistRepository({ client: aws.s3, bucket: aws.bucket });
      const body = 'AAPL\n{"oops": true}\n';
      await putRaw('external/tickers_blacklist.txt', body);

      // Act
      const update = blacklist.update((current) => [...current, 'MSFT']);

      // Assess
      await expect(update).rejects.toThrow(/external\/tickers_blacklist\.txt.*line 2/);
      expect(await getRaw('external/tickers_blacklist.txt')).toBe(body);
    });
  });

  describe('Class: S3TipsRepository', () => {
    it('gives an empty list when there are no tips, then keeps what is added', async () => {
      // Prepare
      const tips = new S3TipsRepository({ client: aws.s3, bucket: aws.bucket });
      const tip = { id: 1, symbol: 'MSFT', text: 'cloud growth', createdAt: '2026-01-05T10:00:00.000Z' };

      // Act
      const before = await tips.get();
      await tips.update((current) => [...current, tip]);

      // Assess
      expect(before).toEqual([]);
      expect(await tips.get()).toEqual([tip]);
    });

    it('refuses a tips file that breaks the schema and leaves it as it was', async () => {
      // Prepare
      const tips = new S3TipsRepository({ client: aws.s3, bucket: aws.bucket });
      const body = '[{"id": "one", "symbol": "MSFT"}]';
      await putRaw('external/user_tips.json', body);

      // Act
      const update = tips.update((current) => current);

      // Assess
      await expect(update).rejects.toBeInstanceOf(CorruptDocumentError);
      await expect(tips.get()).rejects.toThrow(/external\/user_tips\.json.*id/);
      expect(await getRaw('external/user_tips.json')).toBe(body);
    });
  });

  describe('Class: S3DailyLogRepository', () => {
    it('stores a day log under its dated key and returns null for a day without one', async () => {
      // Prepare
      const logs = new S3DailyLogRepository({ client: aws.s3, bucket: aws.bucket });
      const log = { model: 'claude', tokens: { input: 1200, output: 180 }, costUsd: 0.0061 };

      // Act
      await logs.put('2026-03-02', log);

      // Assess
      expect(await logs.get('2026-03-02')).toEqual(log);
      expect(JSON.parse(await getRaw('logs/daily_analysis_2026-03-02.json'))).toEqual(log);
      expect(await logs.get('2026-03-03')).toBeNull();
      await expect(logs.put('March 2nd', log)).rejects.toThrow(/YYYY-MM-DD/);
    });
  });
});
