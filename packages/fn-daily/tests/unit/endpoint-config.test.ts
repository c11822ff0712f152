import { DailyConfigError } from '../../src/errors';
import { loadConfig } from '../../src/config';

const BASE = { DATA_BUCKET: 'tradebot-data', TABLE_NAME: 'tradebot', SSM_PREFIX: '/tradebot/prod' };

describe('Function: loadConfig (endpoints)', () => {
  it('leaves Telegram and Yahoo on their public hosts when unset (production)', () => {
    // Act
    const config = loadConfig(BASE);
    // Assess
    expect([config.TELEGRAM_API_ROOT, config.YAHOO_API_ROOT]).toEqual([undefined, undefined]);
  });

  it('takes the local stand-ins from TELEGRAM_API_ROOT and YAHOO_API_ROOT', () => {
    // Act
    const config = loadConfig({ ...BASE, TELEGRAM_API_ROOT: 'http://127.0.0.1:4001', YAHOO_API_ROOT: 'http://127.0.0.1:4002' });
    // Assess
    expect([config.TELEGRAM_API_ROOT, config.YAHOO_API_ROOT]).toEqual(['http://127.0.0.1:4001', 'http://127.0.0.1:4002']);
  });

  it('names YAHOO_API_ROOT when it is not an http(s) URL', () => {
    // Act + Assess
    expect(() => loadConfig({ ...BASE, YAHOO_API_ROOT: 'query1.finance.yahoo.com' })).toThrow(DailyConfigError);
    expect(() => loadConfig({ ...BASE, YAHOO_API_ROOT: 'query1.finance.yahoo.com' })).toThrow(/YAHOO_API_ROOT/);
  });
});
