/**
 * What the deploy role must be allowed for the deploy workflow to run unattended, derived from
 * infra/ as Terraform expands it: for every resource type a row of the IAM actions Terraform (the
 * hashicorp/aws provider) calls to create, read, update, delete and tag it, on the ARN of each
 * instance; plus what the workflow does around Terraform (state, packages, set-webhook, smoke test).
 * A resource type with no row is itself a finding, so a new kind of resource in infra/ cannot slip
 * past the deploy role.
 */
import { allResources, Unknown, type ModuleInstance, type PolicyStatement, type ResourceInstance, type Value } from '../../../infra/tests/lib/evaluate';
import { isAllowed, type Request } from '../../../infra/tests/lib/iam';
import { packageKey, type LambdaFunction } from '../../lib/aws';
import { UNSCOPED_ACTIONS, type PolicyDocument } from '../../lib/deploy-policy';

/** Where the evaluated root lives. */
interface Place {
  readonly region: string;
  readonly account: string;
}

/** Requests on one set of ARNs. */
interface Need {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly context?: Readonly<Record<string, readonly string[]>>;
}

type Needs = (instance: ResourceInstance, place: Place) => readonly Need[];

const text = (value: Value): string => (value instanceof Unknown ? value.toString() : String(value));
const attr = (instance: ResourceInstance, name: string): string => text(instance.attribute(name));
const first = (value: Value): Record<string, Value> => (Array.isArray(value) ? value[0] : value) as Record<string, Value>;

const bucketArn = (instance: ResourceInstance): string => `arn:aws:s3:::${attr(instance, 'bucket')}`;
/** Log group actions are authorized on `log-group:<name>` (tags) or `log-group:<name>:*` (the rest). */
const logGroupArns = (name: string, place: Place): string[] => [`arn:aws:logs:${place.region}:${place.account}:log-group:${name}`, `arn:aws:logs:${place.region}:${place.account}:log-group:${name}:*`];
const functionArn = (name: string, place: Place): string => `arn:aws:lambda:${place.region}:${place.account}:function:${name}`;
const apis = (place: Place, path = ''): string => `arn:aws:apigateway:${place.region}::/apis${path}`;
/** API Gateway tags a resource through `/tags/<its ARN>`. */
const apiTags = (place: Place, id: string): Need => ({ actions: ['apigateway:GET', 'apigateway:POST', 'apigateway:DELETE'], resources: [`arn:aws:apigateway:${place.region}::/tags/${encodeURIComponent(`arn:aws:apigateway:${place.region}::/apis/${id}`)}`] });
const s3Setting = (...actions: string[]): Needs => (i) => [{ actions: actions.map((a) => `s3:${a}`), resources: [bucketArn(i)] }];
const apiChild = (collection: string): Needs => (i, place) => [
  { actions: ['apigateway:POST'], resources: [apis(place, `/${attr(i, 'api_id')}/${collection}`)] },
  { actions: ['apigateway:GET', 'apigateway:PATCH', 'apigateway:DELETE'], resources: [apis(place, `/${attr(i, 'api_id')}/${collection}/${collection === 'stages' ? attr(i, 'name') : text(new Unknown(`${i.address}.id`))}`)] },
];
const alarm = (put: string): Needs => (i) => [{ actions: [put, 'cloudwatch:DescribeAlarms', 'cloudwatch:DeleteAlarms', 'cloudwatch:TagResource', 'cloudwatch:UntagResource', 'cloudwatch:ListTagsForResource'], resources: [attr(i, 'arn')] }];

