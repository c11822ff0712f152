import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { replay } from '@tradebot/core-domain';
import { localDynamoClient, localS3Client, openLocalData, testAws, type TestAws } from '@tradebot/local-stack';
import { DynamoTradeLedger } from '@tradebot/storage-dynamodb';
import { runImportCli } from '../import-history';
import { outputsFile } from './helpers/script-io';

const sample = join(__dirname, '../../packages/storage-s3/tests/fixtures/operations_full.csv');

describe('Function: runImportCli', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'tradebot-import-cli-'));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
    rmSync(`${directory}-files`, { recursive: true, force: true });
  });

  const run = async (...argv: string[]) => {
    const printed: string[] = [];
    const code = await runImportCli(argv, { out: (text) => printed.push(text), dataDir: directory });
    return { code, output: printed.join('\n') };
  };

  it('prints what a dry run would import, then imports, then finds nothing new on a second run', async () => {
    // Act
    const dry = await run('--file', sample, '--portfolio', '42', '--dry-run');
    const real = await run('--file', sample, '--portfolio', '42');
    const again = await run('--file', sample, '--portfolio', '42');

    // Assess
    expect(dry.code).toBe(0);
    expect(dry.output).toContain('Would import 10 row(s); skipped 0 already in the ledger; refused 0; unreadable 1.');
    expect(dry.output).toContain('line 7: unreadable: quantity "diez" is not a number above 0');
    expect(dry.output).toContain('Ignored columns: Total, Notas, Estrategia.');
    expect(dry.output).toContain('Dry run: nothing was written.');
    expect(real.output).toContain('Imported 10 row(s); skipped 0');
    expect(real.output).toContain('line 2: #1 2024-01-15 buy 10 AAPL at 185.2 USD (fees 1)');
    expect(again.output).toContain('Imported 0 row(s); skipped 10 already in the ledger');
  });

  /** Writes a CSV next to (not into) the data directory and returns its path. */
  const csv = (name: string, text: string): string => {
    const path = join(`${directory}-files`, name);
    mkdirSync(`${directory}-files`, { recursive: true });
    writeFileSync(path, text, 'utf8');
    return path;
  };

  /** The portfolio's open positions as the bot would show them, read from the CLI's data directory. */
  const positions = async (portfolio: string): Promise<Record<string, string>> => {
    const opened = await openLocalData({ dataDir: directory, command: 'import-history test' });
    if (!opened.ok) throw new Error(opened.message);
    try {
      const { aws } = opened.data;
      const entries = await new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName }).list(portfolio);
      return Object.fromEntries([...replay(entries).positions.values()].map((p) => [p.symbol, p.quantity.toFixed()]));
    } finally {
      await opened.data.close();
    }
  };

  it('normalises tickers exactly as the chat does, so BRK.B, brk/b and BRK-B are one position', async () => {
    // Prepare
    const file = csv('classes.csv', 'date,ticker,side,qty,price\n2024-01-02,BRK.B,buy,10,400\n2024-01-03,brk/b,buy,5,410\n2024-01-04,$brk-b,sell,3,420\n2024-01-05,^GSPC,buy,1,5000\n');
    // Act
    const result = await run('--file', file, '--portfolio', '7');
    // Assess
    expect(result.output).toContain('line 2: #1 2024-01-02 buy 10 BRK-B at 400 USD (fees 0)');
    expect(result.output).toContain('line 5: unreadable: ticker "^GSPC" is not a ticker (Yahoo style, e.g. AAPL, BRK-B, SAN.MC)');
    expect(result.code).toBe(0);
    expect(await positions('7')).toEqual({ 'BRK-B': '12' });
  });

  it('reads a semicolon-separated Spanish spreadsheet with decimal commas', async () => {
    // Prepare: two decimal-comma columns, which a comma-delimiter guess splits into fields.
    const file = csv('es.csv', 'Fecha;Ticker;Tipo;Cantidad;Precio;Comisión\n15/01/2024;SAN.MC;compra;100;3,85;1,5\n16/01/2024;SAN.MC;venta;40;4,10;0,5\n');
    // Act
    const result = await run('--file', file, '--portfolio', '8', '--currency', 'EUR');
    // Assess
    expect(result.code).toBe(0);
    expect(result.output).toContain('Imported 2 row(s)');
    expect(result.output).toContain('line 2: #1 2024-01-15 buy 100 SAN.MC at 3.85 EUR (fees 1.5)');
    expect(await positions('8')).toEqual({ 'SAN.MC': '60' });
  });

  it('exits non-zero when nothing was imported and rows were refused or unreadable, zero when there was nothing new to do', async () => {
    // Prepare
    const refused = csv('refused.csv', 'date,ticker,side,qty,price\n2024-01-02,AAPL,sell,5,100\n2024-01-03,MSFT,sell,1,300\n');
    const unreadable = csv('unreadable.csv', 'date,ticker,side,qty,price\n2024-13-45,AAPL,buy,5,100\n');
    const clean = csv('clean.csv', 'date,ticker,side,qty,price\n2024-01-02,AAPL,buy,5,100\n2024-01-03,AAPL,sell,1,110\n');
    // Act
    const allRefused = await run('--file', refused, '--portfolio', '9');
    const allRefusedDry = await run('--file', refused, '--portfolio', '9', '--dry-run');
    const allUnreadable = await run('--file', unreadable, '--portfolio', '9');
    const first = await run('--file', clean, '--portfolio', '10');
    const rerun = await run('--file', clean, '--portfolio', '10');
    // The sample's unreadable line 7 is still not imported on a re-run: that run did not succeed.
    await run('--file', sample, '--portfolio', '11');
    const rerunWithError = await run('--file', sample, '--portfolio', '11');
    // Assess
    expect(allRefused.code).toBe(1);
    expect(allRefused.output).toContain('Nothing was imported: every row was refused or unreadable.');
    expect(allRefusedDry.code).toBe(1);
    expect(allUnreadable.code).toBe(1);
    expect(first.code).toBe(0);
    expect(rerun.output).toContain('Imported 0 row(s); skipped 2 already in the ledger; refused 0; unreadable 0.');
    expect(rerun.code).toBe(0);
    expect(rerunWithError.output).toContain('Imported 0 row(s); skipped 10 already in the ledger; refused 0; unreadable 1.');
    expect(rerunWithError.code).toBe(1);
  });

  it('shows usage with one example when arguments are missing or unknown', async () => {
    // Act
    const missing = await run('--file', sample);
    const unknown = await run('--fil', sample);
    const help = await run('--help');

    // Assess
    expect(missing.code).toBe(2);
    expect(missing.output).toMatch(/Both --file and --portfolio are required/);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain('Example: pnpm import-trades --file operations_full.csv --portfolio 123456789 --dry-run');
    expect(help.code).toBe(0);
  });

  it('says which file it cannot read', async () => {
    // Act
    const result = await run('--file', join(directory, 'nope.csv'), '--portfolio', '42');

    // Assess
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/Cannot read .*nope\.csv/);
  });
});

