/**
 * Loads a Terraform tree the way Terraform reads it, offline: every `.tf` file parsed by HashiCorp's
 * HCL library (`@cdktf/hcl2json`, compiled to WASM), grouped by directory into modules, with every
 * expression parsed once into an AST. The checks (references, evaluation, IAM) work on this model.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { getExpressionAst, parse } from '@cdktf/hcl2json';
import { format } from '@cdktf/hcl-tools';

/** A value as hcl2json writes it: literals as JSON, expressions as strings holding `${...}`. */
export type Raw = unknown;

/** An expression node of HCL's syntax tree (`getExpressionAst`), with its source text. */
export interface AstNode {
  readonly type: string;
  readonly meta?: Record<string, unknown> & { value?: string };
  readonly children: AstNode[];
  readonly range?: { start: { byte: number }; end: { byte: number } };
}

/** A parsed expression: its syntax tree and the HCL text it was parsed from (ranges index into it). */
export interface ParsedExpression {
  readonly ast: AstNode;
  readonly text: string;
}

export interface TfFile {
  /** Absolute path. */
  readonly path: string;
  /** Path relative to the tree's root, with forward slashes. */
  readonly rel: string;
  readonly source: string;
  /** hcl2json's JSON, or null when the file does not parse. */
  readonly json: Record<string, Raw> | null;
  readonly parseError?: string;
}

export interface VariableDecl {
  readonly name: string;
  readonly file: string;
  readonly body: Record<string, Raw>;
  readonly hasDefault: boolean;
}

export interface NamedDecl {
  readonly name: string;
  readonly file: string;
  readonly value: Raw;
}

export interface ResourceDecl {
  readonly kind: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  readonly file: string;
  readonly body: Record<string, Raw>;
}

/** An `import` block: the address it adopts into and the id of the existing object. */
export interface ImportDecl {
  readonly file: string;
  /** The target address, an expression string such as `${module.x.aws_s3_bucket.this}`. */
  readonly to: Raw;
  readonly id: Raw;
}

export interface ModuleCall {
  readonly name: string;
  readonly file: string;
  readonly source: string;
  /** Absolute directory of a local source (`./` or `../`), else null. */
  readonly sourceDir: string | null;
  readonly body: Record<string, Raw>;
}

/** One directory of `.tf` files: a Terraform module. */
export interface ModuleDir {
  readonly dir: string;
  readonly rel: string;
  readonly files: TfFile[];
  readonly variables: Map<string, VariableDecl>;
  readonly locals: Map<string, NamedDecl>;
  readonly outputs: Map<string, NamedDecl & { body: Record<string, Raw> }>;
  /** `type.name` for resources, `data.type.name` for data sources. */
  readonly resources: Map<string, ResourceDecl>;
  readonly modules: Map<string, ModuleCall>;
  readonly imports: ImportDecl[];
  /** Blocks declared twice (Terraform refuses them). */
  readonly duplicates: string[];
}

export interface TerraformTree {
  readonly root: string;
  readonly files: TfFile[];
  readonly modules: Map<string, ModuleDir>;
  readonly expressions: ExpressionCache;
}

/** Escapes a hcl2json string back into a quoted HCL template, leaving `${...}` sequences as written. */
export function toHclTemplate(value: string): string {
  let out = '"';
  let i = 0;
  while (i < value.length) {
    if (value.startsWith('${', i)) {
      const end = endOfInterpolation(value, i);
      out += value.slice(i, end);
      i = end;
      continue;
    }
    const c = value[i]!;
    out += c === '"' ? '\\"' : c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : c;
    i += 1;
  }
  return `${out}"`;
}

function endOfInterpolation(text: string, start: number): number {
  let i = start + 2;
  let depth = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i = endOfString(text, i);
      continue;
    }
    if (c === '{') depth += 1;
    else if (c === '}') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
    i += 1;
  }
  throw new Error(`unterminated interpolation in ${JSON.stringify(text.slice(start, start + 80))}`);
}

function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '$' && text[i + 1] === '{') i = endOfInterpolation(text, i);
    else if (c === '"') return i + 1;
    else i += 1;
  }
  throw new Error('unterminated string inside an interpolation');
}

/** Whether a hcl2json string is an expression (holds an interpolation) rather than a literal. */
export const isExpression = (value: unknown): value is string => typeof value === 'string' && value.includes('${');

/** Every expression string's syntax tree, parsed once per process and shared by every tree. */
export class ExpressionCache {
  private static readonly shared = new Map<string, ParsedExpression | Error>();

