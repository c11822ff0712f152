/**
 * A small Terraform evaluator for the checks: it expands the root module and its module calls with
 * the example variables, the way `terraform plan` would, as far as that is possible without AWS.
 * Values AWS assigns (API ids, ...) stay Unknown; ARNs whose shape AWS documents are computed from
 * the arguments, so rendered IAM policies name real-looking ARNs. Anything the evaluator does not
 * understand throws EvaluationError instead of guessing, so a check can never pass by accident.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isExpression, parseHcl, sourceOf, type AstNode, type ModuleDir, type ParsedExpression, type Raw, type ResourceDecl, type TerraformTree } from './hcl';
import { segmentsOf } from './references';

/** A value only AWS will know (after apply); it renders as «label» inside strings. */
export class Unknown {
  constructor(readonly label: string) {}
  toString(): string {
    return `«${this.label}»`;
  }
}

/** A resource instance used as a value (`aws_x.y`), whose attributes are computed on access. */
export class ResourceRef {
  constructor(readonly instance: ResourceInstance) {}
}

/** A module call used as a value (`module.x`), whose outputs are computed on access. */
export class ModuleRef {
  constructor(readonly instance: ModuleInstance) {}
}

export type Value = null | string | number | boolean | Unknown | ResourceRef | ModuleRef | Value[] | { [key: string]: Value };

/** The configuration cannot be evaluated (a Terraform error, or something this evaluator refuses). */
export class EvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationError';
  }
}

export interface EvaluationContext {
  readonly tree: TerraformTree;
  /** The account every ARN is built in (a made-up one). */
  readonly accountId: string;
  readonly partition: string;
  region: string;
}

interface Scope {
  readonly module: ModuleInstance;
  readonly names: ReadonlyMap<string, Value>;
}

const isObject = (v: Value): v is { [key: string]: Value } => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Unknown) && !(v instanceof ResourceRef) && !(v instanceof ModuleRef);