describe('Function: runImportCli (a deployed stage)', () => {
  let aws: TestAws;
  beforeAll(async () => {
    aws = await testAws();
  });
  afterAll(async () => {
    await aws.destroy();
  });

  // The "deployed" table and bucket are fresh ones on the embedded DynamoDB and S3 servers.
  const run = async (...argv: string[]) => {
    const printed: string[] = [];
    const clients = () => ({ dynamo: localDynamoClient(aws.dynamoEndpoint), s3: localS3Client(aws.s3Endpoint) });
    const code = await runImportCli(argv, { out: (text) => printed.push(text), env: { AWS_REGION: 'eu-west-1' }, clients });
    return { code, output: printed.join('\n') };
  };
  const entries = (portfolio: string) => new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName }).list(portfolio);
  const snapshot = async () => {
    const object = await aws.s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: 'portfolio/current_positions.json' })).catch(() => null);
    return object ? (JSON.parse(await object.Body!.transformToString()) as { portfolioId: string; positions: { symbol: string }[] }) : null;
  };

  it("imports into the table and bucket named by the stage's Terraform outputs and rewrites the positions snapshot there; a second run adds nothing", async () => {
    // Prepare
    const outputs = outputsFile({ table_name: aws.tableName, data_bucket: aws.bucket, ssm_prefix: '/tradebot/prod' });

    // Act
    const dry = await run('--file', sample, '--portfolio', '77', '--stage', 'prod', '--outputs', outputs, '--dry-run');
    const afterDry = { entries: await entries('77'), snapshot: await snapshot() };
    const first = await run('--file', sample, '--portfolio', '77', '--stage', 'prod', '--outputs', outputs);
    const again = await run('--file', sample, '--portfolio', '77', '--stage', 'prod', '--outputs', outputs);

    // Assess
    expect(dry.code).toBe(0);
    expect(afterDry).toEqual({ entries: [], snapshot: null });
    expect(first.code).toBe(0);
    expect(first.output).toContain(`Importing into table ${aws.tableName} and bucket ${aws.bucket} (eu-west-1).`);
    expect(first.output).toContain('Imported 10 row(s)');
    expect(first.output).toContain('Positions snapshot rewritten (portfolio/current_positions.json).');
    expect(await entries('77')).toHaveLength(10);
    expect((await snapshot())!.portfolioId).toBe('77');
    expect((await snapshot())!.positions.length).toBeGreaterThan(0);
    expect(again.output).toContain('Imported 0 row(s); skipped 10 already in the ledger');
    expect(await entries('77')).toHaveLength(10);
  });

  it('imports into a table and bucket named on the command line', async () => {
    // Act
    const result = await run('--file', sample, '--portfolio', '78', '--table', aws.tableName, '--bucket', aws.bucket, '--region', 'eu-west-1');

    // Assess
    expect(result.code).toBe(0);
    expect(await entries('78')).toHaveLength(10);
  });

  it('refuses incomplete or mixed targets before touching anything', async () => {
    // Act
    const tableOnly = await run('--file', sample, '--portfolio', '79', '--table', aws.tableName);
    const both = await run('--file', sample, '--portfolio', '79', '--stage', 'prod', '--table', aws.tableName, '--bucket', aws.bucket);
    const noRegion = await runImportCli(['--file', sample, '--portfolio', '79', '--table', aws.tableName, '--bucket', aws.bucket], { out: () => undefined, env: {} });

    // Assess
    expect(tableOnly.code).toBe(2);
    expect(tableOnly.output).toContain('A deployed target needs both --table and --bucket');
    expect(both.code).toBe(2);
    expect(both.output).toContain('Use --stage, or --table with --bucket, not both.');
    expect(noRegion).toBe(2);
    expect(await entries('79')).toEqual([]);
  });
});