  /** Parses every expression string found in `values` (files' JSON), once per distinct text. */
  async load(file: string, values: Raw): Promise<void> {
    const pending: string[] = [];
    collectExpressions(values, pending);
    for (const text of pending) {
      if (ExpressionCache.shared.has(text)) continue;
      const hcl = toHclTemplate(text);
      try {
        const ast = (await getExpressionAst(file, hcl)) as unknown as AstNode;
        ExpressionCache.shared.set(text, { ast, text: hcl });
      } catch (error) {
        ExpressionCache.shared.set(text, error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  /** The parsed expression of `text` (which `load` saw); throws the parse error if it had one. */
  get(text: string): ParsedExpression {
    const found = ExpressionCache.shared.get(text);
    if (!found) throw new Error(`expression not loaded: ${text.slice(0, 80)}`);
    if (found instanceof Error) throw found;
    return found;
  }
}

function collectExpressions(value: Raw, into: string[]): void {
  if (isExpression(value)) into.push(value);
  else if (Array.isArray(value)) value.forEach((v) => collectExpressions(v, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => collectExpressions(v, into));
}

const parsedFiles = new Map<string, { json: Record<string, Raw> | null; error?: string }>();

/** Parses one HCL file (cached by content, so planted-fault copies re-parse only what changed). */
export async function parseHcl(path: string, source: string): Promise<{ json: Record<string, Raw> | null; error?: string }> {
  const key = createHash('sha256').update(path.split(sep).pop() ?? '').update('\0').update(source).digest('hex');
  const cached = parsedFiles.get(key);
  if (cached) return cached;
  let result: { json: Record<string, Raw> | null; error?: string };
  try {
    result = { json: (await parse(path, source)) as Record<string, Raw> };
  } catch (error) {
    result = { json: null, error: String(error instanceof Error ? error.message : error).split('\n')[0] ?? 'parse error' };
  }
  parsedFiles.set(key, result);
  return result;
}

/** `terraform fmt`'s output for `source` (HashiCorp's formatter, from WASM). */
export async function formatHcl(source: string): Promise<string> {
  return format(source);
}

/** Every file under `root` whose name ends with one of `suffixes` (skipping `.terraform` and `node_modules`). */
export function listFiles(root: string, suffixes: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.terraform') || name === 'node_modules') continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (suffixes.some((s) => name.endsWith(s))) found.push(path);
    }
  };
  if (existsSync(root)) walk(root);
  return found;
}

const blocks = (value: Raw): Record<string, Raw>[] => (Array.isArray(value) ? (value as Record<string, Raw>[]) : value && typeof value === 'object' ? [value as Record<string, Raw>] : []);

/** Loads every `.tf` file under `root` into modules, and parses every expression they hold. */
export async function loadTerraformTree(root: string): Promise<TerraformTree> {
  const files: TfFile[] = [];
  for (const path of listFiles(root, ['.tf'])) {
    const source = readFileSync(path, 'utf8');
    const parsed = await parseHcl(path, source);
    files.push({ path, rel: relative(root, path).split(sep).join('/'), source, json: parsed.json, ...(parsed.error ? { parseError: parsed.error } : {}) });
  }
  const expressions = new ExpressionCache();
  const modules = new Map<string, ModuleDir>();
  for (const file of files) {
    const dir = dirname(file.path);
    let mod = modules.get(dir);
    if (!mod) {
      mod = {
        dir,
        rel: relative(root, dir).split(sep).join('/') || '.',
        files: [],
        variables: new Map(),
        locals: new Map(),
        outputs: new Map(),
        resources: new Map(),
        modules: new Map(),
        imports: [],
        duplicates: [],
      };
      modules.set(dir, mod);
    }
    mod.files.push(file);
    if (!file.json) continue;
    await expressions.load(file.path, file.json);
    addDeclarations(mod, file, file.json);
  }
  return { root, files, modules, expressions };
}

function addDeclarations(mod: ModuleDir, file: TfFile, json: Record<string, Raw>): void {
  const declare = <T>(map: Map<string, T>, key: string, value: T, label: string): void => {
    if (map.has(key)) mod.duplicates.push(`${file.rel}: ${label} is declared twice`);
    else map.set(key, value);
  };
  for (const [name, body] of Object.entries((json.variable ?? {}) as Record<string, Raw>)) {
    const b = blocks(body)[0] ?? {};
    declare(mod.variables, name, { name, file: file.rel, body: b, hasDefault: 'default' in b }, `variable "${name}"`);
  }
  for (const localsBlock of blocks(json.locals)) {
    for (const [name, value] of Object.entries(localsBlock)) declare(mod.locals, name, { name, file: file.rel, value }, `local "${name}"`);
  }
  for (const [name, body] of Object.entries((json.output ?? {}) as Record<string, Raw>)) {
    const b = blocks(body)[0] ?? {};
    declare(mod.outputs, name, { name, file: file.rel, value: b.value, body: b }, `output "${name}"`);
  }
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries((json[kind] ?? {}) as Record<string, Raw>)) {
      for (const [name, body] of Object.entries(byName as Record<string, Raw>)) {
        const key = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
        declare(mod.resources, key, { kind, type, name, file: file.rel, body: blocks(body)[0] ?? {} }, `${kind} "${type}" "${name}"`);
      }
    }
  }
  for (const body of blocks(json.import)) mod.imports.push({ file: file.rel, to: body.to, id: body.id });
  for (const [name, body] of Object.entries((json.module ?? {}) as Record<string, Raw>)) {
    const b = blocks(body)[0] ?? {};
    const source = typeof b.source === 'string' ? b.source : '';
    const sourceDir = source.startsWith('./') || source.startsWith('../') ? resolve(mod.dir, source) : null;
    declare(mod.modules, name, { name, file: file.rel, source, sourceDir, body: b }, `module "${name}"`);
  }
}

/** The module of `tree` in `dir` (absolute or relative to the tree's root). */
export function moduleAt(tree: TerraformTree, dir: string): ModuleDir {
  const found = tree.modules.get(resolve(tree.root, dir));
  if (!found) throw new Error(`no Terraform module in ${dir}`);
  return found;
}

/** The source text an AST node spans (ranges are byte offsets into the parsed text). */
export function sourceOf(expression: ParsedExpression, node: AstNode): string {
  if (!node.range) return String(node.meta?.value ?? '');
  return Buffer.from(expression.text, 'utf8').subarray(node.range.start.byte, node.range.end.byte).toString('utf8');
}