function describe(value: Value): string {
  if (value === null) return 'null';
  if (value instanceof Unknown) return `unknown (${value.label})`;
  if (value instanceof ResourceRef) return `resource ${value.instance.address}`;
  if (value instanceof ModuleRef) return `module ${value.instance.address}`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

// ---------------------------------------------------------------------------------------------
// Types of variables (`type = map(object({ a = optional(string, "x") }))`).

type TypeSpec =
  | { kind: 'string' | 'number' | 'bool' | 'any' }
  | { kind: 'list' | 'set' | 'map'; element: TypeSpec }
  | { kind: 'tuple'; elements: TypeSpec[] }
  | { kind: 'object'; attributes: Map<string, { type: TypeSpec; optional: boolean; default?: Raw; defaultText?: ParsedExpression; defaultNode?: AstNode }> };

function typeSpecOf(expr: ParsedExpression, node: AstNode): TypeSpec {
  if (node.type === 'templateWrap' || node.type === '') return typeSpecOf(expr, node.children[0]!);
  if (node.type === 'scopeTraversal') {
    const name = String(node.meta?.fullAccessor);
    if (name === 'string' || name === 'number' || name === 'bool' || name === 'any') return { kind: name };
    throw new EvaluationError(`unknown type ${name}`);
  }
  if (node.type === 'function') {
    const name = String(node.meta?.name);
    const [arg] = node.children;
    if (!arg) throw new EvaluationError(`type ${name}() needs an argument`);
    if (name === 'list' || name === 'set' || name === 'map') return { kind: name, element: typeSpecOf(expr, arg) };
    if (name === 'tuple') return { kind: 'tuple', elements: arg.children.map((c) => typeSpecOf(expr, c)) };
    if (name === 'object') {
      const attributes = new Map<string, { type: TypeSpec; optional: boolean; defaultNode?: AstNode; defaultText?: ParsedExpression }>();
      for (let i = 0; i < arg.children.length; i += 2) {
        const key = sourceOf(expr, arg.children[i]!).trim();
        let valueNode = arg.children[i + 1]!;
        while (valueNode.type === '') valueNode = valueNode.children[0]!;
        if (valueNode.type === 'function' && valueNode.meta?.name === 'optional') {
          const [inner, fallback] = valueNode.children;
          attributes.set(key, { type: typeSpecOf(expr, inner!), optional: true, ...(fallback ? { defaultNode: fallback, defaultText: expr } : {}) });
        } else attributes.set(key, { type: typeSpecOf(expr, valueNode), optional: false });
      }
      return { kind: 'object', attributes };
    }
  }
  throw new EvaluationError(`unsupported type expression ${sourceOf(expr, node)}`);
}

function convert(value: Value, type: TypeSpec, where: string, scope: Scope): Value {
  if (value === null || value instanceof Unknown || type.kind === 'any') return value;
  const fail = (expected: string): never => {
    throw new EvaluationError(`${where}: ${expected} required, got ${describe(value)}`);
  };
  switch (type.kind) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return fail('string');
    case 'number':
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
      return fail('number');
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return fail('bool');
    case 'list':
    case 'set': {
      if (!Array.isArray(value)) return fail(type.kind);
      const items = value.map((v, i) => convert(v, type.element, `${where}[${i}]`, scope));
      return type.kind === 'set' ? distinctValues(items) : items;
    }
    case 'tuple':
      if (!Array.isArray(value) || value.length !== type.elements.length) return fail(`tuple of ${type.elements.length}`);
      return value.map((v, i) => convert(v, type.elements[i]!, `${where}[${i}]`, scope));
    case 'map': {
      if (!isObject(value)) return fail('map');
      return Object.fromEntries(Object.keys(value).sort().map((k) => [k, convert(value[k]!, type.element, `${where}["${k}"]`, scope)]));
    }
    case 'object': {
      if (!isObject(value)) return fail('object');
      const out: Record<string, Value> = {};
      for (const [name, attr] of type.attributes) {
        const given = name in value ? value[name]! : null;
        if (given === null && !attr.optional && !(name in value)) throw new EvaluationError(`${where}: attribute "${name}" is required`);
        if (given === null && attr.optional) {
          out[name] = attr.defaultNode && attr.defaultText ? convert(evalNode(attr.defaultNode, attr.defaultText, scope), attr.type, `${where}.${name}`, scope) : null;
        } else out[name] = convert(given, attr.type, `${where}.${name}`, scope);
      }
      return out;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Module and resource instances.

/** Attributes AWS computes from a resource's arguments, in the shapes AWS documents. */
type Computed = (instance: ResourceInstance, ctx: EvaluationContext) => Value;
const arn = (ctx: EvaluationContext, service: string, resource: string, region = ctx.region, account = ctx.accountId): string =>
  `arn:${ctx.partition}:${service}:${region}:${account}:${resource}`;
const str = (instance: ResourceInstance, name: string): string => {
  const v = instance.attribute(name);
  return v instanceof Unknown ? v.toString() : String(v);
};

const COMPUTED: Record<string, Record<string, Computed>> = {
  aws_s3_bucket: { arn: (i, c) => `arn:${c.partition}:s3:::${str(i, 'bucket')}`, id: (i) => i.attribute('bucket') },
  aws_dynamodb_table: {
    arn: (i, c) => arn(c, 'dynamodb', `table/${str(i, 'name')}`),
    id: (i) => i.attribute('name'),
    // The label is the time the stream was enabled, known after apply: this one stands for it.
    stream_arn: (i, c) => (i.attribute('stream_enabled') === true ? arn(c, 'dynamodb', `table/${str(i, 'name')}/stream/2026-01-01T00:00:00.000`) : null),
  },
  aws_cloudwatch_log_group: { arn: (i, c) => arn(c, 'logs', `log-group:${str(i, 'name')}`), id: (i) => i.attribute('name') },
  aws_sqs_queue: {
    arn: (i, c) => arn(c, 'sqs', str(i, 'name')),
    url: (i, c) => `https://sqs.${c.region}.amazonaws.com/${c.accountId}/${str(i, 'name')}`,
  },
  aws_lambda_function: {
    arn: (i, c) => arn(c, 'lambda', `function:${str(i, 'function_name')}`),
    invoke_arn: (i, c) => `arn:${c.partition}:apigateway:${c.region}:lambda:path/2015-03-31/functions/${str(i, 'arn')}/invocations`,
    id: (i) => i.attribute('function_name'),
  },
  // A new layer's first version is 1 (the version is only known after apply; 1 is the shape).
  aws_lambda_layer_version: {
    layer_arn: (i, c) => arn(c, 'lambda', `layer:${str(i, 'layer_name')}`),
    arn: (i, c) => arn(c, 'lambda', `layer:${str(i, 'layer_name')}:1`),
    version: () => '1',
  },
  aws_iam_role: { arn: (i, c) => `arn:${c.partition}:iam::${c.accountId}:role/${str(i, 'name')}`, id: (i) => i.attribute('name') },
  aws_sns_topic: { arn: (i, c) => arn(c, 'sns', str(i, 'name')) },
  aws_scheduler_schedule_group: { arn: (i, c) => arn(c, 'scheduler', `schedule-group/${str(i, 'name')}`), id: (i) => i.attribute('name') },
  aws_scheduler_schedule: { arn: (i, c) => arn(c, 'scheduler', `schedule/${str(i, 'group_name')}/${str(i, 'name')}`) },
  aws_apigatewayv2_api: { execution_arn: (i, c) => arn(c, 'execute-api', str(i, 'id')) },
  aws_apigatewayv2_stage: {
    execution_arn: (i, c) => arn(c, 'execute-api', `${str(i, 'api_id')}/${str(i, 'name')}`),
    invoke_url: (i, c) => `https://${str(i, 'api_id')}.execute-api.${c.region}.amazonaws.com/${str(i, 'name')}`,
  },
  aws_cloudwatch_metric_alarm: { arn: (i, c) => arn(c, 'cloudwatch', `alarm:${str(i, 'alarm_name')}`) },
  aws_cloudwatch_composite_alarm: { arn: (i, c) => arn(c, 'cloudwatch', `alarm:${str(i, 'alarm_name')}`) },
  'data.aws_caller_identity': { account_id: (_i, c) => c.accountId },
  'data.aws_region': { region: (_i, c) => c.region },
  'data.aws_partition': { partition: (_i, c) => c.partition },
  'data.aws_iam_policy_document': { json: (i) => renderPolicyDocument(i), minified_json: (i) => renderPolicyDocument(i) },
};

/** One instance of a resource or data source (one per count index or for_each key). */
export class ResourceInstance {
  private readonly cache = new Map<string, Value>();
  constructor(
    readonly decl: ResourceDecl,
    readonly module: ModuleInstance,
    readonly address: string,
    readonly names: ReadonlyMap<string, Value>,
  ) {}

  get scope(): Scope {
    return { module: this.module, names: this.names };
  }

  /** The value of an argument or exported attribute, as Terraform would know it after apply. */
  attribute(name: string): Value {
    if (this.cache.has(name)) return this.cache.get(name)!;
    const computed = COMPUTED[`${this.decl.kind === 'data' ? 'data.' : ''}${this.decl.type}`]?.[name];
    let value: Value;
    if (computed) value = computed(this, this.module.ctx);
    else if (((this.decl.body.dynamic ?? {}) as Record<string, Raw>)[name] !== undefined) value = blocksOf(this.decl.body, name, this.scope).map((b) => evaluate(b.body, b.scope));
    else if (name in this.decl.body) value = evaluate(this.decl.body[name], this.scope);
    else value = new Unknown(`${this.address}.${name}`);
    this.cache.set(name, value);
    return value;
  }
}

const PENDING = Symbol('pending');

/** A module as called: its variables bound to the caller's arguments (evaluated on demand). */
export class ModuleInstance {
  private readonly variables = new Map<string, Value>();
  private readonly locals = new Map<string, Value | typeof PENDING>();
  private readonly children = new Map<string, ModuleInstance>();
  private readonly resources = new Map<string, Value>();

  constructor(
    readonly ctx: EvaluationContext,
    readonly mod: ModuleDir,
    readonly address: string,
    private readonly inputs: ReadonlyMap<string, () => Value>,
  ) {}

  private get scope(): Scope {
    return { module: this, names: new Map() };
  }

  /** `var.<name>`: the argument passed (converted to the variable's type) or the default. */
  variable(name: string): Value {
    if (this.variables.has(name)) return this.variables.get(name)!;
    const decl = this.mod.variables.get(name);
    if (!decl) throw new EvaluationError(`${this.where}: no variable "${name}"`);
    const input = this.inputs.get(name);
    let value: Value;
    if (input) value = input();
    else if (decl.hasDefault) value = evaluate(decl.body.default, this.scope);
    else throw new EvaluationError(`${this.where}: required variable "${name}" is not set`);
    if (decl.body.type !== undefined) {
      const typeText = decl.body.type;
      if (!isExpression(typeText)) throw new EvaluationError(`${this.where}: variable "${name}" has an unreadable type`);
      const parsed = this.ctx.tree.expressions.get(typeText);
      value = convert(value, typeSpecOf(parsed, parsed.ast), `${this.where} var.${name}`, this.scope);
    }
    this.variables.set(name, value);
    return value;
  }

  /** `local.<name>`. */
  local(name: string): Value {
    const cached = this.locals.get(name);
    if (cached === PENDING) throw new EvaluationError(`${this.where}: local.${name} refers to itself`);
    if (cached !== undefined) return cached;
    const decl = this.mod.locals.get(name);
    if (!decl) throw new EvaluationError(`${this.where}: no local value "${name}"`);
    this.locals.set(name, PENDING);
    try {
      const value = evaluate(decl.value, this.scope);
      this.locals.set(name, value);
      return value;
    } catch (error) {
      this.locals.delete(name);
      throw error;
    }
  }

  /** The instance of `module "<name>"` called from this module. */
  child(name: string): ModuleInstance {
    const cached = this.children.get(name);
    if (cached) return cached;
    const call = this.mod.modules.get(name);
    if (!call) throw new EvaluationError(`${this.where}: no module "${name}"`);
    if ('count' in call.body || 'for_each' in call.body) throw new EvaluationError(`${this.where}: module "${name}" uses count/for_each, which these checks do not expand`);
    const dir = call.sourceDir ? this.ctx.tree.modules.get(call.sourceDir) : undefined;
    if (!dir) throw new EvaluationError(`${this.where}: module "${name}" source ${call.source} is not in the tree`);
    const inputs = new Map<string, () => Value>();
    for (const [key, raw] of Object.entries(call.body)) {
      if (['source', 'version', 'providers', 'depends_on'].includes(key)) continue;
      inputs.set(key, () => evaluate(raw, this.scope));
    }
    const instance = new ModuleInstance(this.ctx, dir, `${this.address ? `${this.address}.` : ''}module.${name}`, inputs);
    this.children.set(name, instance);
    return instance;
  }

  /** `module.<x>.<output>` as seen from the caller. */
  output(name: string): Value {
    const decl = this.mod.outputs.get(name);
    if (!decl) throw new EvaluationError(`${this.where}: no output "${name}"`);
    return evaluate(decl.value, this.scope);
  }

  /** A resource as a value: one ResourceRef, a list of them (count) or a map (for_each). */
  resource(key: string): Value {
    if (this.resources.has(key)) return this.resources.get(key)!;
    const instances = this.instancesOf(key);
    const decl = this.mod.resources.get(key)!;
    let value: Value;
    if ('count' in decl.body) value = instances.map((i) => new ResourceRef(i));
    else if ('for_each' in decl.body) value = Object.fromEntries(instances.map((i) => [String((i.names.get('each') as { key: Value }).key), new ResourceRef(i)]));
    else value = new ResourceRef(instances[0]!);
    this.resources.set(key, value);
    return value;
  }

  private readonly instanceCache = new Map<string, ResourceInstance[]>();

  /** The instances of a declared resource, expanded by count or for_each. */
  instancesOf(key: string): ResourceInstance[] {
    const cached = this.instanceCache.get(key);
    if (cached) return cached;
    const decl = this.mod.resources.get(key);
    if (!decl) throw new EvaluationError(`${this.where}: no ${key.startsWith('data.') ? 'data source' : 'resource'} ${key}`);
    const base = `${this.address ? `${this.address}.` : ''}${key}`;
    let instances: ResourceInstance[];
    if ('count' in decl.body) {
      const count = evaluate(decl.body.count, this.scope);
      if (typeof count !== 'number') throw new EvaluationError(`${base}: count must be a known number, got ${describe(count)}`);
      instances = Array.from({ length: count }, (_, index) => new ResourceInstance(decl, this, `${base}[${index}]`, new Map([['count', { index }]])));
    } else if ('for_each' in decl.body) {
      const forEach = evaluate(decl.body.for_each, this.scope);
      let entries: [string, Value][];
      if (isObject(forEach)) entries = Object.keys(forEach).sort().map((k) => [k, forEach[k]!]);
      else if (Array.isArray(forEach) && forEach.every((v) => typeof v === 'string')) entries = (forEach as string[]).map((k) => [k, k]);
      else throw new EvaluationError(`${base}: for_each must be a known map or set of strings, got ${describe(forEach)}`);
      instances = entries.map(([k, v]) => new ResourceInstance(decl, this, `${base}["${k}"]`, new Map([['each', { key: k, value: v }]])));
    } else instances = [new ResourceInstance(decl, this, base, new Map())];
    this.instanceCache.set(key, instances);
    return instances;
  }

  /** Every module call of this module, instantiated. */
  childInstances(): ModuleInstance[] {
    return [...this.mod.modules.keys()].map((name) => this.child(name));
  }

  /** Every variable's validation rules, checked against the value it got. Returns the failures. */
  validate(): string[] {
    const failures: string[] = [];
    for (const decl of this.mod.variables.values()) {
      try {
        this.variable(decl.name);
      } catch (error) {
        failures.push(`${this.where} var.${decl.name}: ${(error as Error).message}`);
        continue;
      }
      const validations = (decl.body.validation ?? []) as Record<string, Raw>[];
      for (const rule of [].concat(validations as never) as Record<string, Raw>[]) {
        try {
          const ok = evaluate(rule.condition, this.scope);
          if (ok instanceof Unknown) continue; // Terraform checks it at apply time
          if (ok !== true) failures.push(`${this.where} var.${decl.name}: ${String(evaluate(rule.error_message, this.scope))}`);
        } catch (error) {
          failures.push(`${this.where} var.${decl.name}: validation could not be evaluated: ${(error as Error).message}`);
        }
      }
    }
    return failures;
  }

  get where(): string {
    return this.address || 'root module';
  }
}

/** Every module instance below (and including) `root`. */
export function allInstances(root: ModuleInstance): ModuleInstance[] {
  return [root, ...root.childInstances().flatMap((child) => allInstances(child))];
}

/** Every resource and data instance of the expanded configuration. */
export function allResources(root: ModuleInstance): ResourceInstance[] {
  return allInstances(root).flatMap((m) => [...m.mod.resources.keys()].flatMap((key) => m.instancesOf(key)));
}

/** Reads a `.tfvars` file (HCL attributes) into values. */
export async function readTfvars(path: string): Promise<Map<string, Value>> {
  const parsed = await parseHcl(path, readFileSync(path, 'utf8'));
  if (!parsed.json) throw new EvaluationError(`${path} does not parse: ${parsed.error}`);
  const out = new Map<string, Value>();
  for (const [key, value] of Object.entries(parsed.json)) {
    if (isExpression(value) || JSON.stringify(value).includes('${')) throw new EvaluationError(`${path}: ${key} must be a literal value`);
    out.set(key, value as Value);
  }
  return out;
}

/**
 * The root module at `rootDir` of `tree`, called with `variables` (e.g. terraform.tfvars.example)
 * in a made-up account; the region is the AWS provider's.
 */
export function instantiateRoot(tree: TerraformTree, rootDir: string, variables: ReadonlyMap<string, Value>, accountId = '123456789012'): ModuleInstance {
  const dir = tree.modules.get(resolve(tree.root, rootDir));
  if (!dir) throw new EvaluationError(`no module at ${rootDir}`);
  const ctx: EvaluationContext = { tree, accountId, partition: 'aws', region: 'us-east-1' };
  const inputs = new Map<string, () => Value>([...variables].map(([k, v]) => [k, () => v]));
  const root = new ModuleInstance(ctx, dir, '', inputs);
  const providerBlocks = dir.files.flatMap((f) => {
    const aws = ((f.json?.provider ?? {}) as Record<string, Raw>).aws;
    return [].concat((aws ?? []) as never) as Record<string, Raw>[];
  });
  const region = providerBlocks[0]?.region;
  if (region !== undefined) {
    const value = evaluate(region, { module: root, names: new Map() });
    if (typeof value !== 'string') throw new EvaluationError(`provider "aws" region must be a known string, got ${describe(value)}`);
    ctx.region = value;
  }
  return root;
}

// ---------------------------------------------------------------------------------------------
// Expressions.

/** Evaluates a raw hcl2json value (a literal, an expression string, or a structure of them). */
export function evaluate(raw: Raw, scope: Scope): Value {
  if (isExpression(raw)) {
    const parsed = scope.module.ctx.tree.expressions.get(raw);
    return evalNode(parsed.ast, parsed, scope);
  }
  if (raw === undefined) return null;
  if (raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw)) return raw.map((r) => evaluate(r, scope));
  if (typeof raw === 'object') return Object.fromEntries(Object.entries(raw as Record<string, Raw>).map(([k, v]) => [k, evaluate(v, scope)]));
  throw new EvaluationError(`cannot evaluate ${String(raw)}`);
}

function templateString(value: Value, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Unknown) return value.toString();
  throw new EvaluationError(`${where}: cannot interpolate ${describe(value)} into a string`);
}

function getAttribute(value: Value, name: string, where: string): Value {
  if (value instanceof ResourceRef) return value.instance.attribute(name);
  if (value instanceof ModuleRef) return value.instance.output(name);
  if (value instanceof Unknown) return new Unknown(`${value.label}.${name}`);
  if (Array.isArray(value) && /^\d+$/.test(name)) return getIndex(value, Number(name), where);
  if (isObject(value)) {
    if (!(name in value)) throw new EvaluationError(`${where}: no attribute or key "${name}" (has ${Object.keys(value).join(', ') || 'none'})`);
    return value[name]!;
  }
  throw new EvaluationError(`${where}: cannot read "${name}" of ${describe(value)}`);
}

function getIndex(value: Value, key: Value, where: string): Value {
  if (value instanceof Unknown || key instanceof Unknown) return new Unknown(`${String(value)}[${String(key)}]`);
  if (Array.isArray(value)) {
    const index = typeof key === 'string' && /^\d+$/.test(key) ? Number(key) : key;
    if (typeof index !== 'number' || index < 0 || index >= value.length || !Number.isInteger(index)) throw new EvaluationError(`${where}: index ${String(key)} out of range (${value.length} items)`);
    return value[index]!;
  }
  if (isObject(value) && typeof key === 'string') {
    if (!(key in value)) throw new EvaluationError(`${where}: no key "${key}" (has ${Object.keys(value).join(', ') || 'none'})`);
    return value[key]!;
  }
  if (value instanceof ResourceRef || value instanceof ModuleRef) return getAttribute(value, String(key), where);
  throw new EvaluationError(`${where}: cannot index ${describe(value)} with ${describe(key)}`);
}

function resolveTraversal(path: string[], scope: Scope, where: string): Value {
  const [root, first, second, ...rest] = path;
  const module = scope.module;
  const follow = (value: Value, segments: string[]): Value => segments.reduce((v, s) => getAttribute(v, s, where), value);
  if (root !== undefined && scope.names.has(root)) return follow(scope.names.get(root)!, path.slice(1));
  switch (root) {
    case 'var':
      return follow(module.variable(first!), path.slice(2));
    case 'local':
      return follow(module.local(first!), path.slice(2));
    case 'module': {
      const child = module.child(first!);
      return second === undefined ? new ModuleRef(child) : follow(child.output(second), rest);
    }
    case 'data':
      return follow(module.resource(`data.${first}.${second}`), rest);
    case 'path':
      return follow({ module: module.mod.dir, root: module.ctx.tree.root, cwd: module.ctx.tree.root }, path.slice(1));
    case 'terraform':
      return follow({ workspace: 'default' }, path.slice(1));
    default:
      if (root === undefined || first === undefined || !root.includes('_')) throw new EvaluationError(`${where}: unknown reference ${path.join('.')}`);
      return follow(module.resource(`${root}.${first}`), path.slice(2));
  }
}

const BINARY: Record<string, (a: Value, b: Value) => Value> = {
  add: (a, b) => num(a) + num(b),
  subtract: (a, b) => num(a) - num(b),
  multiply: (a, b) => num(a) * num(b),
  divide: (a, b) => num(a) / num(b),
  modulo: (a, b) => num(a) % num(b),
  equal: (a, b) => equalValues(a, b),
  notEqual: (a, b) => !equalValues(a, b),
  greaterThan: (a, b) => num(a) > num(b),
  greaterThanOrEqual: (a, b) => num(a) >= num(b),
  lessThan: (a, b) => num(a) < num(b),
  lessThanOrEqual: (a, b) => num(a) <= num(b),
  logicalAnd: (a, b) => bool(a) && bool(b),
  logicalOr: (a, b) => bool(a) || bool(b),
};

function num(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  throw new EvaluationError(`a number is required, got ${describe(v)}`);
}

function bool(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new EvaluationError(`a bool is required, got ${describe(v)}`);
}

function equalValues(a: Value, b: Value): boolean {
  if (a instanceof ResourceRef || b instanceof ResourceRef || a instanceof ModuleRef || b instanceof ModuleRef) return a === b;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: Value): unknown {
  if (v instanceof Unknown) return { unknown: v.label };
  if (Array.isArray(v)) return v.map(canonical);
  if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k]!)]));
  return v;
}

