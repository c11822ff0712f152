/**
 * The access matrix of infra/README.md, computed: for each role (the three functions, fn-webhook's
 * snapshot writer and the scheduler) and each scope (a data-bucket key, a table partition, the secrets, a log group...),
 * which verbs the rendered policies allow. Keys and partition keys come from the code that uses
 * them (storage-s3, storage-dynamodb), so the matrix is about the real objects.
 */
import { alertPartition, idempotencyKey, portfolioKey } from '@tradebot/storage-dynamodb';
import { dailyLogKey, DOCUMENT_KEYS, priceShardKey, scanCsvKey } from '@tradebot/storage-s3';
import type { ModuleInstance } from './evaluate';
import { isAllowed, roleStatements, type RenderedPolicy, type Request } from './iam';

export const FUNCTION_MODULES = { 'fn-webhook': 'webhook', 'fn-collector': 'collector', 'fn-daily': 'daily' } as const;
export type FunctionName = keyof typeof FUNCTION_MODULES;
/** fn-webhook's second handler (`snapshot.handler`), a function of its own fed by the ledger's stream. */
export const SNAPSHOT_WRITER_MODULE = 'snapshot_writer';
/** Every Lambda function's module: the three packages' and the snapshot writer. */
export const LAMBDA_MODULES = { ...FUNCTION_MODULES, 'snapshot writer': SNAPSHOT_WRITER_MODULE } as const;
export type LambdaName = keyof typeof LAMBDA_MODULES;
export const MATRIX_COLUMNS = ['fn-webhook', 'fn-collector', 'fn-daily', 'snapshot writer', 'scheduler'] as const;
export type MatrixColumn = (typeof MATRIX_COLUMNS)[number];

interface Verb {
  readonly verb: string;
  readonly requests: readonly Request[];
}

interface Row {
  readonly label: string;
  readonly verbs: (column: MatrixColumn) => readonly Verb[];
}

const out = (value: unknown, what: string): string => {
  if (typeof value !== 'string') throw new Error(`${what} is not a known string: ${String(value)}`);
  return value;
};

/** Names of the five roles, from the module outputs. */
export function roleNames(root: ModuleInstance): Record<MatrixColumn, string> {
  const schedulerArn = out(root.child('schedules').output('role_arn'), 'the scheduler role ARN');
  return {
    'fn-webhook': out(root.child('webhook').output('role_name'), 'webhook role'),
    'fn-collector': out(root.child('collector').output('role_name'), 'collector role'),
    'fn-daily': out(root.child('daily').output('role_name'), 'daily role'),
    'snapshot writer': out(root.child(SNAPSHOT_WRITER_MODULE).output('role_name'), 'snapshot writer role'),
    scheduler: schedulerArn.slice(schedulerArn.indexOf(':role/') + ':role/'.length),
  };
}

