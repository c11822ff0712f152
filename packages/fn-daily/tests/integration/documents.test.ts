/**
 * Optional documents that cannot be read: the morning message still goes out, says so once, the
 * cause is logged and the object is left as it was.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Logger } from '@tradebot/core-domain';
import { dailyLogSchema } from '@tradebot/core-domain';
import { CHAT, closeWorlds, startWorld, type World } from '../helpers/world';

const DATE = '2026-11-21';

/** Collects error log lines as JSON text. */
const collecting = (lines: string[]): Logger => ({
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (obj, msg) => lines.push(JSON.stringify({ ...obj, msg })),
});

describe('Function: createDailyJob (unreadable optional documents)', () => {
  let world: World;

  afterEach(closeWorlds);

  const putRaw = (key: string, body: string): Promise<unknown> => world.aws.s3.send(new PutObjectCommand({ Bucket: world.aws.bucket, Key: key, Body: body }));
  const getRaw = async (key: string): Promise<string> => (await world.aws.s3.send(new GetObjectCommand({ Bucket: world.aws.bucket, Key: key }))).Body!.transformToString();

  it.each([
    ['external/tickers_blacklist.txt', 'WBA\n{"oops": 1}\n', 'line 2 is not a ticker', 'the blacklist was not applied'],
    ['external/user_tips.json', '[{"id": "one", "symbol": "INTC"}]', '0.id:', 'your notes were left out'],
    ['scans/drawdown/latest.json', '{"date": "2026-11-20",\n "top": [', 'not valid JSON', 'scan candidates were left out'],
  ])('still sends the morning message when %s is corrupt, says so once, logs why and leaves it', async (key, body, reason, consequence) => {
    // Prepare
    world = await startWorld();
    await putRaw(key, body);
    const errors: string[] = [];

    // Act
    const result = await world.job({ logger: collecting(errors) }).run();

    // Assess: the message went out with the alerts and one notice naming the file and what is wrong
    expect(result).toMatchObject({ ok: true, sent: [CHAT] });
    const messages = world.telegram.messagesTo(CHAT);
    expect(messages).toHaveLength(1);
    const text = messages[0]!.plainText;
    expect(text).toMatch(/PFE is -12\.6% vs its average cost, past the -8\.0% stop loss/);
    expect(text.split(`${key} could not be read (`)).toHaveLength(2);
    expect(text).toContain(reason);
    expect(text).toContain(consequence);
    // the log is written and says what the run went without; the cause is logged; the object is untouched
    const log = dailyLogSchema().parse(await world.docs.dailyLogs.get(DATE));
    expect(log.chats[CHAT]!.delivery.status).toBe('sent');
    expect(log.runs[0]!.notes.some((note) => note.includes(key))).toBe(true);
    expect(errors.some((line) => line.includes(key) && line.includes(reason))).toBe(true);
    expect(await getRaw(key)).toBe(body);
  });

  it('applies no blacklist to the candidates when the blacklist is corrupt (and says so)', async () => {
    // Prepare: WBA is blacklisted in the seed; the file is now unreadable
    world = await startWorld();
    await putRaw('external/tickers_blacklist.txt', 'WBA\n$$$\n');

    // Act
    await world.job().run();

    // Assess
    const text = world.telegram.messagesTo(CHAT)[0]!.plainText;
    expect(text).toContain('- WBA 50');
    expect(text).toContain('the blacklist was not applied');
  });

  it('sends the message in both languages of the rules notice when rules.json is not JSON', async () => {
    // Prepare
    world = await startWorld();
    await putRaw('config/rules.json', '{\n  "language": "es",\n  "stopLossPct": 8,,\n}\n');

    // Act
    const result = await world.job().run();

    // Assess
    expect(result.ok).toBe(true);
    const text = world.telegram.messagesTo(CHAT)[0]!.plainText;
    expect(text).toContain('config/rules.json could not be read (not valid JSON at line 3');
    expect(text).toContain('No se pudo leer config/rules.json (not valid JSON at line 3');
  });
});
