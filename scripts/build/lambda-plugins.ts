/**
 * esbuild plugins of the Lambda bundles (`lambdaConfig` in `tsup-base.ts`). Each one was kept
 * because an esbuild metafile showed it shrinking the bundles; `docs/packaging.md` has the figures.
 */
import { dirname, join } from 'node:path';
import type { Options } from 'tsup';

/** esbuild's plugin type, as tsup passes it through (esbuild is tsup's dependency, not ours). */
type Plugin = NonNullable<Options['esbuildPlugins']>[number];

const SHIMS = join(__dirname, 'shims');

/**
 * Modules replaced by a shim in `./shims` (see each file for why it is safe):
 * - `node-fetch` (v2, with whatwg-url and tr46) and `abort-controller`, which Telegraf 4 uses: Node's
 *   own `fetch` and `AbortController` instead of polyfills;
 * - `@aws-sdk/credential-provider-node`: credentials from the environment, as Lambda provides them,
 *   without the SSO/STS/ini/process/metadata links and their clients;
 * - `tldts` (the Public Suffix List), whose only caller is the cookie jar of Yahoo's crumb.
 */
export const SHIMS_BY_MODULE: Readonly<Record<string, string>> = {
  'node-fetch': join(SHIMS, 'node-fetch.ts'),
  'abort-controller': join(SHIMS, 'abort-controller.ts'),
  '@aws-sdk/credential-provider-node': join(SHIMS, 'aws-credentials.ts'),
  tldts: join(SHIMS, 'public-suffix.ts'),
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
 * zod with its English messages only. zod 4's `z` namespace re-exports `locales` (every language,
 * ~260 KB minified), which esbuild cannot drop through the namespace; the project never calls
 * `z.config(z.locales.xx())` (user-facing text is translated by the bot, not by zod), and English
 * stays zod's default. Replaces zod's own `locales/index.js` with one that exports `en` alone.
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

/** Every plugin of a Lambda bundle, in order. */
export const LAMBDA_PLUGINS: readonly Plugin[] = [shimmedModules, zodEnglishOnly];
