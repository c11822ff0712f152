/**
 * SSM parameter names of the secrets, relative to the environment's prefix (`/tradebot/<env>`).
 * `scripts/put-secrets` and Terraform's IAM policy use the same names.
 */
export const SECRET_PARAMETERS = {
  telegramBotToken: 'telegram-bot-token',
  webhookSecretToken: 'webhook-secret-token',
  /** Optional: without it the offline analyst is used. */
  anthropicApiKey: 'anthropic-api-key',
  /** Comma-separated chat ids. */
  allowedChatIds: 'allowed-chat-ids',
} as const;

/** The full parameter name of each secret under `prefix` (e.g. `/tradebot/prod`). */
export function secretParameterNames(prefix: string): Record<keyof typeof SECRET_PARAMETERS, string> {
  const base = prefix.replace(/\/+$/, '');
  return {
    telegramBotToken: `${base}/${SECRET_PARAMETERS.telegramBotToken}`,
    webhookSecretToken: `${base}/${SECRET_PARAMETERS.webhookSecretToken}`,
    anthropicApiKey: `${base}/${SECRET_PARAMETERS.anthropicApiKey}`,
    allowedChatIds: `${base}/${SECRET_PARAMETERS.allowedChatIds}`,
  };
}

/**
 * Parses `allowed-chat-ids` (`"123, -100456"`): integers only (group chats are negative).
 * Returns the ids, or the position of the first bad one (never its value, which may be a pasted secret).
 */
export function parseChatIds(text: string): { ok: true; ids: string[] } | { ok: false; badPosition: number } {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const bad = parts.findIndex((p) => !/^-?\d{1,20}$/.test(p));
  return bad === -1 ? { ok: true, ids: [...new Set(parts)] } : { ok: false, badPosition: bad + 1 };
}
