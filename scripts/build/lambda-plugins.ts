/**
 * esbuild plugins of the Lambda bundles (`lambdaConfig` in `tsup-base.ts`). Each one was kept
 * because an esbuild metafile showed it shrinking the bundles; `docs/packaging.md` has the figures.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import type { Options } from 'tsup';

/** esbuild's plugin type, as tsup passes it through (esbuild is tsup's dependency, not ours). */
type Plugin = NonNullable<Options['esbuildPlugins']>[number];

const SHIMS = join(__dirname, 'shims');

/**
 * Modules replaced by a shim in `./shims` (see each file for why it is safe):
 * - `node-fetch` (v2, with whatwg-url and tr46) and `abort-controller`, which Telegraf 4 uses:
 *   market-data's `httpFetch` (Node's `http`/`https`, not its undici `fetch`) and Node's own
 *   `AbortController` instead of polyfills;
 * - `@aws-sdk/credential-provider-node`: credentials from the environment, as Lambda provides them,
 *   without the SSO/STS/ini/process/metadata links and their clients;
 * - `tldts` (the Public Suffix List), whose only caller is the cookie jar of Yahoo's crumb;
 * - `thread-stream`, which pino loads for `pino.transport()` (worker threads); the functions log to stdout.
 */
export const SHIMS_BY_MODULE: Readonly<Record<string, string>> = {
  'node-fetch': join(SHIMS, 'node-fetch.ts'),
  'abort-controller': join(SHIMS, 'abort-controller.ts'),
  '@aws-sdk/credential-provider-node': join(SHIMS, 'aws-credentials.ts'),
  tldts: join(SHIMS, 'public-suffix.ts'),
  'thread-stream': join(SHIMS, 'thread-stream.ts'),
};

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Resolves every module of `SHIMS_BY_MODULE` to its shim. */
export const shimmedModules: Plugin = {
  name: 'tradebot-shims',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(SHIMS_BY_MODULE).map(escape).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: SHIMS_BY_MODULE[args.path]! }));
  },
};

/**
 * zod with its English messages only. zod 4's namespaces (`zod/mini`'s as classic `zod`'s)
 * re-export `locales` (every language, ~260 KB minified), which esbuild cannot drop through the
 * namespace. The project's one locale call is `config(locales.en())` in core-domain's `src/zod.ts`
 * (`zod/mini` has no default locale; user-facing text is translated by the bot, not by zod).
 * Replaces zod's own `locales/index.js` with one that exports `en` alone.
 */
