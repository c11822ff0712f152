/**
 * Least-privilege checks on the rendered IAM policies of the expanded configuration:
 * - rules every statement must follow (named actions, ARNs, no wildcard grants);
 * - a small policy simulator (IAM's matching and condition operators, Deny over Allow) that answers
 *   "may this role do this action on this ARN with this key?", from which the access matrix of
 *   infra/README.md is computed and compared.
 */
import { allResources, type ModuleInstance, type PolicyDocument, type PolicyStatement, type ResourceInstance } from './evaluate';

/** Actions AWS offers no resource-level permission for: "*" is the only resource they accept. */
export const NO_RESOURCE_LEVEL_ACTIONS: ReadonlySet<string> = new Set([
  // X-Ray: the lambda-function module's optional tracing statement.
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
]);

export interface RenderedPolicy {
  /** Address of the resource holding the policy. */
  readonly address: string;
  readonly kind: 'identity' | 'trust' | 'resource';
  /** The role it belongs to (identity and trust policies). */
  readonly role?: string;
  readonly document: PolicyDocument;
}

function parseDocument(address: string, value: unknown): PolicyDocument {
  if (typeof value !== 'string') throw new Error(`${address}: the policy is not known JSON (${String(value)})`);
  const document = JSON.parse(value) as PolicyDocument;
  // The provider writes one-element lists as strings; the rules below read lists.
  const list = (v: unknown): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? (v as string[]) : [v as string]);
  document.Statement = ([] as PolicyStatement[]).concat(document.Statement).map((s) => {
    const out: PolicyStatement = { ...s };
    for (const key of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
      const value = list(s[key]);
      if (value) out[key] = value;
    }
    return out;
  });
  return document;
}

/** Every IAM policy of the configuration, rendered: roles' inline policies, trust policies, bucket policies. */
export function renderedPolicies(root: ModuleInstance): RenderedPolicy[] {
  const resources = allResources(root);
  const roles = resources.filter((r) => r.decl.type === 'aws_iam_role' && r.decl.kind === 'resource');
  const roleName = (r: ResourceInstance): string => String(r.attribute('name'));
  const out: RenderedPolicy[] = [];
  for (const role of roles) out.push({ address: role.address, kind: 'trust', role: roleName(role), document: parseDocument(role.address, role.attribute('assume_role_policy')) });
  for (const policy of resources.filter((r) => r.decl.type === 'aws_iam_role_policy')) {
    out.push({ address: policy.address, kind: 'identity', role: String(policy.attribute('role')), document: parseDocument(policy.address, policy.attribute('policy')) });
  }
  for (const type of ['aws_iam_role_policy_attachment', 'aws_iam_policy', 'aws_iam_user_policy', 'aws_iam_group_policy']) {
    const found = resources.find((r) => r.decl.type === type);
    if (found) throw new Error(`${found.address}: ${type} is not checked by these rules; grant through aws_iam_role_policy`);
  }
  for (const type of ['aws_s3_bucket_policy', 'aws_sqs_queue_policy', 'aws_sns_topic_policy']) {
    for (const policy of resources.filter((r) => r.decl.type === type)) {
      out.push({ address: policy.address, kind: 'resource', document: parseDocument(policy.address, policy.attribute('policy')) });
    }
  }
  return out;
}

const hasWildcard = (action: string): boolean => action.includes('*') || action.includes('?');

/**
 * The least-privilege rules, per statement:
 * - an Allow names its actions: no wildcard ("*", "s3:*", "s3:Get*"), no NotAction;
 * - an Allow names ARNs: no NotResource, and "*" only for actions AWS offers nothing narrower for;
 * - an Allow on the DynamoDB table is limited to partition-key prefixes (dynamodb:LeadingKeys);
 * - a trust policy lets one AWS service assume the role, nothing else;
 * - a resource policy grants nothing to everyone; its Deny statements may be service-wide, since a
 *   Deny only takes permissions away (the buckets' TLS-only guard).
 */
