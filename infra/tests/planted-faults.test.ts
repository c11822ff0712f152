/**
 * Each infra check, shown to fail: a copy of infra/ with one fault planted (a bad attribute, a
 * missing reference, a wildcard grant, an unformatted file...) must produce the finding that names
 * it (lib/plant.ts makes the copies).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluationFindings, formatFindings, matrixFindings, packageFindings, readReadme, validationFindings } from './lib/checks';
import { instantiateRoot, readTfvars, type ModuleInstance } from './lib/evaluate';
import { loadTerraformTree } from './lib/hcl';
import { policyFindings, renderedPolicies } from './lib/iam';
import { plantInfra as plant, removePlantedCopies } from './lib/plant';
import { checkReferences } from './lib/references';
import { INFRA_DIR, runSchemaCheck, schemaSource, sharedAvailable, SHARED_DIR, VENDORED_DIR, vendoredCopyFindings } from './lib/schema';

// Directories made here beside plant()'s copies (the schema and vendored-copy tests).
const copies: string[] = [];
afterAll(() => {
  copies.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  removePlantedCopies();
});

async function expand(dir: string, tfvars?: (text: string) => string): Promise<ModuleInstance> {
  const tree = await loadTerraformTree(dir);
  const example = join(dir, 'envs/prod/terraform.tfvars.example');
  if (tfvars) writeFileSync(example, tfvars(readFileSync(example, 'utf8')));
  return instantiateRoot(tree, 'envs/prod', await readTfvars(example));
}

describe('Planted faults: the provider schema check (check-schema.mjs)', () => {
  const checker = schemaSource().dir;

  it('reports an argument the resource type does not have', () => {
    // Prepare
    const dir = plant({ file: 'modules/lambda-function/main.tf', find: 'memory_size                    = var.memory_size', replace: 'memory_mb = var.memory_size' });
    // Act
    const report = runSchemaCheck(checker, dir);
    // Assess
    expect(report.exitCode).toBe(1);
    expect(report.findings.map((f) => f.msg)).toContain('unknown argument or block "memory_mb"');
  });

  it('reports a reference to an attribute the resource type does not export', () => {
    // Prepare
    const dir = plant({ file: 'modules/lambda-function/outputs.tf', find: 'aws_lambda_function.this.invoke_arn', replace: 'aws_lambda_function.this.invoke_url' });
    // Act
    const report = runSchemaCheck(checker, dir);
    // Assess
    expect(report.findings.map((f) => f.msg)).toContain('"invoke_url" is not an attribute of aws_lambda_function');
  });

  it('reports a missing required block through the vendored copy too', () => {
    // Prepare
    const dir = plant({ file: 'modules/schedule/main.tf', find: '  flexible_time_window {\n    mode = "OFF"\n  }\n', replace: '' });
    // Act
    const report = runSchemaCheck(VENDORED_DIR, dir);
    // Assess
    expect(report.findings.map((f) => f.msg)).toContain('missing required block "flexible_time_window"');
  });

  it('refuses to run, rather than pass, when neither ../shared nor the vendored copy is there', () => {
    // Prepare
    const empty = mkdtempSync(join(tmpdir(), 'no-schema-'));
    copies.push(empty);
    // Act and Assess
    expect(() => schemaSource({ shared: join(empty, 'shared'), vendored: join(empty, 'vendored') })).toThrow(/cannot check the provider schema/);
    expect(schemaSource({ shared: join(empty, 'shared'), vendored: VENDORED_DIR }).label).toBe('vendored');
  });
});

describe('Planted faults: the vendored copy of the schema check', () => {
  it('reports a type infra/ starts using that the vendored schema lacks', async () => {
    // Prepare
    const dir = plant({ file: 'modules/alarms/main.tf', find: 'resource "aws_sns_topic_subscription" "email" {', replace: 'resource "aws_sns_topic_policy" "alarms" {\n  arn    = aws_sns_topic.alarms.arn\n  policy = "{}"\n}\n\nresource "aws_sns_topic_subscription" "email" {' });
    // Act
    const findings = vendoredCopyFindings(await loadTerraformTree(dir), VENDORED_DIR);
    // Assess
    expect(findings).toEqual([expect.stringContaining('the vendored schema lacks aws_sns_topic_policy: run `pnpm infra:schema`')]);
  });

  (sharedAvailable() ? it : it.skip)('reports a vendored checker or schema that is no longer ../shared\'s', async () => {
    // Prepare
    const vendored = mkdtempSync(join(tmpdir(), 'vendored-'));
    copies.push(vendored);
    cpSync(VENDORED_DIR, vendored, { recursive: true });
    rmSync(join(vendored, 'check-schema.mjs'));
    writeFileSync(join(vendored, 'check-schema.mjs'), `${readFileSync(join(VENDORED_DIR, 'check-schema.mjs'), 'utf8')}\n// edited\n`);
    const schema = JSON.parse(readFileSync(join(vendored, 'aws-provider-schema.json'), 'utf8')) as { resource: Record<string, unknown> };
    delete schema.resource.aws_sqs_queue;
    writeFileSync(join(vendored, 'aws-provider-schema.json'), JSON.stringify(schema));
    // Act
    const findings = vendoredCopyFindings(await loadTerraformTree(INFRA_DIR), vendored, SHARED_DIR);
    // Assess
    expect(findings).toEqual([
      expect.stringContaining('the vendored schema lacks aws_sqs_queue'),
      expect.stringContaining('the vendored check-schema.mjs differs from'),
      expect.stringContaining('the vendored aws-provider-schema.json is not'),
    ]);
  });
});

describe('Planted faults: HCL parsing and formatting', () => {
  it('reports a file that does not parse', async () => {
    // Prepare
    const dir = plant({ file: 'modules/secrets/outputs.tf', find: 'output "kms_key_arn" {', replace: 'output "kms_key_arn" {{' });
    // Act
    const tree = await loadTerraformTree(dir);
    // Assess
    expect(tree.files.filter((f) => f.parseError).map((f) => f.rel)).toEqual(['modules/secrets/outputs.tf']);
  });

  it('reports a file terraform fmt would change', async () => {
    // Prepare
    const dir = plant({ file: 'modules/lambda-function/main.tf', find: '  name              = "/aws/lambda/${var.function_name}"', replace: '  name = "/aws/lambda/${var.function_name}"' });
    // Act
    const findings = await formatFindings(dir);
    // Assess
    expect(findings).toEqual(['modules/lambda-function/main.tf is not formatted as terraform fmt leaves it']);
  });
});

describe('Planted faults: references', () => {
  it.each([
    ['an output the module does not have', { file: 'envs/prod/main.tf', find: 'SSM_PREFIX            = module.secrets.ssm_prefix', replace: 'SSM_PREFIX            = module.secrets.ssm_path' }, 'module "secrets" (../../modules/secrets) has no output "ssm_path"'],
    ['an undeclared variable', { file: 'modules/alarms/dashboard.tf', find: 'title   = "${key} duration (ms)"', replace: 'title   = "${var.key} duration (ms)"' }, 'no variable "key" is declared in modules/alarms'],
    ['an undeclared local value', { file: 'envs/prod/iam.tf', find: 'resources = [local.data_bucket]', replace: 'resources = [local.data_bucket_arn]' }, 'no local value "data_bucket_arn" is declared in envs/prod'],
    ['a resource that is not declared', { file: 'modules/http-api/outputs.tf', find: 'value       = aws_apigatewayv2_api.this.id', replace: 'value       = aws_apigatewayv2_api.main.id' }, 'no resource "aws_apigatewayv2_api" "main" is declared in modules/http-api'],
    ['a required module input left out', { file: 'envs/prod/main.tf', find: '  purpose                            = "The bot\'s documents, scans, price cache and daily logs (docs/storage.md)"\n', replace: '' }, 'module "data_bucket": required variable "purpose" of ../../modules/s3-bucket is not passed'],
    ['an import into a resource the module does not declare', { file: 'envs/prod/main.tf', find: 'to = module.artifacts_bucket.aws_s3_bucket.this', replace: 'to = module.artifacts_bucket.aws_s3_bucket.main' }, 'no resource "aws_s3_bucket" "main" is declared in envs/prod -> ../../modules/s3-bucket'],
    ['an import through a module that is not called', { file: 'envs/prod/main.tf', find: 'to = module.artifacts_bucket.aws_s3_bucket.this', replace: 'to = module.artifact_bucket.aws_s3_bucket.this' }, 'no module "artifact_bucket" is called in envs/prod'],
    ['an import id naming an undeclared variable', { file: 'envs/prod/main.tf', find: '  id = var.artifacts_bucket', replace: '  id = var.artifact_bucket' }, 'no variable "artifact_bucket" is declared in envs/prod'],
    ['an import block in a module that is not a root', { file: 'modules/s3-bucket/main.tf', find: 'resource "aws_s3_bucket" "this" {', replace: 'import {\n  to = aws_s3_bucket.this\n  id = var.bucket\n}\n\nresource "aws_s3_bucket" "this" {' }, 'modules/s3-bucket is called as a module; import blocks are only allowed in a root module'],
    ['an input the module does not declare', { file: 'envs/prod/main.tf', find: '  stream_view_type = "KEYS_ONLY"\n}', replace: '  stream_view_type = "KEYS_ONLY"\n  colour           = "red"\n}' }, 'module "ledger_table": ../../modules/ledger-table has no variable "colour"'],
  ])('reports %s', async (_name, edit, message) => {
    // Prepare
    const dir = plant(edit);
    // Act
    const findings = checkReferences(await loadTerraformTree(dir));
    // Assess
    expect(findings).toEqual([expect.stringContaining(message)]);
  });
});

describe('Planted faults: evaluation of the expanded root', () => {
  it.each([
    ['a misspelt attribute of each.value', { file: 'modules/alarms/alarms.tf', find: 'alarm_description   = each.value.description\n  namespace           = "AWS/Lambda"', replace: 'alarm_description   = each.value.descripton\n  namespace           = "AWS/Lambda"' }, 'no attribute or key "descripton"'],
    ['a list where a string is required', { file: 'envs/prod/main.tf', find: 'STAGE                 = var.stage', replace: 'STAGE                 = [var.stage]' }, 'module.webhook var.environment'],
    ['a key the map does not have', { file: 'envs/prod/main.tf', find: 'local.sizing["fn-daily"].memory_size', replace: 'local.sizing["fn-dialy"].memory_size' }, 'no attribute or key "fn-dialy"'],
  ])('reports %s', async (_name, edit, message) => {
    // Prepare
    const root = await expand(plant(edit));
    // Act
    const findings = [...evaluationFindings(root), ...validationFindings(root)];
    // Assess
    expect(findings).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });
});

describe('Planted faults: variable validation and the package contract', () => {
  it('refuses a package key of another function and a hex hash instead of base64', async () => {
    // Prepare
    const dir = plant();
    const root = await expand(dir, (text) =>
      text.replace('lambda/fn-daily/', 'lambda/fn-webhook/').replace('DzQ7CTESaiDxM9Z8KwGKO18bLx2fH5ofPwwqG52Of2A=', '0f343b0931126a20f133d67c2b018a3b5f1b2f1d9f1f9a1f3f0c2a1b9d8e7f60'),
    );
    // Act
    const findings = validationFindings(root);
    // Assess
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('root module var.lambda_packages: each s3_key must be lambda/<its own function>'),
        expect.stringContaining('root module var.lambda_packages: each source_code_hash must be the base64 SHA-256'),
        expect.stringContaining('module.webhook var.source_code_hash: source_code_hash must be the base64 SHA-256'),
      ]),
    );
  });

  it('reports a handler the bundles do not export', async () => {
    // Prepare
    const dir = plant({ file: 'modules/lambda-function/main.tf', find: 'handler          = var.handler', replace: 'handler          = "main.handler"' });
    // Act
    const findings = packageFindings(await expand(dir));
    // Assess
    expect(findings).toHaveLength(4);
    expect(findings[0]).toMatch(/handler is main\.handler; the bundles export handler from index\.js/);
    expect(findings.find((f) => f.startsWith('module.snapshot_writer.'))).toMatch(/handler is main\.handler; fn-webhook's zip has the handlers index\.handler, snapshot\.handler/);
  });
});

describe('Planted faults: least-privilege IAM', () => {
  it.each([
    ['a wildcard action', { file: 'envs/prod/iam.tf', find: 'actions   = ["s3:GetObject", "s3:PutObject"]\n    resources = ["${local.data_bucket}/market/*"', replace: 'actions   = ["s3:*"]\n    resources = ["${local.data_bucket}/market/*"' }, 'wildcard action "s3:*"'],
    ['a service-wide prefix wildcard', { file: 'envs/prod/iam.tf', find: 'sid       = "ReadLedgers"\n    effect    = "Allow"\n    actions   = ["dynamodb:Query"]', replace: 'sid       = "ReadLedgers"\n    effect    = "Allow"\n    actions   = ["dynamodb:*Item", "dynamodb:Query"]' }, 'wildcard action "dynamodb:*Item"'],
    ['Resource "*" where AWS offers ARNs', { file: 'envs/prod/iam.tf', find: 'resources = module.secrets.parameter_arns', replace: 'resources = ["*"]' }, 'Resource "*" for ssm:GetParameters'],
    ['a table-wide grant without partition-key prefixes', { file: 'envs/prod/iam.tf', find: '    condition {\n      test     = "ForAllValues:StringLike"\n      variable = "dynamodb:LeadingKeys"\n      values   = [local.key_prefixes.scan_dates]\n    }\n', replace: '' }, 'access to the whole table'],
  ])('reports %s', async (_name, edit, message) => {
    // Prepare
    const dir = plant(edit);
    // Act
    const findings = policyFindings(renderedPolicies(await expand(dir)));
    // Assess: the fault is reported, and nothing else is
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((f) => !f.includes(message))).toEqual([]);
  });

  it('reports a grant the documented matrix does not have: the collector reading the ledger', async () => {
    // Prepare
    const dir = plant({ file: 'envs/prod/iam.tf', find: 'values   = [local.key_prefixes.scan_dates]', replace: 'values   = [local.key_prefixes.scan_dates, local.key_prefixes.ledger]' });
    const root = await expand(dir);
    // Act
    const findings = matrixFindings(root, renderedPolicies(root), readReadme(dir));
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toContain('| table `PORTFOLIO#<chat>` | read, write | read, write | read | read | — |');
  });
});
