import { loadConfig, WebhookConfigError } from '../../src/public';

const VALID = { DATA_BUCKET: 'tradebot-data-prod', TABLE_NAME: 'tradebot-prod', SSM_PREFIX: '/tradebot/prod', STAGE: 'prod', TELEGRAM_BOT_USERNAME: 'my_trade_bot' };

describe('Function: loadConfig', () => {
  it('fills defaults for what is optional', () => {
    // Act
    const config = loadConfig(VALID);
    // Assess
    expect(config).toMatchObject({ ...VALID, LOG_LEVEL: 'info', UNDO_WINDOW_HOURS: 24, LINK_EXPIRY_SECONDS: 3600 });
  });

  it('names every missing or malformed variable in one error', () => {
    // Act
    const attempt = (): unknown => loadConfig({ ...VALID, DATA_BUCKET: undefined, SSM_PREFIX: 'tradebot', UNDO_WINDOW_HOURS: '-1' });
    // Assess
    expect(attempt).toThrow(WebhookConfigError);
    expect(attempt).toThrow(/DATA_BUCKET.*SSM_PREFIX.*UNDO_WINDOW_HOURS/);
  });
});
