import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CorruptDocumentError, DEFAULT_RULES } from '@tradebot/core-domain';
import { testAws, type TestAws } from '@tradebot/local-stack';
import { InvalidDocumentInputError, S3RulesRepository } from '../../../src';

describe('Class: S3RulesRepository', () => {
  let aws: TestAws;
  let rules: S3RulesRepository;
  const key = 'config/rules.json';

  beforeAll(async () => {
    aws = await testAws();
    rules = new S3RulesRepository({ client: aws.s3, bucket: aws.bucket });
  });
  afterAll(() => aws.destroy());

  const putRaw = (body: string) => aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: body }));
  const getRaw = async () => (await aws.s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: key }))).Body!.transformToString();

  it('gives the default rules when config/rules.json does not exist', async () => {
    // Act
    const current = await rules.get();

    // Assess
    expect(current).toEqual(DEFAULT_RULES);
  });

  it('fills in defaults around the fields a partial file sets', async () => {
    // Prepare
    await putRaw('{"stopLossPct": 5, "analysis": {"time": "07:30"}}');

    // Act
    const current = await rules.get();

    // Assess
    expect(current.stopLossPct).toBe(5);
    expect(current.analysis.time).toBe('07:30');
    expect(current.takeProfitPct).toBe(DEFAULT_RULES.takeProfitPct);
  });

  it('stores changed rules and reads them back', async () => {
    // Act
    await rules.update((r) => ({ ...r, maxOpenPositions: 9 }));

    // Assess
    expect((await rules.get()).maxOpenPositions).toBe(9);
    expect(JSON.parse(await getRaw()).maxOpenPositions).toBe(9);
  });

  it('refuses to store rules that break the schema and keeps the stored ones', async () => {
    // Prepare
    await rules.put({ ...DEFAULT_RULES, stopLossPct: 7 });

    // Act
    const failure = await rules.put({ ...DEFAULT_RULES, stopLossPct: -1 }).catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(InvalidDocumentInputError);
    expect((failure as Error).message).toMatch(/stopLossPct/);
    expect((await rules.get()).stopLossPct).toBe(7);
  });

  it('stores only the rules it is given, so the others keep following the defaults, and reads the document back as written', async () => {
    // Act
    await rules.put({ stopLossPct: 10, analysis: { time: '07:30' } });

    // Assess
    expect(JSON.parse(await getRaw())).toEqual({ stopLossPct: 10, analysis: { time: '07:30' } });
    expect(await rules.getDocument()).toEqual({ stopLossPct: 10, analysis: { time: '07:30' } });
    expect((await rules.get()).analysis).toMatchObject({ time: '07:30', timezone: 'Europe/Madrid' });
  });

  it('reads an invalid document as written (so one rule can be fixed), but not one that is no JSON object', async () => {
    // Prepare
    await putRaw('{"stopLossPct": 500, "language": "es"}');
    // Act
    const invalid = await rules.getDocument();
    await putRaw('[1, 2]');
    const array = await rules.getDocument().catch((error: unknown) => error);
    await aws.s3.send(new DeleteObjectCommand({ Bucket: aws.bucket, Key: key }));
    const none = await rules.getDocument();
    // Assess
    expect(invalid).toEqual({ stopLossPct: 500, language: 'es' });
    expect(array).toBeInstanceOf(CorruptDocumentError);
    expect(none).toBeNull();
  });

  it.each([
    ['bad JSON', '{"stopLossPct": 5,,}', /not valid JSON/],
    ['a value out of range', '{"stopLossPct": 500}', /stopLossPct/],
    ['an unknown key', '{"stopLos": 5}', /stopLos/],
  ])('refuses %s with an error naming the key and leaves the object byte-for-byte unchanged', async (_label, body, reason) => {
    // Prepare
    await putRaw(body);

    // Act
    const readError = await rules.get().catch((error: unknown) => error);
    const updateError = await rules.update((r) => ({ ...r, stopLossPct: 3 })).catch((error: unknown) => error);

    // Assess
    expect(readError).toBeInstanceOf(CorruptDocumentError);
    expect((readError as Error).message).toMatch(/config\/rules\.json/);
    expect(updateError).toBeInstanceOf(CorruptDocumentError);
    expect((updateError as CorruptDocumentError).key).toBe(key);
    expect((updateError as CorruptDocumentError).reason).toMatch(reason);
    expect(await getRaw()).toBe(body);
  });
});
