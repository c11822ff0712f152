export { SsmSecretsProvider, type SsmSecretsProviderOptions } from './ssm';
export { EnvSecretsProvider, SECRET_ENV_VARS, type EnvSecretsProviderOptions } from './env';
export { SECRET_PARAMETERS, secretParameterNames, parseChatIds } from './names';