function distinctValues(items: Value[]): Value[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(canonical(item));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Evaluates one node of an expression's syntax tree. */
export function evalNode(node: AstNode, expr: ParsedExpression, scope: Scope): Value {
  const where = `${scope.module.where}: ${sourceOf(expr, node).slice(0, 120)}`;
  switch (node.type) {
    case 'templateWrap':
    case '':
      return evalNode(node.children[0]!, expr, scope);
    case 'template': {
      const parts = node.children.map((child) => evalNode(child, expr, scope));
      if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
      return parts.map((p) => templateString(p, where)).join('');
    }
    case 'literalValue': {
      const { type, value } = node.meta as { type: string; value: string };
      if (type === 'number') return Number(value);
      if (type === 'bool') return value === 'true';
      if (type === 'dynamic') return null;
      return unescapeLiteral(value);
    }
    case 'scopeTraversal':
      return resolveTraversal(segmentsOf(node), scope, where);
    case 'relativeTraversal':
      return segmentsOf(node).reduce<Value>((v, s) => getAttribute(v, s, where), evalNode(node.children[0]!, expr, scope));
    case 'splat': {
      const source = evalNode(node.children[0]!, expr, scope);
      const relative = node.children[1];
      const segments = relative ? segmentsOf(relative) : [];
      const items = Array.isArray(source) ? source : source === null ? [] : [source];
      return items.map((item) => segments.reduce<Value>((v, s) => getAttribute(v, s, where), item));
    }
    case 'index':
      return getIndex(evalNode(node.children[0]!, expr, scope), evalNode(node.children[1]!, expr, scope), where);
    case 'tuple':
      return node.children.map((child) => evalNode(child, expr, scope));
    case 'object': {
      const out: Record<string, Value> = {};
      for (let i = 0; i < node.children.length; i += 2) {
        const keyNode = node.children[i]!;
        const key = keyNode.type === '' && keyNode.children.length === 0 ? sourceOf(expr, keyNode).trim() : evalNode(keyNode, expr, scope);
        if (typeof key !== 'string') throw new EvaluationError(`${where}: object keys must be strings, got ${describe(key)}`);
        out[key] = evalNode(node.children[i + 1]!, expr, scope);
      }
      return out;
    }
    case 'conditional': {
      const condition = evalNode(node.children[0]!, expr, scope);
      if (condition instanceof Unknown) throw new EvaluationError(`${where}: the condition is known only after apply`);
      return bool(condition) ? evalNode(node.children[1]!, expr, scope) : evalNode(node.children[2]!, expr, scope);
    }
    case 'binaryOp': {
      const op = BINARY[String(node.meta?.operator)];
      if (!op) throw new EvaluationError(`${where}: unsupported operator ${String(node.meta?.operator)}`);
      const a = evalNode(node.children[0]!, expr, scope);
      const b = evalNode(node.children[1]!, expr, scope);
      if (a instanceof Unknown || b instanceof Unknown) return new Unknown(sourceOf(expr, node));
      try {
        return op(a, b);
      } catch (error) {
        throw new EvaluationError(`${where}: ${(error as Error).message}`);
      }
    }
    case 'unaryOp': {
      const value = evalNode(node.children[0]!, expr, scope);
      if (value instanceof Unknown) return value;
      if (node.meta?.operator === 'logicalNot') return !bool(value);
      if (node.meta?.operator === 'negate') return -num(value);
      throw new EvaluationError(`${where}: unsupported operator ${String(node.meta?.operator)}`);
    }
    case 'for':
      return evalFor(node, expr, scope, where);
    case 'function':
      return callFunction(node, expr, scope, where);
    default:
      throw new EvaluationError(`${where}: unsupported expression (${node.type})`);
  }
}

/** The syntax tree keeps a template's literal parts as written: undo HCL's escapes. */
function unescapeLiteral(text: string): string {
  return text
    .replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[\\"nrt])/g, (_, e: string) => {
      if (e.startsWith('u') || e.startsWith('U')) return String.fromCodePoint(parseInt(e.slice(1), 16));
      return e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e;
    })
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}

