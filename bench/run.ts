/**
 * `pnpm bench [filter]`: runs every `bench/*.bench.ts` (default export: a `BenchSuite`), prints a
 * table and writes `bench/results.json`. With a filter (matched against the suite name and the
 * file name), only matching suites run and their rows replace their previous rows in the file;
 * other suites' rows are kept.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import type { BenchRow, BenchSuite } from './lib';

/** One row of `bench/results.json`: a `BenchRow` and the suite that produced it. */
export type ResultRow = BenchRow & { readonly suite: string };

/** `bench/results.json`. */
export interface BenchResults {
  readonly generatedAt: string;
  readonly node: string;
  readonly machine: { readonly cpus: number; readonly memGB: number };
  readonly rows: readonly ResultRow[];
}

const BENCH_DIR = __dirname;
const RESULTS = join(BENCH_DIR, 'results.json');

function isSuite(value: unknown): value is BenchSuite {
  return typeof value === 'object' && value !== null && typeof (value as BenchSuite).name === 'string' && typeof (value as BenchSuite).run === 'function';
}

async function loadSuites(filter: string | undefined): Promise<{ file: string; suite: BenchSuite }[]> {
  const files = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const suites: { file: string; suite: BenchSuite }[] = [];
  for (const file of files) {
    const mod = (await import(join(BENCH_DIR, file))) as { default?: unknown };
    // tsx may wrap a CommonJS default export once more.
    const candidate = isSuite(mod.default) ? mod.default : (mod.default as { default?: unknown } | undefined)?.default;
    if (!isSuite(candidate)) throw new Error(`${file} must default-export a BenchSuite ({ name, run })`);
    const matches = !filter || candidate.name.includes(filter) || basename(file, '.bench.ts').includes(filter);
    if (matches) suites.push({ file, suite: candidate });
  }
  return suites;
}

function readPrevious(): ResultRow[] {
  if (!existsSync(RESULTS)) return [];
  try {
    const parsed = JSON.parse(readFileSync(RESULTS, 'utf8')) as Partial<BenchResults>;
    return Array.isArray(parsed.rows) ? parsed.rows.filter((r) => typeof r?.name === 'string' && typeof r?.suite === 'string') : [];
  } catch {
    console.warn(`bench: ${RESULTS} is not valid JSON; starting a new one`);
    return [];
  }
}

function printTable(rows: readonly ResultRow[]): void {
  const header = ['suite', 'name', 'value', 'unit', 'target', 'result'];
  const lines = rows.map((r) => [r.suite, r.name, formatValue(r.value), r.unit, r.target, r.pass ? 'PASS' : 'MISS']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: readonly string[]) => cells.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(fmt(l));
  for (const r of rows) if (r.note) console.log(`  ${r.name}: ${r.note}`);
}

function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(1) : value.toFixed(3);
}

async function main(): Promise<void> {
  const filter = process.argv[2];
  const suites = await loadSuites(filter);
  if (suites.length === 0) {
    console.error(`bench: no suite matches "${filter ?? ''}"`);
    process.exitCode = 1;
    return;
  }
  const fresh: ResultRow[] = [];
  for (const { file, suite } of suites) {
    console.log(`bench: running ${suite.name} (${file})`);
    const rows = await suite.run();
    fresh.push(...rows.map((r) => ({ ...r, suite: suite.name })));
  }
  const ran = new Set(suites.map((s) => s.suite.name));
  const freshNames = new Set(fresh.map((r) => r.name));
  const kept = filter ? readPrevious().filter((r) => !ran.has(r.suite) && !freshNames.has(r.name)) : [];
  const rows = [...kept, ...fresh].sort((a, b) => (a.suite === b.suite ? 0 : a.suite < b.suite ? -1 : 1));
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    machine: { cpus: cpus().length, memGB: Math.round((totalmem() / 1024 ** 3) * 10) / 10 },
    rows,
  };
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  console.log('');
  printTable(fresh);
  console.log(`\nbench: wrote ${rows.length} rows to bench/results.json (${fresh.length} from this run${kept.length ? `, ${kept.length} kept from earlier runs` : ''})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
