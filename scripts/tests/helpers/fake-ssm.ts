import { GetParametersCommand, PutParameterCommand, SSMClient, type GetParametersCommandInput, type PutParameterCommandInput } from '@aws-sdk/client-ssm';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';

/** SSM has no local stand-in: a stateful aws-sdk-client-mock of the two calls the scripts make. */
export interface FakeSsm {
  readonly mock: AwsStub<any, any, any>;
  /** Parameter name -> stored value. */
  readonly store: Map<string, string>;
  /** Names written, in order (PutParameter calls). */
  readonly writes: () => string[];
  client(region: string): SSMClient;
  restore(): void;
}

/** Mocks every SSMClient: GetParameters answers from `store`, PutParameter (SecureString only) writes to it. */
export function fakeSsm(initial: Record<string, string> = {}): FakeSsm {
  const store = new Map(Object.entries(initial));
  const mock = mockClient(SSMClient);
  mock.on(GetParametersCommand).callsFake((input: GetParametersCommandInput) => {
    const names = input.Names ?? [];
    if (names.length > 10) throw new Error('ValidationException: at most 10 names');
    return {
      Parameters: names.filter((n) => store.has(n)).map((n) => ({ Name: n, Value: input.WithDecryption ? store.get(n) : 'ENCRYPTED', Type: 'SecureString' })),
      InvalidParameters: names.filter((n) => !store.has(n)),
    };
  });
  mock.on(PutParameterCommand).callsFake((input: PutParameterCommandInput) => {
    if (input.Type !== 'SecureString') throw new Error(`ValidationException: ${input.Name} must be a SecureString in this project`);
    if (!input.Overwrite && store.has(input.Name!)) throw Object.assign(new Error('The parameter already exists.'), { name: 'ParameterAlreadyExists' });
    store.set(input.Name!, input.Value!);
    return { Version: 1, Tier: 'Standard' };
  });
  return {
    mock,
    store,
    writes: () => mock.commandCalls(PutParameterCommand).map((call) => call.args[0].input.Name!),
    client: (region) => new SSMClient({ region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
    restore: () => mock.restore(),
  };
}
