/**
 * `pnpm package`: builds every `packages/fn-*` Lambda bundle (tsup, `scripts/build/tsup-base.ts`)
 * and writes, under `dist/lambda/`:
 *   <function>.zip     the Lambda package: `index.js` at the root (handler `index.handler`), and the
 *                      package's other entries beside it (fn-webhook's `snapshot.js`, handler
 *                      `snapshot.handler`: the `entry` of its tsup config)
 *   <function>.js.map  its source map, kept beside the zip for debugging (inside with --with-source-map)
 *   manifest.json      per function: zip name, sha256 (base64, Terraform's `source_code_hash`, and
 *                      hex, the artifacts key), bytes, handler and every handler; plus the git commit
 *   layer-charts.zip   the chart layer: resvg's WebAssembly and the fonts under `charts/` (Lambda
 *                      extracts it to /opt/charts), too large for a function's zip; manifest `layers`
 * Zips are deterministic (fixed entry time and order, relative paths, pure-JS deflate): packaging the
 * same commit twice gives byte-identical zips. A bundle that would `require()` anything but a Node
 * built-in at run time is refused, so a package never relies on the Lambda runtime's own AWS SDK;
 * so is a bundle that contains classic `zod` (schemas ship on `zod/mini`, docs/packaging.md).
 *
 *   pnpm package [--with-source-map] [--out DIR] [--report]
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { describeError } from '@tradebot/core-domain';
import { CHART_LAYER_DIR, CHART_LAYER_NOTICE, chartAssetSources } from '@tradebot/telegram-bot';
import { parseCli, printUsageOutcome } from '../packages/local-stack/src/cli';
import { deterministicZip } from './build/zip';

const ROOT = resolve(__dirname, '..');
/** Lambda's handler string of every package's main entry (`index.js`, export `handler`). */
export const LAMBDA_HANDLER = 'index.handler';

/**
 * A package's Lambda entries, as its `tsup.config.ts` names them: file name in the zip (without
 * `.js`) -> source. Every package has `index`; fn-webhook also has `snapshot` (the positions
 * snapshot writer). They are built together, so the code they share is in the zip once.
 */
export function lambdaEntries(fn: string, root = ROOT): Readonly<Record<string, string>> {
  // The config is TypeScript: required where it is (tsx and ts-jest compile it), as infra/tests read it.
  const config = (require(join(root, 'packages', fn, 'tsup.config.ts')) as { default: { entry?: unknown } }).default;
  const entry = config.entry as Record<string, string> | undefined;
  if (!entry || typeof entry !== 'object' || Array.isArray(entry) || typeof entry.index !== 'string') throw new Error(`${fn}: tsup.config.ts must name its entries, index first ({ index: 'src/index.ts', ... })`);
  return entry;
}

/** Every handler string of a package's zip, the main one first: `index.handler`, then `<entry>.handler`. */
export function packageHandlers(fn: string, root = ROOT): string[] {
  return [LAMBDA_HANDLER, ...Object.keys(lambdaEntries(fn, root)).filter((name) => name !== 'index').map((name) => `${name}.handler`)];
}
/** Where `pnpm package` writes, relative to the repository root. */
export const PACKAGES_DIR = 'dist/lambda';

/** One function's entry of `manifest.json`. */
export interface PackageEntry {
  /** `fn-webhook`, `fn-collector`, `fn-daily`. */
  readonly function: string;
  /** The zip's file name inside the packages directory. */
  readonly zip: string;
  /** The main entry's handler, `index.handler`. */
  readonly handler: string;
  /**
   * Every handler the zip holds, the main one first (fn-webhook: `index.handler`, `snapshot.handler`).
   * Absent when the zip holds `index.handler` alone, and in manifests written before one held more.
   */
  readonly handlers?: readonly string[];
  /** Zip size in bytes. */
  readonly bytes: number;
  /** Base64 SHA-256 of the zip: Terraform's `source_code_hash`. */
  readonly sha256: string;
  /** Hex SHA-256 of the zip: the artifacts key is `lambda/<function>/<sha256Hex>.zip`. */
  readonly sha256Hex: string;
  /** Size of `index.js` before compression. */
  readonly bundleBytes: number;
  /**
   * The zip's other JavaScript files, with their sizes: parts `index.js` shares with a file loaded on
   * first use (required at load) and those files (required when their path is first taken).
   * Absent in manifests written before the bundles were split.
   */
  readonly chunks?: readonly { readonly path: string; readonly bytes: number }[];
  /** The source map's file name beside the zip. */
  readonly sourceMap: string;
  readonly sourceMapInZip: boolean;
}

