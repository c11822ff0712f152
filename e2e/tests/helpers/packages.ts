/**
 * The zips from `pnpm package`, unpacked as Lambda would (one task root per function, and the
 * layers extracted into one directory that plays `/opt`), for a suite.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readZip } from '../../../scripts/build/zip';
import type { PackageManifest } from '../../../scripts/package';
import { E2E_PACKAGES_ENV } from '../../env';
import { ensurePackages } from '../../packages';

/** The three functions of the project. */
export type FunctionName = 'fn-webhook' | 'fn-collector' | 'fn-daily';

/** Unpacked packages: a task root per function. */
export interface TaskRoots {
  readonly manifest: PackageManifest;
  root(fn: FunctionName): string;
  /** The layers (`layer-charts.zip`) extracted as Lambda extracts them under `/opt`: the runner's `optDir`. */
  readonly opt: string;
  /**
   * A copy of `fn`'s task root whose JavaScript files went through `patch` (a planted fault): the
   * code may sit in `index.js` or in a chunk it shares with another entry of the zip.
   */
  patched(fn: FunctionName, name: string, patch: (source: string) => string): string;
  remove(): void;
}

/** The packages directory: jest's global setup built it; a run without that setup builds it here. */
function packagesDir(): { dir: string; manifest: PackageManifest } {
  const dir = process.env[E2E_PACKAGES_ENV];
  if (dir) return { dir, manifest: JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as PackageManifest };
  return ensurePackages();
}

function unpack(zip: Buffer, into: string): void {
  for (const [path, data] of Object.entries(readZip(zip))) {
    mkdirSync(dirname(join(into, path)), { recursive: true });
    writeFileSync(join(into, path), data);
  }
}

/** Unpacks every zip of the e2e packages into a fresh temp directory. Call `remove()` in `afterAll`. */
export function unpackPackages(): TaskRoots {
  const { dir, manifest } = packagesDir();
  const work = mkdtempSync(join(tmpdir(), 'tradebot-e2e-'));
  for (const entry of manifest.functions) unpack(readFileSync(join(dir, entry.zip)), join(work, entry.function));
  const opt = join(work, 'opt');
  mkdirSync(opt);
  for (const layer of manifest.layers ?? []) unpack(readFileSync(join(dir, layer.zip)), opt);
  return {
    manifest,
    root: (fn) => join(work, fn),
    opt,
    patched(fn, name, patch) {
      const into = join(work, `${fn}-${name}`);
      // The whole package (index.js requires its chunks from beside it), then each file patched.
      cpSync(join(work, fn), into, { recursive: true });
      let patchedFiles = 0;
      for (const file of readdirSync(into).filter((f) => f.endsWith('.js'))) {
        const source = readFileSync(join(into, file), 'utf8');
        const changed = patch(source);
        if (changed === source) continue;
        writeFileSync(join(into, file), changed);
        patchedFiles += 1;
      }
      if (patchedFiles === 0) throw new Error(`the patch "${name}" changed nothing in ${fn}'s files`);
      return into;
    },
    remove: () => rmSync(work, { recursive: true, force: true }),
  };
}