export const zodEnglishOnly: Plugin = {
  name: 'tradebot-zod-english-only',
  setup(build) {
    build.onResolve({ filter: /[\\/]locales[\\/]index\.js$/ }, (args) => {
      if (!/[\\/]zod[\\/]v4[\\/]/.test(args.importer)) return undefined;
      return { path: join(dirname(args.importer), args.path), namespace: 'tradebot-zod-locales' };
    });
    build.onLoad({ filter: /.*/, namespace: 'tradebot-zod-locales' }, (args) => ({
      contents: "export { default as en } from './en.js';\n",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * Telegraf's named exports, each from its own file. Telegraf is CommonJS and its `index.js` loads
 * everything (scenes, session, markup, router...) whatever is imported; esbuild cannot drop any of
 * it. This plugin gives `import { X } from 'telegraf'` a module that re-exports X from X's file, each
 * marked side-effect free, so a bundle keeps only the files it uses: fn-collector and fn-daily keep
 * `Telegram` (the API client) without the bot framework, fn-webhook keeps `Telegraf` without scenes.
 * A name missing here fails the build ("No matching export"), never the function at run time.
 */
export const TELEGRAF_EXPORTS: Readonly<Record<string, string>> = {
  Telegraf: 'lib/telegraf.js',
  Telegram: 'lib/telegram.js',
  Context: 'lib/context.js',
  Composer: 'lib/composer.js',
  TelegramError: 'lib/core/network/error.js',
};

export const telegrafByPart: Plugin = {
  name: 'tradebot-telegraf-by-part',
  setup(build) {
    build.onResolve({ filter: /^telegraf$/ }, async (args) => {
      if (args.pluginData === 'telegraf-root') return undefined;
      const root = await build.resolve('telegraf', { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'telegraf-root' });
      if (root.errors.length > 0) return { errors: root.errors };
      return { path: dirname(dirname(root.path)), namespace: 'tradebot-telegraf' };
    });
    build.onLoad({ filter: /.*/, namespace: 'tradebot-telegraf' }, (args) => ({
      contents: Object.entries(TELEGRAF_EXPORTS)
        .map(([name, file]) => `export { ${name} } from ${JSON.stringify(`tradebot-telegraf-part:${join(args.path, file)}`)};`)
        .join('\n'),
      resolveDir: args.path,
      loader: 'js',
    }));
    build.onResolve({ filter: /^tradebot-telegraf-part:/ }, (args) => ({ path: args.path.slice('tradebot-telegraf-part:'.length), sideEffects: false }));
  },
};

/** Our own sources: every workspace package's `src/`. */
const OWN_SOURCES = /[\\/]packages[\\/][^\\/]+[\\/]src[\\/].*\.ts$/;
/** Dependency files whose class names are compared by other code. */
export const NAMES_READ_IN_DEPENDENCIES: readonly RegExp[] = [/[\\/]@smithy[\\/]core[\\/]dist-es[\\/].*[\\/]NoOpLogger\.js$/];

/**
 * Function and class names kept only where code reads them, instead of esbuild's global `keepNames`
 * (which wraps every function of every dependency: ~20 KB of each zip and ~10 ms of each cold start).
 * Names are read (1) by our own code: errors name themselves after their class (`new.target.name`,
 * in logs and alerts), so every workspace source keeps its names; (2) by the AWS SDK, which asks
 * whether a logger is its `NoOpLogger` by constructor name. Other dependencies set `name` explicitly
 * on their errors (the SDK's exceptions, yahoo-finance2's) or never read it.
 */
export const keepNamesWhereRead: Plugin = {
  name: 'tradebot-keep-names-where-read',
  setup(build) {
    build.onLoad({ filter: /\.(ts|js)$/ }, async (args) => {
      const own = OWN_SOURCES.test(args.path) && !args.path.includes(`${sep}node_modules${sep}`);
      if (!own && !NAMES_READ_IN_DEPENDENCIES.some((pattern) => pattern.test(args.path))) return undefined;
      const source = await readFile(args.path, 'utf8');
      const result = await build.esbuild.transform(source, {
        loader: args.path.endsWith('.ts') ? 'ts' : 'js',
        format: 'esm',
        target: 'node20',
        keepNames: true,
        sourcemap: 'inline',
        sourcefile: args.path,
        // What the repository's tsconfig (target ES2022) means for class fields.
        tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
      });
      return { contents: result.code, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/** An AWS SDK client's schema module: `dist-es/schemas/schemas_0.js` of an `@aws-sdk/client-...` package. */
const SDK_SCHEMA_MODULE = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;
/** A top-level string constant of such a module: `const _h = "http";`. */
const STRING_CONSTANT = /^const (_[A-Za-z0-9_]+) = ("[^"\\\n]*");$/gm;

/**
 * `source` with every computed key `[_name]:` whose name is one of its top-level string constants
 * written as that string: `{ [_h]: [...] }` -> `{ "http": [...] }`, the same object.
 */
export function staticSchemaKeys(source: string): string {
  const constants = new Map<string, string>();
  for (const [, name, literal] of source.matchAll(STRING_CONSTANT)) constants.set(name!, literal!);
  return source.replace(/\[(_[A-Za-z0-9_]+)\]:/g, (key, name: string) => {
    const literal = constants.get(name);
    return literal === undefined ? key : `${literal}:`;
  });
}

/**
 * The AWS SDK clients' schemas with static keys, so esbuild can drop the ones no kept command uses.
 * Each client's `schemas_0.js` declares every operation's schema as an array literal holding an
 * object with a computed key (`{ [_h]: ["GET", "/?abac", 200] }`, `_h` a string constant of the
 * file). esbuild does not prove a computed key free of side effects, so it kept all of them, and
 * through their thunks every input and output schema: S3's ~100 operations in each bundle for the
 * three commands used (68 KB), SSM's 146 for one. With the constants written in, the unused
 * schemas are dropped like any unused array.
 */
export const sdkSchemasStaticKeys: Plugin = {
  name: 'tradebot-sdk-schemas-static-keys',
  setup(build) {
    build.onLoad({ filter: SDK_SCHEMA_MODULE }, async (args) => {
      const client = SDK_CLIENT_OF_SCHEMA.exec(args.path)?.[1];
      const kept = client === undefined ? undefined : SDK_ERRORS_KEPT[client];
      const source = staticSchemaKeys(await readFile(args.path, 'utf8'));
      return { contents: kept === undefined ? source : keptErrorRegistrations(source, kept), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/** The client's package name in an SDK schema module's path: `client-ssm`. */
const SDK_CLIENT_OF_SCHEMA = /[\\/]@aws-sdk[\\/](client-[^\\/]+)[\\/]/;

/**
 * The service errors each AWS SDK client keeps as classes of their own; the rest of the client's
 * errors reach us as its service exception (`SSMServiceException`), with the same `name`, `$fault`,
 * `message` and response fields (the SDK's own path for an error code it does not know, as an older
 * client meets a newer service's errors). A client not listed keeps all of its errors.
 * - SSM registers ~140 error classes at load (39 KB of classes, 20 KB of their schemas) for the one
 *   command we send (`GetParameters`, through Powertools). Powertools asks `instanceof
 *   ParameterNotFound` (in `getParameter`); our code reads only an error's `name`
 *   (`storage-s3/src/secrets/ssm.ts`), and no SSM error sets `$retryable` (the retry strategy reads
 *   names and status codes, which the service exception keeps).
 * - DynamoDB registers 35 (9 KB of classes): it keeps the conditional write's failure (storage-dynamodb
 *   asks `instanceof ConditionalCheckFailedException`, then its name), the one error the SDK retries
 *   by its `$retryable` field (`ReplicatedWriteConflictException`) and a transaction's cancellation
 *   (its `CancellationReasons` read through the error's schema).
 */
export const SDK_ERRORS_KEPT: Readonly<Record<string, readonly string[]>> = {
  'client-ssm': ['ParameterNotFound'],
  'client-dynamodb': ['ConditionalCheckFailedException', 'ReplicatedWriteConflictException', 'TransactionCanceledException'],
};

/** `registerError(X$, X)` of a schema module's service namespace, one per line. */
const ERROR_REGISTRATION = /^n0_registry\.registerError\((\w+)\$, (\w+)\);\n/gm;

/**
 * `source` (an SDK client's schema module) without the registrations of the errors not in `kept`:
 * their schemas and classes are then unused, and esbuild drops them. The synthetic registry's
 * service exception (`_s_registry`) stays: it is what an unregistered error code becomes.
 */
export function keptErrorRegistrations(source: string, kept: readonly string[]): string {
  return source.replace(ERROR_REGISTRATION, (line, schema: string, error: string) => (schema === error && kept.includes(error) ? line : ''));
}

/** A line that starts with an `import` or `export` declaration: the file is an ES module. */
const ES_MODULE_SYNTAX = /^(?:import|export)[\s{*]/m;

/** `source` with each `import("x")` read from a static `import * as` of `x` declared at its top. */
export function hoistDynamicImports(source: string): string {
  const declarations: string[] = [];
  const body = source.replace(DEPENDENCY_DYNAMIC_IMPORT, (_call, specifier: string) => {
    const name = `__tradebotImport${declarations.length}`;
    declarations.push(`import * as ${name} from ${specifier};`);
    return `Promise.resolve(${name})`;
  });
  return declarations.length === 0 ? source : `${declarations.join('\n')}\n${body}`;
}

/** `import("literal")` in a dependency's source (not a method named `import`). */
const DEPENDENCY_DYNAMIC_IMPORT = /(?<![.\w$])import\(\s*(["'][^"'\n]+["'])\s*\)/g;

/**
 * A dependency's `import()`s stay inside the file that makes them instead of becoming files of their
 * own: the AWS SDK's event streams and browser user-agent parser, the Anthropic SDK's Node helpers.
 * Split off, each drags the modules it shares with `index.js` into a shared file, and every use of
 * those from `index.js` becomes a property read across files: the webhook's and fn-daily's zips grew
 * by 23 KB (measured), for code their paths never load. Only our own `import()`s (`commonJsChunks`)
 * split a bundle.
 *
 * In an ES module the `import()` becomes a static namespace import, resolved at once
 * (`Promise.resolve(namespace)`); in a CommonJS file, a `require()` when the promise runs. A
 * `require()` of an ES module would make esbuild wrap that module, and every module it imports, in
 * a function run on first use: `@smithy/core`'s `import("@smithy/core/event-streams")` wrapped 182
 * modules of the AWS SDK that every client loads at start anyway, each then parsed twice (once
 * with the bundle, once when its wrapper first runs). Unwrapped, they are parsed once.
 */
export const dependencyImportsInline: Plugin = {
  name: 'tradebot-dependency-imports-inline',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/].*\.m?js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import(')) return undefined;
      const contents = ES_MODULE_SYNTAX.test(source) ? hoistDynamicImports(source) : source.replace(DEPENDENCY_DYNAMIC_IMPORT, 'Promise.resolve().then(() => require($1))');
      return contents === source ? undefined : { contents, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/** tsup's own plugin type (`Options['plugins']`), which sees each output file before it is written. */
type TsupPlugin = NonNullable<Options['plugins']>[number];
/** The esbuild instance tsup runs, kept by `commonJsChunks.capture` for `commonJsChunks.render`. */
let esbuildOfBuild: Parameters<Plugin['setup']>[0]['esbuild'] | undefined;

/**
 * CommonJS files split at `import()`: a Lambda bundle is `index.js` plus a file per code path that
 * is loaded on first use (e.g. the Anthropic client of the webhook's plain-language trades, resvg's
 * glue), each `require()`d from the zip when the path is first taken, so a cold start does not parse
 * and initialise code it does not run (docs/packaging.md). esbuild splits only ES module output, so
 * the build emits ES modules (`capture`, which also keeps esbuild's handle) and `render` rewrites
 * each file as CommonJS with esbuild (`import` -> `require`, `import()` -> a `require()` when the
 * promise runs). tsup's own CommonJS splitting is not used: it rewrites chunks with sucrase, which
 * also turns every `?.` and `??` into helper calls (+6 % of the bundle, measured).
 */
export const commonJsChunks: { readonly capture: Plugin; readonly render: TsupPlugin } = {
  capture: {
    name: 'tradebot-esm-chunks',
    setup(build) {
      esbuildOfBuild = build.esbuild;
      build.initialOptions.format = 'esm';
      build.initialOptions.splitting = true;
    },
  },
  render: {
    name: 'tradebot-commonjs-chunks',
    async renderChunk(code, info) {
      if (!info.path.endsWith('.js')) return undefined;
      if (!esbuildOfBuild) throw new Error('commonJsChunks.render ran without commonJsChunks.capture in the esbuild plugins');
      // A map only when the build makes one (tsup merges it into the chunk's; a build with
      // `sourcemap: false`, as the scan bench's, has no chunk map to merge into).
      const withMap = info.map !== undefined && info.map !== null;
      // `dynamic-import: false`: esbuild otherwise keeps `import("./x.js")` as it is in CommonJS, and
      // Node then loads the file through its ES module loader (the loader's modules, and
      // cjs-module-lexer scanning the file for export names): ~35 ms of CPU for the first one,
      // against ~8 ms to require() the same 141 KB file (measured with yahoo-client's).
      const result = await esbuildOfBuild.transform(code, { format: 'cjs', target: 'node20', platform: 'node', supported: { 'dynamic-import': false }, minify: true, sourcemap: withMap ? 'external' : false, sourcefile: info.path, banner: '"use strict";' });
      return withMap ? { code: result.code, map: result.map } : { code: result.code };
    },
  },
};

/** Every esbuild plugin of a Lambda bundle, in order. */
export const LAMBDA_PLUGINS: readonly Plugin[] = [shimmedModules, zodEnglishOnly, telegrafByPart, keepNamesWhereRead, sdkSchemasStaticKeys, dependencyImportsInline, commonJsChunks.capture];
