/**
 * `@aws-sdk/credential-provider-node` for the Lambda bundles: credentials from the environment only.
 * Lambda always hands a function its role's credentials as `AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, which is the first link of the SDK's default
 * chain (`fromEnv`); the other links (SSO, shared ini files, credential_process, web identity,
 * container and instance metadata) and the STS/SSO clients they load are never reached there, yet
 * weigh about 25 KB of every zip. Same exports as the real package, reading the same variables as
 * `fromEnv`; no dependency, so it resolves from anywhere.
 */

/** What the SDK expects from a credential provider. */
export interface EnvCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
  readonly credentialScope?: string;
  readonly accountId?: string;
}

/** The SDK's provider error: `tryNextLink: false` tells a chain to stop here. */
export class CredentialsProviderError extends Error {
  override readonly name = 'CredentialsProviderError';
  readonly tryNextLink = false;
}

/** The SDK's default credential provider, reduced to the environment (what Lambda provides). */
export const defaultProvider =
  (_init: unknown = {}): (() => Promise<EnvCredentials>) =>
  async () => {
    const env = process.env;
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      throw new CredentialsProviderError(
        'No AWS credentials in the environment. This Lambda bundle reads them only from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, which Lambda sets; set them to run it elsewhere.',
      );
    }
    return {
      accessKeyId,
      secretAccessKey,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      ...(env.AWS_CREDENTIAL_EXPIRATION ? { expiration: new Date(env.AWS_CREDENTIAL_EXPIRATION) } : {}),
      ...(env.AWS_CREDENTIAL_SCOPE ? { credentialScope: env.AWS_CREDENTIAL_SCOPE } : {}),
      ...(env.AWS_ACCOUNT_ID ? { accountId: env.AWS_ACCOUNT_ID } : {}),
    };
  };

/** As in `@aws-sdk/credential-provider-node`. */
export const credentialsWillNeedRefresh = (credentials?: EnvCredentials): boolean => credentials?.expiration !== undefined;

/** As in `@aws-sdk/credential-provider-node`: expiring within five minutes counts as expired. */
export const credentialsTreatedAsExpired = (credentials?: EnvCredentials): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
