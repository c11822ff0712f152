/**
 * Deterministic zip archives for Lambda packages, on fflate (pure JavaScript deflate): the same
 * files give the same bytes on any machine and any Node version, which zlib-based writers do not
 * promise (Node ships its own zlib, and its output may change between releases).
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';

/**
 * Every entry's timestamp, 1980-01-01 00:00 (the earliest zip time): fixed, so a rebuild of the same
 * commit zips to the same bytes. Zip stores local (DOS) time and fflate reads a Date's local fields,
 * so the Date is built from local fields when zipping: the same archive in any time zone.
 */
export const ZIP_ENTRY_TIME = { year: 1980, month: 1, day: 1 } as const;

/** A file to put in the archive: a relative POSIX path and its bytes. */
export interface ZipEntry {
  readonly path: string;
  readonly data: Uint8Array;
}

/** Unix permission bits `-rw-r--r--` in the high half of the external attributes, as `zip` writes them. */
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;

/**
 * A zip of `entries`, sorted by path, each with the fixed time, mode 0644 and deflate level 9. Use it
 * for anything whose hash must only change when its content does. Refuses absolute paths and `..`.
 */
export function deterministicZip(entries: readonly ZipEntry[]): Uint8Array {
  const files: Zippable = {};
  const mtime = new Date(ZIP_ENTRY_TIME.year, ZIP_ENTRY_TIME.month - 1, ZIP_ENTRY_TIME.day);
  for (const entry of [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (entry.path.startsWith('/') || entry.path.split('/').includes('..') || entry.path.includes('\\')) {
      throw new Error(`zip entry paths must be relative POSIX paths inside the archive: ${entry.path}`);
    }
    if (entry.path in files) throw new Error(`duplicate zip entry: ${entry.path}`);
    files[entry.path] = [entry.data, { level: 9, mtime, os: 3, attrs: REGULAR_FILE_0644 }];
  }
  return zipSync(files);
}

/** The entries of a zip archive (path -> bytes), e.g. to inspect or unpack a package. */
export function readZip(archive: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(archive);
}
