import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { DATA_DIR_MARKER, openLocalData, prepareDataDir, readStackRecord, STACK_FILE, UPDATE_ID_FILE, type LocalData } from '../../src/local-data';

/** The id of a process that has exited (a stack file left behind by a crash names one). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((done) => child.on('exit', done));
  return child.pid!;
}

const fresh = (): string => mkdtempSync(join(tmpdir(), 'tradebot-data-dir-'));

describe('Function: prepareDataDir', () => {
  let parent: string;
  beforeEach(() => {
    parent = fresh();
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('creates a missing directory with its marker', () => {
    // Act
    const result = prepareDataDir(join(parent, 'new', '.local'));
    // Assess
    expect(result).toEqual({ ok: true, dir: join(parent, 'new', '.local') });
    expect(existsSync(join(parent, 'new', '.local', DATA_DIR_MARKER))).toBe(true);
  });

  it('adopts a data directory made before the marker existed (only tradebot files in it)', () => {
    // Prepare
    mkdirSync(join(parent, 'aws', 'dynamodb'), { recursive: true });
    writeFileSync(join(parent, 'start.log'), '{}\n');
    // Act
    const result = prepareDataDir(parent);
    // Assess
    expect(result.ok).toBe(true);
    expect(existsSync(join(parent, DATA_DIR_MARKER))).toBe(true);
  });

  it('refuses a directory holding anything else, and writes nothing into it', () => {
    // Prepare
    writeFileSync(join(parent, 'notes.txt'), 'mine');
    // Act
    const result = prepareDataDir(parent);
    // Assess
    expect(result).toEqual({ ok: false, message: expect.stringContaining(`${parent} is not a tradebot data directory (it has no ${DATA_DIR_MARKER} file and holds notes.txt)`) });
    expect(readdirSync(parent)).toEqual(['notes.txt']);
  });

  it('refuses a file', () => {
    // Prepare
    writeFileSync(join(parent, 'file'), '');
    // Act / Assess
    expect(prepareDataDir(join(parent, 'file'))).toEqual({ ok: false, message: `${join(parent, 'file')} is a file, not a data directory. Pass --data-dir with a directory.` });
  });
});

describe('Function: openLocalData', () => {
  let dir: string;
  const open: LocalData[] = [];
  beforeEach(() => {
    dir = fresh();
  });
  afterEach(async () => {
    for (const data of open.splice(0).reverse()) await data.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const openOk = async (options: Parameters<typeof openLocalData>[0]): Promise<LocalData> => {
    const result = await openLocalData(options);
    if (!result.ok) throw new Error(result.message);
    open.push(result.data);
    return result.data;
  };

  it('lets short commands use the servers of a running pnpm start, and refuses a second pnpm start and a --reset', async () => {
    // Prepare
    const start = await openOk({ dataDir: dir, command: 'pnpm start', serve: true });
    await start.aws.s3.send(new PutObjectCommand({ Bucket: start.aws.dataBucket, Key: 'config/rules.json', Body: '{}' }));

    // Act
    const daily = await openOk({ dataDir: dir, command: 'pnpm daily' });
    const read = await daily.aws.s3.send(new GetObjectCommand({ Bucket: daily.aws.dataBucket, Key: 'config/rules.json' }));
    const second = await openLocalData({ dataDir: dir, command: 'pnpm start', serve: true });
    const reset = await openLocalData({ dataDir: dir, command: 'pnpm start', serve: true, reset: true });

    // Assess
    expect(daily.sharedWith).toMatchObject({ command: 'pnpm start', pid: process.pid });
    expect(daily.aws.s3Endpoint).toBe(start.aws.s3Endpoint);
    expect(await read.Body?.transformToString()).toBe('{}');
    expect(second).toEqual({ ok: false, message: expect.stringMatching(/^pnpm start \(pid \d+, since .* UTC\) is already running on .*Use that one/) });
    expect(reset).toEqual({ ok: false, message: expect.stringContaining('so --reset cannot clear it. Nothing was deleted.') });
    expect(existsSync(join(dir, 'aws', 's3'))).toBe(true);
  });

  it('refuses while another short command runs its own servers, and takes over once it has finished', async () => {
    // Prepare
    const scan = await openOk({ dataDir: dir, command: 'pnpm scan' });

    // Act
    const busy = await openLocalData({ dataDir: dir, command: 'pnpm daily' });
    await open.pop()!.close();
    const after = await openOk({ dataDir: dir, command: 'pnpm daily' });

    // Assess
    expect(scan.sharedWith).toBeNull();
    expect(busy).toEqual({ ok: false, message: expect.stringMatching(/^pnpm scan \(pid \d+, since .*\) is using .* right now\. Run pnpm daily again when it has finished\.$/) });
    expect(after.sharedWith).toBeNull();
    expect(readStackRecord(dir)).toMatchObject({ command: 'pnpm daily', pid: process.pid });
  });

  it('ignores and replaces a stack file left by a process that is gone, or one that is unreadable', async () => {
    // Prepare: a crashed pnpm start left its record behind.
    prepareDataDir(dir);
    const crashed = { version: 1, pid: await deadPid(), command: 'pnpm start', startedAt: '2026-11-01T10:00:00.000Z', shared: true, endpoints: { s3Endpoint: 'http://127.0.0.1:9', dynamoEndpoint: 'http://127.0.0.1:9', tableName: 'tradebot', dataBucket: 'tradebot-data' } };
    writeFileSync(join(dir, STACK_FILE), JSON.stringify(crashed));

    // Act
    const first = await openOk({ dataDir: dir, command: 'pnpm scan' });
    const mine = readStackRecord(dir);
    await open.pop()!.close();
    writeFileSync(join(dir, STACK_FILE), '{"version":');
    const second = await openOk({ dataDir: dir, command: 'pnpm scan' });

    // Assess
    expect(first.sharedWith).toBeNull();
    expect(mine).toMatchObject({ pid: process.pid, command: 'pnpm scan', endpoints: { dynamoEndpoint: first.aws.dynamoEndpoint } });
    expect(second.sharedWith).toBeNull();
  });

  it('--reset clears the data but keeps the marker and the update-id counter', async () => {
    // Prepare
    const before = await openOk({ dataDir: dir, command: 'pnpm start', serve: true });
    await before.aws.s3.send(new PutObjectCommand({ Bucket: before.aws.dataBucket, Key: 'external/tickers_blacklist.txt', Body: 'TSLA\n' }));
    writeFileSync(join(dir, UPDATE_ID_FILE), '100042\n');
    await open.pop()!.close();

    // Act
    const after = await openOk({ dataDir: dir, command: 'pnpm start', serve: true, reset: true });
    const listed = await after.aws.s3.send(new GetObjectCommand({ Bucket: after.aws.dataBucket, Key: 'external/tickers_blacklist.txt' })).then(
      () => 'found',
      (error: Error) => error.name,
    );

    // Assess
    expect(listed).toBe('NoSuchKey');
    expect(existsSync(join(dir, DATA_DIR_MARKER))).toBe(true);
    expect(existsSync(join(dir, UPDATE_ID_FILE))).toBe(true);
  });
});
