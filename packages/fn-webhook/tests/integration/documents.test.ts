/**
 * The shared S3 documents through the webhook path: concurrent changes of the blacklist and the
 * tips (none lost, ids never repeated), hand-kept comments, unreadable optional documents (the
 * reply goes on without them and says so), and the `/scan` link.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDocumentLock } from '@tradebot/storage-dynamodb';
import { CHAT, webhookStack, type WebhookStack } from '../helpers/webhook-stack';

const BLACKLIST = 'external/tickers_blacklist.txt';
const TIPS = 'external/user_tips.json';

/** 20 distinct chats, so each concurrent update's replies can be told apart. */
const CHATS = Array.from({ length: 20 }, (_, i) => 9100 + i);
/** 20 distinct valid tickers (`TA`..`TT`). */
const TICKERS = Array.from({ length: 20 }, (_, i) => `T${String.fromCharCode(65 + i)}`);

describe('Function: createWebhookApp (shared documents under concurrency)', () => {
  let stack: WebhookStack;
  beforeEach(async () => {
    // 20 changes take turns on one lease; on a loaded 2-core machine the last one may wait longer
    // than a Lambda would let it (it would answer "busy, try again"), which is not what these test.
    stack = await webhookStack({ allowed: [CHAT, ...CHATS], adapters: { documentLockWaitMs: 120_000 } });
  });
  afterEach(async () => {
    await stack.stop();
  });

  const getRaw = async (key: string): Promise<string> => (await stack.aws.s3.send(new GetObjectCommand({ Bucket: stack.aws.bucket, Key: key }))).Body!.transformToString();

  it('keeps all 20 tickers when 20 /blacklist add arrive at once, and every reply is true', async () => {
    // Act
    const results = await Promise.all(CHATS.map((chatId, i) => stack.say(`/blacklist add ${TICKERS[i]}`, { chatId })));

    // Assess: every update answered 200 and was told its ticker was added, and the list has all 20
    const stored = await stack.adapters.blacklist.get();
    expect([...stored].sort()).toEqual([...TICKERS].sort());
    results.forEach((result, i) => {
      expect(result.status).toBe(200);
      expect(result.replies).toEqual([`🚫 Added to the blacklist: ${TICKERS[i]}`]);
    });
  });

  it('gives 20 distinct numbers to 20 /tips add that arrive at once, and stores all 20', async () => {
    // Act
    const results = await Promise.all(CHATS.map((chatId, i) => stack.say(`/tips add ${TICKERS[i]} note ${i}`, { chatId })));

    // Assess
    const ids = results.map((result) => Number(/Tip #(\d+) on/.exec(result.replies[0] ?? '')?.[1]));
    expect(new Set(ids).size).toBe(20);
    const stored = await stack.adapters.tips.get();
    expect(stored.map((tip) => tip.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    results.forEach((result, i) => expect(stored.find((tip) => tip.id === ids[i])?.symbol).toBe(TICKERS[i]));
  });

  it('never gives a removed tip number again, not even the highest, not even after a restart', async () => {
    // Prepare
    await stack.say('/tips add AAPL first');
    await stack.say('/tips add MSFT second');
    await stack.say('/tips remove 2');

    // Act: a new process (cold start) on the same bucket
    stack.breakStores({});
    const next = await stack.say('/tips add KO third');

    // Assess
    expect(next.replies).toEqual(['📝 Tip #3 on KO saved.']);
    expect((await stack.adapters.tips.get()).map((tip) => tip.id)).toEqual([1, 3]);
  });

  it('changes only the lines of the tickers added or removed, keeping hand-written comments', async () => {
    // Prepare
    const handKept = '# Tickers my broker does not offer\r\nBRK-B   # class B only\r\n\r\n# ADRs\r\nTSM\r\nnvda  # maybe later\r\n';
    await stack.aws.s3.send(new PutObjectCommand({ Bucket: stack.aws.bucket, Key: BLACKLIST, Body: handKept }));

    // Act
    const added = await stack.say('/blacklist add KO');
    const removed = await stack.say('/blacklist remove NVDA');

    // Assess
    expect(added.replies).toEqual(['🚫 Added to the blacklist: KO']);
    expect(removed.replies).toEqual(['✅ Removed from the blacklist: NVDA']);
    expect(await getRaw(BLACKLIST)).toBe('# Tickers my broker does not offer\r\nBRK-B   # class B only\r\n\r\n# ADRs\r\nTSM\r\nKO\r\n');
  });
});

describe('Function: createWebhookApp (a shared document busy for longer than a reply may wait)', () => {
  let stack: WebhookStack;
  beforeEach(async () => {
    stack = await webhookStack({ adapters: { documentLockWaitMs: 200 } });
  });
  afterEach(async () => {
    await stack.stop();
  });

  it('says the list was busy and nothing was recorded (not that storage is down), and the same command works once the other change is done', async () => {
    // Prepare: another instance holds the tips' lease for the whole of the first attempt
    const other = new DynamoDocumentLock({ client: stack.aws.dynamo, tableName: stack.aws.tableName, leaseSeconds: 30 });

    // Act
    const busy = await other.withLock('external/user_tips.json', () => stack.say('/tips add KO wait for 58'));
    const stored = await stack.adapters.tips.get();
    const again = await stack.say('/tips add KO wait for 58');

    // Assess
    expect(busy.status).toBe(200);
    expect(busy.replies).toEqual(['⏳ Busy: other changes to the same data were being saved. Nothing was recorded. Please send it again.']);
    expect(stored).toEqual([]);
    expect(again.replies[0]).toMatch(/^📝 Tip #1 on KO/);
    expect((await stack.adapters.tips.get()).map((tip) => tip.symbol)).toEqual(['KO']);
  });
});

describe('Function: createWebhookApp (unreadable optional documents)', () => {
  let stack: WebhookStack;
  beforeEach(async () => {
    stack = await webhookStack();
  });
  afterEach(async () => {
    await stack.stop();
  });

  const putRaw = (key: string, body: string): Promise<unknown> => stack.aws.s3.send(new PutObjectCommand({ Bucket: stack.aws.bucket, Key: key, Body: body }));
  const getRaw = async (key: string): Promise<string> => (await stack.aws.s3.send(new GetObjectCommand({ Bucket: stack.aws.bucket, Key: key }))).Body!.transformToString();
  const errorLogs = (): string[] => stack.logs.filter((l) => l.level >= 50).map((l) => JSON.stringify(l));

  it('records a buy without the blacklist check when the blacklist is corrupt, says so once, logs why and leaves the file', async () => {
    // Prepare
    const corrupt = 'TSLA\n{"not": "a ticker"}\n';
    await putRaw(BLACKLIST, corrupt);

    // Act
    const result = await stack.say('/buy AAPL 2 100');

    // Assess
    expect(result.status).toBe(200);
    expect(result.replies).toHaveLength(1);
    expect(result.replies[0]).toContain('Buy recorded');
    const notice = 'external/tickers_blacklist.txt could not be read (line 2 is not a ticker';
    expect(result.replies[0]!.split(notice)).toHaveLength(2);
    expect(result.replies[0]).toContain('the blacklist was not applied');
    expect(await stack.entries()).toHaveLength(1);
    expect(await getRaw(BLACKLIST)).toBe(corrupt);
    expect(errorLogs().some((line) => line.includes(BLACKLIST) && line.includes('line 2'))).toBe(true);
  });

  it('says in both languages, once, that invalid rules were replaced by the defaults, and logs the field', async () => {
    // Prepare: a Spanish investor's rules with one bad value
    const rules = '{\n  "language": "es",\n  "stopLossPct": -5\n}\n';
    await putRaw('config/rules.json', rules);

    // Act
    const result = await stack.say('/portfolio');

    // Assess
    expect(result.status).toBe(200);
    expect(result.replies).toHaveLength(1);
    const reply = result.replies[0]!;
    expect(reply).toContain('No open positions yet');
    expect(reply.split('config/rules.json could not be read (stopLossPct:')).toHaveLength(2);
    expect(reply).toContain('default rules were used');
    expect(reply).toContain('No se pudo leer config/rules.json (stopLossPct:');
    expect(await getRaw('config/rules.json')).toBe(rules);
    expect(errorLogs().some((line) => line.includes('config/rules.json') && line.includes('stopLossPct'))).toBe(true);
  });

  it('names the line of a rules file that is not JSON', async () => {
    // Prepare
    await putRaw('config/rules.json', '{\n  "language": "es",\n  "stopLossPct": 8,,\n}\n');

    // Act
    const result = await stack.say('/help');

    // Assess
    expect(result.replies[0]).toMatch(/config\/rules\.json could not be read \(not valid JSON at line 3/);
  });

  it('never signs a /scan link for a key outside scans/drawdown/', async () => {
    // Prepare: a latest.json that names the positions snapshot as its CSV
    await stack.say('/buy KO 1 60');
    const forged = {
      date: '2026-03-09',
      generatedAt: '2026-03-09T11:00:00.000Z',
      lookbackDays: 180,
      universeSize: 1,
      scanned: 1,
      failed: 0,
      skipped: 0,
      durationMs: 1,
      csvKey: 'portfolio/current_positions.json',
      top: [],
      failures: [],
    };
    await putRaw('scans/drawdown/latest.json', JSON.stringify(forged));

    // Act
    const result = await stack.say('/scan 5');

    // Assess
    expect(result.status).toBe(200);
    const html = stack.telegram.messagesTo(CHAT).at(-1)!.text;
    expect(html).not.toContain('current_positions');
    expect(html).not.toContain('X-Amz-Signature');
    expect(result.replies[0]).toContain('scans/drawdown/latest.json');
  });

  it('lists the scan unfiltered when the blacklist is corrupt, with one notice', async () => {
    // Prepare
    const row = (rank: number, symbol: string, drawdownPct: number) => ({
      rank, symbol, name: symbol, sector: 'Tech', lastClose: 50, lastDate: '2026-03-09', peakClose: 100, peakDate: '2025-11-03',
      drawdownPct, daysSincePeak: 126, lowClose: 40, aboveLowPct: 25, avgVolume20: 1_000_000,
    });
    const rows = [row(1, 'INTC', 45.5), row(2, 'TSLA', 40)];
    await stack.adapters.scans.save(rows, {
      date: '2026-03-09', generatedAt: '2026-03-09T11:00:00.000Z', lookbackDays: 180, universeSize: 2, scanned: 2, failed: 0, skipped: 0,
      durationMs: 1, csvKey: 'scans/drawdown/2026-03-09.csv', top: rows, failures: [],
    });
    const corrupt = 'TSLA\nbuy the dip!\n';
    await putRaw(BLACKLIST, corrupt);

    // Act
    const result = await stack.say('/scan 2');

    // Assess
    const reply = result.replies[0]!;
    expect(reply).toMatch(/\b1 INTC\s+-45\.5%/);
    expect(reply).toMatch(/\b2 TSLA\s+-40\.0%/);
    expect(reply.split('external/tickers_blacklist.txt could not be read (line 2 is not a ticker')).toHaveLength(2);
    expect(await getRaw(BLACKLIST)).toBe(corrupt);
  });

  it('still refuses to change a corrupt blacklist or tips file, and leaves them as they were', async () => {
    // Prepare
    const blacklist = 'TSLA\n???\n';
    const tips = '{"not": "a list"}';
    await Promise.all([putRaw(BLACKLIST, blacklist), putRaw(TIPS, tips)]);

    // Act
    const added = await stack.say('/blacklist add MSFT');
    const noted = await stack.say('/tips add MSFT earnings');

    // Assess
    expect(added.replies[0]).toContain('external/tickers_blacklist.txt cannot be read');
    expect(noted.replies[0]).toContain('external/user_tips.json cannot be read');
    expect(await getRaw(BLACKLIST)).toBe(blacklist);
    expect(await getRaw(TIPS)).toBe(tips);
  });

  it('uses the rules again, without the notice, once the file is fixed (after the rules cache)', async () => {
    // Prepare
    await putRaw('config/rules.json', '{"language": "es", "stopLossPct": 0}');
    const broken = await stack.say('/help');

    // Act: fixed; a new instance (cold start) reads it
    await putRaw('config/rules.json', '{"language": "es", "stopLossPct": 7}');
    stack.breakStores({});
    const fixed = await stack.say('/help');

    // Assess
    expect(broken.replies[0]).toContain('config/rules.json could not be read (stopLossPct:');
    expect(fixed.replies[0]).toContain('Comandos');
    expect(fixed.replies[0]).not.toContain('config/rules.json');
  });
});
