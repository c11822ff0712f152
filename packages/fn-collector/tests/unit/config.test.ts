import { loadConfig } from '../../src/config';
import { CollectorConfigError } from '../../src/errors';

const REQUIRED = { DATA_BUCKET: 'tradebot-data', TABLE_NAME: 'tradebot', SSM_PREFIX: '/tradebot/prod' };

describe('Function: loadConfig (fn-collector)', () => {
  it('expects live prices unless told otherwise: production never sets SCAN_EXPECTED_PRICES', () => {
    // Act + Assess
    expect(loadConfig(REQUIRED).SCAN_EXPECTED_PRICES).toBe('live');
  });

  it('expects the stand-in\'s simulated prices when a local or e2e run says so', () => {
    // Act + Assess
    expect(loadConfig({ ...REQUIRED, SCAN_EXPECTED_PRICES: 'simulated' }).SCAN_EXPECTED_PRICES).toBe('simulated');
  });

  it('names SCAN_EXPECTED_PRICES when it is neither live nor simulated', () => {
    // Act
    const attempt = () => loadConfig({ ...REQUIRED, SCAN_EXPECTED_PRICES: 'mixed' });
    // Assess
    expect(attempt).toThrow(CollectorConfigError);
    expect(attempt).toThrow(/SCAN_EXPECTED_PRICES/);
  });
});
