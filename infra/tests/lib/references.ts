/**
 * The reference check `terraform validate` would do, offline: every `var.`, `local.`, `module.<x>.<y>`,
 * resource and data reference resolves in its module; every input passed to a module is one of its
 * variables and every required variable is passed. check-schema.mjs does the provider's side
 * (arguments, blocks, exported attributes); this does the configuration's own names.
 */
import { isExpression, type AstNode, type ModuleDir, type Raw, type TerraformTree } from './hcl';

/** A reference found in an expression: its segments (`["module", "secrets", "ssm_prefix"]`). */
export interface Reference {
  readonly file: string;
  readonly path: readonly string[];
  readonly text: string;
}

const MODULE_META = new Set(['source', 'version', 'providers', 'depends_on', 'count', 'for_each']);
const ALWAYS_LOCAL = new Set(['path', 'terraform']);

/** The traversal segments of a scopeTraversal node, index segments unquoted (`"k"` -> `k`). */
export function segmentsOf(node: AstNode): string[] {
  const traversal = (node.meta?.traversal ?? []) as { type: string; segment: string }[];
  return traversal.map((part) => {
    if (part.type !== 'indexTraversal') return part.segment;
    try {
      return String(JSON.parse(part.segment));
    } catch {
      return part.segment;
    }
  });
}

/** Walks an expression's syntax tree, reporting traversals that are not local names. */
export function referencesInAst(node: AstNode, locals: ReadonlySet<string>, found: (path: string[], text: string) => void): void {
  switch (node.type) {
    case 'scopeTraversal': {
      const path = segmentsOf(node);
      if (path.length && !locals.has(path[0]!)) found(path, String(node.meta?.fullAccessor ?? path.join('.')));
      return;
    }
    case 'relativeTraversal':
      // The traversal's segments are names, not references; its source expression may hold some.
      node.children.forEach((child) => referencesInAst(child, locals, found));
      return;
    case 'for': {
      const [collection, ...rest] = node.children;
      if (collection) referencesInAst(collection, locals, found);
      const inner = new Set(locals);
      for (const name of [node.meta?.keyVar, node.meta?.valVar]) if (typeof name === 'string' && name) inner.add(name);
      rest.forEach((child) => referencesInAst(child, inner, found));
      return;
    }
    default:
      node.children.forEach((child) => referencesInAst(child, locals, found));
  }
}

/** Every reference in a raw value (a block body or an attribute), with block-local names in scope. */
export function referencesIn(tree: TerraformTree, file: string, value: Raw, locals: ReadonlySet<string>, out: Reference[]): void {
  if (isExpression(value)) {
    const parsed = tree.expressions.get(value);
    referencesInAst(parsed.ast, locals, (path, text) => out.push({ file, path, text }));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v) => referencesIn(tree, file, v, locals, out));
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Record<string, Raw>)) {
    if (key === 'lifecycle' || key === 'provider') continue;
    if (key === 'dynamic') {
      for (const [label, dynamics] of Object.entries(child as Record<string, Raw>)) {
        for (const dynamic of [].concat(dynamics as never) as Record<string, Raw>[]) {
          referencesIn(tree, file, dynamic.for_each, locals, out);
          const iterator = typeof dynamic.iterator === 'string' ? dynamic.iterator : label;
          referencesIn(tree, file, dynamic.content, new Set([...locals, iterator]), out);
        }
      }
      continue;
    }
    referencesIn(tree, file, child, locals, out);
  }
}

function blockLocals(body: Record<string, Raw>): Set<string> {
  const names = new Set(ALWAYS_LOCAL);
  if ('for_each' in body) names.add('each');
  if ('count' in body) names.add('count');
  return names;
}

/** Every reference of one module, by where it appears. */
export function moduleReferences(tree: TerraformTree, mod: ModuleDir): Reference[] {
  const out: Reference[] = [];
  for (const v of mod.variables.values()) {
    const { type: _type, ...rest } = v.body;
    referencesIn(tree, v.file, rest, new Set(ALWAYS_LOCAL), out);
  }
  for (const l of mod.locals.values()) referencesIn(tree, l.file, l.value, new Set(ALWAYS_LOCAL), out);
  for (const o of mod.outputs.values()) referencesIn(tree, o.file, o.body, new Set(ALWAYS_LOCAL), out);
  for (const r of mod.resources.values()) referencesIn(tree, r.file, r.body, blockLocals(r.body), out);
  for (const m of mod.modules.values()) referencesIn(tree, m.file, m.body, blockLocals(m.body), out);
  // An import's `to` is an address, not a value (checkImports resolves it); its `id` is a value.
  for (const i of mod.imports) referencesIn(tree, i.file, i.id, new Set(ALWAYS_LOCAL), out);
  for (const file of mod.files) {
    const json = file.json ?? {};
    for (const providerBlocks of Object.values((json.provider ?? {}) as Record<string, Raw>)) referencesIn(tree, file.rel, providerBlocks, new Set(ALWAYS_LOCAL), out);
  }
  return out;
}

