import { EnvSecretsForbiddenError, EnvSecretsProvider, SecretsUnavailableError } from '../../../src';

describe('Class: EnvSecretsProvider', () => {
  it('reads the secrets from the variables it is given when running locally', async () => {
    // Prepare
    const env = { TELEGRAM_BOT_TOKEN: '1:X', TELEGRAM_WEBHOOK_SECRET: 'w', ALLOWED_CHAT_IDS: '7,8' };

    // Act
    const secrets = await new EnvSecretsProvider({ env, runningInLambda: false }).get();

    // Assess
    expect(secrets).toEqual({ telegramBotToken: '1:X', webhookSecretToken: 'w', allowedChatIds: ['7', '8'] });
  });

  it('refuses to exist inside Lambda', () => {
    // Act
    const build = () => new EnvSecretsProvider({ env: { TELEGRAM_BOT_TOKEN: '1:X', TELEGRAM_WEBHOOK_SECRET: 'w' }, runningInLambda: true });

    // Assess
    expect(build).toThrow(EnvSecretsForbiddenError);
    expect(build).toThrow(/only allowed when running locally/);
  });

  it('uses the given defaults for unset variables and names a variable that is missing', async () => {
    // Prepare
    const defaults = { telegramBotToken: 'local', webhookSecretToken: 'local-secret', allowedChatIds: ['1'] };

    // Act
    const withDefaults = await new EnvSecretsProvider({ env: {}, runningInLambda: false, defaults }).get();
    const missing = () => new EnvSecretsProvider({ env: { TELEGRAM_BOT_TOKEN: '1:X' }, runningInLambda: false });

    // Assess
    expect(withDefaults).toEqual(defaults);
    expect(missing).toThrow(SecretsUnavailableError);
    expect(missing).toThrow(/TELEGRAM_WEBHOOK_SECRET is not set/);
  });
});
