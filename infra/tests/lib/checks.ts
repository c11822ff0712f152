/**
 * The checks of infra/ that return findings (empty when the configuration is right), so the same
 * function runs on infra/ itself and on the planted-fault copies that prove it can fail.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allInstances, allResources, type ModuleInstance } from './evaluate';
import { formatHcl, listFiles } from './hcl';
import { matrixMarkdown, readMarkdownTable, type RenderedPolicy } from './iam';
import { packageHandlers } from '../../../scripts/package';
import { accessMatrix, MATRIX_COLUMNS } from './matrix';

/** Files `terraform fmt` would change (.tf, and the HCL examples). */
export async function formatFindings(infraDir: string): Promise<string[]> {
  const findings: string[] = [];
  for (const file of listFiles(infraDir, ['.tf', '.tfvars.example', '.hcl.example'])) {
    const source = readFileSync(file, 'utf8');
    if ((await formatHcl(source)) !== source) findings.push(`${file.slice(infraDir.length + 1)} is not formatted as terraform fmt leaves it`);
  }
  return findings;
}

/** Variables whose value breaks a validation rule, in the root and in every module call. */
export function validationFindings(root: ModuleInstance): string[] {
  return allInstances(root).flatMap((m) => m.validate());
}

/**
 * Every argument and block of every resource and data instance, and every root output, evaluated
 * with the example variables: a misspelt attribute of `each.value`, a bad index or a type mismatch
 * anywhere is reported, not only where another check happens to look.
 */
export function evaluationFindings(root: ModuleInstance): string[] {
  const findings: string[] = [];
  const attempt = (where: string, run: () => unknown): void => {
    try {
      run();
    } catch (error) {
      findings.push(`${where}: ${(error as Error).message}`);
    }
  };
  for (const resource of allResources(root)) {
    const names = Object.keys(resource.decl.body).filter((k) => !['lifecycle', 'depends_on', 'provider', 'count', 'for_each', 'dynamic'].includes(k));
    const dynamics = Object.keys((resource.decl.body.dynamic ?? {}) as Record<string, unknown>);
    for (const name of [...names, ...dynamics]) attempt(`${resource.address}.${name}`, () => resource.attribute(name));
  }
  for (const name of root.mod.outputs.keys()) attempt(`output ${name}`, () => root.output(name));
  return findings;
}

/**
 * The package contract: a function named `...-<package>` runs `index.handler` from
 * lambda/<package>/<sha256-hex>.zip in the artifacts bucket; one named `...-<package>-<entry>` runs
 * that zip's `<entry>.handler`, which the package must hold (`packageHandlers`: fn-webhook's
 * `snapshot.handler`).
 */
export function packageFindings(root: ModuleInstance, handlersOf: (pkg: string) => readonly string[] = packageHandlers): string[] {
  const artifacts = root.child('artifacts_bucket').output('name');
  return allResources(root)
    .filter((r) => r.decl.type === 'aws_lambda_function')
    .flatMap((fn) => {
      const [, name = '', entry] = /-(fn-[a-z]+)(?:-([a-z]+))?$/.exec(String(fn.attribute('function_name'))) ?? [];
      const handler = String(fn.attribute('handler'));
      const findings: string[] = [];
      if (entry === undefined && handler !== 'index.handler') findings.push(`${fn.address}: handler is ${handler}; the bundles export handler from index.js (index.handler)`);
      if (entry !== undefined && (handler !== `${entry}.handler` || !handlersOf(name).includes(handler))) {
        findings.push(`${fn.address}: handler is ${handler}; ${name}'s zip has the handlers ${handlersOf(name).join(', ')}, and this function is its ${entry} entry (${entry}.handler)`);
      }
      if (!new RegExp(`^lambda/${name}/[0-9a-f]{64}\\.zip$`).test(String(fn.attribute('s3_key')))) findings.push(`${fn.address}: s3_key ${String(fn.attribute('s3_key'))} is not lambda/${name}/<sha256-hex>.zip`);
      if (fn.attribute('s3_bucket') !== artifacts) findings.push(`${fn.address}: s3_bucket is not the artifacts bucket`);
      return findings;
    });
}

/** The difference between the access matrix the policies allow and the one infra/README.md documents. */
export function matrixFindings(root: ModuleInstance, policies: readonly RenderedPolicy[], readme: string): string[] {
  const computed = matrixMarkdown(MATRIX_COLUMNS, accessMatrix(root, policies));
  const table = readMarkdownTable(readme, 'iam-matrix');
  if (!table) return ['infra/README.md has no <!-- iam-matrix --> table'];
  const documented = matrixMarkdown(table.header.slice(1), table.rows.map(([label, ...cells]) => ({ label: label ?? '', cells })));
  if (documented === computed) return [];
  const docLines = documented.split('\n');
  const differing = computed.split('\n').filter((line, i) => line !== docLines[i]);
  return [`the policies allow a different matrix than infra/README.md documents; differing rows:\n${differing.join('\n')}\n\nthe whole table the policies allow:\n${computed}`];
}

/** infra/README.md of a tree. */
export function readReadme(infraDir: string): string {
  return readFileSync(join(infraDir, 'README.md'), 'utf8');
}
