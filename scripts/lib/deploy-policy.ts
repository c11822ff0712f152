/**
 * The GitHub Actions deploy role: who may assume it (trust policy) and what it may do (one inline
 * permissions policy). Keep the permissions in step with what `infra/` manages: a new kind of
 * resource there needs a statement here, scoped to `tradebot-<stage>-*` names.
 * `scripts/tests/deploy-coverage.test.ts` checks this against every resource Terraform manages.
 */

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** One statement (the subset this project writes). */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Principal?: Readonly<Record<string, string>>;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** GitHub's OIDC issuer host and the audience configure-aws-credentials asks for. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';
/** The name of the deploy role's inline permissions policy. */
export const DEPLOY_POLICY_NAME = 'tradebot-deploy';
/** IAM's limit on a role's inline policies (characters, whitespace excluded). */
export const INLINE_POLICY_LIMIT = 10_240;
/** The branch whose pushes deploy, and the protected GitHub environment of the apply job (deploy.yml). */
export const DEPLOY_BRANCH = 'main';
export const DEPLOY_ENVIRONMENT = 'production';

/**
 * Actions AWS offers no resource-level permission for, so "*" is their only resource: the log
 * deliveries API Gateway sets up for a stage's access logs ("Permissions to activate logging" in
 * the HTTP API guide). Nothing else in the deploy policy may use "*".
 */
export const UNSCOPED_ACTIONS: readonly string[] = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
];

/**
 * Calls on Lambda event source mappings (the snapshot writer's stream mapping), whose ARNs hold a
 * UUID rather than a name: IAM holds them to the stack's functions with the `lambda:FunctionArn`
 * condition instead. CreateEventSourceMapping has no resource type at all, so its resource is "*"
 * under that condition.
 */
export const FUNCTION_ARN_SCOPED_ACTIONS: readonly string[] = ['lambda:CreateEventSourceMapping', 'lambda:GetEventSourceMapping', 'lambda:UpdateEventSourceMapping', 'lambda:DeleteEventSourceMapping'];

/** What the deploy role's policies depend on. */
export interface DeployRoleContext {
  readonly accountId: string;
  readonly region: string;
  readonly stage: string;
  /** `owner/name` of the GitHub repository allowed to assume the role. */
  readonly repository: string;
  /** The branch pushes deploy from (`main`). */
  readonly branch: string;
  /** The protected GitHub environment the apply job runs in (`production`). */
  readonly environment: string;
  readonly stateBucket: string;
  readonly artifactsBucket: string;
}

/**
 * The role's name. Deliberately outside `tradebot-<stage>-*`, the names the role may manage, so
 * the role cannot rewrite its own permissions.
 */
export function deployRoleName(stage: string): string {
  return `tradebot-github-deploy-${stage}`;
}

/** ARN of GitHub's OIDC provider in the account. */
export function oidcProviderArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

/**
 * Who may assume the role: GitHub Actions runs of `repository` only, and only a job on `branch`
 * (the plan job, `sub = repo:<repo>:ref:refs/heads/<branch>`) or a job in the protected
 * `environment` (the apply job, `sub = repo:<repo>:environment:<environment>`; the environment's
 * deployment-branch rule limits it to `branch`). Pull requests and other branches get nothing.
 */
export function trustPolicy(ctx: DeployRoleContext): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'GitHubActionsMainAndProduction',
        Effect: 'Allow',
        Principal: { Federated: oidcProviderArn(ctx.accountId) },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
            [`${GITHUB_OIDC_HOST}:sub`]: [`repo:${ctx.repository}:ref:refs/heads/${ctx.branch}`, `repo:${ctx.repository}:environment:${ctx.environment}`],
          },
        },
      },
    ],
  };
}

/**
 * What the role may do: read and write Terraform state and packages, manage the resources the
 * Terraform root creates (all named `tradebot-<stage>-*`, plus the artifacts bucket it adopts),
 * read the stage's secrets (set-webhook) and invoke its functions (smoke test). It gets no
 * data-plane access to the ledger table or the data bucket's objects, and cannot touch IAM outside
 * `tradebot-<stage>-*`.
 */
