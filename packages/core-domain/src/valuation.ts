import { ZERO, sum, toNumber, type Decimal } from './decimal';
import type { LedgerState } from './ledger';
import type { Quote } from './types/trading';

/** One open position valued at a price. */
export interface ValuationRow {
  readonly symbol: string;
  readonly currency: string;
  readonly quantity: Decimal;
  readonly averageCost: Decimal;
  readonly costBasis: Decimal;
  /** The price used, or `null` when none was known (the row is then valued at cost). */
  readonly price: Decimal | null;
  /** `false` when no price was known: marketValue falls back to costBasis and P&L to 0. */
  readonly priced: boolean;
  /** quantity x price, or costBasis when unpriced. */
  readonly marketValue: Decimal;
  /** marketValue - costBasis (0 when unpriced). */
  readonly unrealizedPnl: Decimal;
  /** unrealizedPnl / costBasis x 100; `null` when unpriced or the basis is 0. */
  readonly unrealizedPct: number | null;
  /** marketValue / total marketValue x 100 (0 when the total is 0). */
  readonly weightPct: number;
  /** Realized P&L of past sales in this symbol. */
  readonly realizedPnl: Decimal;
  readonly openedAt: string;
}

/** Totals of a valuation. Amounts are summed as-is: meaningful when `currencies` has one entry. */
export interface ValuationTotals {
  readonly costBasis: Decimal;
  readonly marketValue: Decimal;
  readonly unrealizedPnl: Decimal;
  /** unrealizedPnl / costBasis x 100; `null` when nothing is held at a cost. */
  readonly unrealizedPct: number | null;
  /** Symbols with no known price (valued at cost). */
  readonly unpriced: readonly string[];
  /** Currencies of the open positions, sorted. More than one means the totals mix currencies. */
  readonly currencies: readonly string[];
}

/** Open positions valued at prices, largest first, with totals. */
export interface PortfolioValuation {
  /** Sorted by market value descending, then symbol ascending. */
  readonly rows: readonly ValuationRow[];
  readonly totals: ValuationTotals;
}

/** The investor's whole balance sheet: what is in, what it is worth, what was made. */
export interface Balance {
  /** Cost basis of the open positions (buy fees included). */
  readonly invested: Decimal;
  readonly marketValue: Decimal;
  readonly unrealized: Decimal;
  /** Realized P&L of every sale, net of all fees. */
  readonly realized: Decimal;
  /** Every fee paid on effective trades (already inside invested/realized: shown for information). */
  readonly fees: Decimal;
  /** realized + unrealized. */
  readonly totalReturn: Decimal;
  /** totalReturn / totalBought x 100; `null` when nothing was ever bought. */
  readonly totalReturnPct: number | null;
  /** Everything ever bought, buy fees included (the base of totalReturnPct). */
  readonly totalBought: Decimal;
  readonly totalSold: Decimal;
  readonly unpriced: readonly string[];
  readonly currencies: readonly string[];
}

/** A position's move since the previous close. */
export interface DayChangeRow {
  readonly symbol: string;
  readonly price: Decimal;
  readonly previousClose: Decimal;
  /** quantity x (price - previousClose). */
  readonly change: Decimal;
  /** (price / previousClose - 1) x 100; `null` when previousClose is 0. */
  readonly changePct: number | null;
}

/** The portfolio's move since the previous close. */
export interface DayChange {
  /** In symbol order. */
  readonly rows: readonly DayChangeRow[];
  /** Sum of the rows' change. */
  readonly change: Decimal;
  /** change / (sum of quantity x previousClose) x 100 over the same rows; `null` when that is 0. */
  readonly changePct: number | null;
  /** Open symbols without a quote or without a previous close, sorted. */
  readonly missing: readonly string[];
}

/** a / b x 100 as a float, computed exactly and converted once; `null` when b is 0. */
export function percentOf(a: Decimal, b: Decimal): number | null {
  return b.eq(0) ? null : toNumber(a.times(100).div(b));
}

