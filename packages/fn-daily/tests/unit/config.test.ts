import { DailyConfigError, DailyEventError } from '../../src/errors';
import { loadConfig, parseDailyEvent } from '../../src/config';

describe('Function: loadConfig', () => {
  it('fills the Claude defaults from a minimal environment', () => {
    // Act
    const config = loadConfig({ DATA_BUCKET: 'tradebot-data', TABLE_NAME: 'tradebot', SSM_PREFIX: '/tradebot/prod' });

    // Assess
    expect(config).toMatchObject({ ANTHROPIC_TIMEOUT_MS: 30_000, ANTHROPIC_MAX_RETRIES: 2, LOG_LEVEL: 'info' });
    expect(config.ANTHROPIC_MODEL).toBeUndefined();
  });

  it('names every missing or bad variable', () => {
    // Act
    const attempt = () => loadConfig({ SSM_PREFIX: 'tradebot', ANTHROPIC_MAX_RETRIES: 'lots' });

    // Assess
    expect(attempt).toThrow(DailyConfigError);
    expect(attempt).toThrow(/DATA_BUCKET.*TABLE_NAME.*SSM_PREFIX: an SSM path such as \/tradebot\/prod.*ANTHROPIC_MAX_RETRIES/);
  });
});

describe('Function: parseDailyEvent', () => {
  it('runs for today when the schedule sends an empty or foreign input', () => {
    // Act and Assess
    expect(parseDailyEvent({})).toEqual({});
    expect(parseDailyEvent(undefined)).toEqual({});
    expect(parseDailyEvent({ source: 'aws.scheduler', 'detail-type': 'Scheduled Event' })).toEqual({});
  });

  it('runs for the given date on a manual re-run', () => {
    // Act and Assess
    expect(parseDailyEvent({ date: '2026-11-21' })).toEqual({ date: '2026-11-21' });
  });

  it('refuses a date that is not a real calendar date, with an example', () => {
    // Act
    const attempt = () => parseDailyEvent({ date: '2026-02-30' });

    // Assess
    expect(attempt).toThrow(DailyEventError);
    expect(attempt).toThrow(/Example: \{"date":"2026-11-21"\}/);
  });
});
