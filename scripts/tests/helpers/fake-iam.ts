import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  NoSuchEntityException,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';

/** IAM has no local stand-in: a stateful aws-sdk-client-mock of the calls bootstrap makes. */
export interface FakeIam {
  readonly mock: AwsStub<any, any, any>;
  /** OIDC provider ARN -> audiences. */
  readonly providers: Map<string, string[]>;
  /** Role name -> trust policy and inline policies (JSON text, as written). */
  readonly roles: Map<string, { trust: string; policies: Map<string, string> }>;
  /** Names of the commands that changed something, in order. */
  writes(): string[];
  restore(): void;
}

const missing = (message: string) => new NoSuchEntityException({ message, $metadata: { httpStatusCode: 404 } });

/** Mocks every IAMClient with an in-memory account (IAM returns policy documents URL-encoded, like here). */
export function fakeIam(accountId = '123456789012'): FakeIam {
  const providers = new Map<string, string[]>();
  const roles = new Map<string, { trust: string; policies: Map<string, string> }>();
  const mock = mockClient(IAMClient);
  mock.on(ListOpenIDConnectProvidersCommand).callsFake(() => ({ OpenIDConnectProviderList: [...providers.keys()].map((Arn) => ({ Arn })) }));
  mock.on(GetOpenIDConnectProviderCommand).callsFake((input) => {
    const audiences = providers.get(input.OpenIDConnectProviderArn);
    if (!audiences) throw missing('provider not found');
    return { ClientIDList: [...audiences], Url: 'token.actions.githubusercontent.com' };
  });
  mock.on(CreateOpenIDConnectProviderCommand).callsFake((input) => {
    const arn = `arn:aws:iam::${accountId}:oidc-provider/${String(input.Url).replace('https://', '')}`;
    providers.set(arn, [...(input.ClientIDList ?? [])]);
    return { OpenIDConnectProviderArn: arn };
  });
  mock.on(AddClientIDToOpenIDConnectProviderCommand).callsFake((input) => {
    providers.get(input.OpenIDConnectProviderArn)!.push(input.ClientID);
    return {};
  });
  mock.on(GetRoleCommand).callsFake((input) => {
    const role = roles.get(input.RoleName);
    if (!role) throw missing(`The role with name ${input.RoleName} cannot be found.`);
    return { Role: { RoleName: input.RoleName, AssumeRolePolicyDocument: encodeURIComponent(role.trust) } };
  });
  mock.on(CreateRoleCommand).callsFake((input) => {
    roles.set(input.RoleName, { trust: input.AssumeRolePolicyDocument, policies: new Map() });
    return { Role: { RoleName: input.RoleName } };
  });
  mock.on(UpdateAssumeRolePolicyCommand).callsFake((input) => {
    roles.get(input.RoleName)!.trust = input.PolicyDocument;
    return {};
  });
  mock.on(GetRolePolicyCommand).callsFake((input) => {
    const text = roles.get(input.RoleName)?.policies.get(input.PolicyName);
    if (text === undefined) throw missing('policy not found');
    return { RoleName: input.RoleName, PolicyName: input.PolicyName, PolicyDocument: encodeURIComponent(text) };
  });
  mock.on(PutRolePolicyCommand).callsFake((input) => {
    roles.get(input.RoleName)!.policies.set(input.PolicyName, input.PolicyDocument);
    return {};
  });
  const changing = ['CreateOpenIDConnectProviderCommand', 'AddClientIDToOpenIDConnectProviderCommand', 'CreateRoleCommand', 'UpdateAssumeRolePolicyCommand', 'PutRolePolicyCommand'];
  return {
    mock,
    providers,
    roles,
    writes: () => mock.calls().map((call) => (call.args[0] as { constructor: { name: string } }).constructor.name).filter((name) => changing.includes(name)),
    restore: () => mock.restore(),
  };
}

/** Mocks STS: the caller is `account`. */
export function fakeSts(account = '123456789012'): AwsStub<any, any, any> {
  const mock = mockClient(STSClient);
  mock.on(GetCallerIdentityCommand).resolves({ Account: account, Arn: `arn:aws:iam::${account}:user/operator`, UserId: 'AIDATEST' });
  return mock;
}
