/**
 * Enforces the dependency rule of docs/architecture.md ("Ports and adapters"). Run by `pnpm lint` (and so by `pnpm test`):
 * - core-domain imports nothing with I/O: no `node:*` or built-in modules, no SDKs, no `process`,
 *   no wall clock (`Date.now()`, `new Date()` without arguments, `performance.now()`);
 * - an adapter imports core-domain and its own vendor SDKs, never another adapter;
 * - nothing imports an `fn-*` package, and no `fn-*` imports `local-stack`;
 * - a relative import that leaves its package counts as importing the package it lands in;
 * - a vendor whose internals we lean on is imported by its one gateway module only (`VENDOR_GATEWAYS`);
 * - zod is imported by `ZOD_GATEWAY` only, and as `zod/mini`: every schema that ships takes its `z`
 *   from there (`@tradebot/core-domain/zod`), so classic `zod` never reaches a Lambda bundle
 *   (`pnpm package` also refuses a bundle that contains it, `classicZodInputs`).
 * Both source imports and package.json dependencies are checked.
 *
 * One exception, named here so it stays visible: the local runners of `local-stack`
 * (`LOCAL_RUNNERS`) load an fn-* app the way Lambda's runtime does in the cloud, so `pnpm start`
 * and `pnpm daily` exercise the same handler code. They are dev entry points, never bundled.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const ADAPTERS = ['storage-s3', 'storage-dynamodb', 'llm-claude', 'market-data', 'telegram-bot'] as const;
/** The only third-party packages core-domain may use: pure computation, no I/O. */
export const CORE_ALLOWED = ['big.js', 'zod'] as const;
/** local-stack files that act as a local Lambda runtime and may load an fn-* app. */
export const LOCAL_RUNNERS = ['packages/local-stack/src/start.ts', 'packages/local-stack/src/daily-cli.ts'] as const;
/**
 * Vendors used past their documented surface (yahoo-finance2: its cookie jar and module-global
 * crumb), each kept behind one small module so a vendor upgrade has one place to look.
 */
export const VENDOR_GATEWAYS: Readonly<Record<string, readonly string[]>> = {
  // The gateway, and the typings of the subpaths it imports.
  'yahoo-finance2': ['packages/market-data/src/yahoo-client.ts', 'packages/market-data/src/types/yahoo-finance2.d.ts'],
};

/**
 * The one module that imports zod: it sets zod's English messages on `zod/mini` and exports `z`
 * (docs/packaging.md). Classic `zod` costs each bundle ~150 KB and ~15 ms of module evaluation.
 */
export const ZOD_GATEWAY = 'packages/core-domain/src/zod.ts';
/** What the gateway imports. */
export const ZOD_ENTRY = 'zod/mini';

/** A zod import in a workspace source: only the gateway, and only `zod/mini`. */
function checkZodImport(fileName: string, specifier: string): string | null {
  if (fileName !== ZOD_GATEWAY) return `imports ${specifier}: write schemas with import * as z from '@tradebot/core-domain/zod' (zod/mini with English messages); only ${ZOD_GATEWAY} imports zod`;
  if (specifier !== ZOD_ENTRY) return `imports ${specifier}: the zod gateway imports ${ZOD_ENTRY}, never classic zod, which would be bundled into every Lambda`;
  return null;
}

export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly detail: string;
}

const IMPORT_PATTERNS = [
  /\bimport\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\bexport\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
];
const CLOCK_PATTERNS: readonly [RegExp, string][] = [
  [/\bDate\.now\s*\(/, 'reads the wall clock (Date.now); take a Clock or a date argument'],
  [/\bnew\s+Date\s*\(\s*\)/, 'reads the wall clock (new Date()); take a Clock or a date argument'],
  [/\bperformance\.now\s*\(/, 'reads a clock (performance.now)'],
  [/\bprocess\s*\./, 'touches the process (process.*); pass configuration in'],
  [/\b(setTimeout|setInterval|setImmediate)\s*\(/, 'schedules timers; the domain is synchronous and pure'],
];
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function packageOf(specifier: string): string {
  if (specifier.startsWith('@')) return specifier.split('/').slice(0, 2).join('/');
  return specifier.split('/')[0] ?? specifier;
}

function listTs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : listTs(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function stripComments(source: string): string {
  // Keeps line numbers: comments become blank space of the same shape.
  return source.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:])\/\/.*$/gm, '$1');
}

function importsOf(source: string): { specifier: string; line: number }[] {
  const clean = stripComments(source);
  const found: { specifier: string; line: number }[] = [];
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of clean.matchAll(pattern)) {
      const specifier = match[1];
      if (!specifier) continue;
      found.push({ specifier, line: clean.slice(0, match.index).split('\n').length });
    }
  }
  return found;
}

