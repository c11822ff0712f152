/**
 * The Lambda packages the end-to-end suites run: built by `pnpm package`'s own code
 * (`packageFunctions`) into `node_modules/.cache/tradebot-e2e/lambda`, and rebuilt only when an
 * input changed (a digest of every file the bundles are built from is kept beside them).
 *
 * jest's global setup (`e2e/global-setup.ts`) calls `ensurePackages()` once per run, before any
 * worker starts, when the run includes an e2e suite; the suites then only read the zips. Outside
 * jest, `ensurePackages()` builds on first use.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { packageFunctions, type PackageManifest } from '../scripts/package';

const ROOT = resolve(__dirname, '..');

/** Where the e2e packages live (gitignored with node_modules). */
export const E2E_PACKAGES_DIR = join(ROOT, 'node_modules', '.cache', 'tradebot-e2e');

/** What the bundles are built from: sources, shipped data, build scripts and the lockfile. */
const INPUT_DIRS = ['packages', 'scripts/build'];
const INPUT_FILES = ['scripts/package.ts', 'pnpm-lock.yaml', 'package.json', 'tsconfig.base.json', 'tsconfig.json'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'tests', '.turbo', 'coverage']);

function inputFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIPPED_DIRS.has(name) ? [] : inputFiles(path);
    return [path];
  });
}

/** SHA-256 over the path and content of every input of the bundles, in a stable order. */
export function sourcesDigest(): string {
  const files = [...INPUT_DIRS.flatMap((d) => inputFiles(join(ROOT, d))), ...INPUT_FILES.map((f) => join(ROOT, f))].filter((f) => existsSync(f)).sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(relative(ROOT, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The packages directory and its manifest. */
export interface E2ePackages {
  /** Holds `<function>.zip` and `manifest.json`, as `pnpm package` writes them. */
  readonly dir: string;
  readonly manifest: PackageManifest;
  /** True when this call built them (false: the cached build matched the sources). */
  readonly built: boolean;
}

/**
 * Returns the e2e packages, building them first when none were built from the current sources.
 * Takes a few seconds of CPU when it builds; reading the digest takes milliseconds.
 */
export function ensurePackages(): E2ePackages {
  const dir = join(E2E_PACKAGES_DIR, 'lambda');
  const digestFile = join(E2E_PACKAGES_DIR, 'sources.sha256');
  const digest = sourcesDigest();
  const manifestFile = join(dir, 'manifest.json');
  if (existsSync(manifestFile) && existsSync(digestFile) && readFileSync(digestFile, 'utf8') === digest) {
    return { dir, manifest: JSON.parse(readFileSync(manifestFile, 'utf8')) as PackageManifest, built: false };
  }
  // Built beside the cache and swapped in whole, so a reader never meets a half-written build.
  const fresh = `${E2E_PACKAGES_DIR}.${process.pid}`;
  rmSync(fresh, { recursive: true, force: true });
  mkdirSync(fresh, { recursive: true });
  packageFunctions({ outDir: join(fresh, 'lambda'), buildDir: (fn) => join(fresh, 'build', fn) });
  writeFileSync(join(fresh, 'sources.sha256'), digest);
  rmSync(E2E_PACKAGES_DIR, { recursive: true, force: true });
  renameSync(fresh, E2E_PACKAGES_DIR);
  return { dir, manifest: JSON.parse(readFileSync(manifestFile, 'utf8')) as PackageManifest, built: true };
}
