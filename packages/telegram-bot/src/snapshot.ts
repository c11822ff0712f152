import {
  toPlain,
  type Json,
  type LedgerState,
} from '@tradebot/core-domain';

/** Where the positions snapshot lives (the data layout in docs/architecture.md); `/export` links to it. */
export const POSITIONS_SNAPSHOT_KEY = 'portfolio/current_positions.json';

/**
 * The `portfolio/current_positions.json` document: open positions at average cost (no prices, so
 * writing it costs no market-data call). Plain decimal strings keep amounts exact.
 */
export function positionsSnapshot(portfolioId: string, state: LedgerState, at: Date): Json {
  return {
    portfolioId,
    generatedAt: at.toISOString(),
    positions: [...state.positions.values()].map((p) => ({
      symbol: p.symbol,
      currency: p.currency,
      quantity: toPlain(p.quantity),
      averageCost: toPlain(p.averageCost),
      costBasis: toPlain(p.costBasis),
      realizedPnl: toPlain(p.realizedPnl),
      openedAt: p.openedAt,
    })),
    realizedBySymbol: Object.fromEntries([...state.realizedBySymbol.entries()].map(([symbol, pnl]) => [symbol, toPlain(pnl)])),
    totalFees: toPlain(state.totalFees),
  };
}
