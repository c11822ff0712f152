/**
 * Positions valued at prices, the balance sheet and the day's move. Every total is per currency: a
 * portfolio holding USD and EUR positions has a USD total and a EUR total, never one number; a total
 * in the base currency is made of converted amounts only (`fx.ts`). A weight is a share of the positions in the same currency.
 */
import { sum, toNumber, type Decimal } from './decimal';
import type { LedgerState } from './ledger';
import { amountIn, money, zeroMoney, type Money, type MoneyByCurrency } from './money';
import { compareText } from './text';
import type { Position, Quote } from './types/trading';

/** One open position valued at a price. Amounts are in the position's currency. */
export interface ValuationRow {
  readonly symbol: string;
  readonly currency: string;
  readonly quantity: Decimal;
  /** Per share, in `currency`. */
  readonly averageCost: Decimal;
  readonly costBasis: Money;
  /** The price used (per share, in `currency`), or `null` when none was known (the row is then valued at cost). */
  readonly price: Decimal | null;
  /** `false` when no price was known: marketValue falls back to costBasis and P&L to 0. */
  readonly priced: boolean;
  /** quantity x price, or costBasis when unpriced. */
  readonly marketValue: Money;
  /** marketValue - costBasis (0 when unpriced). */
  readonly unrealizedPnl: Money;
  /** unrealizedPnl / costBasis x 100; `null` when unpriced or the basis is 0. */
  readonly unrealizedPct: number | null;
  /**
   * marketValue / the market value of the positions in the same currency x 100 (0 when that is 0).
   * Within one currency: a share of the whole portfolio across currencies needs exchange rates.
   */
  readonly weightPct: number;
  /** Realized P&L of past sales in this symbol and currency. */
  readonly realizedPnl: Money;
  readonly openedAt: string;
}

/** The totals of the open positions in one currency. */
export interface ValuationTotal {
  readonly currency: string;
  /** How many open positions are in this currency. */
  readonly positions: number;
  readonly costBasis: Money;
  readonly marketValue: Money;
  readonly unrealizedPnl: Money;
  /** unrealizedPnl / costBasis x 100; `null` when nothing is held at a cost. */
  readonly unrealizedPct: number | null;
}

/** Totals of a valuation: one per currency held, never added across currencies. */
export interface ValuationTotals {
  /** One entry per currency of the open positions, in code order; empty when nothing is held. */
  readonly byCurrency: readonly ValuationTotal[];
  /** Symbols with no known price (valued at cost). */
  readonly unpriced: readonly string[];
}

/** Open positions valued at prices, largest first, with per-currency totals. */
export interface PortfolioValuation {
  /** Sorted by currency, then market value descending, then symbol. */
  readonly rows: readonly ValuationRow[];
  readonly totals: ValuationTotals;
}

/** The balance sheet in one currency: what is in, what it is worth, what was made. */
export interface CurrencyBalance {
  readonly currency: string;
  /** Cost basis of the open positions (buy fees included). */
  readonly invested: Money;
  readonly marketValue: Money;
  readonly unrealized: Money;
  /** Realized P&L of every sale, net of all fees. */
  readonly realized: Money;
  /** Every fee paid on effective trades (already inside invested/realized: shown for information). */
  readonly fees: Money;
  /** Dividends received, net of the tax withheld. Cash in hand: never part of a cost basis. */
  readonly dividends: Money;
  /** realized + unrealized + dividends. */
  readonly totalReturn: Money;
  /** totalReturn / totalBought x 100; `null` when nothing was ever bought in this currency. */
  readonly totalReturnPct: number | null;
  /** Everything ever bought, buy fees included (the base of totalReturnPct). */
  readonly totalBought: Money;
  readonly totalSold: Money;
}

/** The investor's balance sheet: one `CurrencyBalance` per currency ever traded, never added together. */
export interface Balance {
  /** In code order; empty for an empty ledger. */
  readonly byCurrency: readonly CurrencyBalance[];
  readonly unpriced: readonly string[];
}

