import { YahooPriceFeed } from '@tradebot/market-data';
import { SIMULATION_ANCHOR, simulationLevel, startYahooServer, yahooFetch } from '../../src/yahoo';

/** Latest quotes of `symbols` as the bot's price feed reads them, from a stand-in whose clock says `at`. */
async function quotesAt(at: string, symbols: readonly string[]): Promise<Map<string, number>> {
  const now = (): Date => new Date(at);
  const server = await startYahooServer({ now });
  try {
    const batch = await new YahooPriceFeed({ fetch: yahooFetch(server), clock: { now } }).quotes(symbols);
    return new Map([...batch.quotes].map(([symbol, quote]) => [symbol, Number(quote.price.toFixed(2))]));
  } finally {
    await server.close();
  }
}

async function closeOn(date: string, symbol: string, serverNow: string): Promise<number | undefined> {
  const server = await startYahooServer({ now: () => new Date(serverNow) });
  try {
    const bars = await new YahooPriceFeed({ fetch: yahooFetch(server), clock: { now: () => new Date(serverNow) } }).history(symbol, date, date);
    return bars[0]?.close;
  } finally {
    await server.close();
  }
}

describe('Simulated prices of the local Yahoo server', () => {
  it('close each Russell 1000 member at its index level on the anchor date (AAPL in the hundreds, not at 102)', async () => {
    // Act: Friday 2026-07-17 after the close.
    const quotes = await quotesAt(`${SIMULATION_ANCHOR}T21:30:00Z`, ['AAPL', 'MSFT', 'NVR', 'KO']);
    // Assess
    expect(Object.fromEntries(quotes)).toEqual({ AAPL: 334, MSFT: 394, NVR: 6490, KO: 81.6 });
    expect(simulationLevel('AAPL')).toBe(334);
    expect(simulationLevel('SAN.MC')).toBeUndefined();
  });

  it("stay near those levels months later, so the README's trades do not look like a crash", async () => {
    // Act
    const quotes = await quotesAt('2026-11-27T22:00:00Z', ['AAPL', 'MSFT', 'NVDA']);
    // Assess
    for (const [symbol, price] of quotes) {
      expect(price).toBeGreaterThan(simulationLevel(symbol)! / 2);
      expect(price).toBeLessThan(simulationLevel(symbol)! * 2);
    }
  });

  it('keep a past close whatever day the server thinks it is (the history cache stays consistent)', async () => {
    // Act
    const inAugust = await closeOn('2026-08-03', 'AAPL', '2026-08-10T15:00:00Z');
    const inNovember = await closeOn('2026-08-03', 'AAPL', '2026-11-27T15:00:00Z');
    // Assess
    expect(inAugust).toBeGreaterThan(0);
    expect(inNovember).toBe(inAugust);
  });
});
