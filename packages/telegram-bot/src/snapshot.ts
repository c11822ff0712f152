import {
  toPlain,
  type Json,
  type LedgerState,
  type MoneyByCurrency,
} from '@tradebot/core-domain';

/** Where the positions snapshot lives (the data layout in docs/architecture.md); `/export` links to it. */
export const POSITIONS_SNAPSHOT_KEY = 'portfolio/current_positions.json';

/**
 * The `portfolio/current_positions.json` document: open positions at average cost (no prices, so
 * writing it costs no market-data call). Plain decimal strings keep amounts exact; totals are per
 * currency (`{ "USD": "12.5" }`), never added across currencies.
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
    realizedBySymbol: Object.fromEntries([...state.realizedBySymbol.entries()].map(([symbol, pnl]) => [symbol, plainByCurrency(pnl)])),
    feesByCurrency: plainByCurrency(state.feesByCurrency),
  };
}

/** `{ "EUR": "2", "USD": "12.5" }`: per-currency totals as plain decimal strings, in code order. */
function plainByCurrency(totals: MoneyByCurrency): Record<string, string> {
  return Object.fromEntries([...totals].map(([currency, m]) => [currency, toPlain(m.amount)]));
}