/** The chart layer's name: its zip is `<name>.zip`, its artifacts key `lambda/<name>/<sha256-hex>.zip`. */
export const CHART_LAYER_NAME = 'layer-charts';

/** One layer's entry of `manifest.json`. */
export interface LayerEntry {
  /** `layer-charts`. */
  readonly layer: string;
  readonly zip: string;
  readonly bytes: number;
  /** Base64 SHA-256 of the zip: Terraform's `source_code_hash`. */
  readonly sha256: string;
  readonly sha256Hex: string;
  /** The files inside, with their uncompressed sizes. */
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
}

/** `dist/lambda/manifest.json`. */
export interface PackageManifest {
  /** `git rev-parse HEAD` when packaged. */
  readonly commit: string;
  /** True when the work tree had uncommitted changes: the zips may not match `commit`. */
  readonly dirty: boolean;
  readonly functions: readonly PackageEntry[];
  /** Lambda layers (absent in manifests written before layers existed). */
  readonly layers?: readonly LayerEntry[];
}

/** Options of `packageFunctions`. */
export interface PackageOptions {
  /** Output directory (default `<root>/dist/lambda`). */
  readonly outDir?: string;
  /** Where each bundle is built (default each package's own `dist/`). Tests build into a temp dir. */
  readonly buildDir?: (fn: string) => string;
  /** Put `index.js.map` inside the zip too (then set `NODE_OPTIONS=--enable-source-maps`). */
  readonly withSourceMap?: boolean;
  /** Only these functions (default every `packages/fn-*`). */
  readonly functions?: readonly string[];
  /** Build the layers too when `functions` names only some functions (always built otherwise). */
  readonly withLayers?: boolean;
}

