import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CorruptDocumentError, type DailyLog } from '@tradebot/core-domain';
import { testAws, type TestAws } from '@tradebot/local-stack';
import type { DocumentLock } from '@tradebot/core-domain';
import { DocumentLeaseLostError, InvalidDocumentInputError, S3BlacklistRepository, S3DailyLogRepository, S3TipsRepository } from '../../../src';

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

    it('adds a ticker by appending a line, keeping the comments, blank lines and spelling of the file', async () => {
      // Prepare
      const blacklist = new S3BlacklistRepository({ client: aws.s3, bucket: aws.bucket });

      // Act
      const after = await blacklist.update((current) => [...current, 'nvda', 'tsla']);

      // Assess
      expect(after).toEqual(['BRK-B', 'TSLA', 'SAN.MC', 'NVDA']);
      expect(await getRaw('external/tickers_blacklist.txt')).toBe('# not offered by my broker\r\nbrk-b\r\n\r\n  tsla  # too volatile\r\nBRK-B\r\nsan.mc\r\nNVDA\r\n');
    });

    it('removes a ticker by deleting its lines (every spelling of it) and nothing else', async () => {
      // Prepare
      const blacklist = new S3BlacklistRepository({ client: aws.s3, bucket: aws.bucket });
      await putRaw('external/tickers_blacklist.txt', '\uFEFF# mine\nbrk-b # class B\nTSLA\nBRK-B\n');

      // Act
      const after = await blacklist.update((current) => current.filter((s) => s !== 'BRK-B'));

      // Assess
      expect(after).toEqual(['TSLA']);
      expect(await getRaw('external/tickers_blacklist.txt')).toBe('\uFEFF# mine\nTSLA\n');
    });

    it('writes nothing when the change leaves the list as it was', async () => {
      // Prepare
      const blacklist = new S3BlacklistRepository({ client: aws.s3, bucket: aws.bucket });
      const body = 'tsla   # spelled by hand\n';
      await putRaw('external/tickers_blacklist.txt', body);

      // Act
      const after = await blacklist.update((current) => [...current, 'TSLA']);

      // Assess
      expect(after).toEqual(['TSLA']);
      expect(await getRaw('external/tickers_blacklist.txt')).toBe(body);
    });

    it('reads a corrupt file as an empty list with the problem, naming the key and the line', async () => {
      // Prepare
      const blacklist = new S3BlacklistRepository({ client: aws.s3, bucket: aws.bucket });
      await putRaw('external/tickers_blacklist.txt', 'AAPL\n$$$\n');

      // Act
      const read = await blacklist.read();

      // Assess
      expect(read).toMatchObject({ ok: false, value: [], problem: { document: 'blacklist', key: 'external/tickers_blacklist.txt', kind: 'corrupt' } });
      expect(!read.ok && read.problem.reason).toMatch(/^line 2 is not a ticker/);
    });

    it('writes nothing when its lease has run out before the write (another writer may hold it now)', async () => {
      // Prepare: a lock whose lease is already over by the time the change is ready
      const expired: DocumentLock = { withLock: (_name, work) => work({ held: () => false }) };
      const blacklist = new S3BlacklistRepository({ client: aws.s3, bucket: aws.bucket }, expired);
      const body = 'AAPL\n';
      await putRaw('external/tickers_blacklist.txt', body);

      // Act
      const update = blacklist.update((current) => [...current, 'MSFT']);

      // Assess
      await expect(update).rejects.toBeInstanceOf(DocumentLeaseLostError);
      expect(await getRaw('external/tickers_blacklist.txt')).toBe(body);
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

    it('numbers notes from 1 and never gives a number twice, even the highest after it was removed', async () => {
      // Prepare
      await putRaw('external/user_tips.json', '[]');
      const tips = new S3TipsRepository({ client: aws.s3, bucket: aws.bucket });
      const draft = (symbol: string) => ({ symbol, text: 'note', createdAt: '2026-01-05T10:00:00.000Z' });

      // Act
      const first = await tips.add(draft('AAPL'));
      const second = await tips.add(draft('MSFT'));
      await tips.update((current) => current.filter((tip) => tip.id !== second.id));
      const third = await new S3TipsRepository({ client: aws.s3, bucket: aws.bucket }).add(draft('KO'));

      // Assess
      expect([first.id, second.id, third.id]).toEqual([1, 2, 3]);
      expect((await tips.get()).map((tip) => tip.id)).toEqual([1, 3]);
    });

    it('continues after the highest id of a file uploaded by hand without the counter', async () => {
      // Prepare
      await putRaw('external/user_tips.json', '[{"id": 7, "symbol": "NVDA", "text": "x", "createdAt": "2026-01-01"}]');
      const tips = new S3TipsRepository({ client: aws.s3, bucket: aws.bucket });

      // Act
      const added = await tips.add({ symbol: 'KO', text: 'y', createdAt: '2026-01-02' });

      // Assess
      expect(added.id).toBe(8);
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
    const log: DailyLog = {
      version: 1,
      date: '2026-03-02',
      timezone: 'Europe/Madrid',
      runs: [{ startedAt: '2026-03-02T07:00:00.000Z', finishedAt: '2026-03-02T07:00:09.000Z', durationsMs: { gather: 1, analyse: 7, deliver: 1, total: 9 }, sent: ['1'], failed: [], notes: [] }],
      totalCostUsd: '0.0061',
      chats: {},
    };

    it('stores a day log under its dated key and returns null for a day without one', async () => {
      // Prepare
      const logs = new S3DailyLogRepository({ client: aws.s3, bucket: aws.bucket });

      // Act
      await logs.put('2026-03-02', log);

      // Assess
      expect(await logs.get('2026-03-02')).toEqual(log);
      expect(JSON.parse(await getRaw('logs/daily_analysis_2026-03-02.json'))).toEqual(log);
      expect(await logs.get('2026-03-03')).toBeNull();
      await expect(logs.put('March 2nd', log)).rejects.toThrow(/YYYY-MM-DD/);
    });

    it('rejects a stored log that is not a daily log with CorruptDocumentError naming the field, and leaves it', async () => {
      // Prepare: valid JSON, but an older shape without the runs and with a number for the cost.
      const logs = new S3DailyLogRepository({ client: aws.s3, bucket: aws.bucket });
      const body = JSON.stringify({ version: 1, date: '2026-03-04', timezone: 'Europe/Madrid', totalCostUsd: 0.5, chats: {} });
      await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'logs/daily_analysis_2026-03-04.json', Body: body }));

      // Act
      const read = logs.get('2026-03-04');

      // Assess
      await expect(read).rejects.toBeInstanceOf(CorruptDocumentError);
      await expect(logs.get('2026-03-04')).rejects.toThrow(/logs\/daily_analysis_2026-03-04\.json.*runs.*totalCostUsd/);
      expect(await getRaw('logs/daily_analysis_2026-03-04.json')).toBe(body);
    });

    it('refuses to store a log that does not match the schema, writing nothing', async () => {
      // Prepare
      const logs = new S3DailyLogRepository({ client: aws.s3, bucket: aws.bucket });
      const invalid = { ...log, totalCostUsd: '-1' };

      // Act
      const put = logs.put('2026-03-05', invalid);

      // Assess
      await expect(put).rejects.toBeInstanceOf(InvalidDocumentInputError);
      await expect(put).rejects.toThrow(/totalCostUsd/);
      expect(await logs.get('2026-03-05')).toBeNull();
    });
  });
});