/** The provider's calls per resource type (create, read, update, delete, tags). */
export const TERRAFORM_NEEDS: Readonly<Record<string, Needs>> = {
  aws_s3_bucket: (i) => [
    {
      actions: ['CreateBucket', 'DeleteBucket', 'ListBucket', 'GetBucketAcl', 'GetBucketCORS', 'GetBucketWebsite', 'GetBucketVersioning', 'GetAccelerateConfiguration', 'GetBucketRequestPayment', 'GetBucketLogging', 'GetLifecycleConfiguration', 'GetReplicationConfiguration', 'GetEncryptionConfiguration', 'GetBucketObjectLockConfiguration', 'GetBucketPolicy', 'GetBucketTagging', 'PutBucketTagging'].map((a) => `s3:${a}`),
      resources: [attr(i, 'arn')],
    },
  ],
  aws_s3_bucket_public_access_block: s3Setting('GetBucketPublicAccessBlock', 'PutBucketPublicAccessBlock'),
  aws_s3_bucket_ownership_controls: s3Setting('GetBucketOwnershipControls', 'PutBucketOwnershipControls'),
  aws_s3_bucket_server_side_encryption_configuration: s3Setting('GetEncryptionConfiguration', 'PutEncryptionConfiguration'),
  aws_s3_bucket_versioning: s3Setting('GetBucketVersioning', 'PutBucketVersioning'),
  aws_s3_bucket_lifecycle_configuration: s3Setting('GetLifecycleConfiguration', 'PutLifecycleConfiguration'),
  aws_s3_bucket_policy: s3Setting('GetBucketPolicy', 'PutBucketPolicy', 'DeleteBucketPolicy'),
  aws_dynamodb_table: (i) => [
    {
      actions: ['CreateTable', 'DescribeTable', 'UpdateTable', 'DeleteTable', 'DescribeTimeToLive', 'UpdateTimeToLive', 'DescribeContinuousBackups', 'UpdateContinuousBackups', 'ListTagsOfResource', 'TagResource', 'UntagResource'].map((a) => `dynamodb:${a}`),
      resources: [attr(i, 'arn')],
    },
  ],
  aws_iam_role: (i) => [
    {
      actions: ['CreateRole', 'GetRole', 'UpdateRole', 'UpdateAssumeRolePolicy', 'DeleteRole', 'TagRole', 'UntagRole', 'ListRolePolicies', 'ListAttachedRolePolicies', 'ListInstanceProfilesForRole'].map((a) => `iam:${a}`),
      resources: [attr(i, 'arn')],
    },
  ],
  aws_iam_role_policy: (i, place) => [{ actions: ['iam:PutRolePolicy', 'iam:GetRolePolicy', 'iam:DeleteRolePolicy'], resources: [`arn:aws:iam::${place.account}:role/${attr(i, 'role')}`] }],
  aws_cloudwatch_log_group: (i, place) => [
    { actions: ['logs:CreateLogGroup', 'logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy', 'logs:TagResource', 'logs:UntagResource', 'logs:ListTagsForResource'], resources: logGroupArns(attr(i, 'name'), place) },
    { actions: ['logs:DescribeLogGroups'], resources: [`arn:aws:logs:${place.region}:${place.account}:log-group:*`] },
  ],
  aws_cloudwatch_log_metric_filter: (i, place) => [{ actions: ['logs:PutMetricFilter', 'logs:DeleteMetricFilter', 'logs:DescribeMetricFilters'], resources: logGroupArns(attr(i, 'log_group_name'), place) }],
  aws_lambda_function: (i) => [
    {
      actions: ['CreateFunction', 'GetFunction', 'GetFunctionConfiguration', 'GetFunctionCodeSigningConfig', 'ListVersionsByFunction', 'UpdateFunctionCode', 'UpdateFunctionConfiguration', 'DeleteFunction', 'PutFunctionConcurrency', 'DeleteFunctionConcurrency', 'TagResource', 'UntagResource', 'ListTags'].map((a) => `lambda:${a}`),
      resources: [attr(i, 'arn')],
    },
    { actions: ['iam:PassRole'], resources: [attr(i, 'role')], context: { 'iam:PassedToService': ['lambda.amazonaws.com'] } },
    // CreateFunction and UpdateFunctionCode read the zip with the caller's permissions.
    { actions: ['s3:GetObject'], resources: [`arn:aws:s3:::${attr(i, 's3_bucket')}/${attr(i, 's3_key')}`] },
  ],
  aws_lambda_layer_version: (i) => [
    { actions: ['PublishLayerVersion', 'GetLayerVersion', 'DeleteLayerVersion', 'ListLayerVersions'].map((a) => `lambda:${a}`), resources: [attr(i, 'arn'), attr(i, 'layer_arn')] },
    // PublishLayerVersion reads the zip with the caller's permissions.
    { actions: ['s3:GetObject'], resources: [`arn:aws:s3:::${attr(i, 's3_bucket')}/${attr(i, 's3_key')}`] },
  ],
  aws_lambda_function_event_invoke_config: (i, place) => [
    { actions: ['PutFunctionEventInvokeConfig', 'GetFunctionEventInvokeConfig', 'UpdateFunctionEventInvokeConfig', 'DeleteFunctionEventInvokeConfig'].map((a) => `lambda:${a}`), resources: [functionArn(attr(i, 'function_name'), place)] },
  ],
  aws_lambda_event_source_mapping: (i, place) => {
    // function_name holds the function's ARN; every call but the tags' is authorized against it.
    const context = { 'lambda:FunctionArn': [attr(i, 'function_name')] };
    const mapping = `arn:aws:lambda:${place.region}:${place.account}:event-source-mapping:${text(new Unknown(`${i.address}.uuid`))}`;
    return [
      { actions: ['lambda:CreateEventSourceMapping'], resources: ['*'], context },
      { actions: ['GetEventSourceMapping', 'UpdateEventSourceMapping', 'DeleteEventSourceMapping'].map((a) => `lambda:${a}`), resources: [mapping], context },
      { actions: ['TagResource', 'UntagResource', 'ListTags'].map((a) => `lambda:${a}`), resources: [mapping] },
    ];
  },
  aws_lambda_permission: (i, place) => [{ actions: ['lambda:AddPermission', 'lambda:RemovePermission', 'lambda:GetPolicy'], resources: [functionArn(attr(i, 'function_name'), place)] }],
  aws_apigatewayv2_api: (i, place) => {
    const id = text(new Unknown(`${i.address}.id`));
    return [
      { actions: ['apigateway:POST'], resources: [apis(place)] },
      { actions: ['apigateway:GET', 'apigateway:PATCH', 'apigateway:DELETE'], resources: [apis(place, `/${id}`)] },
      apiTags(place, id),
    ];
  },
  aws_apigatewayv2_integration: apiChild('integrations'),
  aws_apigatewayv2_route: apiChild('routes'),
  aws_apigatewayv2_stage: (i, place) => [
    ...apiChild('stages')(i, place),
    // Access logs: API Gateway sets up a log delivery to the group with the caller's permissions.
    ...(i.decl.body.access_log_settings === undefined ? [] : [{ actions: UNSCOPED_ACTIONS, resources: ['*'] }, { actions: ['logs:DescribeLogGroups'], resources: [`arn:aws:logs:${place.region}:${place.account}:log-group:*`] }]),
  ],
  aws_scheduler_schedule_group: (i) => [
    { actions: ['CreateScheduleGroup', 'GetScheduleGroup', 'DeleteScheduleGroup', 'TagResource', 'UntagResource', 'ListTagsForResource'].map((a) => `scheduler:${a}`), resources: [attr(i, 'arn')] },
  ],
  aws_scheduler_schedule: (i) => [
    { actions: ['scheduler:CreateSchedule', 'scheduler:GetSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'], resources: [attr(i, 'arn')] },
    { actions: ['iam:PassRole'], resources: [text(first(i.attribute('target')).role_arn!)], context: { 'iam:PassedToService': ['scheduler.amazonaws.com'] } },
  ],
  aws_sqs_queue: (i) => [
    { actions: ['CreateQueue', 'GetQueueAttributes', 'SetQueueAttributes', 'GetQueueUrl', 'DeleteQueue', 'ListQueueTags', 'TagQueue', 'UntagQueue'].map((a) => `sqs:${a}`), resources: [attr(i, 'arn')] },
  ],
  aws_sns_topic: (i) => [
    { actions: ['CreateTopic', 'GetTopicAttributes', 'SetTopicAttributes', 'DeleteTopic', 'ListTagsForResource', 'TagResource', 'UntagResource'].map((a) => `sns:${a}`), resources: [attr(i, 'arn')] },
  ],
  aws_sns_topic_subscription: (i) => [
    { actions: ['sns:Subscribe'], resources: [attr(i, 'topic_arn')] },
    // A subscription's ARN is its topic's ARN and an id.
    { actions: ['sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes', 'sns:Unsubscribe'], resources: [`${attr(i, 'topic_arn')}:${text(new Unknown(`${i.address}.id`))}`] },
  ],
  aws_cloudwatch_metric_alarm: alarm('cloudwatch:PutMetricAlarm'),
  aws_cloudwatch_composite_alarm: alarm('cloudwatch:PutCompositeAlarm'),
  aws_cloudwatch_dashboard: (i, place) => [{ actions: ['cloudwatch:PutDashboard', 'cloudwatch:GetDashboard', 'cloudwatch:DeleteDashboards'], resources: [`arn:aws:cloudwatch::${place.account}:dashboard/${attr(i, 'dashboard_name')}`] }],
};