function evalFor(node: AstNode, expr: ParsedExpression, scope: Scope, where: string): Value {
  const meta = node.meta as { keyVar: string; valVar: string; keyExpression: string; conditionalExpression: string; openRangeValue: string; groupedValue: boolean };
  const [collectionNode, ...rest] = node.children;
  const keyNode = meta.keyExpression ? rest.shift() : undefined;
  const valueNode = rest.shift();
  const conditionNode = meta.conditionalExpression ? rest.shift() : undefined;
  const collection = evalNode(collectionNode!, expr, scope);
  if (collection instanceof Unknown) throw new EvaluationError(`${where}: the collection is known only after apply`);
  let items: [Value, Value][];
  if (Array.isArray(collection)) items = collection.map((v, i) => [i, v]);
  else if (isObject(collection)) items = Object.keys(collection).sort().map((k) => [k, collection[k]!]);
  else throw new EvaluationError(`${where}: cannot iterate over ${describe(collection)}`);
  const isObjectFor = meta.openRangeValue === '{';
  const list: Value[] = [];
  const map: Record<string, Value> = {};
  for (const [key, value] of items) {
    const names = new Map(scope.names);
    if (meta.keyVar) names.set(meta.keyVar, key);
    names.set(meta.valVar, value);
    const inner: Scope = { module: scope.module, names };
    if (conditionNode && !bool(evalNode(conditionNode, expr, inner))) continue;
    const result = evalNode(valueNode!, expr, inner);
    if (!isObjectFor) {
      list.push(result);
      continue;
    }
    const k = evalNode(keyNode!, expr, inner);
    if (typeof k !== 'string') throw new EvaluationError(`${where}: keys must be strings, got ${describe(k)}`);
    if (meta.groupedValue) ((map[k] ??= []) as Value[]).push(result);
    else if (k in map) throw new EvaluationError(`${where}: duplicate key "${k}"`);
    else map[k] = result;
  }
  return isObjectFor ? map : list;
}

