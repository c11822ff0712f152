/**
 * infra/ checked offline on every `pnpm test` (the deploy workflow runs the real `terraform fmt`,
 * `validate` and `plan`): HCL parsing and formatting, references, variable validation, the expanded
 * root module's resources, least-privilege IAM, and the contracts between Terraform and the code
 * (handler, package keys, environment, table, document keys, secrets, log events).
 * Everything is parsed and evaluated once, in beforeAll.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STREAM_MAPPING_DEFAULTS } from '@tradebot/local-stack';
import { LEDGER_STREAM_FILTER, TABLE_DEFINITION } from '@tradebot/storage-dynamodb';
import { dailyLogKey, DOCUMENT_KEYS, partialScanCsvKey, partialScanLatestKey, scanCsvKey, SECRET_PARAMETERS } from '@tradebot/storage-s3';
import { CollectorInputSchema } from '../../packages/fn-collector/src/app';
import { LOG_EVENTS as COLLECTOR_EVENTS } from '../../packages/fn-collector/src/log-events';
import { CHART_LAYER_NAME, packageHandlers } from '../../scripts/package';
import { COLLECTOR_NODE_OPTIONS, loadConfig as loadCollectorConfig } from '../../packages/fn-collector/src/config';
import { LOG_EVENTS as DAILY_EVENTS } from '../../packages/fn-daily/src/log-events';
import { loadConfig as loadDailyConfig } from '../../packages/fn-daily/src/config';
import { LOG_EVENTS as WEBHOOK_EVENTS } from '../../packages/fn-webhook/src/log-events';
import { loadConfig as loadWebhookConfig, loadSnapshotConfig } from '../../packages/fn-webhook/src/config';
import { evaluationFindings, formatFindings, matrixFindings, packageFindings, readReadme, validationFindings } from './lib/checks';
import { allResources, instantiateRoot, readTfvars, type ModuleInstance, type ResourceInstance, type Value } from './lib/evaluate';
import { loadTerraformTree, moduleAt, type TerraformTree } from './lib/hcl';
import { policyFindings, renderedPolicies, type RenderedPolicy } from './lib/iam';
import { FUNCTION_MODULES, LAMBDA_MODULES, MATRIX_COLUMNS, roleMay, roleNames, type FunctionName, type LambdaName } from './lib/matrix';
import { checkReferences } from './lib/references';
import { INFRA_DIR, PROJECT_ROOT } from './lib/schema';

const ROOT_DIR = 'envs/prod';
const MODULES = ['alarms', 'http-api', 'lambda-function', 'ledger-table', 's3-bucket', 'schedule', 'secrets'];

let tree: TerraformTree;
let root: ModuleInstance;
let resources: ResourceInstance[];
let policies: RenderedPolicy[];
let exampleVariables: Map<string, Value>;

beforeAll(async () => {
  tree = await loadTerraformTree(INFRA_DIR);
  exampleVariables = await readTfvars(join(INFRA_DIR, ROOT_DIR, 'terraform.tfvars.example'));
  root = instantiateRoot(tree, ROOT_DIR, exampleVariables);
  resources = allResources(root);
  policies = renderedPolicies(root);
}, 180_000);

const ofType = (type: string): ResourceInstance[] => resources.filter((r) => r.decl.kind === 'resource' && r.decl.type === type);
const one = (type: string, address: string): ResourceInstance => {
  const found = ofType(type).find((r) => r.address === address);
  if (!found) throw new Error(`no ${type} at ${address}; have ${ofType(type).map((r) => r.address).join(', ')}`);
  return found;
};
const block = (value: Value): Record<string, Value> => {
  const first = Array.isArray(value) ? value[0] : value;
  if (!first || typeof first !== 'object' || Array.isArray(first)) throw new Error(`not a block: ${JSON.stringify(value)}`);
  return first as Record<string, Value>;
};
const lambda = (name: LambdaName): ResourceInstance => one('aws_lambda_function', `module.${LAMBDA_MODULES[name]}.aws_lambda_function.this`);

describe('Terraform files of infra/', () => {
  it('every .tf file parses with HashiCorp\'s HCL parser', () => {
    // Assess
    expect(tree.files.length).toBeGreaterThan(30);
    expect(tree.files.filter((f) => f.parseError).map((f) => `${f.rel}: ${f.parseError}`)).toEqual([]);
  });

  it('every .tf, .tfvars.example and .hcl.example file is formatted as terraform fmt would leave it', async () => {
    // Assess
    expect(await formatFindings(INFRA_DIR)).toEqual([]);
  });

  it('lays modules out like terraform-aws-modules: main, variables, outputs, versions and a README of inputs and outputs', () => {
    for (const name of [...MODULES.map((m) => `modules/${m}`), ROOT_DIR]) {
      // Prepare: the root's inputs and outputs are in infra/README.md
      const mod = moduleAt(tree, name);
      const readme = readFileSync(name === ROOT_DIR ? join(INFRA_DIR, 'README.md') : join(mod.dir, 'README.md'), 'utf8');
      // Assess
      expect(mod.files.map((f) => f.rel.split('/').pop())).toEqual(expect.arrayContaining(['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf']));
      const undocumented = [...[...mod.variables.keys()].map((v) => `input ${v}`), ...[...mod.outputs.keys()].map((o) => `output ${o}`)].filter((entry) => !readme.includes(`| \`${entry.split(' ')[1]}\` |`));
      expect({ module: name, undocumented }).toEqual({ module: name, undocumented: [] });
    }
  });

  it('types and describes every variable, describes every output', () => {
    // Act
    const missing = [...tree.modules.values()].flatMap((mod) => [
      ...[...mod.variables.values()].filter((v) => v.body.type === undefined || typeof v.body.description !== 'string').map((v) => `${mod.rel} variable ${v.name}`),
      ...[...mod.outputs.values()].filter((o) => typeof o.body.description !== 'string').map((o) => `${mod.rel} output ${o.name}`),
    ]);
    // Assess
    expect(missing).toEqual([]);
  });

  it('pins Terraform >= 1.10 and hashicorp/aws ~> 6.25 in every module and the root', () => {
    for (const mod of tree.modules.values()) {
      // Prepare
      const terraform = mod.files.flatMap((f) => (f.json?.terraform ?? []) as Record<string, unknown>[]);
      const providers = terraform.flatMap((t) => (t.required_providers ?? []) as Record<string, { source: string; version: string }>[]);
      // Assess
      expect({ module: mod.rel, required_version: terraform.map((t) => t.required_version) }).toEqual({ module: mod.rel, required_version: ['>= 1.10'] });
      expect({ module: mod.rel, aws: providers.map((p) => p.aws) }).toEqual({ module: mod.rel, aws: [{ source: 'hashicorp/aws', version: '~> 6.25' }] });
    }
  });

  it('keeps the root\'s state in S3, locked with a lock file (use_lockfile), its bucket given at init', () => {
    // Prepare
    const terraform = moduleAt(tree, ROOT_DIR).files.flatMap((f) => (f.json?.terraform ?? []) as Record<string, unknown>[]);
    const backend = terraform.map((t) => t.backend as Record<string, Record<string, unknown>[]> | undefined).find(Boolean);
    // Assess
    expect(backend?.s3?.[0]).toMatchObject({ use_lockfile: true, encrypt: true, key: 'tradebot/prod/terraform.tfstate' });
    expect(backend?.s3?.[0]).not.toHaveProperty('bucket');
    expect(readFileSync(join(INFRA_DIR, ROOT_DIR, 'backend.hcl.example'), 'utf8')).toMatch(/^bucket = "tradebot-tfstate-\d{12}-eu-west-1"\nregion = "eu-west-1"$/m);
  });
});

describe('References', () => {
  it('resolves every var., local., module.<x>.<output>, resource and data reference, and every module call passes existing and required inputs', () => {
    // Assess
    expect(checkReferences(tree)).toEqual([]);
  });
});

describe('The prod root, expanded with terraform.tfvars.example', () => {
  it('passes every variable validation, in the root and in each module call', () => {
    // Assess
    expect(validationFindings(root)).toEqual([]);
  });

  it('evaluates every argument of every resource and every output without an error', () => {
    // Assess
    expect(evaluationFindings(root)).toEqual([]);
  });

  it('creates the stack: 4 functions (the three packages and fn-webhook\'s snapshot writer), 1 stream mapping, 1 layer, 1 HTTP API, 4 schedules, 1 table, 2 buckets, 8+ alarms, 1 dashboard, 4 function roles and 1 scheduler role', () => {
    // Act
    const count = (type: string): number => ofType(type).length;
    const alarms = count('aws_cloudwatch_metric_alarm') + count('aws_cloudwatch_composite_alarm');
    // Assess
    expect({
      functions: count('aws_lambda_function'),
      mappings: count('aws_lambda_event_source_mapping'),
      layers: count('aws_lambda_layer_version'),
      apis: count('aws_apigatewayv2_api'),
      schedules: count('aws_scheduler_schedule'),
      tables: count('aws_dynamodb_table'),
      buckets: count('aws_s3_bucket'),
      dashboards: count('aws_cloudwatch_dashboard'),
      roles: ofType('aws_iam_role').map((r) => r.address).sort(),
    }).toEqual({
      functions: 4,
      mappings: 1,
      layers: 1,
      apis: 1,
      schedules: 4,
      tables: 1,
      buckets: 2,
      dashboards: 1,
      roles: ['module.collector.aws_iam_role.this', 'module.daily.aws_iam_role.this', 'module.schedules.aws_iam_role.this', 'module.snapshot_writer.aws_iam_role.this', 'module.webhook.aws_iam_role.this'],
    });
    expect(alarms).toBeGreaterThanOrEqual(8);
  });

  it('takes an empty alarm_email (the deploy workflow\'s unset ALARM_EMAIL) as no e-mail: valid, and no subscription', () => {
    // Prepare
    const withoutEmail = instantiateRoot(tree, ROOT_DIR, new Map([...exampleVariables, ['alarm_email', '']]));
    // Act
    const subscriptions = allResources(withoutEmail).filter((r) => r.decl.type === 'aws_sns_topic_subscription');
    // Assess
    expect(validationFindings(withoutEmail)).toEqual([]);
    expect(subscriptions).toEqual([]);
    expect(ofType('aws_sns_topic_subscription').map((r) => r.attribute('endpoint'))).toEqual(['me@example.com']);
  });

  it('schedules the scan at 06:00 and 07:30 New York time Tuesday to Saturday, the price alerts every 15 minutes of New York\'s weekday market hours with the collector\'s "alerts" input, and the analysis at 08:00 Madrid time, exactly, with retries and a dead-letter queue', () => {
    // Act
    const schedules = Object.fromEntries(
      ofType('aws_scheduler_schedule').map((s) => {
        const target = block(s.attribute('target'));
        return [
          String((s.names.get('each') as { key: string }).key),
          {
            expression: s.attribute('schedule_expression'),
            timezone: s.attribute('schedule_expression_timezone'),
            window: block(s.attribute('flexible_time_window')).mode,
            target: target.arn,
            retries: block(target.retry_policy!).maximum_retry_attempts,
            deadLetters: block(target.dead_letter_config!).arn,
            input: JSON.parse(String(target.input)) as unknown,
          },
        ];
      }),
    );
    // Assess
    const collector = String(lambda('fn-collector').attribute('arn'));
    const dlq = root.child('schedules').output('dead_letter_queue_arn');
    expect(schedules).toEqual({
      collector: { expression: 'cron(0 6 ? * TUE-SAT *)', timezone: 'America/New_York', window: 'OFF', target: collector, retries: 3, deadLetters: dlq, input: {} },
      'collector-retry': { expression: 'cron(30 7 ? * TUE-SAT *)', timezone: 'America/New_York', window: 'OFF', target: collector, retries: 3, deadLetters: dlq, input: {} },
      alerts: { expression: 'cron(0/15 9-16 ? * MON-FRI *)', timezone: 'America/New_York', window: 'OFF', target: collector, retries: 3, deadLetters: dlq, input: { kind: 'alerts' } },
      daily: { expression: 'cron(0 8 * * ? *)', timezone: 'Europe/Madrid', window: 'OFF', target: lambda('fn-daily').attribute('arn'), retries: 3, deadLetters: dlq, input: {} },
    });
    // The input is one the collector accepts, and it asks for the alert check.
    expect(CollectorInputSchema.parse({ kind: 'alerts' })).toMatchObject({ kind: 'alerts' });
  });

  it('attaches the chart layer (built by pnpm package, from the artifacts bucket) to the webhook (/chart) and the daily job (the morning chart) only', () => {
    // Prepare
    const layer = one('aws_lambda_layer_version', 'aws_lambda_layer_version.charts');
    const layers = exampleVariables.get('lambda_layers') as Record<string, { s3_key: string; source_code_hash: string }>;
    // Assess
    expect({
      bucket: layer.attribute('s3_bucket'),
      key: layer.attribute('s3_key'),
      hash: layer.attribute('source_code_hash'),
      runtimes: layer.attribute('compatible_runtimes'),
      architectures: layer.attribute('compatible_architectures'),
    }).toEqual({
      bucket: root.child('artifacts_bucket').output('name'),
      key: layers['layer-charts']!.s3_key,
      hash: layers['layer-charts']!.source_code_hash,
      runtimes: [lambda('fn-webhook').attribute('runtime')],
      architectures: lambda('fn-webhook').attribute('architectures'),
    });
    expect(lambda('fn-webhook').attribute('layers')).toEqual([layer.attribute('arn')]);
    expect(lambda('fn-collector').attribute('layers')).toEqual([]);
    expect(lambda('fn-daily').attribute('layers')).toEqual([layer.attribute('arn')]);
    expect(lambda('snapshot writer').attribute('layers')).toEqual([]);
    expect(layers['layer-charts']!.s3_key).toMatch(new RegExp(`^lambda/${CHART_LAYER_NAME}/[0-9a-f]{64}\\.zip$`));
  });

  it('serves POST /webhook from fn-webhook (payload 2.0) on a throttled stage with JSON access logs, invocable only through that route', () => {
    // Prepare
    const stage = one('aws_apigatewayv2_stage', 'module.webhook_api.aws_apigatewayv2_stage.this');
    const integration = one('aws_apigatewayv2_integration', 'module.webhook_api.aws_apigatewayv2_integration.this');
    const permission = one('aws_lambda_permission', 'module.webhook_api.aws_lambda_permission.this');
    // Assess
    expect(one('aws_apigatewayv2_route', 'module.webhook_api.aws_apigatewayv2_route.this').attribute('route_key')).toBe('POST /webhook');
    expect({ type: integration.attribute('integration_type'), payload: integration.attribute('payload_format_version'), uri: integration.attribute('integration_uri') }).toEqual({
      type: 'AWS_PROXY',
      payload: '2.0',
      uri: lambda('fn-webhook').attribute('invoke_arn'),
    });
    expect(Number(integration.attribute('timeout_milliseconds'))).toBeLessThanOrEqual(30_000);
    expect(Number(integration.attribute('timeout_milliseconds'))).toBeGreaterThan(Number(lambda('fn-webhook').attribute('timeout')) * 1000);
    expect(block(stage.attribute('default_route_settings'))).toMatchObject({ throttling_burst_limit: 20, throttling_rate_limit: 10 });
    const format = JSON.parse(String(block(stage.attribute('access_log_settings')).format)) as Record<string, string>;
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status', routeKey: '$context.routeKey' });
    expect(permission.attribute('function_name')).toBe(lambda('fn-webhook').attribute('function_name'));
    expect(String(permission.attribute('source_arn'))).toMatch(/^arn:aws:execute-api:eu-west-1:123456789012:«[^»]+»\/prod\/POST\/webhook$/);
  });

  it('keeps the table of storage-dynamodb (PK/SK, TTL expiresAt, on demand) with point-in-time recovery, encryption and deletion protection', () => {
    // Prepare
    const table = one('aws_dynamodb_table', 'module.ledger_table.aws_dynamodb_table.this');
    // Assess
    expect({
      hash: table.attribute('hash_key'),
      range: table.attribute('range_key'),
      attributes: table.attribute('attribute'),
      billing: table.attribute('billing_mode'),
      ttl: block(table.attribute('ttl')),
      pitr: block(table.attribute('point_in_time_recovery')).enabled,
      sse: block(table.attribute('server_side_encryption')).enabled,
      protected: table.attribute('deletion_protection_enabled'),
    }).toEqual({
      hash: TABLE_DEFINITION.partitionKey,
      range: TABLE_DEFINITION.sortKey,
      attributes: [
        { name: TABLE_DEFINITION.partitionKey, type: 'S' },
        { name: TABLE_DEFINITION.sortKey, type: 'S' },
      ],
      billing: TABLE_DEFINITION.billingMode,
      ttl: { attribute_name: TABLE_DEFINITION.ttlAttribute, enabled: true },
      pitr: true,
      sse: true,
      protected: true,
    });
  });

  it('closes both buckets to the public, owner-enforced, encrypted, versioned with noncurrent expiry and TLS-only', () => {
    for (const bucket of ofType('aws_s3_bucket')) {
      // Prepare
      const module = bucket.address.replace(/\.aws_s3_bucket\.this$/, '');
      const of = (type: string): ResourceInstance => one(type, `${module}.${type}.this`);
      const policy = JSON.parse(String(of('aws_s3_bucket_policy').attribute('policy'))) as { Statement: Record<string, unknown>[] };
      const noncurrent = (of('aws_s3_bucket_lifecycle_configuration').attribute('rule') as Record<string, Value>[]).find((r) => r.id === 'noncurrent-versions');
      // Assess
      expect(['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].map((k) => of('aws_s3_bucket_public_access_block').attribute(k))).toEqual([true, true, true, true]);
      expect(block(of('aws_s3_bucket_ownership_controls').attribute('rule')).object_ownership).toBe('BucketOwnerEnforced');
      expect(block(block(of('aws_s3_bucket_server_side_encryption_configuration').attribute('rule')).apply_server_side_encryption_by_default!).sse_algorithm).toBe('AES256');
      expect(block(of('aws_s3_bucket_versioning').attribute('versioning_configuration')).status).toBe('Enabled');
      expect(block(noncurrent!.noncurrent_version_expiration!).noncurrent_days).toBe(30);
      expect(policy.Statement).toEqual([
        expect.objectContaining({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': ['false'] } }, Resource: [bucket.attribute('arn'), `${String(bucket.attribute('arn'))}/*`] }),
      ]);
    }
  });

  it('expires dated daily logs and scan CSVs (partial ones too), but never a latest.json or another document', () => {
    // Prepare
    const rules = one('aws_s3_bucket_lifecycle_configuration', 'module.data_bucket.aws_s3_bucket_lifecycle_configuration.this').attribute('rule') as Record<string, Value>[];
    const expiring = rules.filter((r) => r.expiration !== undefined && block(r.expiration).days !== undefined).map((r) => ({ prefix: block(r.filter!).prefix as string, days: block(r.expiration!).days }));
    const expires = (key: string): boolean => expiring.some((r) => key.startsWith(r.prefix));
    // Assess
    expect(expiring).toEqual([
      { prefix: 'logs/daily_analysis_', days: 400 },
      { prefix: 'scans/drawdown/2', days: 180 },
      { prefix: 'scans/drawdown/partial/2', days: 180 },
    ]);
    expect([dailyLogKey('2026-11-21'), scanCsvKey('2026-11-20'), partialScanCsvKey('2026-11-20')].map(expires)).toEqual([true, true, true]);
    expect([...Object.values(DOCUMENT_KEYS), partialScanLatestKey].filter(expires)).toEqual([]);
  });

  it('runs each function on nodejs22.x, arm64, with JSON logs into its own log group that has a retention, X-Ray off', () => {
    for (const name of Object.keys(LAMBDA_MODULES) as LambdaName[]) {
      // Prepare
      const fn = lambda(name);
      const logGroup = one('aws_cloudwatch_log_group', `module.${LAMBDA_MODULES[name]}.aws_cloudwatch_log_group.this`);
      // Assess
      expect({ runtime: fn.attribute('runtime'), architectures: fn.attribute('architectures'), tracing: block(fn.attribute('tracing_config')).mode }).toEqual({ runtime: 'nodejs22.x', architectures: ['arm64'], tracing: 'PassThrough' });
      expect(block(fn.attribute('logging_config'))).toEqual({ log_format: 'JSON', log_group: logGroup.attribute('name') });
      expect(logGroup.attribute('name')).toBe(`/aws/lambda/${String(fn.attribute('function_name'))}`);
      expect(logGroup.attribute('retention_in_days')).toBe(30);
    }
  });

  it('sizes the functions as infra/README.md says: webhook 512 MB / 25 s, its snapshot writer 256 MB / 30 s, collector 256 MB / 900 s, daily 256 MB / 180 s', () => {
    // Act
    const sizeOf = (name: LambdaName): string => `${String(lambda(name).attribute('memory_size'))} MB / ${String(lambda(name).attribute('timeout'))} s`;
    const sizes = { ...Object.fromEntries((Object.keys(FUNCTION_MODULES) as FunctionName[]).map((name) => [name, sizeOf(name)])), 'fn-webhook-snapshot': sizeOf('snapshot writer') };
    const readme = readFileSync(join(INFRA_DIR, 'README.md'), 'utf8');
    // Assess
    expect(sizes).toEqual({ 'fn-webhook': '512 MB / 25 s', 'fn-webhook-snapshot': '256 MB / 30 s', 'fn-collector': '256 MB / 900 s', 'fn-daily': '256 MB / 180 s' });
    for (const [name, size] of Object.entries(sizes)) expect(readme).toContain(`| \`${name}\` | ${size.replace(' / ', ' | ')} |`);
  });
});

describe('Contracts between infra/ and the code', () => {
  it('calls index.handler from lambda/<function>/<sha256-hex>.zip of the artifacts bucket', () => {
    // Assess
    expect(packageFindings(root)).toEqual([]);
  });

  it('calls what each fn-* bundle exports: tsup entry "index" (index.js) whose src/index.ts exports handler, and each other entry (fn-webhook\'s snapshot.js) a source that exports handler', async () => {
    for (const name of Object.keys(FUNCTION_MODULES) as FunctionName[]) {
      // Prepare: the package's tsup config as tsup reads it (every fn-* calls the shared lambdaConfig).
      const tsup = ((await import(join(PROJECT_ROOT, 'packages', name, 'tsup.config.ts'))) as { default: { entry?: Record<string, string>; format?: unknown } }).default;
      const index = readFileSync(join(PROJECT_ROOT, 'packages', name, 'src', 'index.ts'), 'utf8');
      const others = Object.entries(tsup.entry ?? {}).filter(([entry]) => entry !== 'index');
      // Assess
      expect(tsup.entry?.index).toBe('src/index.ts');
      expect(tsup.format).toEqual(['cjs']);
      expect(index).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}\s*from\s*'\.\/handler'/);
      for (const [, source] of others) expect(readFileSync(join(PROJECT_ROOT, 'packages', name, source), 'utf8')).toMatch(/export\s+async\s+function\s+handler\s*\(/);
      expect(packageHandlers(name)).toEqual(['index.handler', ...others.map(([entry]) => `${entry}.handler`)]);
    }
    expect(packageHandlers('fn-webhook')).toEqual(['index.handler', 'snapshot.handler']);
  });

  it('deploys each function from lambda/<function>/<sha256-hex>.zip in the artifacts bucket, the upload step\'s keys, with the hash as base64 of the same digest', () => {
    // Prepare
    const packages = exampleVariables.get('lambda_packages') as Record<string, { s3_key: string; source_code_hash: string }>;
    for (const name of Object.keys(FUNCTION_MODULES) as FunctionName[]) {
      const fn = lambda(name);
      const hex = /^lambda\/([a-z-]+)\/([0-9a-f]{64})\.zip$/.exec(String(fn.attribute('s3_key')));
      // Assess
      expect(hex?.[1]).toBe(name);
      expect(fn.attribute('s3_bucket')).toBe(root.child('artifacts_bucket').output('name'));
      expect(fn.attribute('source_code_hash')).toBe(packages[name]!.source_code_hash);
      expect(Buffer.from(hex![2]!, 'hex').toString('base64')).toBe(fn.attribute('source_code_hash'));
    }
    expect(Object.keys(packages).sort()).toEqual(['fn-collector', 'fn-daily', 'fn-webhook']);
  });

  it('gives each function an environment its own config loader accepts, with the contract\'s variables and FUNCTION_TIMEOUT_SECONDS = its timeout', () => {
    // Prepare
    const env = (name: FunctionName): Record<string, string> => block(lambda(name).attribute('environment')).variables as Record<string, string>;
    const table = root.child('ledger_table').output('name');
    const bucket = root.child('data_bucket').output('name');
    // Act
    const loaded = { webhook: loadWebhookConfig(env('fn-webhook')), collector: loadCollectorConfig(env('fn-collector')), daily: loadDailyConfig(env('fn-daily')) };
    // Assess
    expect(loaded.webhook).toMatchObject({ DATA_BUCKET: bucket, TABLE_NAME: table, SSM_PREFIX: '/tradebot/prod', STAGE: 'prod', TELEGRAM_BOT_USERNAME: 'my_trading_bot' });
    expect(loaded.collector).toMatchObject({ DATA_BUCKET: bucket, SSM_PREFIX: '/tradebot/prod', UNIVERSE_KEY: DOCUMENT_KEYS.universe, SCAN_NOTIFY: false });
    expect(loaded.daily).toMatchObject({ DATA_BUCKET: bucket, TABLE_NAME: table, SSM_PREFIX: '/tradebot/prod' });
    expect(env('fn-collector').TABLE_NAME).toBe(table);
    // The collector's V8 heap budget, as `pnpm bench scan` measures it.
    expect(env('fn-collector').NODE_OPTIONS).toBe(COLLECTOR_NODE_OPTIONS);
    for (const name of Object.keys(FUNCTION_MODULES) as FunctionName[]) expect(env(name).FUNCTION_TIMEOUT_SECONDS).toBe(String(lambda(name).attribute('timeout')));
  });

  it("gives the snapshot writer an environment its own loader accepts, and nothing of Telegram or the secrets", () => {
    // Prepare
    const env = block(lambda('snapshot writer').attribute('environment')).variables as Record<string, string>;
    // Act
    const loaded = loadSnapshotConfig(env);
    // Assess
    expect(loaded).toEqual({ DATA_BUCKET: root.child('data_bucket').output('name'), TABLE_NAME: root.child('ledger_table').output('name'), LOG_LEVEL: 'info' });
    expect(Object.keys(env).sort()).toEqual(['DATA_BUCKET', 'FUNCTION_TIMEOUT_SECONDS', 'LOG_LEVEL', 'TABLE_NAME']);
  });

  it("runs the snapshot writer from fn-webhook's zip, as its snapshot.handler, the webhook's own package: a rollback or deploy of one moves both", () => {
    // Prepare
    const writer = lambda('snapshot writer');
    const webhook = lambda('fn-webhook');
    // Assess
    expect({ handler: writer.attribute('handler'), key: writer.attribute('s3_key'), hash: writer.attribute('source_code_hash'), bucket: writer.attribute('s3_bucket') }).toEqual({
      handler: 'snapshot.handler',
      key: webhook.attribute('s3_key'),
      hash: webhook.attribute('source_code_hash'),
      bucket: webhook.attribute('s3_bucket'),
    });
    expect(packageHandlers('fn-webhook')).toContain(writer.attribute('handler'));
  });

  it("streams the ledger table's KEYS_ONLY records to the snapshot writer: storage-dynamodb's ledger filter, from the latest record, the stand-in's batch and retries, bisect, batch item failures, the dead-letter queue", () => {
    // Prepare
    const table = one('aws_dynamodb_table', 'module.ledger_table.aws_dynamodb_table.this');
    const mapping = one('aws_lambda_event_source_mapping', 'aws_lambda_event_source_mapping.snapshot_writer');
    const filters = block(mapping.attribute('filter_criteria')).filter as Record<string, Value>[];
    // Assess: the one pattern is the code's, which local-stack's stream stand-in applies too.
    expect({ enabled: table.attribute('stream_enabled'), view: table.attribute('stream_view_type') }).toEqual({ enabled: true, view: 'KEYS_ONLY' });
    expect(filters.map((f) => JSON.parse(String(f.pattern)) as unknown)).toEqual([LEDGER_STREAM_FILTER]);
    expect({
      source: mapping.attribute('event_source_arn'),
      target: mapping.attribute('function_name'),
      start: mapping.attribute('starting_position'),
      batch: mapping.attribute('batch_size'),
      window: mapping.attribute('maximum_batching_window_in_seconds'),
      retries: mapping.attribute('maximum_retry_attempts'),
      bisect: mapping.attribute('bisect_batch_on_function_error'),
      responses: mapping.attribute('function_response_types'),
      onFailure: block(block(mapping.attribute('destination_config')).on_failure!).destination_arn,
    }).toEqual({
      source: root.child('ledger_table').output('stream_arn'),
      target: lambda('snapshot writer').attribute('arn'),
      start: 'LATEST',
      batch: STREAM_MAPPING_DEFAULTS.batchSize,
      window: 0,
      retries: STREAM_MAPPING_DEFAULTS.maximumRetryAttempts,
      bisect: STREAM_MAPPING_DEFAULTS.bisectBatchOnFunctionError,
      responses: ['ReportBatchItemFailures'],
      onFailure: root.child('schedules').output('dead_letter_queue_arn'),
    });
    expect(String(root.child('ledger_table').output('stream_arn'))).toMatch(/^arn:aws:dynamodb:eu-west-1:123456789012:table\/tradebot-prod-ledger\/stream\//);
  });

  it('names the SSM parameters as storage-s3 reads them, and never holds a secret value', () => {
    // Act
    const names = root.child('secrets').output('parameter_names') as Record<string, string>;
    const ssmResources = resources.filter((r) => r.decl.type.startsWith('aws_ssm_'));
    // Assess
    expect(Object.keys(names).sort()).toEqual(Object.values(SECRET_PARAMETERS).sort());
    expect(Object.values(names).every((n) => n.startsWith('/tradebot/prod/'))).toBe(true);
    expect(ssmResources.map((r) => r.address)).toEqual([]);
  });

  it('grants the data bucket keys of storage-s3 DOCUMENT_KEYS', () => {
    // Act
    const documents = root.local('documents') as Record<string, string>;
    // Assess
    for (const [name, key] of Object.entries(documents)) expect({ name, key }).toEqual({ name, key: DOCUMENT_KEYS[name as keyof typeof DOCUMENT_KEYS] });
  });

  it('builds its log metrics on the events the functions log (each fn\'s src/log-events.ts)', () => {
    // Prepare
    const filters = Object.fromEntries(ofType('aws_cloudwatch_log_metric_filter').map((f) => [String(f.attribute('name')), { pattern: String(f.attribute('pattern')), logGroup: f.attribute('log_group_name') }]));
    const logGroup = (name: FunctionName): Value => root.child(FUNCTION_MODULES[name]).output('log_group_name');
    // Assess
    expect(filters).toEqual({
      'tradebot-prod-updates-handled': { pattern: `{ $.event = "${WEBHOOK_EVENTS.updateHandled}" }`, logGroup: logGroup('fn-webhook') },
      'tradebot-prod-scans-completed': { pattern: `{ $.event = "${COLLECTOR_EVENTS.scanCompleted}" }`, logGroup: logGroup('fn-collector') },
      'tradebot-prod-scan-runs-finished': { pattern: `{ ($.event = "${COLLECTOR_EVENTS.scanCompleted}") || ($.event = "${COLLECTOR_EVENTS.scanFailed}") }`, logGroup: logGroup('fn-collector') },
      'tradebot-prod-daily-runs-succeeded': { pattern: `{ ($.event = "${DAILY_EVENTS.dailyCompleted}") && ($.ok IS TRUE) }`, logGroup: logGroup('fn-daily') },
      'tradebot-prod-claude-cost': { pattern: `{ $.event = "${DAILY_EVENTS.dailyCompleted}" }`, logGroup: logGroup('fn-daily') },
    });
  });
});

describe('Alarms and dashboard', () => {
  it('alarms on each function\'s errors, throttles and duration above 80% of its timeout, the snapshot writer\'s errors and lag behind its stream, webhook 5xx, dead letters, a missed analysis and a missed scan', () => {
    // Act
    const alarms = Object.fromEntries(ofType('aws_cloudwatch_metric_alarm').map((a) => [String(a.attribute('alarm_name')).replace('tradebot-prod-', ''), { metric: `${String(a.attribute('namespace'))} ${String(a.attribute('metric_name'))}`, threshold: a.attribute('threshold') }]));
    // Assess
    expect(alarms).toMatchObject({
      'fn-webhook-errors': { metric: 'AWS/Lambda Errors', threshold: 0 },
      'fn-collector-throttles': { metric: 'AWS/Lambda Throttles', threshold: 0 },
      'fn-webhook-duration': { metric: 'AWS/Lambda Duration', threshold: 20_000 },
      'fn-collector-duration': { metric: 'AWS/Lambda Duration', threshold: 720_000 },
      'fn-daily-duration': { metric: 'AWS/Lambda Duration', threshold: 144_000 },
      'webhook-5xx': { metric: 'AWS/ApiGateway 5xx', threshold: 0 },
      'dead-letters': { metric: 'AWS/SQS ApproximateNumberOfMessagesVisible', threshold: 0 },
      'daily-did-not-run': { metric: 'Tradebot/prod DailyRunsSucceeded', threshold: 1 },
      'fn-webhook-snapshot-errors': { metric: 'AWS/Lambda Errors', threshold: 0 },
      'fn-webhook-snapshot-iterator-age': { metric: 'AWS/Lambda IteratorAge', threshold: 60_000 },
    });
    for (const name of ['fn-webhook-snapshot-errors', 'fn-webhook-snapshot-iterator-age']) {
      const alarm = one('aws_cloudwatch_metric_alarm', `module.alarms.aws_cloudwatch_metric_alarm.function["${name}"]`);
      expect(alarm.attribute('dimensions')).toEqual({ FunctionName: lambda('snapshot writer').attribute('function_name') });
    }
    expect(one('aws_cloudwatch_metric_alarm', 'module.alarms.aws_cloudwatch_metric_alarm.function["fn-webhook-snapshot-iterator-age"]').attribute('statistic')).toBe('Maximum');
    const daily = one('aws_cloudwatch_metric_alarm', 'module.alarms.aws_cloudwatch_metric_alarm.silence["daily-did-not-run"]');
    expect([daily.attribute('period'), daily.attribute('evaluation_periods'), daily.attribute('datapoints_to_alarm'), daily.attribute('treat_missing_data')]).toEqual([3600, 26, 26, 'breaching']);
    const missed = one('aws_cloudwatch_composite_alarm', 'module.alarms.aws_cloudwatch_composite_alarm.scan_missed');
    expect(missed.attribute('alarm_rule')).toBe('ALARM("tradebot-prod-scan-none-in-26h") AND ALARM("tradebot-prod-scan-attempts-done")');
  });

  it('has a runbook in docs/operations.md for every alarm, and none for an alarm that does not exist', () => {
    // Prepare
    const names = [...ofType('aws_cloudwatch_metric_alarm'), ...ofType('aws_cloudwatch_composite_alarm')].map((a) => String(a.attribute('alarm_name')));
    // Act
    const runbooks = [...readFileSync(join(PROJECT_ROOT, 'docs', 'operations.md'), 'utf8').matchAll(/^### `(tradebot-prod-[a-z0-9-]+)`$/gm)].map((m) => m[1]);
    // Assess
    expect(names.length).toBeGreaterThanOrEqual(15);
    expect(runbooks.slice().sort()).toEqual(names.slice().sort());
  });

  it('notifies the alarm topic from every alarm that means something on its own, and not from the two parts of "scan missed"', () => {
    // Prepare
    const topic = root.child('alarms').output('topic_arn');
    const all = [...ofType('aws_cloudwatch_metric_alarm'), ...ofType('aws_cloudwatch_composite_alarm')];
    // Act
    const notifies = (a: ResourceInstance): boolean => a.decl.body.alarm_actions !== undefined && (a.attribute('alarm_actions') as Value[]).includes(topic);
    const silent = all.filter((a) => !notifies(a)).map((a) => a.attribute('alarm_name'));
    // Assess
    expect(silent.sort()).toEqual(['tradebot-prod-scan-attempts-done', 'tradebot-prod-scan-none-in-26h']);
  });

  it('shows every notifying alarm, commands per day and Claude cost per day on one dashboard', () => {
    // Prepare: the dashboard JSON, with the API id AWS assigns later standing in as text
    const alarmsModule = root.child('alarms');
    const widgets = alarmsModule.local('widgets') as Record<string, Value>[];
    const alarmWidget = widgets.find((w) => w.type === 'alarm')!;
    const titles = widgets.map((w) => (w.properties as Record<string, Value>).title);
    const topic = alarmsModule.output('topic_arn');
    const notifying = [...ofType('aws_cloudwatch_metric_alarm'), ...ofType('aws_cloudwatch_composite_alarm')].filter((a) => a.decl.body.alarm_actions !== undefined && (a.attribute('alarm_actions') as Value[]).includes(topic)).map((a) => a.attribute('arn'));
    // Assess
    expect(((alarmWidget.properties as Record<string, Value>).alarms as Value[]).slice().sort()).toEqual(notifying.slice().sort());
    expect(titles).toEqual(expect.arrayContaining(['Updates handled per day (commands and messages)', 'Claude cost per day (USD)', 'Commands per day, by command']));
    expect(ofType('aws_cloudwatch_dashboard')).toHaveLength(1);
  });
});

describe('IAM, least privilege', () => {
  it('names actions and ARNs in every Allow: no wildcard action, no NotAction, "*" only where AWS offers nothing narrower', () => {
    // Assess
    expect(policies.length).toBeGreaterThanOrEqual(12);
    expect(policyFindings(policies)).toEqual([]);
  });

  it('gives each function its own role with only its own inline policies', () => {
    // Act
    const roles = roleNames(root);
    const byRole = Object.fromEntries(MATRIX_COLUMNS.map((c) => [c, policies.filter((p) => p.kind === 'identity' && p.role === roles[c]).map((p) => p.address.replace(/^module\.[a-z_]+\./, '')).sort()]));
    // Assess
    expect(new Set(Object.values(roles)).size).toBe(5);
    const own = ['aws_iam_role_policy.app', 'aws_iam_role_policy.runtime'];
    expect(byRole).toEqual({ 'fn-webhook': own, 'fn-collector': own, 'fn-daily': own, 'snapshot writer': own, scheduler: ['aws_iam_role_policy.this'] });
  });

  it('allows exactly the access matrix written in infra/README.md', () => {
    // Assess: on a difference, the message shows the table the policies allow
    expect(matrixFindings(root, policies, readReadme(INFRA_DIR))).toEqual([]);
  });

  it('keeps the functions apart: the webhook writes only the price history under market/ and no scans, the collector cannot touch the ledger, daily cannot write it, only the scheduler invokes', () => {
    // Prepare
    const roles = roleNames(root);
    const bucket = String(root.child('data_bucket').output('arn'));
    const table = String(root.child('ledger_table').output('arn'));
    const ledger = { 'dynamodb:LeadingKeys': ['PORTFOLIO#1001'] };
    // Assess
    // /performance stores the histories it fetched in the shared price-history documents, and nothing else under market/.
    expect(roleMay(policies, roles['fn-webhook'], { action: 's3:PutObject', resource: `${bucket}/market/history/A.json` })).toBe(true);
    expect(roleMay(policies, roles['fn-webhook'], { action: 's3:PutObject', resource: `${bucket}/market/other.json` })).toBe(false);
    expect(roleMay(policies, roles['fn-webhook'], { action: 's3:PutObject', resource: `${bucket}/scans/drawdown/latest.json` })).toBe(false);
    expect(roleMay(policies, roles['fn-webhook'], { action: 'dynamodb:PutItem', resource: table, context: { 'dynamodb:LeadingKeys': ['UPDATE#scan#2026-11-20'] } })).toBe(false);
    expect(roleMay(policies, roles['fn-collector'], { action: 'dynamodb:Query', resource: table, context: ledger })).toBe(false);
    expect(roleMay(policies, roles['fn-collector'], { action: 'dynamodb:PutItem', resource: table, context: ledger })).toBe(false);
    expect(roleMay(policies, roles['fn-daily'], { action: 'dynamodb:Query', resource: table, context: ledger })).toBe(true);
    expect(roleMay(policies, roles['fn-daily'], { action: 'dynamodb:PutItem', resource: table, context: ledger })).toBe(false);
    expect(roleMay(policies, roles.scheduler, { action: 'lambda:InvokeFunction', resource: String(lambda('fn-webhook').attribute('arn')) })).toBe(false);
    expect(roleMay(policies, roles.scheduler, { action: 'lambda:InvokeFunction', resource: String(lambda('fn-collector').attribute('arn')) })).toBe(true);
  });

  it('keeps the snapshot writer to its one job: read the ledger stream and the ledger, write the snapshot; no secrets, no ledger write, no other document', () => {
    // Prepare
    const writer = roleNames(root)['snapshot writer'];
    const bucket = String(root.child('data_bucket').output('arn'));
    const table = String(root.child('ledger_table').output('arn'));
    const stream = String(root.child('ledger_table').output('stream_arn'));
    const may = (action: string, resource: string, context?: Record<string, string[]>): boolean => roleMay(policies, writer, { action, resource, ...(context ? { context } : {}) });
    // Assess
    expect(['dynamodb:DescribeStream', 'dynamodb:GetShardIterator', 'dynamodb:GetRecords', 'dynamodb:ListStreams'].map((action) => may(action, stream))).toEqual([true, true, true, true]);
    expect(may('dynamodb:GetRecords', `${table}/stream/2025-01-01T00:00:00.000`)).toBe(false);
    expect(may('dynamodb:Query', table, { 'dynamodb:LeadingKeys': ['PORTFOLIO#1001'] })).toBe(true);
    expect(may('dynamodb:Query', table, { 'dynamodb:LeadingKeys': ['UPDATE#1'] })).toBe(false);
    expect(may('dynamodb:PutItem', table, { 'dynamodb:LeadingKeys': ['PORTFOLIO#1001'] })).toBe(false);
    expect(may('s3:PutObject', `${bucket}/${DOCUMENT_KEYS.positions}`)).toBe(true);
    expect(may('s3:GetObject', `${bucket}/${DOCUMENT_KEYS.positions}`)).toBe(false);
    expect(may('s3:PutObject', `${bucket}/${DOCUMENT_KEYS.ledgerCsv}`)).toBe(false);
    expect(may('ssm:GetParameters', (root.child('secrets').output('parameter_arns') as string[])[0]!)).toBe(false);
    expect(may('sqs:SendMessage', String(root.child('schedules').output('dead_letter_queue_arn')))).toBe(true);
  });
});