/** Data sources that call nothing an IAM policy must allow (computed locally, or sts:GetCallerIdentity, which needs no permission). */
export const DATA_SOURCES_WITHOUT_PERMISSIONS: readonly string[] = ['aws_caller_identity', 'aws_region', 'aws_partition', 'aws_iam_policy_document'];

/** What the deploy workflow does around Terraform, with the names it uses. */
export interface WorkflowTargets {
  readonly stateBucket: string;
  /** The backend block's `key`. */
  readonly stateKey: string;
  readonly artifactsBucket: string;
}

function workflowNeeds(root: ModuleInstance, targets: WorkflowTargets): Need[] {
  const state = `arn:aws:s3:::${targets.stateBucket}`;
  const parameters = root.child('secrets').output('parameter_arns') as string[];
  const webhook = root.child('webhook').output('function_arn');
  const anyPackage = (fn: LambdaFunction): string => `arn:aws:s3:::${targets.artifactsBucket}/${packageKey(fn, '0'.repeat(64))}`;
  return [
    // terraform init/plan/apply: the state and its lock file (use_lockfile).
    { actions: ['s3:ListBucket'], resources: [state] },
    { actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [`${state}/${targets.stateKey}`, `${state}/${targets.stateKey}.tflock`] },
    // pnpm upload-packages: a package may already be there (HEAD needs ListBucket to answer 404).
    { actions: ['s3:ListBucket'], resources: [`arn:aws:s3:::${targets.artifactsBucket}`] },
    { actions: ['s3:GetObject', 's3:PutObject'], resources: [anyPackage('fn-webhook'), anyPackage('fn-collector'), anyPackage('fn-daily')] },
    // pnpm set-webhook and the smoke test (pnpm invoke webhook).
    { actions: ['ssm:GetParameters'], resources: parameters },
    { actions: ['lambda:InvokeFunction'], resources: [text(webhook)] },
  ];
}