/** The `fn-*` packages of the workspace, sorted. */
export function lambdaFunctions(root = ROOT): string[] {
  return readdirSync(join(root, 'packages'))
    .filter((name) => name.startsWith('fn-') && existsSync(join(root, 'packages', name, 'tsup.config.ts')))
    .sort();
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** Builds one function with its own `tsup.config.ts` (the shared Lambda config) into `outDir`. */
export function buildBundle(fn: string, outDir: string): void {
  const cli = require.resolve('tsup/dist/cli-default.js', { paths: [ROOT] });
  execFileSync(process.execPath, [cli, '--out-dir', outDir, '--silent'], { cwd: join(ROOT, 'packages', fn), stdio: ['ignore', 'inherit', 'inherit'] });
}

/** The parts of an esbuild metafile that packaging reads. */
export interface Metafile {
  readonly outputs: Record<string, { readonly bytes: number; readonly imports: readonly { readonly path: string; readonly kind?: string; readonly external?: boolean }[]; readonly inputs: Record<string, { readonly bytesInOutput: number }> }>;
}

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * The JavaScript files of a bundle, by file name: `index.js` (and the package's other entries) and
 * the files they load (one per `import()` of a rarely taken path, and the parts they share, with
 * each other too; `commonJsChunks` in `scripts/build/lambda-plugins.ts`). Every one of them goes into
 * the zip, beside `index.js`.
 */
export function bundleFiles(metafile: Metafile): Record<string, Metafile['outputs'][string]> {
  const files = Object.fromEntries(
    Object.entries(metafile.outputs)
      .filter(([key]) => key.endsWith('.js'))
      .map(([key, output]) => [key.slice(key.lastIndexOf('/') + 1), output] as const),
  );
  if (!files['index.js']) throw new Error('metafile has no index.js output');
  return files;
}

/**
 * The files of a bundle that `entry` loads at start (sorted): the entry and every file it imports
 * statically, directly or through another, not those an `import()` loads on first use. Use it to
 * see what a function pays for on every cold start (`pnpm package --report`, and the packaging test
 * that keeps yahoo-finance2 out of the webhook's start).
 */
export function filesAtLoad(metafile: Metafile, entry = 'index.js'): string[] {
  const files = bundleFiles(metafile);
  const reached = new Set([entry]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const { path, kind, external } of files[file]?.imports ?? []) {
      const other = path.slice(path.lastIndexOf('/') + 1);
      if (external || kind === 'dynamic-import' || reached.has(other) || !files[other]) continue;
      reached.add(other);
      queue.push(other);
    }
  }
  return [...reached].sort();
}

/**
 * What a bundle would `require()` at run time that is not a Node built-in nor one of its own files
 * (each would come from the Lambda runtime, e.g. its own AWS SDK copy). `packageFunctions` refuses a
 * bundle when this is not empty.
 */
export function nonBuiltinRequires(metafile: Metafile): string[] {
  const external = Object.values(bundleFiles(metafile)).flatMap((output) => output.imports.filter((i) => i.external).map((i) => i.path));
  return [...new Set(external.filter((path) => !BUILTINS.has(path)))].sort();
}

/**
 * Renames the chunks of a build after their code and returns the bundle's file names (sorted).
 * esbuild names a chunk `<name>-<hash>.js` with a hash that also covers its source map's paths,
 * which are relative to the build directory: two builds of one commit into directories at different
 * depths got different names, so different zips. Here a chunk is `<name>.<hash>.js`, the hash the
 * SHA-256 of its code with every chunk name written as `<name>.js`, and every reference (the
 * `require()`s, the source map comments and the maps) follows; the bytes then depend on the
 * sources alone, wherever the build ran.
 */
export function nameChunksByContent(buildDir: string, files: readonly string[], entryFiles: readonly string[] = ['index.js']): string[] {
  const chunks = files.filter((file) => !entryFiles.includes(file));
  const stem = (file: string): string => file.replace(/-[A-Z0-9]+\.js$/, '');
  const replaceAll = (text: string, names: ReadonlyMap<string, string>): string => [...names].reduce((out, [from, to]) => out.split(from).join(to), text);
  const neutral = new Map(chunks.map((chunk) => [chunk, `${stem(chunk)}.js`]));
  const renamed = new Map(chunks.map((chunk) => [chunk, `${stem(chunk)}.${createHash('sha256').update(replaceAll(readFileSync(join(buildDir, chunk), 'utf8'), neutral)).digest('hex').slice(0, 12)}.js`]));
  if (new Set(renamed.values()).size !== renamed.size) throw new Error(`two chunks of ${buildDir} have the same code: ${chunks.join(', ')}`);
  for (const file of files) {
    const target = renamed.get(file) ?? file;
    for (const [from, to] of [[file, target], [`${file}.map`, `${target}.map`]] as const) {
      if (!existsSync(join(buildDir, from))) continue;
      const text = replaceAll(readFileSync(join(buildDir, from), 'utf8'), renamed);
      if (from !== to) rmSync(join(buildDir, from));
      writeFileSync(join(buildDir, to), text);
    }
  }
  return files.map((file) => renamed.get(file) ?? file).sort();
}

/**
 * The files of a build that its entries (`index.js` unless named) can load, directly or through another file, and the entries (sorted): esbuild
 * writes a file for every `import()` it meets, also one whose caller it then dropped as unused (the
 * webhook bundles market-data without the scan, but got the shipped universe's file all the same).
 * Use after `nameChunksByContent`, whose names are unique enough to be found as text.
 */
export function filesReachedFromIndex(buildDir: string, files: readonly string[], entryFiles: readonly string[] = ['index.js']): string[] {
  const reached = new Set(entryFiles);
  const queue = [...entryFiles];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const text = readFileSync(join(buildDir, file), 'utf8');
    for (const other of files) {
      if (!reached.has(other) && text.includes(`./${other}`)) {
        reached.add(other);
        queue.push(other);
      }
    }
  }
  return files.filter((file) => reached.has(file)).sort();
}

/** zod's classic API (`zod`, `zod/v4`, `zod/v3`): its entry points and its `classic/` and `v3/` modules. */
const CLASSIC_ZOD = /(?:^|[\\/])node_modules[\\/]zod[\\/](?:index\.c?js$|v3[\\/]|v4[\\/]index\.c?js$|v4[\\/]classic[\\/])/;

/**
 * The inputs of a bundle that are classic `zod` (sorted). `packageFunctions` refuses a bundle when
 * this is not empty: every schema that ships is written on `zod/mini` (`z` from
 * `@tradebot/core-domain/zod`), and classic zod would add ~150 KB and ~15 ms of module evaluation.
 */
export function classicZodInputs(metafile: Metafile): string[] {
  const inputs = Object.values(bundleFiles(metafile)).flatMap((output) => Object.keys(output.inputs));
  return [...new Set(inputs.filter((input) => CLASSIC_ZOD.test(input)))].sort();
}

