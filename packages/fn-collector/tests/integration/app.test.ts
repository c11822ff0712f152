import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { TelegramServer, TestAws, YahooServer } from '@tradebot/local-stack';
import { createS3Documents } from '@tradebot/storage-s3';
import type { Collector } from '../../src/app';
import { CollectorEventError } from '../../src/errors';
import { startCollectorStack, type CollectorStack, type MovableClock } from '../helpers/collector-stack';

describe('Function: createCollector', () => {
  let stack: CollectorStack;
  let aws: TestAws;
  let yahoo: YahooServer;
  let telegram: TelegramServer;
  let clock: MovableClock;
  let collector: Collector;

  beforeAll(async () => {
    stack = await startCollectorStack(3, new Date('2026-11-14T11:00:00Z'));
    ({ aws, yahoo, telegram, clock } = stack);
    collector = stack.collector();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('scans the override universe into S3 and sends the top 10 to Telegram', async () => {
    // Act
    const result = await collector.run({});
    // Assess
    expect(result).toMatchObject({ ok: true, date: '2026-11-13', scanned: 11, skipped: 1, failed: 0, universeSource: 'override', summarySent: true });
    const latest = await createS3Documents({ client: aws.s3, bucket: aws.bucket }).scans.latest();
    expect(latest?.date).toBe('2026-11-13');
    expect(latest?.top).toHaveLength(11);
    const csv = await aws.s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: 'scans/drawdown/2026-11-13.csv' }));
    expect((await csv.Body!.transformToString()).trim().split('\n')).toHaveLength(12);
    const [message] = telegram.messagesTo('111');
    expect(message?.plainText).toContain('Drawdown scan 2026-11-13');
    expect(message?.plainText).toContain(`1. ${latest?.top[0]?.symbol}`);
  });

  it('on the next market day needs only the crumb flow and one quote request', async () => {
    // Prepare: Tuesday 06:00 New York, Monday 11-16 closed.
    clock.instant = new Date('2026-11-17T11:00:00Z');
    yahoo.resetLog();
    // Act
    const result = await collector.run({});
    // Assess
    expect(result).toMatchObject({ ok: true, date: '2026-11-16', scanned: 11 });
    expect(yahoo.counts()).toMatchObject({ total: 3, quote: 1, chart: 0 });
  });

  it('keeps the previous latest.json and alerts when Yahoo refuses everything', async () => {
    // Prepare
    clock.instant = new Date('2026-11-21T11:00:00Z');
    const before = await createS3Documents({ client: aws.s3, bucket: aws.bucket }).scans.latest();
    telegram.clear();
    yahoo.configure({ refuseAll: true });
    try {
      // Act
      const result = await collector.run({});
      // Assess
      expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('circuit breaker open') });
      expect(await createS3Documents({ client: aws.s3, bucket: aws.bucket }).scans.latest()).toEqual(before);
      expect(telegram.messagesTo('111')[0]?.plainText).toContain('Drawdown scan failed');
    } finally {
      yahoo.configure({ refuseAll: false });
    }
  });

  it('ignores a malformed universe override as a whole and scans the shipped list', async () => {
    // Prepare
    clock.instant = new Date('2026-11-21T11:00:00Z');
    await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'config/universe.csv', Body: 'symbol,name,sector\nAAPL,Apple,Tech\nNOT A TICKER,X,Y\n' }));
    // Act
    const result = await collector.run({ limit: 3 });
    // Assess
    expect(result).toMatchObject({ ok: true, status: 'saved-apart', universeSource: 'shipped', date: '2026-11-20' });
    expect((result.scanned ?? 0) + (result.skipped ?? 0) + result.failed).toBe(3);
  });

  it('refuses a malformed schedule input before touching anything', async () => {
    yahoo.resetLog();
    await expect(collector.run({ asOf: '2026-13-45' })).rejects.toBeInstanceOf(CollectorEventError);
    expect(yahoo.counts().total).toBe(0);
  });
});

describe('Function: createCollector (rules in Spanish)', () => {
  let stack: CollectorStack;

  beforeAll(async () => {
    stack = await startCollectorStack(8, new Date('2026-11-21T11:00:00Z'));
    await stack.documents.rules.put({ ...(await stack.documents.rules.get()), language: 'es' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('sends the summary and the failure alert in the language of the rules', async () => {
    // Prepare
    const collector = stack.collector();

    // Act: a good scan of Friday, then Monday's with Yahoo refusing everything
    const saved = await collector.run({});
    stack.clock.instant = new Date('2026-11-24T11:00:00Z');
    stack.yahoo.configure({ refuseAll: true });
    const failed = await collector.run({});

    // Assess
    expect(saved).toMatchObject({ status: 'saved', date: '2026-11-20', summarySent: true });
    expect(failed).toMatchObject({ status: 'failed', date: '2026-11-23', summarySent: false });
    const [summary, alert] = stack.telegram.messagesTo('111').map((m) => m.plainText);
    expect(summary).toMatch(/^Escaneo de caídas 2026-11-20 \(máximo de 180 días\)\n11 clasificados, 1 descartados por los filtros, 0 con error\.\n1\. SIM\d+ -\d+,\d% desde /);
    expect(alert).toBe(
      'El escaneo de caídas falló para el 2026-11-23: Yahoo sigue rechazando las peticiones (circuito abierto).\n' +
        'El escaneo anterior sigue siendo el último; la próxima ejecución programada lo volverá a intentar.',
    );
  });
});
