import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { localS3Client } from '@tradebot/local-stack';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';

/** The bucket settings bootstrap applies; s3rver answers each of them with NotImplemented. */
// Typed loosely on purpose: the commands differ in input type and are only recorded.
export const CONFIGURATION_COMMANDS: readonly (new (input: any) => any)[] = [PutPublicAccessBlockCommand, PutBucketEncryptionCommand, PutBucketVersioningCommand, PutBucketPolicyCommand, PutBucketLifecycleConfigurationCommand];

/** An S3 client whose bucket creation reaches s3rver and whose bucket configuration is recorded. */
export interface HybridS3 {
  readonly client: S3Client;
  /** A plain client on the same s3rver (to check what really exists). */
  readonly real: S3Client;
  readonly mock: AwsStub<any, any, any>;
  /** The configuration calls made for `bucket`: command name -> input (the last one). */
  configuration(bucket: string): Record<string, Record<string, unknown>>;
  /** How many configuration calls were made for `bucket`, all runs together. */
  configurationCalls(bucket: string): number;
  restore(): void;
}

/**
 * s3rver (the local S3) creates and finds buckets but implements none of the bucket settings
 * (versioning, encryption, public access block, policy, lifecycle: NotImplemented). This client
 * sends HeadBucket and CreateBucket to s3rver for real and records the settings calls with
 * aws-sdk-client-mock, so a test sees both what exists and what was configured.
 */
export function hybridS3(endpoint: string): HybridS3 {
  const real = localS3Client(endpoint);
  const client = localS3Client(endpoint);
  const mock = mockClient(client);
  mock.on(HeadBucketCommand).callsFake((input) => real.send(new HeadBucketCommand(input)));
  mock.on(CreateBucketCommand).callsFake((input) => real.send(new CreateBucketCommand(input)));
  for (const command of CONFIGURATION_COMMANDS) mock.on(command).resolves({});
  return {
    client,
    real,
    mock,
    configuration(bucket) {
      const found: Record<string, Record<string, unknown>> = {};
      for (const command of CONFIGURATION_COMMANDS) {
        for (const call of mock.commandCalls(command)) {
          const input = (call.args[0] as { input: Record<string, unknown> }).input;
          if (input.Bucket === bucket) found[command.name] = input;
        }
      }
      return found;
    },
    configurationCalls(bucket) {
      return CONFIGURATION_COMMANDS.flatMap((command) => mock.commandCalls(command)).filter((call) => (call.args[0] as { input: { Bucket?: string } }).input.Bucket === bucket).length;
    },
    restore() {
      mock.restore();
      real.destroy();
    },
  };
}
