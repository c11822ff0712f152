/**
 * The one build configuration of the workspace. Every `packages/<name>/tsup.config.ts` is a call
 * of `libraryConfig` (adapters, core-domain, local-stack) or `lambdaConfig` (the `fn-*` Lambda
 * bundles), with the package's own overrides, so a build setting changes in one place.
 */
import type { Options } from 'tsup';
import { commonJsChunks, LAMBDA_PLUGINS } from './lambda-plugins';

/** What every package targets: Node 20 CommonJS (Lambda runs nodejs22.x, which reads it too). */
const COMMON: Options = {
  format: ['cjs'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
};

/** A library package: `src/index.ts` compiled as it is, dependencies left external. */
export function libraryConfig(overrides: Options = {}): Options {
  return { ...COMMON, entry: ['src/index.ts'], ...overrides };
}

/**
 * A Lambda bundle: a self-contained, minified CommonJS `dist/index.js` exporting `handler`
 * (Lambda's handler string `index.handler`), plus one CommonJS file per `import()` of a path loaded on
 * first use (`commonJsChunks` in lambda-plugins.ts), which `index.js` requires from beside it. Every dependency is bundled, the AWS SDK included, so
 * the function runs the versions in the lockfile, never the runtime's copy. Beside it:
 * `index.js.map` (kept out of the zip, see `scripts/package.ts`) and `metafile-cjs.json` (what
 * each input contributes, for `pnpm package --report`).
 */
export function lambdaConfig(overrides: Options = {}): Options {
  return {
    ...COMMON,
    entry: { index: 'src/index.ts' },
    minify: true,
    // Names are kept only where code reads them (`keepNamesWhereRead` in lambda-plugins.ts).
    keepNames: false,
    sourcemap: true,
    metafile: true,
    noExternal: [/.*/],
    esbuildPlugins: [...LAMBDA_PLUGINS],
    // Split at import() into CommonJS files (commonJsChunks); tsup's own `splitting` stays off.
    splitting: false,
    plugins: [commonJsChunks.render],
    ...overrides,
  };
}