function rows(root: ModuleInstance): Row[] {
  const bucket = out(root.child('data_bucket').output('arn'), 'data bucket ARN');
  const artifacts = out(root.child('artifacts_bucket').output('arn'), 'artifacts bucket ARN');
  const table = out(root.child('ledger_table').output('arn'), 'table ARN');
  const secrets = root.child('secrets').output('parameter_arns') as string[];
  const ssmPrefix = out(root.child('secrets').output('ssm_prefix'), 'SSM prefix');
  const otherParameter = secrets[0]!.replace(/parameter\/.*$/, `parameter${ssmPrefix}/some-other-parameter`);
  const dlq = out(root.child('schedules').output('dead_letter_queue_arn'), 'dead-letter queue ARN');
  const stream = out(root.child('ledger_table').output('stream_arn'), 'the ledger table stream ARN');
  const fn = (name: LambdaName): { logGroup: string; arn: string } => ({
    logGroup: out(root.child(LAMBDA_MODULES[name]).output('log_group_arn'), `${name} log group`),
    arn: out(root.child(LAMBDA_MODULES[name]).output('function_arn'), `${name} ARN`),
  });
  const fixed = (verbs: readonly Verb[]) => (): readonly Verb[] => verbs;
  const object = (key: string): Row => ({
    label: `data bucket \`${key.replace(/\d{4}-\d{2}-\d{2}/, '<date>').replace(/\/A\.json$/, '/<shard>.json')}\``,
    verbs: fixed([
      { verb: 'read', requests: [{ action: 's3:GetObject', resource: `${bucket}/${key}` }] },
      { verb: 'write', requests: [{ action: 's3:PutObject', resource: `${bucket}/${key}` }] },
    ]),
  });
  const partition = (label: string, pk: string): Row => {
    const on = (action: string): Request => ({ action, resource: table, context: { 'dynamodb:LeadingKeys': [pk] } });
    return {
      label: `table \`${label}\``,
      verbs: fixed([
        { verb: 'read', requests: ['dynamodb:GetItem', 'dynamodb:Query'].map(on) },
        { verb: 'write', requests: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'].map(on) },
      ]),
    };
  };
  const functions = Object.keys(LAMBDA_MODULES) as LambdaName[];
  return [
    object(DOCUMENT_KEYS.rules),
    object(DOCUMENT_KEYS.notifications),
    object(DOCUMENT_KEYS.universe),
    object(DOCUMENT_KEYS.blacklist),
    object(DOCUMENT_KEYS.tips),
    object(DOCUMENT_KEYS.positions),
    object(DOCUMENT_KEYS.ledgerCsv),
    object(DOCUMENT_KEYS.monthlyPerformance),
    object(DOCUMENT_KEYS.lessons),
    object(dailyLogKey('2026-11-21')),
    object(DOCUMENT_KEYS.scanLatest),
    object(scanCsvKey('2026-11-20')),
    object(priceShardKey('A')),
    { label: 'data bucket: list key names', verbs: fixed([{ verb: 'read', requests: [{ action: 's3:ListBucket', resource: bucket }] }]) },
    {
      label: 'artifacts bucket `lambda/<function>/<sha256>.zip`',
      verbs: fixed([
        { verb: 'read', requests: [{ action: 's3:GetObject', resource: `${artifacts}/lambda/fn-webhook/${'0'.repeat(64)}.zip` }] },
        { verb: 'write', requests: [{ action: 's3:PutObject', resource: `${artifacts}/lambda/fn-webhook/${'0'.repeat(64)}.zip` }] },
      ]),
    },
    partition('PORTFOLIO#<chat>', portfolioKey('1001')),
    partition('UPDATE#<update_id>', idempotencyKey('734512345')),
    partition('UPDATE#daily#<date>#<chat>', idempotencyKey('daily#2026-11-21#1001')),
    partition('UPDATE#daily#lessons#<month>#<chat>', idempotencyKey('daily#lessons#2026-11#1001')),
    partition('UPDATE#scan#<date>', idempotencyKey('scan#2026-11-20')),
    partition('DOC#<document>', 'DOC#blacklist'),
    partition('ALERT#<chat>', alertPartition('1001')),
    { label: 'table: Scan (no partition key)', verbs: fixed([{ verb: 'read', requests: [{ action: 'dynamodb:Scan', resource: table }] }]) },
    {
      label: "table's stream (the ledger's records)",
      verbs: fixed([{ verb: 'read', requests: ['dynamodb:DescribeStream', 'dynamodb:GetShardIterator', 'dynamodb:GetRecords'].map((action) => ({ action, resource: stream })) }]),
    },
    { label: `SSM: the four secrets under \`${ssmPrefix}\``, verbs: fixed([{ verb: 'read', requests: secrets.map((resource) => ({ action: 'ssm:GetParameters', resource })) }]) },
    { label: `SSM: any other parameter`, verbs: fixed([{ verb: 'read', requests: [{ action: 'ssm:GetParameters', resource: otherParameter }, { action: 'ssm:GetParametersByPath', resource: otherParameter }] }]) },
    {
      label: 'its own log group',
      verbs: (column) => (column === 'scheduler' ? [] : [{ verb: 'write', requests: [{ action: 'logs:PutLogEvents', resource: `${fn(column).logGroup}:log-stream:2026/11/21/[$LATEST]abc` }] }]),
    },
    {
      label: "another function's log group",
      verbs: (column) => [{ verb: 'write', requests: functions.filter((f) => f !== column).map((f) => ({ action: 'logs:PutLogEvents', resource: `${fn(f).logGroup}:log-stream:2026/11/21/[$LATEST]abc` })) }],
    },
    ...functions.map((f): Row => ({ label: `invoke ${f}`, verbs: fixed([{ verb: 'invoke', requests: [{ action: 'lambda:InvokeFunction', resource: fn(f).arn }] }]) })),
    { label: 'dead-letter queue', verbs: fixed([{ verb: 'send', requests: [{ action: 'sqs:SendMessage', resource: dlq }] }, { verb: 'read', requests: [{ action: 'sqs:ReceiveMessage', resource: dlq }] }]) },
  ];
}

/** The matrix: one row per scope, one cell per role ("read, write", "read", "—", ...). */
export function accessMatrix(root: ModuleInstance, policies: readonly RenderedPolicy[]): { label: string; cells: string[] }[] {
  const roles = roleNames(root);
  return rows(root).map((row) => ({
    label: row.label,
    cells: MATRIX_COLUMNS.map((column) => {
      const statements = roleStatements(policies, roles[column]);
      const granted = row.verbs(column).filter((v) => v.requests.some((r) => isAllowed(statements, r)));
      return granted.length ? granted.map((v) => v.verb).join(', ') : '—';
    }),
  }));
}

/** Whether `role` may do `request` (for the named separation tests). */
export function roleMay(policies: readonly RenderedPolicy[], role: string, request: Request): boolean {
  return isAllowed(roleStatements(policies, role), request);
}
