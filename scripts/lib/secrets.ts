/**
 * The stage's secrets in SSM Parameter Store, as the Lambdas read them (names from storage-s3's
 * `SECRET_PARAMETERS`, SecureString, decrypted on read). Values never leave these functions in a
 * message: callers print parameter names only.
 */
import { randomBytes } from 'node:crypto';
import { GetParametersCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { SECRET_PARAMETERS, secretParameterNames } from '@tradebot/storage-s3';

/** Which secret: the keys of storage-s3's `SECRET_PARAMETERS`. */
export type SecretKey = keyof typeof SECRET_PARAMETERS;

/** Every secret, in the order the scripts ask for them. */
export const SECRET_KEYS: readonly SecretKey[] = ['telegramBotToken', 'webhookSecretToken', 'allowedChatIds', 'anthropicApiKey'];

/** The stored values (absent: no such parameter). */
export type StoredSecrets = Partial<Record<SecretKey, string>>;

/** The full parameter names under `prefix`. */
export function parameterNames(prefix: string): Record<SecretKey, string> {
  return secretParameterNames(prefix);
}

/** Reads the stored secrets under `prefix` in one decrypted `GetParameters` call. */
export async function readSecrets(ssm: SSMClient, prefix: string, keys: readonly SecretKey[] = SECRET_KEYS): Promise<StoredSecrets> {
  const names = parameterNames(prefix);
  const byName = new Map(keys.map((key) => [names[key], key] as const));
  const answer = await ssm.send(new GetParametersCommand({ Names: [...byName.keys()], WithDecryption: true }));
  const found: StoredSecrets = {};
  for (const parameter of answer.Parameters ?? []) {
    const key = parameter.Name ? byName.get(parameter.Name) : undefined;
    if (key && typeof parameter.Value === 'string') found[key] = parameter.Value;
  }
  return found;
}

/** Writes one secret as a SecureString (created or overwritten; AWS-managed key `alias/aws/ssm`). */
export async function writeSecret(ssm: SSMClient, prefix: string, key: SecretKey, value: string): Promise<void> {
  await ssm.send(
    new PutParameterCommand({
      Name: parameterNames(prefix)[key],
      Value: value,
      Type: 'SecureString',
      Overwrite: true,
      Description: `tradebot ${SECRET_PARAMETERS[key]} (written by scripts/put-secrets)`,
    }),
  );
}

/**
 * A new webhook secret: 32 random bytes, base64url (43 characters of `A-Z a-z 0-9 _ -`, which is
 * exactly what Telegram accepts as `secret_token`).
 */
export function generateWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}
