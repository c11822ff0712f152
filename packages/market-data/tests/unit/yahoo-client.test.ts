import { yahooLogLevel } from '../../src/yahoo-client';

describe('Function: yahooLogLevel', () => {
  it('demotes the known Node-version notice of yahoo-finance2 to debug', () => {
    // Prepare
    const notice =
      '[yahoo-finance2] Unsupported environment: Requires Node >= 22.0.0, found 20.20.2. (runtime=node, version=20.20.2). Things might break or work unexpectedly!';

    // Act & Assess
    expect(yahooLogLevel('warn', notice)).toBe('debug');
  });

  it('keeps every other message at the level yahoo-finance2 chose', () => {
    // Act & Assess
    expect(yahooLogLevel('warn', '[yahoo-finance2] Failed to get crumb, status 401')).toBe('warn');
    expect(yahooLogLevel('error', 'Unsupported environment: Requires Node >= 22')).toBe('error');
    expect(yahooLogLevel('info', 'anything')).toBe('info');
  });
});
