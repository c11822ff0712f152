/**
 * `pnpm bench [filter]`: runs every `bench/*.bench.ts` (default export: a `BenchSuite`), prints a
 * table and writes `bench/results.json`. With a filter (matched against the suite name and the
 * file name), only matching suites run and their rows replace their previous rows in the file;
 * other suites' rows are kept.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseCli, printUsageOutcome, processIo, runCli, type CliIo } from '../packages/local-stack/src/cli';
import { atMost, info, type BenchRow, type BenchSuite } from './lib';

const USAGE = `Usage: pnpm bench [filter]

Runs every bench/*.bench.ts suite one after another (or only the suites whose name or file name
contains filter), prints each row's value, target and PASS/MISS, and writes bench/results.json.
A filtered run replaces its suites' rows and keeps the others. Nothing needs installing or network:
every suite starts its own stand-ins. Targets live here, never in tests (bench/README.md).

Options:
  -h, --help  this text

Example:
  pnpm bench package`;

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

/**
 * Imports the suites to run. A filter naming a file (`core` -> core.bench.ts) imports only the
 * matching files, so one broken suite does not stop the others; otherwise suites are matched by name.
 */
async function loadSuites(filter: string | undefined, failures: string[]): Promise<{ file: string; suite: BenchSuite }[]> {
  const all = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const byFile = filter ? all.filter((f) => basename(f, '.bench.ts').includes(filter)) : all;
  const files = byFile.length > 0 ? byFile : all;
  const suites: { file: string; suite: BenchSuite }[] = [];
  for (const file of files) {
    try {
      const mod = (await import(join(BENCH_DIR, file))) as { default?: unknown };
      // tsx may wrap a CommonJS default export once more.
      const candidate = isSuite(mod.default) ? mod.default : (mod.default as { default?: unknown } | undefined)?.default;
      if (!isSuite(candidate)) throw new Error('it must default-export a BenchSuite ({ name, run })');
      const matches = !filter || byFile.length > 0 || candidate.name.includes(filter);
      if (matches) suites.push({ file, suite: candidate });
    } catch (error) {
      failures.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
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

/** `pnpm bench [filter]`: runs the suites, writes `bench/results.json`; returns the exit code (1: a suite failed, 2: a usage error). */
export async function runBench(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const parsed = parseCli(argv, { usage: USAGE, options: {}, allowPositionals: true });
  if (!parsed.ok) return printUsageOutcome(parsed, io);
  if (parsed.positionals.length > 1) return printUsageOutcome({ message: `One filter at most (got ${parsed.positionals.join(' ')}).\n\n${USAGE}` }, io);
  const filter = parsed.positionals[0];
  const failures: string[] = [];
  const suites = await loadSuites(filter, failures);
  if (suites.length === 0) {
    console.error(`bench: no suite matches "${filter ?? ''}"`);
    for (const f of failures) console.error(`bench: ${f}`);
    return 1;
  }
  const fresh: ResultRow[] = [];
  const ran = new Set<string>();
  const runStarted = performance.now();
  for (const { file, suite } of suites) {
    console.log(`bench: running ${suite.name} (${file})`);
    const started = performance.now();
    try {
      const rows = await suite.run();
      fresh.push(...rows.map((r) => ({ ...r, suite: suite.name })));
      ran.add(suite.name);
    } catch (error) {
      failures.push(`${suite.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    fresh.push({ ...info(`bench.${suite.name}.wall_s`, Math.round((performance.now() - started) / 100) / 10, 's', `the ${suite.name} suite (${file}), setup included`), suite: 'bench' });
  }
  // The whole bench must stay cheap enough to run on the 2-core machine: under 10 minutes.
  if (!filter) fresh.push({ ...atMost('bench.all.wall_s', Math.round((performance.now() - runStarted) / 100) / 10, 's', 600, `every suite, one after another; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`), suite: 'bench' });
  // Rows of suites that did not run this time are kept: all of them after a filtered run, and after
  // a full run only when something failed (so a crash never erases the last good figures).
  const freshNames = new Set(fresh.map((r) => r.name));
  const keepOld = filter !== undefined || failures.length > 0;
  const keptRows = keepOld ? readPrevious().filter((r) => !ran.has(r.suite) && !freshNames.has(r.name)) : [];
  const rows = [...keptRows, ...fresh];
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    machine: { cpus: cpus().length, memGB: Math.round((totalmem() / 1024 ** 3) * 10) / 10 },
    rows,
  };
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  console.log('');
  printTable(fresh);
  const keptNote = keptRows.length ? `, ${keptRows.length} kept from earlier runs` : '';
  console.log(`\nbench: wrote ${rows.length} rows to bench/results.json (${fresh.length} from this run${keptNote})`);
  for (const f of failures) console.error(`bench: FAILED ${f}`);
  return failures.length > 0 ? 1 : 0;
}

runCli(module, runBench);
