import type { Secrets, SecretsProvider } from '@tradebot/core-domain';
import { EnvSecretsForbiddenError, SecretsUnavailableError } from '../errors';
import { parseChatIds } from './names';

/** Environment variables `EnvSecretsProvider` reads. */
export const SECRET_ENV_VARS = {
  telegramBotToken: 'TELEGRAM_BOT_TOKEN',
  webhookSecretToken: 'TELEGRAM_WEBHOOK_SECRET',
  anthropicApiKey: 'ANTHROPIC_API_KEY',
  allowedChatIds: 'ALLOWED_CHAT_IDS',
} as const;

/** Options of `EnvSecretsProvider`. */
export interface EnvSecretsProviderOptions {
  /** The variables to read (pass `process.env`); the class itself never touches the process. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether the process runs inside Lambda (`Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME)`): then construction throws. */
  readonly runningInLambda: boolean;
  /** Values for variables that are not set (the local stack's placeholders, e.g. for the terminal chat). */
  readonly defaults?: Partial<Secrets>;
}

/**
 * Secrets from environment variables, for `pnpm start` and scripts on a developer's machine only.
 * Constructing it inside Lambda throws `EnvSecretsForbiddenError`, so a misconfigured deploy fails
 * loudly instead of running with secrets in its environment.
 */
export class EnvSecretsProvider implements SecretsProvider {
  private readonly secrets: Secrets;

  constructor(options: EnvSecretsProviderOptions) {
    if (options.runningInLambda) throw new EnvSecretsForbiddenError();
    const read = (name: string): string | undefined => {
      const value = options.env[name]?.trim();
      return value ? value : undefined;
    };
    const required = (name: string, fallback: string | undefined): string => {
      const value = read(name) ?? fallback;
      if (!value) throw new SecretsUnavailableError(`Environment variable ${name} is not set.`);
      return value;
    };
    const chatIdsText = read(SECRET_ENV_VARS.allowedChatIds);
    let allowedChatIds = options.defaults?.allowedChatIds ?? [];
    if (chatIdsText !== undefined) {
      const parsed = parseChatIds(chatIdsText);
      if (!parsed.ok) throw new SecretsUnavailableError(`${SECRET_ENV_VARS.allowedChatIds}: item ${parsed.badPosition} is not a chat id (comma-separated integers expected).`);
      allowedChatIds = parsed.ids;
    }
    const anthropicApiKey = read(SECRET_ENV_VARS.anthropicApiKey) ?? options.defaults?.anthropicApiKey;
    this.secrets = {
      telegramBotToken: required(SECRET_ENV_VARS.telegramBotToken, options.defaults?.telegramBotToken),
      webhookSecretToken: required(SECRET_ENV_VARS.webhookSecretToken, options.defaults?.webhookSecretToken),
      ...(anthropicApiKey ? { anthropicApiKey } : {}),
      allowedChatIds,
    };
  }

  async get(): Promise<Secrets> {
    return this.secrets;
  }
}