export function deployPolicy(ctx: DeployRoleContext): PolicyDocument {
  const { accountId: account, region, stage } = ctx;
  const named = `tradebot-${stage}-*`;
  const inRegion = (service: string, resource: string): string => `arn:aws:${service}:${region}:${account}:${resource}`;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'TerraformStateBucket', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: `arn:aws:s3:::${ctx.stateBucket}` },
      // Terraform >= 1.10 locks with a `.tflock` object next to the state (use_lockfile), so it deletes too.
      { Sid: 'TerraformStateObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: `arn:aws:s3:::${ctx.stateBucket}/*` },
      // Packages are content-addressed and never deleted, so rollbacks always find them.
      { Sid: 'ArtifactsPackages', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${ctx.artifactsBucket}/lambda/*` },
      {
        // The data bucket and the artifacts bucket Terraform adopts: bucket-level actions only. The
        // `*` in the ARN also matches object ARNs (bucket/key), so no object action may appear here
        // (not even through a wildcard such as s3:Get*). ListBucket is HeadBucket's permission.
        Sid: 'StackBuckets',
        Effect: 'Allow',
        Action: [
          's3:CreateBucket',
          's3:ListBucket',
          's3:GetBucket*',
          's3:PutBucket*',
          's3:DeleteBucket*',
          's3:GetAccelerateConfiguration',
          's3:GetEncryptionConfiguration',
          's3:PutEncryptionConfiguration',
          's3:GetLifecycleConfiguration',
          's3:PutLifecycleConfiguration',
          's3:GetReplicationConfiguration',
        ],
        Resource: [`arn:aws:s3:::${named}`, `arn:aws:s3:::${ctx.artifactsBucket}`],
      },
      {
        Sid: 'LedgerTable',
        Effect: 'Allow',
        Action: ['dynamodb:CreateTable', 'dynamodb:UpdateTable', 'dynamodb:DeleteTable', 'dynamodb:Describe*', 'dynamodb:UpdateTimeToLive', 'dynamodb:UpdateContinuousBackups', 'dynamodb:ListTagsOfResource', 'dynamodb:TagResource', 'dynamodb:UntagResource', 'dynamodb:GetResourcePolicy'],
        Resource: inRegion('dynamodb', `table/${named}`),
      },
      {
        // Includes lambda:InvokeFunction for the deploy's smoke test.
        Sid: 'Functions',
        Effect: 'Allow',
        Action: ['lambda:Get*', 'lambda:List*', 'lambda:Create*', 'lambda:Update*', 'lambda:Delete*', 'lambda:Put*', 'lambda:PublishVersion', 'lambda:AddPermission', 'lambda:RemovePermission', 'lambda:TagResource', 'lambda:UntagResource', 'lambda:InvokeFunction'],
        Resource: [inRegion('lambda', `function:${named}`), inRegion('lambda', `function:${named}:*`)],
      },
      {
        // The snapshot writer's stream mapping (aws_lambda_event_source_mapping): creating one has no
        // resource to name, so "*", held like the others to the stack's functions by lambda:FunctionArn.
        Sid: 'StreamMappingCreate',
        Effect: 'Allow',
        Action: FUNCTION_ARN_SCOPED_ACTIONS.filter((a) => a === 'lambda:CreateEventSourceMapping'),
        Resource: '*',
        Condition: { ArnLike: { 'lambda:FunctionArn': inRegion('lambda', `function:${named}`) } },
      },
      {
        Sid: 'StreamMappings',
        Effect: 'Allow',
        Action: FUNCTION_ARN_SCOPED_ACTIONS.filter((a) => a !== 'lambda:CreateEventSourceMapping'),
        Resource: inRegion('lambda', 'event-source-mapping:*'),
        Condition: { ArnLike: { 'lambda:FunctionArn': inRegion('lambda', `function:${named}`) } },
      },
      {
        // A mapping's tags (the provider's default tags): IAM offers no function condition for them.
        // Tags only; a mapping's source, target and settings stay behind the statement above.
        Sid: 'StreamMappingTags',
        Effect: 'Allow',
        Action: ['lambda:TagResource', 'lambda:UntagResource', 'lambda:ListTags'],
        Resource: inRegion('lambda', 'event-source-mapping:*'),
      },
      {
        // The chart layer (aws_lambda_layer_version): publish a version, read it, and delete an old
        // one Terraform replaces; rollback reads the deployed version's hash.
        Sid: 'ChartLayer',
        Effect: 'Allow',
        Action: ['lambda:PublishLayerVersion', 'lambda:GetLayerVersion', 'lambda:DeleteLayerVersion', 'lambda:ListLayerVersions'],
        Resource: [`arn:aws:lambda:${region}:${account}:layer:${named}`, `arn:aws:lambda:${region}:${account}:layer:${named}:*`],
      },
      {
        Sid: 'FunctionRoles',
        Effect: 'Allow',
        Action: ['iam:CreateRole', 'iam:DeleteRole', 'iam:GetRole', 'iam:UpdateRole', 'iam:UpdateRoleDescription', 'iam:UpdateAssumeRolePolicy', 'iam:TagRole', 'iam:UntagRole', 'iam:ListRoleTags', 'iam:PutRolePolicy', 'iam:GetRolePolicy', 'iam:DeleteRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies', 'iam:DetachRolePolicy', 'iam:ListInstanceProfilesForRole'],
        Resource: `arn:aws:iam::${account}:role/${named}`,
      },
      {
        // Managed policies attach only if they are the stack's own or Lambda's basic logging policy.
        Sid: 'FunctionRolesAttach',
        Effect: 'Allow',
        Action: 'iam:AttachRolePolicy',
        Resource: `arn:aws:iam::${account}:role/${named}`,
        Condition: { ArnLike: { 'iam:PolicyARN': [`arn:aws:iam::${account}:policy/${named}`, 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'] } },
      },
      {
        Sid: 'FunctionRolesPass',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: `arn:aws:iam::${account}:role/${named}`,
        Condition: { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com', 'scheduler.amazonaws.com'] } },
      },
      {
        Sid: 'StackPolicies',
        Effect: 'Allow',
        Action: ['iam:CreatePolicy', 'iam:DeletePolicy', 'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions', 'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:ListEntitiesForPolicy', 'iam:TagPolicy', 'iam:UntagPolicy'],
        Resource: `arn:aws:iam::${account}:policy/${named}`,
      },
      {
        // The functions' and the webhook API's log groups (/aws/lambda/..., /aws/apigateway/...) and their metric filters.
        Sid: 'LogGroups',
        Effect: 'Allow',
        Action: ['logs:CreateLogGroup', 'logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy', 'logs:TagResource', 'logs:UntagResource', 'logs:ListTagsForResource', 'logs:TagLogGroup', 'logs:ListTagsLogGroup', 'logs:PutMetricFilter', 'logs:DeleteMetricFilter', 'logs:DescribeMetricFilters'],
        Resource: [inRegion('logs', `log-group:*${named}`), inRegion('logs', `log-group:*${named}:*`)],
      },
      // Listing log groups has no per-group resource; it reveals names, never log events.
      { Sid: 'LogGroupsList', Effect: 'Allow', Action: 'logs:DescribeLogGroups', Resource: inRegion('logs', 'log-group:*') },
      // The webhook stage's access logs: API Gateway sets up a log delivery, which IAM cannot scope.
      { Sid: 'AccessLogDelivery', Effect: 'Allow', Action: [...UNSCOPED_ACTIONS], Resource: '*' },
      {
        // HTTP APIs have no name in their ARN: limited to this region's APIs and their tags.
        Sid: 'WebhookApi',
        Effect: 'Allow',
        Action: ['apigateway:GET', 'apigateway:POST', 'apigateway:PUT', 'apigateway:PATCH', 'apigateway:DELETE'],
        Resource: [`arn:aws:apigateway:${region}::/apis`, `arn:aws:apigateway:${region}::/apis/*`, `arn:aws:apigateway:${region}::/tags/*`],
      },
      {
        Sid: 'Schedules',
        Effect: 'Allow',
        Action: ['scheduler:GetSchedule', 'scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetScheduleGroup', 'scheduler:CreateScheduleGroup', 'scheduler:DeleteScheduleGroup', 'scheduler:TagResource', 'scheduler:UntagResource', 'scheduler:ListTagsForResource'],
        Resource: [inRegion('scheduler', `schedule/*/${named}`), inRegion('scheduler', `schedule-group/${named}`)],
      },
      {
        Sid: 'DeadLetterQueue',
        Effect: 'Allow',
        Action: ['sqs:CreateQueue', 'sqs:GetQueueAttributes', 'sqs:SetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:DeleteQueue', 'sqs:ListQueueTags', 'sqs:TagQueue', 'sqs:UntagQueue'],
        Resource: inRegion('sqs', named),
      },
      {
        // The topic and its e-mail subscription (subscription ARNs are <topic ARN>:<id>).
        Sid: 'AlarmTopic',
        Effect: 'Allow',
        Action: ['sns:CreateTopic', 'sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:DeleteTopic', 'sns:ListTagsForResource', 'sns:TagResource', 'sns:UntagResource', 'sns:Subscribe', 'sns:Unsubscribe', 'sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes'],
        Resource: inRegion('sns', named),
      },
      {
        Sid: 'AlarmsAndDashboard',
        Effect: 'Allow',
        Action: ['cloudwatch:PutMetricAlarm', 'cloudwatch:PutCompositeAlarm', 'cloudwatch:DescribeAlarms', 'cloudwatch:DeleteAlarms', 'cloudwatch:TagResource', 'cloudwatch:UntagResource', 'cloudwatch:ListTagsForResource', 'cloudwatch:PutDashboard', 'cloudwatch:GetDashboard', 'cloudwatch:DeleteDashboards'],
        Resource: [inRegion('cloudwatch', `alarm:${named}`), `arn:aws:cloudwatch::${account}:dashboard/${named}`],
      },
      {
        // set-webhook needs the bot token and webhook secret; the smoke test needs the secret and a chat id.
        Sid: 'StageSecretsRead',
        Effect: 'Allow',
        Action: ['ssm:GetParameter', 'ssm:GetParameters'],
        Resource: inRegion('ssm', `parameter/tradebot/${stage}/*`),
      },
    ],
  };
}

/** Length of a policy as IAM counts it against its size limit (JSON without whitespace). */
export function policySize(policy: PolicyDocument): number {
  return JSON.stringify(policy).length;
}
