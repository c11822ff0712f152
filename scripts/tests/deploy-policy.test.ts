import { deployPolicy, deployRoleName, FUNCTION_ARN_SCOPED_ACTIONS, INLINE_POLICY_LIMIT, policySize, trustPolicy, UNSCOPED_ACTIONS, type DeployRoleContext, type PolicyStatement } from '../lib/deploy-policy';

const CTX: DeployRoleContext = {
  accountId: '123456789012',
  region: 'eu-west-1',
  stage: 'prod',
  repository: 'alice/tradebot',
  branch: 'main',
  environment: 'production',
  stateBucket: 'tradebot-tfstate-123456789012-eu-west-1',
  artifactsBucket: 'tradebot-artifacts-123456789012-eu-west-1',
};

const list = (value: string | readonly string[] | undefined): string[] => (value === undefined ? [] : typeof value === 'string' ? [value] : [...value]);
const statements = deployPolicy(CTX).Statement;
const allows = (action: string): PolicyStatement[] =>
  statements.filter((s) => s.Effect === 'Allow' && list(s.Action).some((a) => a === action || (a.endsWith('*') && action.startsWith(a.slice(0, -1)))));

describe('Function: trustPolicy', () => {
  it('lets only GitHub runs of this repository on main or in the production environment assume the role', () => {
    // Act
    const [statement, ...others] = trustPolicy(CTX).Statement;

    // Assess
    expect(others).toEqual([]);
    expect(statement).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' } });
    expect(Object.keys(statement!.Condition!)).toEqual(['StringEquals']);
    expect(statement!.Condition!.StringEquals).toEqual({
      'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
      'token.actions.githubusercontent.com:sub': ['repo:alice/tradebot:ref:refs/heads/main', 'repo:alice/tradebot:environment:production'],
    });
  });
});

describe('Function: deployPolicy', () => {
  it('never allows every action, allows every resource only to the actions IAM cannot scope, and fits in an inline policy', () => {
    for (const s of statements) {
      expect(list(s.Action).every((a) => a !== '*' && !a.endsWith(':*'))).toBe(true);
      // "*" only for what IAM cannot scope at all, or (a stream mapping's creation) scopes by the function it targets.
      const byFunction = s.Condition?.ArnLike?.['lambda:FunctionArn'] === 'arn:aws:lambda:eu-west-1:123456789012:function:tradebot-prod-*';
      if (list(s.Resource).includes('*')) expect({ sid: s.Sid, unscopable: list(s.Action).filter((a) => !UNSCOPED_ACTIONS.includes(a) && !(byFunction && FUNCTION_ARN_SCOPED_ACTIONS.includes(a))) }).toEqual({ sid: s.Sid, unscopable: [] });
    }
    // The longest names a stage, region and account can have still fit.
    const longest: DeployRoleContext = { ...CTX, stage: 'abcdefghijkl', region: 'ap-southeast-2', stateBucket: 'tradebot-tfstate-123456789012-ap-southeast-2', artifactsBucket: 'tradebot-artifacts-123456789012-ap-southeast-2' };
    expect(policySize(deployPolicy(longest))).toBeLessThan(INLINE_POLICY_LIMIT);
  });

  it('scopes every resource to the stage, the two bootstrap buckets, or a documented unnamed API', () => {
    // Prepare
    const allowed = [
      /tradebot-prod-\*/,
      /^arn:aws:s3:::tradebot-(tfstate|artifacts)-123456789012-eu-west-1(\/|$)/,
      /^arn:aws:apigateway:eu-west-1::\/(apis|tags)/,
      /^arn:aws:logs:eu-west-1:123456789012:log-group:\*$/,
      /^arn:aws:ssm:eu-west-1:123456789012:parameter\/tradebot\/prod\/\*$/,
      // Stream mappings are named by a UUID: held to the stack's functions by lambda:FunctionArn (below), or tags only.
      /^arn:aws:lambda:eu-west-1:123456789012:event-source-mapping:\*$/,
    ];
    // Act: "*" is the previous test's subject
    const resources = statements.flatMap((s) => list(s.Resource)).filter((r) => r !== '*');
    // Assess
    for (const resource of resources) expect(allowed.some((pattern) => pattern.test(resource))).toBe(true);
  });

  it("holds every stream mapping call to the stack's own functions (lambda:FunctionArn), tags aside", () => {
    // Act
    const onMappings = statements.filter((s) => list(s.Resource).some((r) => r === '*' || r.includes(':event-source-mapping:')) && list(s.Action).some((a) => a.startsWith('lambda:')));
    // Assess
    for (const s of onMappings) {
      const tagsOnly = list(s.Action).every((a) => ['lambda:TagResource', 'lambda:UntagResource', 'lambda:ListTags'].includes(a));
      if (!tagsOnly) expect({ sid: s.Sid, condition: s.Condition }).toEqual({ sid: s.Sid, condition: { ArnLike: { 'lambda:FunctionArn': 'arn:aws:lambda:eu-west-1:123456789012:function:tradebot-prod-*' } } });
    }
    expect(onMappings.flatMap((s) => list(s.Action)).sort()).toEqual([...FUNCTION_ARN_SCOPED_ACTIONS, 'lambda:ListTags', 'lambda:TagResource', 'lambda:UntagResource'].sort());
  });

  it('gives no access to the ledger items or the data bucket objects', () => {
    for (const action of ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) expect(allows(action)).toEqual([]);
    const objectAccess = [...allows('s3:GetObject'), ...allows('s3:PutObject'), ...allows('s3:DeleteObject')].flatMap((s) => list(s.Resource));
    for (const resource of objectAccess) expect(resource).toMatch(/^arn:aws:s3:::tradebot-(tfstate|artifacts)-/);
  });

  it('passes roles only to Lambda and the scheduler, and attaches only the stack\'s own or Lambda\'s logging policy', () => {
    // Act
    const pass = allows('iam:PassRole');
    const attach = allows('iam:AttachRolePolicy');

    // Assess
    expect(pass).toHaveLength(1);
    expect(pass[0]!.Condition).toEqual({ StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com', 'scheduler.amazonaws.com'] } });
    expect(attach).toHaveLength(1);
    expect(attach[0]!.Condition!.ArnLike!['iam:PolicyARN']).toEqual(['arn:aws:iam::123456789012:policy/tradebot-prod-*', 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
  });

  it('cannot change the deploy role itself: its name is outside the names it manages', () => {
    // Act
    const iamResources = statements.filter((s) => list(s.Action).some((a) => a.startsWith('iam:'))).flatMap((s) => list(s.Resource));
    const role = `arn:aws:iam::123456789012:role/${deployRoleName('prod')}`;

    // Assess
    for (const resource of iamResources) {
      const pattern = new RegExp(`^${resource.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      expect(pattern.test(role)).toBe(false);
    }
  });
});