function strArg(v: Value, fn: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new EvaluationError(`${fn}(): a string is required, got ${describe(v)}`);
}
function listArg(v: Value, fn: string): Value[] {
  if (Array.isArray(v)) return v;
  throw new EvaluationError(`${fn}(): a list is required, got ${describe(v)}`);
}
function objArg(v: Value, fn: string): { [key: string]: Value } {
  if (isObject(v)) return v;
  throw new EvaluationError(`${fn}(): a map or object is required, got ${describe(v)}`);
}

/** Terraform's regular expressions are RE2; the patterns used here mean the same in JavaScript. */
function re(pattern: string, flags = ''): RegExp {
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    throw new EvaluationError(`invalid regular expression ${pattern}: ${(error as Error).message}`);
  }
}

function jsonOf(v: Value): unknown {
  if (v instanceof Unknown || v instanceof ResourceRef || v instanceof ModuleRef) throw new EvaluationError(`jsonencode(): ${describe(v)} cannot be encoded`);
  if (Array.isArray(v)) return v.map(jsonOf);
  if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, jsonOf(v[k]!)]));
  return v;
}

function hasUnknown(v: Value): boolean {
  if (v instanceof Unknown) return true;
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (isObject(v)) return Object.values(v).some(hasUnknown);
  return false;
}

