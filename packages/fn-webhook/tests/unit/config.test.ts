import { loadConfig, loadSnapshotConfig, webhookTimings, WebhookConfigError } from '../../src/public';

const VALID = { DATA_BUCKET: 'tradebot-data-prod', TABLE_NAME: 'tradebot-prod', SSM_PREFIX: '/tradebot/prod', STAGE: 'prod', TELEGRAM_BOT_USERNAME: 'my_trade_bot' };

describe('Function: loadSnapshotConfig (the positions snapshot writer)', () => {
  it('needs only the data bucket and the table: nothing of Telegram or its secrets', () => {
    // Act
    const config = loadSnapshotConfig({ DATA_BUCKET: 'tradebot-data-prod', TABLE_NAME: 'tradebot-prod', FUNCTION_TIMEOUT_SECONDS: '30' });
    // Assess
    expect(config).toEqual({ DATA_BUCKET: 'tradebot-data-prod', TABLE_NAME: 'tradebot-prod', LOG_LEVEL: 'info' });
  });

  it('names every missing or malformed variable in one error, as the webhook does', () => {
    // Act
    const attempt = (): unknown => loadSnapshotConfig({ TABLE_NAME: 'tb', LOG_LEVEL: 'loud' });
    // Assess
    expect(attempt).toThrow(WebhookConfigError);
    expect(attempt).toThrow(/DATA_BUCKET.*TABLE_NAME.*LOG_LEVEL/);
  });
});

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

  it('says in words what is wrong with each variable (zod English, as the logs have always read)', () => {
    // Act
    const attempt = (): unknown => loadConfig({ ...VALID, DATA_BUCKET: undefined, TABLE_NAME: 'tb', SSM_PREFIX: 'tradebot', UNDO_WINDOW_HOURS: '-1', LOG_LEVEL: 'loud' });
    // Assess
    expect(attempt).toThrow(
      'fn-webhook configuration is invalid: DATA_BUCKET: Invalid input: expected string, received undefined; TABLE_NAME: Too small: expected string to have >=3 characters; ' +
        'SSM_PREFIX: an SSM path such as /tradebot/prod; LOG_LEVEL: Invalid option: expected one of "trace"|"debug"|"info"|"warn"|"error"|"fatal"|"silent"; UNDO_WINDOW_HOURS: Too small: expected number to be >0',
    );
  });
});

describe('Function: webhookTimings', () => {
  it('derives the bounds from FUNCTION_TIMEOUT_SECONDS, 30 s when it is unset', () => {
    // Act
    const unset = webhookTimings(loadConfig(VALID).FUNCTION_TIMEOUT_SECONDS);
    const configured = webhookTimings(loadConfig({ ...VALID, FUNCTION_TIMEOUT_SECONDS: '12' }).FUNCTION_TIMEOUT_SECONDS);
    // Assess
    expect(unset).toEqual({ inProgressLeaseSeconds: 35, inProgressWaitMs: 7_500, sendBudgetMs: 10_000 });
    expect(configured).toEqual({ inProgressLeaseSeconds: 17, inProgressWaitMs: 3_000, sendBudgetMs: 4_000 });
  });

  it.each([3, 10, 30, 60, 900])('never lets a live run be taken over and leaves most of a %i s timeout to the command', (timeoutSeconds) => {
    // Act
    const timings = webhookTimings(timeoutSeconds);
    // Assess: the lease outlives the function; waiting plus sending stays well under its timeout.
    expect(timings.inProgressLeaseSeconds).toBeGreaterThan(timeoutSeconds);
    expect(timings.inProgressWaitMs + timings.sendBudgetMs).toBeLessThanOrEqual((timeoutSeconds * 1000 * 7) / 12);
  });

  it('refuses a FUNCTION_TIMEOUT_SECONDS that is not a Lambda timeout', () => {
    expect(() => loadConfig({ ...VALID, FUNCTION_TIMEOUT_SECONDS: '0' })).toThrow(/FUNCTION_TIMEOUT_SECONDS/);
    expect(() => loadConfig({ ...VALID, FUNCTION_TIMEOUT_SECONDS: '901' })).toThrow(/FUNCTION_TIMEOUT_SECONDS/);
  });
});