/** Checks one module's references and calls; returns findings as "file: message". */
export function checkModuleReferences(tree: TerraformTree, mod: ModuleDir): string[] {
  const findings = mod.duplicates.map((d) => `${mod.rel}/${d}`);
  for (const ref of moduleReferences(tree, mod)) {
    const [root, a, b] = ref.path;
    const say = (message: string): void => {
      findings.push(`${ref.file}: ${ref.text}: ${message}`);
    };
    if (root === 'var') {
      if (!a || !mod.variables.has(a)) say(`no variable "${a}" is declared in ${mod.rel}`);
    } else if (root === 'local') {
      if (!a || !mod.locals.has(a)) say(`no local value "${a}" is declared in ${mod.rel}`);
    } else if (root === 'module') {
      const call = a ? mod.modules.get(a) : undefined;
      if (!call) {
        say(`no module "${a}" is called in ${mod.rel}`);
        continue;
      }
      const callee = call.sourceDir ? tree.modules.get(call.sourceDir) : undefined;
      if (callee && b !== undefined && !callee.outputs.has(b)) say(`module "${a}" (${call.source}) has no output "${b}"`);
    } else if (root === 'data') {
      if (!a || !b || !mod.resources.has(`data.${a}.${b}`)) say(`no data "${a}" "${b}" is declared in ${mod.rel}`);
    } else if (root === 'each' || root === 'count' || root === 'self') {
      say(`"${root}" is only available in a block with ${root === 'each' ? 'for_each' : root === 'count' ? 'count' : 'a provisioner'}`);
    } else if (root && /_/.test(root)) {
      if (!a || !mod.resources.has(`${root}.${a}`)) say(`no resource "${root}" "${a}" is declared in ${mod.rel}`);
    } else {
      say(`unknown reference "${root}"`);
    }
  }
  for (const call of mod.modules.values()) {
    if (!call.sourceDir) continue;
    const callee = tree.modules.get(call.sourceDir);
    if (!callee) {
      findings.push(`${call.file}: module "${call.name}": source ${call.source} is not a module of this tree`);
      continue;
    }
    const passed = Object.keys(call.body).filter((k) => !MODULE_META.has(k));
    for (const input of passed) if (!callee.variables.has(input)) findings.push(`${call.file}: module "${call.name}": ${call.source} has no variable "${input}"`);
    for (const variable of callee.variables.values()) {
      if (!variable.hasDefault && !passed.includes(variable.name)) findings.push(`${call.file}: module "${call.name}": required variable "${variable.name}" of ${call.source} is not passed`);
    }
  }
  return findings;
}

/**
 * The `import` blocks of a module, as `terraform plan` checks them: only a root module (one no
 * other module calls) may import, each block needs `to` and `id`, and `to` must name a resource
 * that is declared, through every `module.<name>` step of the address, in the module it lands in.
 */
export function checkImports(tree: TerraformTree, mod: ModuleDir): string[] {
  const findings: string[] = [];
  const called = [...tree.modules.values()].some((caller) => [...caller.modules.values()].some((call) => call.sourceDir === mod.dir));
  for (const block of mod.imports) {
    const say = (message: string): void => {
      findings.push(`${block.file}: import ${typeof block.to === 'string' ? block.to.replace(/^\$\{(.*)\}$/, '$1') : '(no to)'}: ${message}`);
    };
    if (called) say(`${mod.rel} is called as a module; import blocks are only allowed in a root module`);
    if (block.id === undefined) say('needs an id (the existing object\'s identifier)');
    if (!isExpression(block.to)) {
      say('needs a to address such as module.<name>.<type>.<name>');
      continue;
    }
    const ast = tree.expressions.get(block.to).ast;
    const traversal = findTraversal(ast);
    if (!traversal) {
      say('to must be a resource address, not an expression');
      continue;
    }
    let path = segmentsOf(traversal);
    let here: ModuleDir = mod;
    let where = mod.rel;
    while (path[0] === 'module') {
      const call = path[1] ? here.modules.get(path[1]) : undefined;
      const callee = call?.sourceDir ? tree.modules.get(call.sourceDir) : undefined;
      if (!callee) {
        say(`no module "${path[1]}" is called in ${where}`);
        path = [];
        break;
      }
      here = callee;
      where = `${where} -> ${call!.source}`;
      path = path.slice(2);
    }
    if (path.length === 0) continue;
    const [type, name] = path;
    if (!type || !name || !/_/.test(type) || type === 'data') say('to must end in <resource type>.<name>');
    else if (!here.resources.has(`${type}.${name}`)) say(`no resource "${type}" "${name}" is declared in ${where}`);
  }
  return findings;
}

/** The first traversal in an expression's tree (an address is a bare traversal, maybe wrapped). */
function findTraversal(node: AstNode): AstNode | null {
  if (node.type === 'scopeTraversal') return node;
  for (const child of node.children) {
    const found = findTraversal(child);
    if (found) return found;
  }
  return null;
}

/** Checks every module of the tree. */
export function checkReferences(tree: TerraformTree): string[] {
  return [...tree.modules.values()].flatMap((mod) => [...checkModuleReferences(tree, mod), ...checkImports(tree, mod)]);
}