const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  abs: ([a]) => Math.abs(num(a!)),
  alltrue: ([l]) => listArg(l!, 'alltrue').every((v) => bool(v)),
  anytrue: ([l]) => listArg(l!, 'anytrue').some((v) => bool(v)),
  ceil: ([a]) => Math.ceil(num(a!)),
  floor: ([a]) => Math.floor(num(a!)),
  max: (args) => Math.max(...args.map(num)),
  min: (args) => Math.min(...args.map(num)),
  coalesce: (args) => {
    const found = args.find((a) => a !== null && a !== '');
    if (found === undefined) throw new EvaluationError('coalesce(): no non-null, non-empty argument');
    return found;
  },
  compact: ([l]) => listArg(l!, 'compact').filter((v) => v !== null && v !== ''),
  concat: (args) => args.flatMap((a) => listArg(a, 'concat')),
  contains: ([l, v]) => listArg(l!, 'contains').some((item) => equalValues(item, v!)),
  distinct: ([l]) => distinctValues(listArg(l!, 'distinct')),
  element: ([l, i]) => {
    const list = listArg(l!, 'element');
    return list[num(i!) % list.length]!;
  },
  endswith: ([s, suffix]) => strArg(s!, 'endswith').endsWith(strArg(suffix!, 'endswith')),
  startswith: ([s, prefix]) => strArg(s!, 'startswith').startsWith(strArg(prefix!, 'startswith')),
  flatten: ([l]) => {
    const flat = (v: Value): Value[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);
    return flat(listArg(l!, 'flatten'));
  },
  format: ([f, ...args]) => {
    let i = 0;
    return strArg(f!, 'format').replace(/%([sdvq%])/g, (_, verb: string) => {
      if (verb === '%') return '%';
      const v = args[i++];
      if (v === undefined) throw new EvaluationError('format(): too few arguments');
      if (verb === 'q') return JSON.stringify(strArg(v, 'format'));
      if (verb === 'd') return String(Math.trunc(num(v)));
      return templateString(v, 'format()');
    });
  },
  join: ([sep, l]) => listArg(l!, 'join').map((v) => strArg(v, 'join')).join(strArg(sep!, 'join')),
  jsondecode: ([s]) => {
    try {
      return JSON.parse(strArg(s!, 'jsondecode')) as Value;
    } catch (error) {
      throw new EvaluationError(`jsondecode(): ${(error as Error).message}`);
    }
  },
  jsonencode: ([v]) => (hasUnknown(v!) ? new Unknown('jsonencode(...)') : JSON.stringify(jsonOf(v!))),
  keys: ([m]) => Object.keys(objArg(m!, 'keys')).sort(),
  values: ([m]) => {
    const o = objArg(m!, 'values');
    return Object.keys(o).sort().map((k) => o[k]!);
  },
  length: ([v = null]) => {
    if (typeof v === 'string') return [...v].length;
    if (Array.isArray(v)) return v.length;
    if (isObject(v)) return Object.keys(v).length;
    throw new EvaluationError(`length(): cannot measure ${describe(v)}`);
  },
  lookup: ([m, k, fallback]) => {
    const o = objArg(m!, 'lookup');
    const key = strArg(k!, 'lookup');
    if (key in o) return o[key]!;
    if (fallback === undefined) throw new EvaluationError(`lookup(): no key "${key}" and no default`);
    return fallback;
  },
  lower: ([s]) => strArg(s!, 'lower').toLowerCase(),
  upper: ([s]) => strArg(s!, 'upper').toUpperCase(),
  merge: (args) => Object.assign({}, ...args.filter((a) => a !== null).map((a) => objArg(a, 'merge'))) as Value,
  one: ([l]) => {
    const list = listArg(l!, 'one');
    if (list.length > 1) throw new EvaluationError('one(): more than one element');
    return list[0] ?? null;
  },
  range: (args) => {
    const [start, end, step] = args.length === 1 ? [0, num(args[0]!), 1] : [num(args[0]!), num(args[1]!), args[2] === undefined ? 1 : num(args[2])];
    const out: number[] = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) out.push(i);
    return out;
  },
  regex: ([p, s]) => {
    const match = re(strArg(p!, 'regex')).exec(strArg(s!, 'regex'));
    if (!match) throw new EvaluationError(`regex(): ${strArg(s!, 'regex')} does not match ${strArg(p!, 'regex')}`);
    return match.length > 1 ? match.slice(1).map((m) => m ?? null) : match[0];
  },
  regexall: ([p, s]) => [...strArg(s!, 'regexall').matchAll(re(strArg(p!, 'regexall'), 'g'))].map((m) => (m.length > 1 ? m.slice(1).map((x) => x ?? null) : m[0])),
  replace: ([s, search, replacement]) => {
    const text = strArg(s!, 'replace');
    const find = strArg(search!, 'replace');
    const by = strArg(replacement!, 'replace');
    const asRegex = /^\/(.*)\/$/.exec(find);
    return asRegex ? text.replace(re(asRegex[1]!, 'g'), by.replace(/\$\{?(\d+)\}?/g, '$$$1')) : text.split(find).join(by);
  },
  setsubtract: ([a, b]) => distinctValues(listArg(a!, 'setsubtract')).filter((x) => !listArg(b!, 'setsubtract').some((y) => equalValues(x, y))),
  setunion: (args) => distinctValues(args.flatMap((a) => listArg(a, 'setunion'))),
  setsymmetricdifference: (args) => {
    const all = args.map((a) => distinctValues(listArg(a, 'setsymmetricdifference')));
    return distinctValues(all.flat()).filter((x) => all.filter((set) => set.some((y) => equalValues(x, y))).length % 2 === 1);
  },
  slice: ([l, a, b]) => listArg(l!, 'slice').slice(num(a!), num(b!)),
  sort: ([l]) => [...listArg(l!, 'sort')].map((v) => strArg(v, 'sort')).sort(),
  split: ([sep, s]) => strArg(s!, 'split').split(strArg(sep!, 'split')),
  substr: ([s, offset, length]) => {
    const chars = [...strArg(s!, 'substr')];
    const start = num(offset!);
    const len = num(length!);
    return chars.slice(start, len < 0 ? undefined : start + len).join('');
  },
  tobool: ([v]) => (v === null ? null : bool(v!)),
  tonumber: ([v]) => (v === null ? null : num(v!)),
  tostring: ([v]) => (v === null ? null : strArg(v!, 'tostring')),
  tolist: ([v]) => listArg(v!, 'tolist'),
  toset: ([v]) => distinctValues(listArg(v!, 'toset')),
  tomap: ([v]) => objArg(v!, 'tomap'),
  trim: ([s, chars]) => {
    const set = new Set([...strArg(chars!, 'trim')]);
    const text = [...strArg(s!, 'trim')];
    while (text.length && set.has(text[0]!)) text.shift();
    while (text.length && set.has(text[text.length - 1]!)) text.pop();
    return text.join('');
  },
  trimspace: ([s]) => strArg(s!, 'trimspace').trim(),
  trimprefix: ([s, p]) => {
    const text = strArg(s!, 'trimprefix');
    const prefix = strArg(p!, 'trimprefix');
    return text.startsWith(prefix) ? text.slice(prefix.length) : text;
  },
  trimsuffix: ([s, p]) => {
    const text = strArg(s!, 'trimsuffix');
    const suffix = strArg(p!, 'trimsuffix');
    return suffix && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
  },
  zipmap: ([k, v]) => {
    const ks = listArg(k!, 'zipmap');
    const vs = listArg(v!, 'zipmap');
    return Object.fromEntries(ks.map((key, i) => [strArg(key, 'zipmap'), vs[i] ?? null]));
  },
};

