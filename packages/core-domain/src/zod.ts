/**
 * The zod every schema of the project is written with: zod 4's `zod/mini` (the same validator as
 * classic `zod`, with a functional API that a bundler can trim: ~20 KB instead of ~170 KB minified,
 * and ~15 ms less to load each Lambda bundle; docs/packaging.md), set to zod's English messages,
 * which classic `zod` installs by itself and `zod/mini` does not (without them every issue reads
 * "Invalid input").
 *
 * Use it when you write a schema that ships (env, S3 and DynamoDB documents, Telegram and Yahoo
 * answers): `import * as z from '@tradebot/core-domain/zod'` (a namespace import, so esbuild keeps
 * only the functions used), then `z.optional(z.string())`, `z.int().check(z.positive(), z.lte(50))`,
 * `z._default(z.string(), 'x')`, `z.string().check(z.regex(/.../, 'words'))`. Never import `zod`
 * itself in `packages/*\/src`: the architecture check (`pnpm lint`) refuses it, and `pnpm package`
 * refuses a bundle that contains classic `zod`. Tests and scripts may use classic `zod`.
 *
 * This module is listed in core-domain's `sideEffects`, so bundles keep the locale call below.
 */
import { config, locales } from 'zod/mini';

// Read by zod when it words an issue (at parse time): every schema module imports its `z` from
// here, so this has run before any of them parses.
config(locales.en());

export * from 'zod/mini';
