/**
 * Deterministic zip archives for Lambda packages, on fflate (pure JavaScript deflate): the same
 * files give the same bytes on any machine and any Node version, which zlib-based writers do not
 * promise (Node ships its own zlib, and its output may change between releases).
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';

/**
 * Every entry's timestamp: fixed, so a rebuild of the same commit zips to the same bytes. Zip stores
 * local (DOS) time and fflate reads the Date's local fields, so this is built from local fields:
 * 1980-01-01 00:00 in the archive whatever the machine's time zone.
 */
export const ZIP_ENTRY_TIME = new Date(1980, 0, 1, 0, 0, 0);

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
  for (const entry of [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (entry.path.startsWith('/') || entry.path.split('/').includes('..') || entry.path.includes('\\')) {
      throw new Error(`zip entry paths must be relative POSIX paths inside the archive: ${entry.path}`);
    }
    if (entry.path in files) throw new Error(`duplicate zip entry: ${entry.path}`);
    files[entry.path] = [entry.data, { level: 9, mtime: ZIP_ENTRY_TIME, os: 3, attrs: REGULAR_FILE_0644 }];
  }
  return zipSync(files);
}

/** The entries of a zip archive (path -> bytes), e.g. to inspect or unpack a package. */
export function readZip(archive: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(archive);
}