/** For a relative import that leaves its own package: the `@tradebot/<name>` it reaches; else null. */
function packageReachedBy(packagesDir: string, pkgDir: string, file: string, specifier: string): string | null {
  const target = resolve(dirname(file), specifier);
  if (target === pkgDir || target.startsWith(pkgDir + sep)) return null;
  const inside = relative(packagesDir, target);
  if (inside.startsWith('..')) return null;
  return `@tradebot/${inside.split(sep)[0]}`;
}

/** Which packages a package may depend on; `null` = any third-party package. */
function checkDependency(pkg: string, dep: string): string | null {
  const internal = dep.startsWith('@tradebot/') ? dep.slice('@tradebot/'.length) : null;
  if (internal?.startsWith('fn-')) return `imports ${dep}: nothing may import an fn-* package`;
  if (pkg === 'core-domain') {
    if (internal) return `imports ${dep}: core-domain depends on nothing of ours`;
    if (BUILTINS.has(dep)) return `imports ${dep}: core-domain does no I/O`;
    if (!(CORE_ALLOWED as readonly string[]).includes(dep)) return `imports ${dep}: core-domain may only use ${CORE_ALLOWED.join(', ')}`;
    return null;
  }
  if ((ADAPTERS as readonly string[]).includes(pkg) && internal && internal !== 'core-domain') {
    return `imports ${dep}: an adapter imports core-domain, never another adapter or local-stack`;
  }
  if (pkg.startsWith('fn-') && internal === 'local-stack') return `imports ${dep}: local-stack is never bundled into a Lambda`;
  return null;
}

/** Checks every package under `root/packages`; returns the violations (empty when the rule holds). */
export function checkArchitecture(root: string): Violation[] {
  const violations: Violation[] = [];
  const packagesDir = join(root, 'packages');
  for (const pkg of readdirSync(packagesDir)) {
    const pkgDir = join(packagesDir, pkg);
    const manifestPath = join(pkgDir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(manifest.dependencies ?? {})) {
      const problem = checkDependency(pkg, dep);
      if (problem) violations.push({ file: relative(root, manifestPath), line: 1, rule: 'dependencies', detail: problem });
    }
    // Tests may start local servers; the rule is about what ships.
    for (const file of listTs(join(pkgDir, 'src'))) {
      const source = readFileSync(file, 'utf8');
      const fileName = relative(root, file).split(sep).join('/');
      for (const { specifier, line } of importsOf(source)) {
        const target = specifier.startsWith('.') ? packageReachedBy(packagesDir, pkgDir, file, specifier) : packageOf(specifier);
        if (target === null) continue;
        if (target.startsWith('@tradebot/fn-') && (LOCAL_RUNNERS as readonly string[]).includes(fileName)) continue;
        const problem = checkDependency(pkg, target);
        if (problem) violations.push({ file: fileName, line, rule: 'imports', detail: problem });
        if (target === 'zod') {
          const zodProblem = checkZodImport(fileName, specifier);
          if (zodProblem) violations.push({ file: fileName, line, rule: 'zod', detail: zodProblem });
        }
        const gateway = VENDOR_GATEWAYS[target];
        if (gateway && !gateway.includes(fileName)) {
          violations.push({ file: fileName, line, rule: 'vendor', detail: `imports ${specifier}: only ${gateway[0]} may import ${target}` });
        }
      }
      if (pkg === 'core-domain') {
        stripComments(source)
          .split('\n')
          .forEach((text, index) => {
            for (const [pattern, detail] of CLOCK_PATTERNS) {
              if (pattern.test(text)) violations.push({ file: relative(root, file), line: index + 1, rule: 'purity', detail });
            }
          });
      }
    }
  }
  return violations;
}

if (require.main === module) {
  const root = join(__dirname, '..');
  const violations = checkArchitecture(root);
  for (const v of violations) console.error(`${v.file}:${v.line}  [${v.rule}] ${v.detail}`);
  if (violations.length > 0) {
    console.error(`\nArchitecture check failed: ${violations.length} violation(s) of the dependency rule (docs/architecture.md).`);
    process.exit(1);
  }
  console.log('Architecture check passed: core-domain is pure, adapters are independent, nothing imports fn-*, schemas use zod/mini.');
}
