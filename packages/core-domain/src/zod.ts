/**
 * The `z` every schema of the project is written with: zod 4's `zod/mini` (the same validator as
 * classic `zod`, with a functional API that a bundler can trim: ~38 KB instead of ~196 KB minified,
 * and ~15 ms less to load each Lambda bundle; docs/packaging.md), set to zod's English messages,
 * which classic `zod` installs by itself and `zod/mini` does not (without them every issue reads
 * "Invalid input"). Import `z` from here (or `@tradebot/core-domain`), never from `zod`: the
 * architecture check (`pnpm lint`) refuses `zod` imports elsewhere in `packages/*\/src`, and
 * `pnpm package` refuses a bundle that contains classic `zod`.
 *
 * Use it when you write a schema that ships (env, S3 and DynamoDB documents, Telegram and Yahoo
 * answers): `z.optional(z.string())`, `z.int().check(z.positive(), z.lte(50))`,
 * `z._default(z.string(), 'x')`, `z.string().check(z.regex(/.../, 'words'))`. Tests and scripts may
 * use classic `zod`.
 */
import * as z from 'zod/mini';

// Read by zod when it words an issue (at parse time), so this runs before any schema parses: every
// schema module imports `z` from this module.
z.config(z.locales.en());

export { z };