/** The packages (node_modules name or workspace package) that contribute most to a bundle (or to `files` of it), in bytes. */
export function bundleReport(metafile: Metafile, top = 15, files?: readonly string[]): { readonly name: string; readonly bytes: number }[] {
  const by = new Map<string, number>();
  const inputs = Object.entries(bundleFiles(metafile))
    .filter(([file]) => !files || files.includes(file))
    .flatMap(([, output]) => Object.entries(output.inputs));
  for (const [input, { bytesInOutput }] of inputs) {
    const at = input.lastIndexOf('node_modules/');
    let name: string;
    if (at >= 0) {
      const parts = input.slice(at + 'node_modules/'.length).split('/');
      name = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
    } else {
      const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(input) ?? /^\.\.\/([^/]+)\//.exec(input);
      name = workspace ? `@tradebot/${workspace[1]}` : input.startsWith('src/') ? '(this function)' : input.includes('scripts/build/shims') ? '(shims)' : input;
    }
    by.set(name, (by.get(name) ?? 0) + bytesInOutput);
  }
  return [...by].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes).slice(0, top);
}

/**
 * The chart layer: `charts/<file>` for each of telegram-bot's chart assets (resvg's WebAssembly, the
 * Roboto TTFs and their license) plus a NOTICE, so Lambda extracts them to `/opt/charts`, where the
 * webhook's renderer reads them on the first `/chart`. Deterministic like the function zips.
 */