/** Functions whose result does not depend on unknown elements inside their arguments. */
const STRUCTURAL = new Set(['concat', 'merge', 'flatten', 'length', 'keys', 'lookup', 'compact', 'distinct', 'values', 'one', 'element', 'slice', 'tolist', 'toset', 'tomap', 'coalesce', 'jsonencode']);

function callFunction(node: AstNode, expr: ParsedExpression, scope: Scope, where: string): Value {
  const name = String(node.meta?.name);
  if (name === 'try') {
    let last: unknown;
    for (const arg of node.children) {
      try {
        return evalNode(arg, expr, scope);
      } catch (error) {
        last = error;
      }
    }
    throw new EvaluationError(`${where}: no argument of try() succeeded: ${(last as Error)?.message}`);
  }
  if (name === 'can') {
    try {
      const value = evalNode(node.children[0]!, expr, scope);
      return value instanceof Unknown ? value : true;
    } catch (error) {
      if (error instanceof EvaluationError || error instanceof SyntaxError) return false;
      throw error;
    }
  }
  const fn = FUNCTIONS[name];
  if (!fn) throw new EvaluationError(`${where}: function ${name}() is not supported by these checks`);
  let args = node.children.map((child) => evalNode(child, expr, scope));
  if (node.meta?.expandedFinalArgument) args = [...args.slice(0, -1), ...listArg(args[args.length - 1]!, name)];
  if (args.some((a) => a instanceof Unknown) || (!STRUCTURAL.has(name) && args.some(hasUnknown))) return new Unknown(`${name}(...)`);
  try {
    return fn(args);
  } catch (error) {
    if (error instanceof EvaluationError) throw new EvaluationError(`${where}: ${error.message}`);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// IAM policy documents, rendered as the provider's aws_iam_policy_document would.

/** A statement of a rendered policy: lists are always lists here. */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  Principal?: '*' | Record<string, string[]>;
  Condition?: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
}

/** The blocks named `name` of a body, static and dynamic, each with the scope to evaluate it in. */
function blocksOf(body: Record<string, Raw>, name: string, scope: Scope): { body: Record<string, Raw>; scope: Scope }[] {
  const out: { body: Record<string, Raw>; scope: Scope }[] = [];
  for (const b of [].concat((body[name] ?? []) as never) as Record<string, Raw>[]) out.push({ body: b, scope });
  const dynamics = ((body.dynamic ?? {}) as Record<string, Raw>)[name];
  for (const dynamic of [].concat((dynamics ?? []) as never) as Record<string, Raw>[]) {
    const forEach = evaluate(dynamic.for_each, scope);
    const iterator = typeof dynamic.iterator === 'string' ? dynamic.iterator : name;
    const entries: [Value, Value][] = Array.isArray(forEach) ? forEach.map((v, i) => [i, v]) : isObject(forEach) ? Object.keys(forEach).sort().map((k) => [k, forEach[k]!]) : [];
    if (!Array.isArray(forEach) && !isObject(forEach)) throw new EvaluationError(`${scope.module.where}: dynamic "${name}" for_each must be a known collection`);
    const content = ([] as Record<string, Raw>[]).concat((dynamic.content ?? []) as never)[0] ?? {};
    for (const [key, value] of entries) {
      const names = new Map(scope.names);
      names.set(iterator, { key, value });
      out.push({ body: content, scope: { module: scope.module, names } });
    }
  }
  return out;
}

function stringList(value: Value, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => templateString(v, where));
}