export function policyFindings(policies: readonly RenderedPolicy[]): string[] {
  const findings: string[] = [];
  for (const policy of policies) {
    policy.document.Statement.forEach((s, index) => {
      const at = `${policy.address} statement ${s.Sid ?? index}`;
      if (policy.kind === 'trust') {
        const services = s.Principal && s.Principal !== '*' ? Object.keys(s.Principal) : [];
        if (s.Effect !== 'Allow' || s.Action?.join() !== 'sts:AssumeRole' || services.join() !== 'Service') findings.push(`${at}: a trust policy may only let an AWS service call sts:AssumeRole`);
        return;
      }
      if (s.Effect === 'Deny') {
        if (policy.kind === 'resource' && !s.Condition) findings.push(`${at}: an unconditional Deny in a resource policy locks everyone out`);
        return;
      }
      if (s.NotAction) findings.push(`${at}: NotAction grants every action but the listed ones`);
      for (const action of s.Action ?? []) if (hasWildcard(action)) findings.push(`${at}: wildcard action "${action}"`);
      if (s.NotResource) findings.push(`${at}: NotResource grants every resource but the listed ones`);
      for (const resource of s.Resource ?? []) {
        if (resource === '*') {
          const broad = (s.Action ?? []).filter((a) => !NO_RESOURCE_LEVEL_ACTIONS.has(a));
          if (broad.length) findings.push(`${at}: Resource "*" for ${broad.join(', ')}, which AWS lets you scope to ARNs`);
        } else if (!resource.startsWith('arn:')) findings.push(`${at}: resource "${resource}" is not an ARN`);
        if (/^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/[^/]+$/.test(resource) && !s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']) {
          findings.push(`${at}: access to the whole table ${resource}; restrict it with a ForAllValues:StringLike dynamodb:LeadingKeys condition`);
        }
      }
      if (policy.kind === 'resource' && (s.Principal === '*' || (s.Principal && Object.values(s.Principal).flat().includes('*')))) findings.push(`${at}: a resource policy allows everyone`);
      if (policy.kind === 'identity' && s.Principal) findings.push(`${at}: an identity policy cannot name a principal`);
    });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Policy simulation.

/** One API request to authorize. `context` holds condition keys such as dynamodb:LeadingKeys. */
export interface Request {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, readonly string[]>>;
}

function glob(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

const BASE_OPERATORS: Record<string, (pattern: string, value: string) => boolean> = {
  StringEquals: (p, v) => p === v,
  StringLike: (p, v) => glob(p, v, false),
  StringEqualsIgnoreCase: (p, v) => p.toLowerCase() === v.toLowerCase(),
  ArnEquals: (p, v) => p === v,
  ArnLike: (p, v) => glob(p, v, false),
  Bool: (p, v) => p.toLowerCase() === v.toLowerCase(),
};

function conditionHolds(operator: string, key: string, patterns: readonly string[], context: Readonly<Record<string, readonly string[]>>): boolean {
  const qualifier = /^(ForAllValues|ForAnyValue):/.exec(operator)?.[1];
  let base = qualifier ? operator.slice(qualifier.length + 1) : operator;
  const ifExists = base.endsWith('IfExists');
  if (ifExists) base = base.slice(0, -'IfExists'.length);
  const test = BASE_OPERATORS[base];
  if (!test) throw new Error(`condition operator ${operator} is not simulated; add it to BASE_OPERATORS`);
  const values = context[key];
  const matches = (value: string): boolean => patterns.some((p) => test(p, value));
  // IAM's set operators: ForAllValues holds when the key is absent, ForAnyValue does not.
  if (qualifier === 'ForAllValues') return !values || values.length === 0 || values.every(matches);
  if (qualifier === 'ForAnyValue') return Boolean(values?.some(matches));
  if (!values || values.length === 0) return ifExists;
  return matches(values[0]!);
}

function statementApplies(s: PolicyStatement, request: Request): boolean {
  const action = s.Action ? s.Action.some((a) => glob(a, request.action, true)) : s.NotAction ? !s.NotAction.some((a) => glob(a, request.action, true)) : false;
  if (!action) return false;
  const resource = s.Resource ? s.Resource.some((r) => glob(r, request.resource, false)) : s.NotResource ? !s.NotResource.some((r) => glob(r, request.resource, false)) : false;
  if (!resource) return false;
  const context = request.context ?? {};
  return Object.entries(s.Condition ?? {}).every(([operator, keys]) => Object.entries(keys).every(([key, patterns]) => conditionHolds(operator, key, patterns, context)));
}

/** Whether the statements allow the request: some Allow applies and no Deny does. */
export function isAllowed(statements: readonly PolicyStatement[], request: Request): boolean {
  const applying = statements.filter((s) => statementApplies(s, request));
  return applying.some((s) => s.Effect === 'Allow') && !applying.some((s) => s.Effect === 'Deny');
}

/** The identity statements of one role (all its inline policies together). */
export function roleStatements(policies: readonly RenderedPolicy[], role: string): PolicyStatement[] {
  return policies.filter((p) => p.kind === 'identity' && p.role === role).flatMap((p) => p.document.Statement);
}

/** The matrix as a markdown table, for infra/README.md. */
export function matrixMarkdown(columns: readonly string[], rows: readonly { label: string; cells: readonly string[] }[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(['scope', ...columns]), line(['---', ...columns.map(() => '---')]), ...rows.map((r) => line([r.label, ...r.cells]))].join('\n');
}

/** Reads the table between `<!-- name -->` and `<!-- /name -->` of a markdown document. */
export function readMarkdownTable(markdown: string, name: string): { header: string[]; rows: string[][] } | null {
  const match = new RegExp(`<!-- ${name} -->([\\s\\S]*?)<!-- /${name} -->`).exec(markdown);
  if (!match) return null;
  const lines = match[1]!
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('|'));
  const cells = (l: string): string[] =>
    l
      .slice(1, l.endsWith('|') ? -1 : undefined)
      .split('|')
      .map((c) => c.trim());
  const [header, , ...rows] = lines;
  return header ? { header: cells(header), rows: rows.map(cells) } : null;
}