/** A position's move since the previous close. */
export interface DayChangeRow {
  readonly symbol: string;
  readonly currency: string;
  readonly price: Decimal;
  readonly previousClose: Decimal;
  /** quantity x (price - previousClose). */
  readonly change: Money;
  /** (price / previousClose - 1) x 100; `null` when previousClose is 0. */
  readonly changePct: number | null;
}

/** The move since the previous close of the positions in one currency. */
export interface DayChangeTotal {
  readonly currency: string;
  /** Sum of the rows' change in this currency. */
  readonly change: Money;
  /** change / (sum of quantity x previousClose) x 100 over the same rows; `null` when that is 0. */
  readonly changePct: number | null;
}

/** The portfolio's move since the previous close, per currency. */
export interface DayChange {
  /** In symbol order. */
  readonly rows: readonly DayChangeRow[];
  /** One per currency with at least one measured row, in code order. */
  readonly byCurrency: readonly DayChangeTotal[];
  /** Open symbols without a quote, a previous close or a quote in their own currency, sorted. */
  readonly missing: readonly string[];
}

/** a / b x 100 as a float, computed exactly and converted once; `null` when b is 0. */
export function percentOf(a: Decimal, b: Decimal): number | null {
  return b.eq(0) ? null : toNumber(a.times(100).div(b));
}

/** Currencies of `items`, each once, in code order. */
function currenciesOf(items: Iterable<{ readonly currency: string }>): string[] {
  return [...new Set([...items].map((i) => i.currency))].sort(compareText);
}

/** The sum of `pick` over `rows`, all in `currency` (the caller grouped them). */
function total<T>(rows: readonly T[], currency: string, pick: (row: T) => Decimal): Money {
  return money(sum(rows.map(pick)), currency);
}

/**
 * The latest prices of the open positions, taken only from quotes in the position's own currency
 * (a price in another currency would value the position wrongly: it stays unpriced, at cost).
 * `simulated` when any price used is not market data (`Quote.simulated`): the reply must say so.
 * Use it to turn a price feed's quotes into `valuePortfolio`'s prices.
 */
export function positionPrices(state: LedgerState, quotes: ReadonlyMap<string, Quote>): { prices: Map<string, Decimal>; simulated: boolean } {
  const prices = new Map<string, Decimal>();
  let simulated = false;
  for (const position of state.positions.values()) {
    const quote = quoteFor(position, quotes);
    if (!quote) continue;
    prices.set(position.symbol, quote.price);
    simulated ||= quote.simulated === true;
  }
  return { prices, simulated };
}

const quoteFor = (position: Position, quotes: ReadonlyMap<string, Quote>): Quote | undefined => {
  const quote = quotes.get(position.symbol);
  return quote?.currency === position.currency ? quote : undefined;
};

/**
 * Values the open positions of a replayed ledger at the given prices (by symbol, in each
 * position's currency: see `positionPrices`). Use it for `/portfolio`, the daily brief and rule
 * alerts. A position without a price is valued at cost and flagged (`priced: false`, listed in
 * `totals.unpriced`) rather than dropped. Totals and weights are per currency.
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
      costBasis: money(p.costBasis, p.currency),
      price,
      priced: price !== null,
      marketValue: money(marketValue, p.currency),
      unrealizedPnl: money(unrealizedPnl, p.currency),
      unrealizedPct: price ? percentOf(unrealizedPnl, p.costBasis) : null,
      realizedPnl: money(p.realizedPnl, p.currency),
      openedAt: p.openedAt,
    };
  });
  const rows: ValuationRow[] = [];
  const byCurrency: ValuationTotal[] = [];
  for (const currency of currenciesOf(draft)) {
    const group = draft.filter((r) => r.currency === currency);
    const marketValue = total(group, currency, (r) => r.marketValue.amount);
    const costBasis = total(group, currency, (r) => r.costBasis.amount);
    const unrealizedPnl = money(marketValue.amount.minus(costBasis.amount), currency);
    byCurrency.push({ currency, positions: group.length, costBasis, marketValue, unrealizedPnl, unrealizedPct: percentOf(unrealizedPnl.amount, costBasis.amount) });
    rows.push(
      ...group
        .map((r) => ({ ...r, weightPct: percentOf(r.marketValue.amount, marketValue.amount) ?? 0 }))
        .sort((a, b) => b.marketValue.amount.cmp(a.marketValue.amount) || compareText(a.symbol, b.symbol)),
    );
  }
  return { rows, totals: { byCurrency, unpriced: rows.filter((r) => !r.priced).map((r) => r.symbol).sort(compareText) } };
}

/**
 * The `/balance` figures per currency: invested, market value, unrealized and realized P&L, fees,
 * total return. Use it with the same prices as `valuePortfolio`; unpriced positions count at cost.
 * A currency appears once anything was traded in it, held or not.
 */
