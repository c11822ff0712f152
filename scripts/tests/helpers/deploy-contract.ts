/**
 * The names the deploy path's files must agree on, read from each file: the Terraform root's
 * variables and outputs, the inputs the deploy workflow and the README's Terraform step pass, the
 * README's numbered steps and its table of repository variables. Each check returns findings
 * (empty when the files agree), so the tests can show it failing on a planted fault.
 */
import type { ModuleDir } from '../../../infra/tests/lib/hcl';

/** The `lambda_packages` and `lambda_layers` variables come from the upload step's var file, not from TF_VAR_. */
const PACKAGES_VAR_FILE = /-var-file="?[^"\s]*dist\/lambda\/packages\.tfvars\.json/;

/** The root's inputs a text sets: every `TF_VAR_<name>`, and `lambda_packages` and `lambda_layers` through the upload step's var file. */
export function inputsSetIn(text: string): Set<string> {
  const names = new Set([...text.matchAll(/\bTF_VAR_([A-Za-z0-9_]+)/g)].map((m) => m[1]!));
  if (PACKAGES_VAR_FILE.test(text)) {
    names.add('lambda_packages');
    names.add('lambda_layers');
  }
  return names;
}

/** Inputs `who` sets that the root does not declare, and variables without a default it leaves unset. */
export function inputFindings(root: ModuleDir, set: ReadonlySet<string>, who: string): string[] {
  return [
    ...[...set].filter((name) => !root.variables.has(name)).map((name) => `${who} sets TF_VAR_${name}, which ${root.rel} does not declare`),
    ...[...root.variables.values()].filter((v) => !v.hasDefault && !set.has(v.name)).map((v) => `${root.rel} needs ${v.name} (no default) and ${who} does not set it`),
  ];
}

/** Outputs in `names` that the root module does not declare. */
export function undeclaredOutputs(root: ModuleDir, names: readonly string[]): string[] {
  return names.filter((name) => !root.outputs.has(name));
}

/** A markdown section: from its heading line to the next heading of the same or a higher level. */
export function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`${heading}\n`);
  if (start < 0) throw new Error(`no section "${heading}"`);
  const level = /^#+/.exec(heading)![0]!.length;
  const rest = markdown.slice(start + heading.length + 1);
  const next = rest.search(new RegExp(`^#{1,${level}} `, 'm'));
  return next < 0 ? rest : rest.slice(0, next);
}

/** The top-level numbered steps of a section ("1. ...", with their indented lines), by number. */
export function numberedSteps(text: string): Map<number, string> {
  const steps = new Map<number, string>();
  let current: number | null = null;
  for (const line of text.split('\n')) {
    const start = /^(\d+)\. /.exec(line);
    if (start) {
      current = Number(start[1]);
      steps.set(current, line);
    } else if (current !== null && (line.startsWith('   ') || line === '')) steps.set(current, `${steps.get(current)}\n${line}`);
    else if (current !== null) current = null;
  }
  return steps;
}

/** The backticked names in the first column of the table between `<!-- name -->` markers. */
export function markedTableNames(markdown: string, name: string): string[] {
  const match = new RegExp(`<!-- ${name} -->([\\s\\S]*?)<!-- /${name} -->`).exec(markdown);
  if (!match) return [];
  return [...match[1]!.matchAll(/^\s*\| `([^`]+)` \|/gm)].map((m) => m[1]!);
}
