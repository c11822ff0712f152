/**
 * `tsx bench/heap-summary.ts <file.heapsnapshot> [top]`: what a V8 heap snapshot holds, by the
 * self size of its objects grouped as DevTools' "Summary" view groups them (constructor name for
 * objects, the type for strings, numbers, arrays and code). Use it to find the large holders of
 * a scan's memory (`BENCH_HEAP_SNAPSHOT_DIR=dir pnpm bench scan` writes the snapshots) without
 * opening DevTools; the figures are self sizes, not retained sizes.
 */
import { readFileSync } from 'node:fs';

interface HeapSnapshot {
  readonly snapshot: { readonly meta: { readonly node_fields: string[]; readonly node_types: [string[], ...unknown[]] } };
  readonly nodes: number[];
  readonly strings: string[];
}

/** Self bytes and object counts per group, largest first. */
export function summarize(snapshot: HeapSnapshot): { readonly group: string; readonly bytes: number; readonly count: number }[] {
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
  const groups = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + typeAt]!]!;
    // Objects by constructor; everything else (strings, arrays' backing stores, numbers, code) by type.
    const group = type === 'object' || type === 'closure' ? `${type} ${snapshot.strings[snapshot.nodes[i + nameAt]!]}` : type;
    const entry = groups.get(group) ?? { bytes: 0, count: 0 };
    entry.bytes += snapshot.nodes[i + sizeAt]!;
    entry.count += 1;
    groups.set(group, entry);
  }
  return [...groups].map(([group, { bytes, count }]) => ({ group, bytes, count })).sort((a, b) => b.bytes - a.bytes);
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: tsx bench/heap-summary.ts <file.heapsnapshot> [top]');
    process.exit(2);
  }
  const rows = summarize(JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot);
  const total = rows.reduce((sum, r) => sum + r.bytes, 0);
  const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1).padStart(7);
  console.log(`${mb(total)} MB in all`);
  for (const r of rows.slice(0, Number(top ?? 15))) console.log(`${mb(r.bytes)} MB  ${String(r.count).padStart(8)}  ${r.group}`);
}