export function computeBalance(state: LedgerState, prices: ReadonlyMap<string, Decimal>): Balance {
  const { totals } = valuePortfolio(state, prices);
  const held = new Map(totals.byCurrency.map((t) => [t.currency, t]));
  const traded = [state.boughtByCurrency, state.soldByCurrency, state.feesByCurrency, state.realizedByCurrency, state.dividendsByCurrency].flatMap((m: MoneyByCurrency) => [...m.values()]);
  const byCurrency = currenciesOf([...totals.byCurrency, ...traded]).map((currency): CurrencyBalance => {
    const open = held.get(currency);
    const invested = open?.costBasis ?? zeroMoney(currency);
    const marketValue = open?.marketValue ?? zeroMoney(currency);
    const unrealized = open?.unrealizedPnl ?? zeroMoney(currency);
    const realized = amountIn(state.realizedByCurrency, currency);
    const totalBought = amountIn(state.boughtByCurrency, currency);
    const dividends = amountIn(state.dividendsByCurrency, currency);
    const totalReturn = money(realized.amount.plus(unrealized.amount).plus(dividends.amount), currency);
    return {
      currency,
      invested,
      marketValue,
      unrealized,
      realized,
      fees: amountIn(state.feesByCurrency, currency),
      dividends,
      totalReturn,
      totalReturnPct: percentOf(totalReturn.amount, totalBought.amount),
      totalBought,
      totalSold: amountIn(state.soldByCurrency, currency),
    };
  });
  return { byCurrency, unpriced: totals.unpriced };
}

/**
 * How much the open positions moved since the previous close (`Quote.previousClose`), per
 * currency. Use it for the daily brief's "today" line. It prices the whole current quantity from
 * the previous close, so shares bought today count as if held since yesterday's close. A quote in
 * another currency than the position's is not used (the position is listed in `missing`).
 */
export function dayChange(state: LedgerState, quotes: ReadonlyMap<string, Quote>): DayChange {
  const rows: (DayChangeRow & { readonly base: Decimal })[] = [];
  const missing: string[] = [];
  for (const p of [...state.positions.values()].sort((a, b) => compareText(a.symbol, b.symbol))) {
    const quote = quoteFor(p, quotes);
    if (!quote?.previousClose) {
      missing.push(p.symbol);
      continue;
    }
    const { price, previousClose } = quote;
    rows.push({
      symbol: p.symbol,
      currency: p.currency,
      price,
      previousClose,
      change: money(p.quantity.times(price.minus(previousClose)), p.currency),
      changePct: percentOf(price.minus(previousClose), previousClose),
      base: p.quantity.times(previousClose),
    });
  }
  const byCurrency = currenciesOf(rows).map((currency): DayChangeTotal => {
    const group = rows.filter((r) => r.currency === currency);
    const change = total(group, currency, (r) => r.change.amount);
    return { currency, change, changePct: percentOf(change.amount, sum(group.map((r) => r.base))) };
  });
  return { rows: rows.map(({ base: _base, ...row }) => row), byCurrency, missing };
}