export function chartLayer(): { zip: Uint8Array; files: { path: string; bytes: number }[] } {
  const folder = CHART_LAYER_DIR.replace(/^\/opt\//, '');
  const files = [
    ...chartAssetSources().map((source) => ({ path: `${folder}/${source.name}`, data: readFileSync(source.path) })),
    { path: `${folder}/NOTICE.txt`, data: Buffer.from(CHART_LAYER_NOTICE, 'utf8') },
  ].sort((a, b) => (a.path < b.path ? -1 : 1));
  return { zip: deterministicZip(files), files: files.map((f) => ({ path: f.path, bytes: f.data.byteLength })) };
}

/** Writes the chart layer's zip into `outDir` and returns its manifest entry. */
export function packageChartLayer(outDir: string): LayerEntry {
  const { zip, files } = chartLayer();
  const name = `${CHART_LAYER_NAME}.zip`;
  writeFileSync(join(outDir, name), zip);
  return {
    layer: CHART_LAYER_NAME,
    zip: name,
    bytes: zip.byteLength,
    sha256: createHash('sha256').update(zip).digest('base64'),
    sha256Hex: createHash('sha256').update(zip).digest('hex'),
    files,
  };
}

/**
 * Builds and zips every function, writes `manifest.json` and returns it. Use it from `pnpm package`,
 * the packaging tests and the bench.
 */
export function packageFunctions(options: PackageOptions = {}): PackageManifest {
  const outDir = options.outDir ?? join(ROOT, PACKAGES_DIR);
  mkdirSync(outDir, { recursive: true });
  const entries: PackageEntry[] = [];
  for (const fn of options.functions ?? lambdaFunctions()) {
    const buildDir = options.buildDir?.(fn) ?? join(ROOT, 'packages', fn, 'dist');
    buildBundle(fn, buildDir);
    const metafile = JSON.parse(readFileSync(join(buildDir, 'metafile-cjs.json'), 'utf8')) as Metafile;
    const foreign = nonBuiltinRequires(metafile);
    if (foreign.length > 0) throw new Error(`${fn}: the bundle would require ${foreign.join(', ')} at run time; every dependency must be bundled`);
    const classic = classicZodInputs(metafile);
    if (classic.length > 0) {
      throw new Error(`${fn}: the bundle contains classic zod (${classic.slice(0, 3).join(', ')}${classic.length > 3 ? ', ...' : ''}); write schemas with import * as z from '@tradebot/core-domain/zod' (zod/mini), never import 'zod'`);
    }
    const entryFiles = Object.keys(lambdaEntries(fn)).map((name) => `${name}.js`);
    const files = filesReachedFromIndex(buildDir, nameChunksByContent(buildDir, Object.keys(bundleFiles(metafile)), entryFiles), entryFiles);
    const bundle = readFileSync(join(buildDir, 'index.js'));
    const map = readFileSync(join(buildDir, 'index.js.map'));
    const zip = deterministicZip(
      files
        .flatMap((file) => [file, ...(options.withSourceMap ? [`${file}.map`] : [])])
        .sort()
        .map((path) => ({ path, data: readFileSync(join(buildDir, path)) })),
    );
    const zipName = `${fn}.zip`;
    const mapName = `${fn}.js.map`;
    writeFileSync(join(outDir, zipName), zip);
    writeFileSync(join(outDir, mapName), map);
    const handlers = packageHandlers(fn);
    entries.push({
      function: fn,
      zip: zipName,
      handler: LAMBDA_HANDLER,
      ...(handlers.length > 1 ? { handlers } : {}),
      bytes: zip.byteLength,
      sha256: createHash('sha256').update(zip).digest('base64'),
      sha256Hex: createHash('sha256').update(zip).digest('hex'),
      bundleBytes: bundle.byteLength,
      chunks: files.filter((file) => file !== 'index.js').map((file) => ({ path: file, bytes: statSync(join(buildDir, file)).size })),
      sourceMap: mapName,
      sourceMapInZip: options.withSourceMap ?? false,
    });
  }
  const layers = options.functions === undefined || options.withLayers ? [packageChartLayer(outDir)] : [];
  const manifest: PackageManifest = { commit: git(['rev-parse', 'HEAD']), dirty: git(['status', '--porcelain']) !== '', functions: entries, ...(layers.length > 0 ? { layers } : {}) };
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

const USAGE = `Usage: pnpm package [--with-source-map] [--out DIR] [--report]

Builds every packages/fn-* Lambda bundle and writes ${PACKAGES_DIR}/<function>.zip (handler
${LAMBDA_HANDLER}), <function>.js.map beside it, the chart layer ${PACKAGES_DIR}/${CHART_LAYER_NAME}.zip
and ${PACKAGES_DIR}/manifest.json.

  --with-source-map  put index.js.map in the zip too (set NODE_OPTIONS=--enable-source-maps on the function)
  --out DIR          write somewhere else than ${PACKAGES_DIR}
  --report           list what weighs most in each bundle (from the esbuild metafile)
  --help             show this text`;

function main(): void {
  const parsed = parseCli(process.argv.slice(2), { usage: USAGE, options: { 'with-source-map': { type: 'boolean' }, out: { type: 'string' }, report: { type: 'boolean' } } });
  if (!parsed.ok) {
    process.exitCode = printUsageOutcome(parsed);
    return;
  }
  const { values } = parsed;
  const outDir = values.out ? resolve(values.out) : join(ROOT, PACKAGES_DIR);
  rmSync(outDir, { recursive: true, force: true });
  const manifest = packageFunctions({ outDir, withSourceMap: values['with-source-map'] ?? false });
  for (const entry of manifest.functions) {
    console.log(`${entry.function.padEnd(13)} ${(entry.bytes / 1024).toFixed(0).padStart(4)} KB zip  ${(entry.bundleBytes / 1024).toFixed(0).padStart(5)} KB index.js  sha256 ${entry.sha256}`);
    if (values.report) {
      const metafile = JSON.parse(readFileSync(join(ROOT, 'packages', entry.function, 'dist', 'metafile-cjs.json'), 'utf8')) as Metafile;
      const atLoad = filesAtLoad(metafile);
      const loaded = new Map(bundleReport(metafile, Infinity, atLoad).map(({ name, bytes }) => [name, bytes]));
      console.log(`    bundle by package, and at load (${atLoad.join(', ')}; the rest on first use):`);
      for (const { name, bytes } of bundleReport(metafile)) console.log(`    ${(bytes / 1024).toFixed(1).padStart(7)} KB  ${((loaded.get(name) ?? 0) / 1024).toFixed(1).padStart(7)} KB  ${name}`);
    }
  }
  for (const layer of manifest.layers ?? []) {
    console.log(`${layer.layer.padEnd(13)} ${(layer.bytes / 1024).toFixed(0).padStart(4)} KB zip  (${layer.files.map((f) => f.path).join(', ')})  sha256 ${layer.sha256}`);
  }
  console.log(`\nwrote ${relative(process.cwd(), outDir) || '.'}/ (manifest.json: commit ${manifest.commit.slice(0, 12)}${manifest.dirty ? ', uncommitted changes' : ''})`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(describeError(error));
    process.exitCode = 1;
  }
}
