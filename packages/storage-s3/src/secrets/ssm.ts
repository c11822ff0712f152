import type { SSMClient } from '@aws-sdk/client-ssm';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type { Secrets, SecretsProvider } from '@tradebot/core-domain';
import { SecretsUnavailableError } from '../errors';
import { parseChatIds, secretParameterNames } from './names';

/** Options of `SsmSecretsProvider`. */
export interface SsmSecretsProviderOptions {
  /** The SSM client (built once at module scope by the Lambda). */
  readonly client: SSMClient;
  /** Parameter prefix, e.g. `/tradebot/prod`. */
  readonly prefix: string;
  /** How long values stay cached in memory (default 300 s), so a warm Lambda does not call SSM per update. */
  readonly cacheSeconds?: number;
}

/**
 * Reads the secrets from SSM Parameter Store (SecureString, decrypted) in one batched request and
 * caches them in memory for `cacheSeconds`. Use it in every Lambda; secrets never live in environment
 * variables there. Built on Powertools' `SSMProvider.getParametersByName` with the client you pass.
 * A missing or empty required secret throws `SecretsUnavailableError` naming the parameter, never its value.
 */
export class SsmSecretsProvider implements SecretsProvider {
  private readonly provider: SSMProvider;
  private readonly names: ReturnType<typeof secretParameterNames>;

  constructor(private readonly options: SsmSecretsProviderOptions) {
    this.provider = new SSMProvider({ awsSdkV3Client: options.client });
    this.names = secretParameterNames(options.prefix);
  }

  async get(): Promise<Secrets> {
    const names = this.names;
    let values: Record<string, unknown>;
    try {
      values = (await this.provider.getParametersByName(
        { [names.telegramBotToken]: {}, [names.webhookSecretToken]: {}, [names.anthropicApiKey]: {}, [names.allowedChatIds]: {} },
        { decrypt: true, maxAge: this.options.cacheSeconds ?? 300, throwOnError: false },
      )) as Record<string, unknown>;
    } catch (error) {
      const reason = error instanceof Error ? error.name : 'unknown error';
      throw new SecretsUnavailableError(`Could not read secrets under ${this.options.prefix} from SSM (${reason}).`, { cause: error });
    }

    const required = (name: string): string => {
      const value = values[name];
      if (typeof value !== 'string' || value.trim() === '') {
        throw new SecretsUnavailableError(`SSM parameter ${name} is missing or empty; set it with scripts/put-secrets.`);
      }
      return value.trim();
    };
    const anthropic = values[names.anthropicApiKey];
    const chatIds = parseChatIds(required(names.allowedChatIds));
    if (!chatIds.ok) {
      throw new SecretsUnavailableError(`SSM parameter ${names.allowedChatIds}: item ${chatIds.badPosition} is not a chat id (comma-separated integers expected).`);
    }
    return {
      telegramBotToken: required(names.telegramBotToken),
      webhookSecretToken: required(names.webhookSecretToken),
      ...(typeof anthropic === 'string' && anthropic.trim() !== '' ? { anthropicApiKey: anthropic.trim() } : {}),
      allowedChatIds: chatIds.ids,
    };
  }
}
