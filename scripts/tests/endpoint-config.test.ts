/**
 * Every endpoint a Lambda talks to can be set from its environment (production leaves them unset):
 * TELEGRAM_API_ROOT and YAHOO_API_ROOT in all three functions' validated configuration.
 */
import { loadConfig as collectorConfig } from '../../packages/fn-collector/src/config';
import { CollectorConfigError } from '../../packages/fn-collector/src/errors';
import { loadConfig as dailyConfig } from '../../packages/fn-daily/src/config';
import { DailyConfigError } from '../../packages/fn-daily/src/errors';
import { loadConfig as webhookConfig } from '../../packages/fn-webhook/src/config';
import { WebhookConfigError } from '../../packages/fn-webhook/src/errors';

type Load = (env: NodeJS.ProcessEnv) => { TELEGRAM_API_ROOT?: string | undefined; YAHOO_API_ROOT?: string | undefined };

const FUNCTIONS: readonly [string, Load, new (...args: never[]) => Error, NodeJS.ProcessEnv][] = [
  ['fn-webhook', webhookConfig, WebhookConfigError, { DATA_BUCKET: 'tradebot-data', TABLE_NAME: 'tradebot', SSM_PREFIX: '/tradebot/prod', STAGE: 'prod', TELEGRAM_BOT_USERNAME: 'tradebot_bot' }],
  ['fn-collector', collectorConfig, CollectorConfigError, { DATA_BUCKET: 'tradebot-data', TABLE_NAME: 'tradebot', SSM_PREFIX: '/tradebot/prod' }],
  ['fn-daily', dailyConfig, DailyConfigError, { DATA_BUCKET: 'tradebot-data', TABLE_NAME: 'tradebot', SSM_PREFIX: '/tradebot/prod' }],
];

describe.each(FUNCTIONS)('Function: loadConfig of %s (endpoints)', (_fn, loadConfig, ConfigError, base) => {
  it('leaves Telegram and Yahoo on their public hosts when unset (production)', () => {
    // Act
    const config = loadConfig(base);
    // Assess
    expect([config.TELEGRAM_API_ROOT, config.YAHOO_API_ROOT]).toEqual([undefined, undefined]);
  });

  it('takes the local stand-ins from TELEGRAM_API_ROOT and YAHOO_API_ROOT', () => {
    // Act
    const config = loadConfig({ ...base, TELEGRAM_API_ROOT: 'http://127.0.0.1:4001', YAHOO_API_ROOT: 'http://127.0.0.1:4002' });
    // Assess
    expect([config.TELEGRAM_API_ROOT, config.YAHOO_API_ROOT]).toEqual(['http://127.0.0.1:4001', 'http://127.0.0.1:4002']);
  });

  it('names YAHOO_API_ROOT when it is not an http(s) URL', () => {
    // Act
    const attempt = () => loadConfig({ ...base, YAHOO_API_ROOT: 'query1.finance.yahoo.com' });
    // Assess
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/YAHOO_API_ROOT/);
  });
});
