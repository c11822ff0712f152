/**
 * The local data directory (`.local/` by default): where `pnpm start`, `scan`, `daily` and
 * `import-trades` keep S3 and DynamoDB data. A marker file written when the directory is created
 * tells tradebot's own directories from anyone else's, so `--reset` never deletes a directory
 * tradebot did not make.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The marker file in every data directory. */
export const DATA_DIR_MARKER = '.tradebot-data-dir';
/** `pnpm start`'s log file in the data directory. */
export const START_LOG_FILE = 'start.log';
/** Where the embedded S3 and DynamoDB keep their data, inside the data directory. */
export const AWS_SUBDIRECTORY = 'aws';
/** Files that hold a data directory's running stack and its update-id counter (see `stack-file.ts`, `update-ids.ts`). */
export const STACK_FILE = 'stack.json';
export const UPDATE_ID_FILE = 'last-update-id';

/** Names a tradebot data directory made before the marker existed may contain (and nothing else). */
const TRADEBOT_NAMES = new Set([DATA_DIR_MARKER, AWS_SUBDIRECTORY, START_LOG_FILE, STACK_FILE, UPDATE_ID_FILE, '.DS_Store']);
const TRADEBOT_TEMP = /^(stack\.json|last-update-id)\.\d+\.[a-z0-9]+\.tmp$/;

/** The repository root (this file is `packages/local-stack/src/local-data/data-dir.ts`). */
const REPO_ROOT = resolve(__dirname, '../../../..');

/** The data directory a local command uses: `--data-dir` when given, else `.local/` at the repository root. */
export function resolveDataDir(option?: string): string {
  return resolve(option ?? join(REPO_ROOT, '.local'));
}

/** A data directory ready to use, or why it cannot be used. */
export type DataDirCheck = { readonly ok: true; readonly dir: string } | { readonly ok: false; readonly message: string };

function writeMarker(dir: string): void {
  writeFileSync(
    join(dir, DATA_DIR_MARKER),
    `This directory holds tradebot's local data (pnpm start, scan, daily, import-trades).\n` +
      `pnpm start --reset deletes what is in it; it refuses any directory without this file.\n`,
  );
}

/**
 * Makes `dir` usable as a data directory: creates it with its marker when it does not exist, and
 * accepts it when it has the marker. A directory without the marker is accepted (and marked) only
 * when it is empty or holds nothing but what tradebot writes (a data directory from before the
 * marker); anything else is refused with a message, and nothing is written. Call it before
 * starting servers on `dir`, and before any `--reset`.
 */
export function prepareDataDir(dir: string): DataDirCheck {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) return { ok: false, message: `${dir} is a file, not a data directory. Pass --data-dir with a directory.` };
    if (existsSync(join(dir, DATA_DIR_MARKER))) return { ok: true, dir };
    const foreign = readdirSync(dir).filter((name) => !TRADEBOT_NAMES.has(name) && !TRADEBOT_TEMP.test(name));
    if (foreign.length > 0) {
      const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ', ...' : '');
      return {
        ok: false,
        message:
          `${dir} is not a tradebot data directory (it has no ${DATA_DIR_MARKER} file and holds ${shown}). ` +
          'Nothing was changed. Pass --data-dir with a new or empty directory.',
      };
    }
  } else {
    mkdirSync(dir, { recursive: true });
  }
  writeMarker(dir);
  return { ok: true, dir };
}

/**
 * Deletes what a data directory holds (S3 and DynamoDB data, logs), keeping its marker, the running
 * stack's file and the update-id counter (so ids still never repeat in this directory). Call it only for `--reset`, after `prepareDataDir`
 * accepted the directory and while this process holds its stack (no server has it open).
 */
export function clearDataDir(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (name === DATA_DIR_MARKER || name === STACK_FILE || name === UPDATE_ID_FILE) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}