/**
 * Values the open positions of a replayed ledger at the given prices (by symbol). Use it for
 * `/portfolio`, the daily brief and rule alerts. A position without a price is valued at cost
 * and flagged (`priced: false`, listed in `totals.unpriced`) rather than dropped.
 */
export function valuePortfolio(state: LedgerState, prices: ReadonlyMap<string, Decimal>): PortfolioValuation {
  const draft = [...state.positions.values()].map((p) => {
    const price = prices.get(p.symbol) ?? null;
    const marketValue = price ? p.quantity.times(price) : p.costBasis;
    const unrealizedPnl = marketValue.minus(p.costBasis);
    return {
      symbol: p.symbol,
      currency: p.currency,
      quantity: p.quantity,
      averageCost: p.averageCost,
      costBasis: p.costBasis,
      price,
      priced: price !== null,
      marketValue,
      unrealizedPnl,
      unrealizedPct: price ? percentOf(unrealizedPnl, p.costBasis) : null,
      realizedPnl: p.realizedPnl,
      openedAt: p.openedAt,
    };
  });
  const marketValue = sum(draft.map((r) => r.marketValue));
  const costBasis = sum(draft.map((r) => r.costBasis));
  const unrealizedPnl = marketValue.minus(costBasis);
  const rows: ValuationRow[] = draft
    .map((r) => ({ ...r, weightPct: percentOf(r.marketValue, marketValue) ?? 0 }))
    .sort((a, b) => b.marketValue.cmp(a.marketValue) || compareText(a.symbol, b.symbol));
  return {
    rows,
    totals: {
      costBasis,
      marketValue,
      unrealizedPnl,
      unrealizedPct: percentOf(unrealizedPnl, costBasis),
      unpriced: rows.filter((r) => !r.priced).map((r) => r.symbol).sort(compareText),
      currencies: [...new Set(rows.map((r) => r.currency))].sort(compareText),
    },
  };
}

/**
 * The `/balance` figures: invested, market value, unrealized and realized P&L, fees, total return.
 * Use it with the same prices as `valuePortfolio`; unpriced positions count at cost.
 */
export function computeBalance(state: LedgerState, prices: ReadonlyMap<string, Decimal>): Balance {
  const { totals } = valuePortfolio(state, prices);
  const realized = sum(state.realizedBySymbol.values());
  const totalReturn = realized.plus(totals.unrealizedPnl);
  return {
    invested: totals.costBasis,
    marketValue: totals.marketValue,
    unrealized: totals.unrealizedPnl,
    realized,
    fees: state.totalFees,
    totalReturn,
    totalReturnPct: percentOf(totalReturn, state.totalBought),
    totalBought: state.totalBought,
    totalSold: state.totalSold,
    unpriced: totals.unpriced,
    currencies: totals.currencies,
  };
}

/**
 * How much the open positions moved since the previous close (`Quote.previousClose`). Use it for
 * the daily brief's "today" line. It prices the whole current quantity from the previous close,
 * so shares bought today count as if held since yesterday's close.
 */
export function dayChange(state: LedgerState, quotes: ReadonlyMap<string, Quote>): DayChange {
  const rows: DayChangeRow[] = [];
  const missing: string[] = [];
  let base = ZERO;
  for (const p of [...state.positions.values()].sort((a, b) => compareText(a.symbol, b.symbol))) {
    const quote = quotes.get(p.symbol);
    if (!quote?.previousClose) {
      missing.push(p.symbol);
      continue;
    }
    const { price, previousClose } = quote;
    base = base.plus(p.quantity.times(previousClose));
    rows.push({
      symbol: p.symbol,
      price,
      previousClose,
      change: p.quantity.times(price.minus(previousClose)),
      changePct: percentOf(price.minus(previousClose), previousClose),
    });
  }
  const change = sum(rows.map((r) => r.change));
  return { rows, change, changePct: percentOf(change, base), missing };
}

/** Code-point order, independent of the host's locale (so sorting is the same everywhere). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
