import type { S3ClientConfig } from '@aws-sdk/client-s3';

/**
 * The S3 client settings the documents are written and read with. Spread them into every
 * `new S3Client({ ... })` that serves these repositories (each Lambda's module scope, and the local
 * stack's `localS3Client`, so tests and benches run the client a Lambda runs):
 *
 * - `cacheMiddleware`: the client resolves each command class's middleware stack once instead of on
 *   every request (the SDK clones and sorts about 30 middlewares per `send`). Middleware added to the
 *   client after its first request is not seen by command classes already sent; nothing here adds
 *   any (local-stack's request counters drop the cache when they attach).
 * - `requestChecksumCalculation` / `responseChecksumValidation: 'WHEN_REQUIRED'`: no CRC32 of every
 *   PUT body and no checksum of every GET body (the SDK's default since 2025 is both, on every
 *   operation that supports them). The documents are a few KB of JSON, CSV and text sent over TLS,
 *   which already detects corruption in transit; operations that require a checksum still get one.
 *
 * Measured on the webhook (`pnpm bench webhook`, bench/README.md): about 0.6 ms less CPU per `/buy`,
 * which makes two S3 requests (the blacklist read and the positions snapshot).
 */
export const S3_CLIENT_SETTINGS = {
  cacheMiddleware: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
} as const satisfies Partial<S3ClientConfig>;