/** The deploy policy's statements in the simulator's shape (lists everywhere). */
export function simulatorStatements(policy: PolicyDocument): PolicyStatement[] {
  const list = (value: string | readonly string[] | undefined): string[] | undefined => (value === undefined ? undefined : [value].flat());
  return policy.Statement.map((s) => ({
    Sid: s.Sid,
    Effect: s.Effect,
    Action: list(s.Action)!,
    ...(s.Resource === undefined ? {} : { Resource: list(s.Resource)! }),
    ...(s.Condition === undefined ? {} : { Condition: Object.fromEntries(Object.entries(s.Condition).map(([op, keys]) => [op, Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, list(v)!]))])) }),
  })) as PolicyStatement[];
}

/**
 * Every request Terraform and the deploy workflow make for the expanded root that `policy` does
 * not allow, one line per resource type and action, plus every resource or data type the table
 * does not know. Empty when the deploy role can deploy this configuration.
 */
export function deployCoverageFindings(root: ModuleInstance, policy: PolicyDocument, targets: WorkflowTargets): string[] {
  const statements = simulatorStatements(policy);
  const place: Place = { region: root.ctx.region, account: root.ctx.accountId };
  const findings = new Set<string>();
  const check = (what: string, needs: readonly Need[]): void => {
    for (const need of needs) {
      for (const action of need.actions) {
        for (const resource of need.resources) {
          const request: Request = { action, resource, ...(need.context ? { context: need.context } : {}) };
          if (!isAllowed(statements, request)) findings.add(`${what}: the deploy role may not ${action} on ${resource}`);
        }
      }
    }
  };
  for (const instance of allResources(root)) {
    const { kind, type } = instance.decl;
    if (kind === 'data') {
      if (!DATA_SOURCES_WITHOUT_PERMISSIONS.includes(type)) findings.add(`data ${type}: not in DATA_SOURCES_WITHOUT_PERMISSIONS; say what it reads and allow it`);
      continue;
    }
    const needs = TERRAFORM_NEEDS[type];
    if (!needs) {
      findings.add(`${type}: no row in TERRAFORM_NEEDS (scripts/tests/helpers/terraform-needs.ts); add what Terraform calls for it, then a statement to scripts/lib/deploy-policy.ts`);
      continue;
    }
    check(type, needs(instance, place));
  }
  check('deploy workflow', workflowNeeds(root, targets));
  return [...findings];
}
