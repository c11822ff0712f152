import { Writable } from 'node:stream';
import { LOG_REDACTION } from '@tradebot/core-domain';
import { EnvSecretsProvider } from '@tradebot/storage-s3';
import pino from 'pino';

describe('Constant: LOG_REDACTION (REDACTED_LOG_PATHS)', () => {
  it('keeps secrets out of a pino log that is configured with it, even when a whole secrets object is logged', async () => {
    // Prepare
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ redact: LOG_REDACTION }, sink);
    const secrets = await new EnvSecretsProvider({
      env: { TELEGRAM_BOT_TOKEN: '123456:AAbot-token-VALUE', TELEGRAM_WEBHOOK_SECRET: 'hook-secret-VALUE', ANTHROPIC_API_KEY: 'sk-ant-VALUE', ALLOWED_CHAT_IDS: '42' },
      runningInLambda: false,
    }).get();

    // Act
    logger.info(secrets, 'secrets loaded');
    logger.info({ secrets }, 'nested');
    logger.info({ event: { headers: { 'x-telegram-bot-api-secret-token': 'hook-secret-VALUE', authorization: 'Bearer sk-ant-VALUE' } } }, 'webhook');
    logger.info({ headers: { 'x-api-key': 'sk-ant-VALUE' } }, 'claude call');

    // Assess
    const output = lines.join('');
    expect(lines).toHaveLength(4);
    expect(output).toContain('[redacted]');
    expect(output).toContain('"allowedChatIds":["42"]');
    for (const secret of ['123456:AAbot-token-VALUE', 'hook-secret-VALUE', 'sk-ant-VALUE']) expect(output).not.toContain(secret);
  });
});