/** Renders a data "aws_iam_policy_document" instance into its JSON. */
export function renderPolicyDocument(instance: ResourceInstance): string {
  const body = instance.decl.body;
  const scope = instance.scope;
  const statements: PolicyStatement[] = [];
  const sources = evaluate(body.source_policy_documents ?? [], scope);
  for (const source of listArg(sources, 'source_policy_documents')) {
    if (typeof source !== 'string') throw new EvaluationError(`${instance.address}: source_policy_documents must be known JSON strings`);
    statements.push(...(JSON.parse(source) as PolicyDocument).Statement);
  }
  for (const { body: s, scope: inner } of blocksOf(body, 'statement', scope)) {
    const where = `${instance.address} statement`;
    const value = (key: string): Value => evaluate(s[key], inner);
    const statement: PolicyStatement = { Effect: (s.effect === undefined ? 'Allow' : value('effect')) as 'Allow' | 'Deny' };
    if (s.sid !== undefined) statement.Sid = templateString(value('sid'), where);
    if (s.actions !== undefined) statement.Action = stringList(value('actions'), where);
    if (s.not_actions !== undefined) statement.NotAction = stringList(value('not_actions'), where);
    if (s.resources !== undefined) statement.Resource = stringList(value('resources'), where);
    if (s.not_resources !== undefined) statement.NotResource = stringList(value('not_resources'), where);
    for (const { body: p, scope: ps } of blocksOf(s, 'principals', inner)) {
      const type = templateString(evaluate(p.type, ps), where);
      const identifiers = stringList(evaluate(p.identifiers, ps), where);
      if (type === '*' && identifiers.every((i) => i === '*')) statement.Principal = '*';
      else {
        const principal = (statement.Principal && statement.Principal !== '*' ? statement.Principal : {}) as Record<string, string[]>;
        principal[type] = [...(principal[type] ?? []), ...identifiers];
        statement.Principal = principal;
      }
    }
    for (const { body: c, scope: cs } of blocksOf(s, 'condition', inner)) {
      const test = templateString(evaluate(c.test, cs), where);
      const variable = templateString(evaluate(c.variable, cs), where);
      statement.Condition ??= {};
      statement.Condition[test] = { ...(statement.Condition[test] ?? {}), [variable]: stringList(evaluate(c.values, cs), where) };
    }
    statements.push(statement);
  }
  const sids = statements.map((s) => s.Sid).filter((sid): sid is string => Boolean(sid));
  const repeated = sids.find((sid, i) => sids.indexOf(sid) !== i);
  if (repeated) throw new EvaluationError(`${instance.address}: statement id "${repeated}" is used twice`);
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
