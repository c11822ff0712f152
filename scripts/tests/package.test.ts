/**
 * `pnpm package`: deterministic zips and a manifest Terraform can use, and packages that really run:
 * each zip is unpacked and loaded in a fresh `node` with a Lambda-like environment whose every
 * endpoint (S3, DynamoDB, SSM, Telegram, Yahoo, Anthropic) points at the local stack, and handles
 * one real-shaped event with effects the test reads back.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { makeStreamRecord, runLambdaInFreshNode, startLambdaStack, testAws, type LambdaStack, type TestAws } from '@tradebot/local-stack';
import { DynamoTradeLedger, portfolioKey, proposalKey, tradeKey } from '@tradebot/storage-dynamodb';
import { createS3Documents, partialScanCsvKey } from '@tradebot/storage-s3';
import { E2E_PACKAGES_ENV } from '../../e2e/env';
import { hoistDynamicImports, keptErrorRegistrations, staticSchemaKeys } from '../build/lambda-plugins';
import { readZip, ZIP_ENTRY_TIME } from '../build/zip';
import { bundleFiles, bundleReport, classicZodInputs, filesAtLoad, filesReachedFromIndex, lambdaFunctions, nameChunksByContent, nonBuiltinRequires, packageFunctions, packageHandlers, type Metafile, type PackageManifest } from '../package';

const FUNCTIONS = ['fn-collector', 'fn-daily', 'fn-webhook'];

describe('Function: nonBuiltinRequires (the bundle must not rely on the Lambda runtime)', () => {
  const metafile = (imports: { path: string; external?: boolean }[]): Metafile => ({
    outputs: { 'dist/index.js': { bytes: 1, imports, inputs: { 'node_modules/.pnpm/zod@4/node_modules/zod/index.js': { bytesInOutput: 7 }, 'src/handler.ts': { bytesInOutput: 3 } } } },
  });

  it('accepts Node built-ins and bundled modules', () => {
    // Act + Assess
    expect(nonBuiltinRequires(metafile([{ path: 'node:crypto', external: true }, { path: 'https', external: true }, { path: 'src/app.ts' }]))).toEqual([]);
  });

  it('names a package that would come from the runtime, such as its own AWS SDK', () => {
    // Act + Assess
    expect(nonBuiltinRequires(metafile([{ path: '@aws-sdk/client-s3', external: true }, { path: 'fs', external: true }]))).toEqual(['@aws-sdk/client-s3']);
  });

  it('reports the heaviest inputs by package', () => {
    // Act + Assess
    expect(bundleReport(metafile([]))).toEqual([{ name: 'zod', bytes: 7 }, { name: '(this function)', bytes: 3 }]);
  });
});

describe('Function: filesAtLoad (what a cold start pays for)', () => {
  it("follows index.js's static imports through other files, not what an import() loads on first use, and reports those files' inputs", () => {
    // Prepare: index.js imports a shared chunk, which imports another; a client file and what only it uses load on first use.
    const output = (imports: { path: string; kind: string; external?: boolean }[], inputs: Record<string, number>) => ({ bytes: 1, imports, inputs: Object.fromEntries(Object.entries(inputs).map(([input, bytesInOutput]) => [input, { bytesInOutput }])) });
    const metafile: Metafile = {
      outputs: {
        'dist/index.js': output([{ path: 'dist/chunk-A.js', kind: 'import-statement' }, { path: 'dist/client-C.js', kind: 'dynamic-import' }, { path: 'node:https', kind: 'require-call', external: true }], { 'src/handler.ts': 3 }),
        'dist/chunk-A.js': output([{ path: 'dist/chunk-B.js', kind: 'import-statement' }], { 'node_modules/zod/mini.js': 7 }),
        'dist/chunk-B.js': output([], { '../core-domain/src/money.ts': 2 }),
        'dist/client-C.js': output([{ path: 'dist/chunk-D.js', kind: 'import-statement' }, { path: 'dist/chunk-B.js', kind: 'import-statement' }], { 'node_modules/yahoo-finance2/esm/index.js': 11 }),
        'dist/chunk-D.js': output([], { 'node_modules/tough-cookie/index.js': 5 }),
        'dist/index.js.map': output([], {}),
      },
    };
    // Act
    const atLoad = filesAtLoad(metafile);
    // Assess
    expect(atLoad).toEqual(['chunk-A.js', 'chunk-B.js', 'index.js']);
    expect(bundleReport(metafile, 15, atLoad)).toEqual([{ name: 'zod', bytes: 7 }, { name: '(this function)', bytes: 3 }, { name: '@tradebot/core-domain', bytes: 2 }]);
    expect(bundleReport(metafile).map((p) => p.name)).toEqual(['yahoo-finance2', 'zod', 'tough-cookie', '(this function)', '@tradebot/core-domain']);
  });
});

describe('Function: classicZodInputs (schemas ship on zod/mini)', () => {
  const ZOD = '../../node_modules/.pnpm/zod@4.6.7/node_modules/zod';
  const bundleOf = (inputs: string[]): Metafile => ({
    outputs: { 'dist/index.js': { bytes: 1, imports: [], inputs: Object.fromEntries(inputs.map((input) => [input, { bytesInOutput: 1 }])) } },
  });

  it('accepts zod/mini, zod core and the English locale', () => {
    // Act + Assess
    expect(classicZodInputs(bundleOf([`${ZOD}/mini/index.js`, `${ZOD}/v4/mini/schemas.js`, `${ZOD}/v4/core/schemas.js`, `${ZOD}/v4/locales/en.js`, 'src/config.ts']))).toEqual([]);
  });

  it('names classic zod, whether reached through zod, zod/v4 or zod/v3', () => {
    // Act + Assess
    expect(classicZodInputs(bundleOf([`${ZOD}/index.js`, `${ZOD}/v4/classic/schemas.js`, `${ZOD}/v4/core/core.js`, 'src/config.ts']))).toEqual([`${ZOD}/index.js`, `${ZOD}/v4/classic/schemas.js`]);
    expect(classicZodInputs(bundleOf([`${ZOD}/v4/index.cjs`, `${ZOD}/v3/types.js`]))).toEqual([`${ZOD}/v3/types.js`, `${ZOD}/v4/index.cjs`]);
  });
});

describe('Function: nameChunksByContent and filesReachedFromIndex (the files of a split bundle)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tradebot-chunks-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const write = (files: Record<string, string>): void => {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  };

  it('names each chunk after its code and rewrites the requires and source map comments that name it', () => {
    // Prepare: esbuild's names, whose hash depends on where the build ran.
    write({ 'index.js': 'require("./chunk-AAAA1111.js");import("./client-BBBB2222.js");\n//# sourceMappingURL=index.js.map', 'chunk-AAAA1111.js': 'exports.a=1;\n//# sourceMappingURL=chunk-AAAA1111.js.map', 'chunk-AAAA1111.js.map': '{"file":"chunk-AAAA1111.js"}', 'client-BBBB2222.js': 'require("./chunk-AAAA1111.js");exports.c=2;' });
    // Act
    const files = nameChunksByContent(dir, ['index.js', 'chunk-AAAA1111.js', 'client-BBBB2222.js']);
    // Assess: the same code gives the same names (here: the hash of the code with names neutral).
    expect(files).toEqual(['chunk.' + createHash('sha256').update('exports.a=1;\n//# sourceMappingURL=chunk.js.map').digest('hex').slice(0, 12) + '.js', expect.stringMatching(/^client\.[0-9a-f]{12}\.js$/), 'index.js']);
    const [chunk, client] = files as [string, string];
    expect(readFileSync(join(dir, 'index.js'), 'utf8')).toBe(`require("./${chunk}");import("./${client}");\n//# sourceMappingURL=index.js.map`);
    expect(readFileSync(join(dir, `${chunk}.map`), 'utf8')).toBe(`{"file":"${chunk}"}`);
    expect(readdirSync(dir).sort()).toEqual([chunk, `${chunk}.map`, client, 'index.js'].sort());
  });

  it("keeps a package's other entries as they are named, and the files each of them reaches (a second Lambda handler in the zip)", () => {
    // Prepare: two entries sharing a chunk, one with a chunk of its own, and a file nothing loads.
    write({ 'index.js': 'require("./shared-AAAA1111.js")', 'snapshot.js': 'require("./shared-AAAA1111.js");require("./own-BBBB2222.js")', 'shared-AAAA1111.js': '1', 'own-BBBB2222.js': '2', 'unused-CCCC3333.js': '3' });
    // Act
    const named = nameChunksByContent(dir, ['index.js', 'snapshot.js', 'shared-AAAA1111.js', 'own-BBBB2222.js', 'unused-CCCC3333.js'], ['index.js', 'snapshot.js']);
    const kept = filesReachedFromIndex(dir, named, ['index.js', 'snapshot.js']);
    // Assess
    expect(named).toContain('snapshot.js');
    expect(kept.map((file) => file.replace(/\.[0-9a-f]{12}\.js$/, '.js'))).toEqual(['index.js', 'own.js', 'shared.js', 'snapshot.js']);
  });

  it('keeps the files index.js reaches, through other files too, and leaves out one nothing loads', () => {
    // Prepare
    write({ 'index.js': 'require("./a.1.js")', 'a.1.js': 'import("./b.2.js")', 'b.2.js': '1', 'unused.3.js': 'require("./b.2.js")' });
    // Act + Assess
    expect(filesReachedFromIndex(dir, ['index.js', 'a.1.js', 'b.2.js', 'unused.3.js'])).toEqual(['a.1.js', 'b.2.js', 'index.js']);
  });
});

describe("Function: hoistDynamicImports (a dependency's import() in an ES module)", () => {
  it('reads each import() from a static namespace import declared at the top, leaving a method named import alone', () => {
    // Prepare: @smithy/core's HttpProtocol.js loads its event streams this way.
    const source = [
      'import { a } from "./a.js";',
      'export async function serde() {',
      '  const { EventStreamSerde } = await import("@smithy/core/event-streams");',
      "  const other = await import('./other.js');",
      '  return [EventStreamSerde, other, loader.import("not-a-module")];',
      '}',
    ].join('\n');

    // Act
    const hoisted = hoistDynamicImports(source);

    // Assess: no require() of an ES module is left, which would make esbuild wrap it and all it imports.
    expect(hoisted.split('\n').slice(0, 2)).toEqual(['import * as __tradebotImport0 from "@smithy/core/event-streams";', "import * as __tradebotImport1 from './other.js';"]);
    expect(hoisted).toContain('const { EventStreamSerde } = await Promise.resolve(__tradebotImport0);');
    expect(hoisted).toContain('const other = await Promise.resolve(__tradebotImport1);');
    expect(hoisted).toContain('loader.import("not-a-module")');
    expect(hoisted).not.toMatch(/(?<![.\w$])import\(/);
    expect(hoistDynamicImports('export const x = 1;')).toBe('export const x = 1;');
  });
});

describe("Function: staticSchemaKeys (the AWS SDK clients' schemas, tree-shaken)", () => {
  it("writes a computed key that names one of the file's string constants as that string, and leaves other keys alone", () => {
    // Prepare: the shape of @aws-sdk/client-s3's schemas_0.js.
    const source = [
      'const _h = "http";',
      'const _hH = "httpHeader";',
      'const n0 = "com.amazonaws.s3";',
      'export var GetBucketAbac$ = [9, n0, _GBA, { [_h]: ["GET", "/?abac", 200] }, () => GetBucketAbacRequest$, () => GetBucketAbacOutput$];',
      'export var Owner$ = [3, n0, _O, 0, [_DN], [[0, { [_hH]: _xaa }], [0, { [other]: 1 }]]];',
    ].join('\n');

    // Act
    const rewritten = staticSchemaKeys(source);

    // Assess: the same objects, with keys esbuild can see are free of side effects.
    expect(rewritten).toContain('{ "http": ["GET", "/?abac", 200] }');
    expect(rewritten).toContain('{ "httpHeader": _xaa }');
    expect(rewritten).toContain('{ [other]: 1 }');
    expect(rewritten.split('\n').slice(0, 3)).toEqual(source.split('\n').slice(0, 3));
  });
});

describe("Function: keptErrorRegistrations (the AWS SDK clients' service errors, tree-shaken)", () => {
  it('drops the registration of each error not kept, and keeps the kept ones and the service exception', () => {
    // Prepare: the shape of @aws-sdk/client-ssm's schemas_0.js.
    const source = [
      'const _s_registry = new TypeRegistry(_s);',
      'export var SSMServiceException$ = [-3, _s, "SSMServiceException", 0, [], []];',
      '_s_registry.registerError(SSMServiceException$, SSMServiceException);',
      'const n0_registry = new TypeRegistry(n0);',
      'export var AccessDeniedException$ = [-3, n0, _ADE, { "error": "client" }, [_M], [0], 1];',
      'n0_registry.registerError(AccessDeniedException$, AccessDeniedException);',
      'export var ParameterNotFound$ = [-3, n0, _PNF, { "error": "client" }, [_m], [0]];',
      'n0_registry.registerError(ParameterNotFound$, ParameterNotFound);',
      'export const errorTypeRegistries = [_s_registry, n0_registry];',
    ].join('\n');

    // Act
    const kept = keptErrorRegistrations(source, ['ParameterNotFound']);

    // Assess: only AccessDeniedException's registration is gone (its schema and class are then unused).
    expect(kept.split('\n')).toEqual(source.split('\n').filter((line) => line !== 'n0_registry.registerError(AccessDeniedException$, AccessDeniedException);'));
  });
});

describe('Function: packageFunctions (pnpm package)', () => {
  let work: string;
  let first: PackageManifest;
  let second: PackageManifest;
  let firstDir: string;
  const outOf = (run: string) => (run === 'a' ? firstDir : join(work, run, 'lambda'));

  beforeAll(() => {
    // Prepare + Act: package the same tree twice, each time from a fresh build directory. When the
    // run includes the e2e suites, jest's global setup has already packaged this tree once (with
    // packageFunctions, into its own directory): that is the first packaging, so a run builds twice, not three times.
    work = mkdtempSync(join(tmpdir(), 'tradebot-package-'));
    const shared = process.env[E2E_PACKAGES_ENV];
    firstDir = shared ?? join(work, 'a', 'lambda');
    first = shared ? (JSON.parse(readFileSync(join(shared, 'manifest.json'), 'utf8')) as PackageManifest) : packageFunctions({ outDir: firstDir, buildDir: (fn) => join(work, 'a', 'build', fn) });
    // The second build runs two directories deeper: the zips must not depend on where the build ran.
    second = packageFunctions({ outDir: outOf('b'), buildDir: (fn) => join(work, 'b', 'one', 'two', 'build', fn) });
  }, 240_000);
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('packages every fn-* of the workspace', () => {
    // Assess
    expect(lambdaFunctions()).toEqual(FUNCTIONS);
    expect(first.functions.map((f) => f.function)).toEqual(FUNCTIONS);
  });

  it('gives byte-identical zips when the same commit is packaged twice', () => {
    // Assess
    expect(second.functions.map((f) => f.sha256)).toEqual(first.functions.map((f) => f.sha256));
    for (const entry of first.functions) {
      expect(readFileSync(join(outOf('b'), entry.zip)).equals(readFileSync(join(outOf('a'), entry.zip)))).toBe(true);
    }
  });

  it('writes a manifest with what Terraform and the upload need, matching the files', () => {
    // Prepare
    const written = JSON.parse(readFileSync(join(outOf('a'), 'manifest.json'), 'utf8')) as PackageManifest;
    // Assess
    expect(written).toEqual(first);
    expect(written.commit).toMatch(/^[0-9a-f]{40}$/);
    for (const entry of written.functions) {
      const zip = readFileSync(join(outOf('a'), entry.zip));
      expect(entry).toMatchObject({ zip: `${entry.function}.zip`, handler: 'index.handler', bytes: zip.byteLength, sourceMap: `${entry.function}.js.map`, sourceMapInZip: false });
      expect(entry.handlers ?? [entry.handler]).toEqual(packageHandlers(entry.function));
      expect(entry.sha256).toBe(createHash('sha256').update(zip).digest('base64'));
      expect(entry.sha256Hex).toBe(Buffer.from(entry.sha256, 'base64').toString('hex'));
    }
  });

  it('zips index.js and its chunks at the root, with the fixed timestamp; the source maps stay beside the zip', () => {
    for (const entry of first.functions) {
      // Act
      const zip = readFileSync(join(outOf('a'), entry.zip));
      const files = readZip(zip);
      // Assess: JavaScript only, index.js and the files the manifest lists, each as built.
      expect(Object.keys(files).sort()).toEqual(['index.js', ...(entry.chunks ?? []).map((c) => c.path)].sort());
      expect(Object.keys(files).every((path) => /^[\w.-]+\.js$/.test(path))).toBe(true);
      expect(files['index.js']!.byteLength).toBe(entry.bundleBytes);
      for (const chunk of entry.chunks ?? []) expect(files[chunk.path]!.byteLength).toBe(chunk.bytes);
      // Local file header: DOS time and date at offsets 10 and 12 (1980-01-01 00:00 is date 0x0021, time 0).
      expect([zip.readUInt16LE(10), zip.readUInt16LE(12)]).toEqual([0, ((ZIP_ENTRY_TIME.year - 1980) << 9) | (ZIP_ENTRY_TIME.month << 5) | ZIP_ENTRY_TIME.day]);
      expect(JSON.parse(readFileSync(join(outOf('a'), entry.sourceMap), 'utf8')).version).toBe(3);
      for (const data of Object.values(files)) expect(data.toString()).not.toContain(dirname(dirname(__dirname)));
    }
  });

  it("keeps yahoo-finance2 and its cookie jar out of the webhook's start: in a file of the zip that index.js loads on first use", () => {
    // Prepare: the second build's metafile (its directory is this test's own, also when e2e packaged the first).
    const buildDir = join(work, 'b', 'one', 'two', 'build', 'fn-webhook');
    const metafile = JSON.parse(readFileSync(join(buildDir, 'metafile-cjs.json'), 'utf8')) as Metafile;
    const outputs = bundleFiles(metafile);
    const packageOf = (input: string): string | undefined => /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input)?.[1];
    const packagesIn = (files: readonly string[]) => new Set(files.flatMap((file) => Object.keys(outputs[file]!.inputs).map(packageOf)));
    // Act
    const atLoad = filesAtLoad(metafile);
    const later = Object.keys(outputs).filter((file) => !atLoad.includes(file));
    // Assess: nothing of them at load; a file loaded on first use holds them, and the zip ships it.
    expect(packagesIn(atLoad)).toContain('telegraf');
    expect(packagesIn(atLoad)).not.toContain('yahoo-finance2');
    expect(packagesIn(atLoad)).not.toContain('tough-cookie');
    const yahooFile = later.find((file) => packagesIn([file]).has('yahoo-finance2'));
    expect(yahooFile).toBeDefined();
    const entry = second.functions.find((f) => f.function === 'fn-webhook')!;
    const zipped = readZip(readFileSync(join(outOf('b'), entry.zip)));
    const shipped = Object.keys(zipped).filter((file) => file.startsWith(`${yahooFile!.replace(/-[A-Z0-9]+\.js$/, '')}.`));
    expect(shipped).toHaveLength(1);
    expect(Buffer.from(zipped[shipped[0]!]!).toString('utf8')).toContain('yahooSurvey');
  });

  it('puts the source map in the zip only when asked (--with-source-map)', () => {
    // Act
    const withMap = packageFunctions({ functions: ['fn-collector'], withSourceMap: true, outDir: outOf('map'), buildDir: (fn) => join(work, 'map', 'build', fn) });
    // Assess
    const [entry] = withMap.functions;
    expect(entry).toMatchObject({ function: 'fn-collector', sourceMapInZip: true });
    const paths = Object.keys(readZip(readFileSync(join(outOf('map'), entry!.zip))));
    expect(paths.filter((path) => path.endsWith('.map')).sort()).toEqual(paths.filter((path) => path.endsWith('.js')).map((path) => `${path}.map`).sort());
    expect(paths).toContain('index.js.map');
  }, 120_000);

  describe('the three zips, loaded in a fresh node like Lambda, against the local stack', () => {
    let aws: TestAws;
    let stack: LambdaStack;
    const taskRoot = (fn: string) => join(work, 'task', fn);

    beforeAll(async () => {
      // Prepare: the stand-ins (jest's S3 and DynamoDB), the secrets in SSM, each zip unpacked as Lambda would.
      aws = await testAws();
      stack = await startLambdaStack({ aws: { ...aws, bucket: aws.bucket, tableName: aws.tableName }, claudeReply: 'Packaged analysis: steady.' });
      for (const entry of first.functions) {
        for (const [path, data] of Object.entries(readZip(readFileSync(join(outOf('a'), entry.zip))))) {
          mkdirSync(dirname(join(taskRoot(entry.function), path)), { recursive: true });
          writeFileSync(join(taskRoot(entry.function), path), data);
        }
      }
    }, 60_000);
    afterAll(async () => {
      await Promise.all([stack?.stop(), aws?.destroy()]);
    });

    it('lists every handler of each zip: fn-webhook holds the positions snapshot writer too, beside the webhook', () => {
      // Assess
      expect(Object.fromEntries(first.functions.map((f) => [f.function, f.handlers ?? [f.handler]]))).toEqual({
        'fn-collector': ['index.handler'],
        'fn-daily': ['index.handler'],
        'fn-webhook': ['index.handler', 'snapshot.handler'],
      });
      expect(Object.keys(readZip(readFileSync(join(outOf('a'), 'fn-webhook.zip'))))).toContain('snapshot.js');
    });

    it('keeps the names of our error classes and zod English through minification: a bad environment names WebhookConfigError and says what is wrong', async () => {
      // Act
      const attempt = runLambdaInFreshNode({ taskRoot: taskRoot('fn-webhook'), functionName: 'tradebot-test-webhook', env: { ...stack.env('fn-webhook'), TELEGRAM_BOT_USERNAME: '@no', LOG_LEVEL: 'loud' }, events: [] });
      // Assess: zod/mini words nothing by itself ("Invalid input"); the bundle must keep core-domain's English locale.
      await expect(attempt).rejects.toThrow(
        /did not load: WebhookConfigError: fn-webhook configuration is invalid: TELEGRAM_BOT_USERNAME: a Telegram bot username without @; LOG_LEVEL: Invalid option: expected one of "trace"\|/,
      );
    }, 60_000);

    it('fn-webhook answers an API Gateway v2 event: records the trade and replies through Telegram', async () => {
      // Act
      const run = await runLambdaInFreshNode({
        taskRoot: taskRoot('fn-webhook'),
        functionName: 'tradebot-test-webhook',
        env: stack.env('fn-webhook'),
        // The plain text goes to Claude (the key is in SSM) through the bundled SDK, with the trade tools.
        events: [stack.webhookEvent('/buy AAPL 10 182.50'), stack.webhookEvent('I picked up some Apple shares')],
      });
      // Assess
      expect(run.invocations[0]).toMatchObject({ ok: true, result: { statusCode: 200 } });
      expect(run.invocations[1]).toMatchObject({ ok: true, result: { statusCode: 200 } });
      expect(stack.telegram.messagesTo(stack.chatId).map((m) => m.plainText).join('\n')).toContain('AAPL');
      const reading = stack.anthropic.requests.at(-1)?.body as { tools?: { name: string }[] } | undefined;
      expect(reading?.tools?.map((t) => t.name)).toEqual(['propose_trade', 'ask_user']);
      // The stand-in answers in text, not with a tool: nothing is proposed, the bot says what it reads.
      expect(stack.telegram.messagesTo(stack.chatId).at(-1)?.plainText).toContain('I read plain text only to record trades');
      const entries = await new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName, clock: { now: () => new Date() } }).list(String(stack.chatId));
      expect(entries).toHaveLength(1);
      expect(stack.ssm.calls.some((c) => c.operation.startsWith('GetParameter'))).toBe(true);
    }, 90_000);

    /** Runs `events` on a fresh instance of `fn` with a probe that notes, at exit, what the process loaded. */
    async function probedRun(fn: string, events: unknown[], entry: { readonly handler: string; readonly env: string } = { handler: 'index.handler', env: fn }): Promise<{ run: Awaited<ReturnType<typeof runLambdaInFreshNode>>; undici: boolean; esmLoader: boolean; files: string[] }> {
      const probe = join(work, 'load-probe.js');
      // esmLoader: Node's ES module loader took a file (an import() of it), with cjs-module-lexer scanning it for exports.
      writeFileSync(probe, "process.on('exit', () => require('node:fs').writeFileSync(process.env.LOAD_PROBE_FILE, JSON.stringify({ undici: process.moduleLoadList.some((m) => m.includes('deps/undici')), esmLoader: process.moduleLoadList.some((m) => m.includes('esm/translators') || m.includes('cjs-module-lexer')), files: Object.keys(require.cache).map((f) => require('node:path').basename(f)) })));\n");
      const out = join(work, `loaded-${entry.env}.json`);
      const run = await runLambdaInFreshNode({ taskRoot: taskRoot(fn), handler: entry.handler, functionName: `tradebot-test-${entry.env}`, env: { ...stack.env(entry.env), NODE_OPTIONS: `--require ${probe}`, LOAD_PROBE_FILE: out }, events });
      return { run, ...(JSON.parse(readFileSync(out, 'utf8')) as { undici: boolean; esmLoader: boolean; files: string[] }) };
    }

    it("fn-webhook's second entry, snapshot.handler, takes a real-shaped stream event of the ledger and writes the chat's positions snapshot, without loading the webhook or reading a secret", async () => {
      // Prepare: the chat holds the AAPL bought through the webhook above; a batch of its ledger
      // entries' records (KEYS_ONLY, as Lambda delivers them) and a proposal's the filter would drop.
      const chat = String(stack.chatId);
      const entries = await new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName }).list(chat);
      const record = (sk: string, n: number) => makeStreamRecord({ tableName: aws.tableName, keys: { PK: { S: portfolioKey(chat) }, SK: { S: sk } }, sequenceNumber: String(4_200_000 + n) });
      const event = { Records: [...entries.map((e, n) => record(tradeKey(e.seq), n)), record(proposalKey('p1'), 99)] };
      const ssmCalls = stack.ssm.calls.length;
      // Act
      const writer = await probedRun('fn-webhook', [event], { handler: 'snapshot.handler', env: 'fn-webhook-snapshot' });
      // Assess
      expect(writer.run.invocations[0]).toMatchObject({ ok: true, result: { batchItemFailures: [] } });
      const stored = await aws.s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: 'portfolio/current_positions.json' }));
      const snapshot = JSON.parse(await stored.Body!.transformToString()) as { portfolioId: string; positions: { symbol: string }[] };
      expect(snapshot.portfolioId).toBe(chat);
      expect(snapshot.positions.map((p) => p.symbol)).toContain('AAPL');
      expect(writer.files).toContain('snapshot.js');
      expect(writer.files).not.toContain('index.js');
      expect(stack.ssm.calls).toHaveLength(ssmCalls);
    }, 90_000);

    it("sends the webhook's and the collector's Yahoo and Telegram requests without loading Node's fetch (undici, ~35 ms of CPU on a cold start)", async () => {
      // Act: a /buy (quote with Yahoo's crumb, reply) and a trial scan of three symbols (quotes, charts).
      const webhook = await probedRun('fn-webhook', [stack.webhookEvent('/buy MSFT 1 410')]);
      const collector = await probedRun('fn-collector', [{ ...stack.schedulerEvent(), limit: 3 }]);
      // Assess: both answered through the stand-ins, and neither process loaded undici.
      expect(webhook.run.invocations[0]).toMatchObject({ ok: true, result: { statusCode: 200 } });
      expect(stack.telegram.messagesTo(stack.chatId).at(-1)?.plainText).toContain('MSFT');
      expect(stack.yahoo.requests.some((r) => r.kind === 'quote')).toBe(true);
      expect(collector.run.invocations[0]).toMatchObject({ ok: true });
      expect(webhook.undici).toBe(false);
      expect(collector.undici).toBe(false);
      // Their first request loaded the Yahoo client's file with require(), not Node's ES module loader.
      expect(webhook.esmLoader).toBe(false);
      expect(collector.esmLoader).toBe(false);
    }, 90_000);

    it('loads the Anthropic SDK into the webhook only when a plain-language message is read, from a file of its own in the zip', async () => {
      // Prepare: the zip's file that holds the SDK's client (it sends the API version header).
      const sdkFiles = readdirSync(taskRoot('fn-webhook')).filter((file) => readFileSync(join(taskRoot('fn-webhook'), file), 'utf8').includes('anthropic-version'));
      // Act: a command alone, then a command and a message Claude reads.
      const command = await probedRun('fn-webhook', [stack.webhookEvent('/buy MSFT 1 411')]);
      const reading = await probedRun('fn-webhook', [stack.webhookEvent('/portfolio'), stack.webhookEvent('I picked up some Microsoft shares')]);
      // Assess: one file holds the SDK, the command never loaded it, the reading did (and was answered).
      expect(sdkFiles).toHaveLength(1);
      expect(sdkFiles[0]).not.toBe('index.js');
      expect(command.run.invocations[0]).toMatchObject({ ok: true, result: { statusCode: 200 } });
      expect(command.files).toContain('index.js');
      expect(command.files).not.toContain(sdkFiles[0]);
      expect(reading.run.invocations.map((i) => i.ok)).toEqual([true, true]);
      expect(reading.files).toContain(sdkFiles[0]);
      expect(reading.esmLoader).toBe(false);
      expect(stack.telegram.messagesTo(stack.chatId).at(-1)?.plainText).toContain('I read plain text only to record trades');
    }, 90_000);


    it('loads yahoo-finance2 into the webhook only for a command that asks Yahoo, from a file of its own in the zip', async () => {
      // Prepare: the zip's file that holds yahoo-finance2 (our options name its survey notice).
      const yahooFiles = readdirSync(taskRoot('fn-webhook')).filter((file) => readFileSync(join(taskRoot('fn-webhook'), file), 'utf8').includes('yahooSurvey'));
      const quotesBefore = stack.yahoo.requests.filter((r) => r.kind === 'quote').length;
      // Act: commands that ask no price, then /portfolio, which quotes what the chat holds.
      const noPrice = await probedRun('fn-webhook', [stack.webhookEvent('/help'), stack.webhookEvent('/tips')]);
      const priced = await probedRun('fn-webhook', [stack.webhookEvent('/portfolio')]);
      // Assess: one file holds it; the first instance answered without loading it, the second loaded it and asked Yahoo.
      expect(yahooFiles).toHaveLength(1);
      expect(yahooFiles[0]).not.toBe('index.js');
      expect(noPrice.run.invocations).toMatchObject([{ ok: true, result: { statusCode: 200 } }, { ok: true, result: { statusCode: 200 } }]);
      expect(noPrice.files).toContain('index.js');
      expect(noPrice.files).not.toContain(yahooFiles[0]);
      expect(priced.run.invocations[0]).toMatchObject({ ok: true, result: { statusCode: 200 } });
      expect(priced.files).toContain(yahooFiles[0]);
      expect(stack.yahoo.requests.filter((r) => r.kind === 'quote').length).toBeGreaterThan(quotesBefore);
      // Loaded with require(), not through Node's ES module loader (~35 ms of CPU more for the first import()).
      expect(priced.esmLoader).toBe(false);
      expect(stack.telegram.messagesTo(stack.chatId).at(-1)?.plainText).toContain('AAPL');
    }, 90_000);

    it("keeps only the AWS SDK service errors the code asks for by class; the others reach the webhook as the client's service exception, still named", async () => {
      // Prepare: SSM refuses as it does a role without ssm:GetParameters; an update delivered twice.
      // Every file of the zip: the SDK clients the webhook shares with the snapshot writer sit in a shared chunk.
      const code = readdirSync(taskRoot('fn-webhook'))
        .filter((file) => file.endsWith('.js'))
        .map((file) => readFileSync(join(taskRoot('fn-webhook'), file), 'utf8'))
        .join('\n');
      const twice = stack.webhookEvent('/buy NVDA 2 120');
      const ledger = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName, clock: { now: () => new Date() } });
      const before = (await ledger.list(String(stack.chatId))).length;
      // Act
      stack.ssm.refuse({ type: 'AccessDeniedException', status: 400, message: 'User: arn:aws:sts::000000000000:assumed-role/tradebot-webhook is not authorized to perform: ssm:GetParameters' });
      const denied = await runLambdaInFreshNode({ taskRoot: taskRoot('fn-webhook'), functionName: 'tradebot-test-webhook', env: stack.env('fn-webhook'), events: [stack.webhookEvent('/portfolio')] }).finally(() => stack.ssm.refuse(null));
      const redelivered = await runLambdaInFreshNode({ taskRoot: taskRoot('fn-webhook'), functionName: 'tradebot-test-webhook', env: stack.env('fn-webhook'), events: [twice, twice] });
      // Assess: the zip holds the classes of the kept errors alone (each error class names its shape).
      const errorClasses = (service: string): string[] => [...new Set([...code.matchAll(new RegExp(`shapeId="com\\.amazonaws\\.${service}#(\\w+)"`, 'g'))].map((m) => m[1]!))].sort();
      expect(errorClasses('ssm')).toEqual(['ParameterNotFound']);
      expect(errorClasses('dynamodb')).toEqual(['ConditionalCheckFailedException', 'ReplicatedWriteConflictException', 'TransactionCanceledException']);
      // SSM's error still carries its name into the webhook's log, and the webhook answers 503 (Telegram retries).
      expect(denied.invocations[0]).toMatchObject({ ok: true, result: { statusCode: 503 } });
      expect(denied.stdout).toContain('(AccessDeniedException)');
      // The second delivery meets the first one's conditional write: answered, not recorded twice.
      expect(redelivered.invocations.map((i) => i.ok && (i.result as { statusCode?: number }).statusCode)).toEqual([200, 200]);
      expect(await ledger.list(String(stack.chatId))).toHaveLength(before + 1);
    }, 90_000);

    it('fn-collector runs a scheduler event: scans through the Yahoo stand-in and saves the CSV in S3, apart because the prices are simulated', async () => {
      // Prepare: a five-symbol universe override and rules that keep every symbol.
      const universe = ['symbol,name,sector', ...['PKA', 'PKB', 'PKC', 'PKD', 'PKE'].map((s) => `${s},${s} Inc,Test`)].join('\n');
      await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'config/universe.csv', Body: universe }));
      const documents = createS3Documents({ client: aws.s3, bucket: aws.bucket });
      await documents.rules.put({ ...(await documents.rules.get()), scan: { lookbackDays: 180, minPrice: 0, minAvgVolume: 0, topN: 25 } });
      // Act
      const run = await runLambdaInFreshNode({ taskRoot: taskRoot('fn-collector'), functionName: 'tradebot-test-collector', env: stack.env('fn-collector'), events: [stack.scheduledEvent()] });
      // Assess: a production collector never takes the stand-in's labelled prices for the day's scan.
      const result = run.invocations[0]?.result as { status: string; date: string; scanned: number; prices: string };
      expect(run.invocations[0]?.ok).toBe(true);
      expect(result).toMatchObject({ status: 'saved-apart', scanned: 5, prices: 'simulated' });
      const csv = await aws.s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: partialScanCsvKey(result.date) }));
      expect((await csv.Body!.transformToString()).trim().split('\n')).toHaveLength(6);
      expect(await documents.scans.latest()).toBeNull();
    }, 90_000);

    it('keeps the shipped Russell 1000 in a file of the collector zip that a scan of an override universe never loads', async () => {
      // Prepare: the file holding the shipped list (its members' names), and the five-symbol override of the test above.
      const listFiles = readdirSync(taskRoot('fn-collector')).filter((file) => readFileSync(join(taskRoot('fn-collector'), file), 'utf8').includes('NVIDIA CORP'));
      // Act: a forced re-scan of the override universe.
      const scan = await probedRun('fn-collector', [{ ...stack.schedulerEvent(), force: true }]);
      // Assess
      expect(listFiles).toHaveLength(1);
      expect(listFiles[0]).not.toBe('index.js');
      expect(scan.run.invocations[0]).toMatchObject({ ok: true, result: { scanned: 5 } });
      expect(scan.files).toContain('index.js');
      expect(scan.files).not.toContain(listFiles[0]);
      // The webhook bundles market-data without the scan: its zip has no copy of the list at all.
      expect(readdirSync(taskRoot('fn-webhook')).filter((file) => readFileSync(join(taskRoot('fn-webhook'), file), 'utf8').includes('NVIDIA CORP'))).toEqual([]);
    }, 90_000);

    /** The keys of every zod object schema that a fresh instance of `fn` builds while it loads and runs `events`, one sorted list a schema. */
    async function objectSchemasBuilt(fn: string, events: unknown[]): Promise<string[]> {
      const probe = join(work, 'schema-probe.js');
      // zod installs `_zod` on every schema it builds; an object schema's definition holds its shape.
      writeFileSync(
        probe,
        "const shapes = []; const define = Object.defineProperty; Object.defineProperty = function (target, key, descriptor) { if (key === '_zod' && descriptor?.value?.def?.type === 'object') shapes.push(Object.keys(descriptor.value.def.shape).sort().join(',')); return define.call(this, target, key, descriptor); };\nprocess.on('exit', () => require('node:fs').writeFileSync(process.env.SCHEMA_PROBE_FILE, JSON.stringify(shapes)));\n",
      );
      const out = join(work, `schemas-${fn}.json`);
      await runLambdaInFreshNode({ taskRoot: taskRoot(fn), functionName: `tradebot-test-${fn}`, env: { ...stack.env(fn), NODE_OPTIONS: `--require ${probe}`, SCHEMA_PROBE_FILE: out }, events });
      return JSON.parse(readFileSync(out, 'utf8')) as string[];
    }

    it("builds the daily log's and the lessons' schemas on first use: not when the webhook or the collector loads, and when fn-daily writes its log", async () => {
      // Prepare: a key only the daily log has, one only a chat's lessons have, and each function's environment schema.
      const dailyLog = (keys: string) => keys.split(',').includes('totalCostUsd');
      const lessons = (keys: string) => keys.split(',').includes('reviewedAt');
      // Act: the webhook and the collector loaded without an event; fn-daily loaded and run for a date of its own.
      const webhook = await objectSchemasBuilt('fn-webhook', []);
      const collector = await objectSchemasBuilt('fn-collector', []);
      const daily = await objectSchemasBuilt('fn-daily', [{ ...stack.scheduledEvent(), date: '2026-03-03' }]);
      // Assess: each load built its environment's schema (the probe sees what is built), none the two documents'.
      for (const built of [webhook, collector]) {
        expect(built.some((keys) => keys.split(',').includes('TABLE_NAME'))).toBe(true);
        expect(built.filter(dailyLog)).toEqual([]);
        expect(built.filter(lessons)).toEqual([]);
      }
      expect(daily.filter(dailyLog)).toHaveLength(1);
    }, 90_000);

    it('fn-daily runs a scheduler event: Claude is asked, the chat gets the message, the daily log lands in S3', async () => {
      // Prepare: the webhook above also asked the stand-in once (its plain-text reading).
      const asked = stack.anthropic.requests.length;
      // Act: the chat holds the AAPL bought through the webhook above.
      const run = await runLambdaInFreshNode({ taskRoot: taskRoot('fn-daily'), functionName: 'tradebot-test-daily', env: stack.env('fn-daily'), events: [stack.scheduledEvent()] });
      // Assess
      const result = run.invocations[0]?.result as { ok: boolean; date: string; sent: string[]; logKey: string };
      expect(run.invocations[0]?.ok).toBe(true);
      expect(result).toMatchObject({ ok: true, sent: [String(stack.chatId)] });
      expect(stack.anthropic.requests).toHaveLength(asked + 1);
      expect(stack.telegram.messagesTo(stack.chatId).at(-1)?.plainText).toContain('Packaged analysis: steady.');
      const log = await aws.s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: result.logKey }));
      expect(JSON.parse(await log.Body!.transformToString())).toMatchObject({ date: result.date, chats: { [String(stack.chatId)]: { delivery: { status: 'sent' } } } });
    }, 90_000);

    it('loads the Anthropic SDK into fn-daily only for a run that asks Claude: the same date again loads neither it nor asks', async () => {
      // Prepare: the zip's file that holds the SDK's client, and a date of its own.
      const sdkFiles = readdirSync(taskRoot('fn-daily')).filter((file) => readFileSync(join(taskRoot('fn-daily'), file), 'utf8').includes('anthropic-version'));
      const event = { ...stack.scheduledEvent(), date: '2026-03-02' };
      // Act: the day's analysis, then the same date on a fresh instance (already sent).
      const first = await probedRun('fn-daily', [event]);
      const asked = stack.anthropic.requests.length;
      const again = await probedRun('fn-daily', [event]);
      // Assess
      expect(sdkFiles).toHaveLength(1);
      expect(sdkFiles[0]).not.toBe('index.js');
      expect(first.run.invocations[0]).toMatchObject({ ok: true, result: { ok: true, sent: [String(stack.chatId)] } });
      expect(first.files).toContain(sdkFiles[0]);
      expect(again.run.invocations[0]?.ok).toBe(true);
      expect(stack.anthropic.requests).toHaveLength(asked);
      expect(again.files).toContain('index.js');
      expect(again.files).not.toContain(sdkFiles[0]);
    }, 90_000);
  });
});
