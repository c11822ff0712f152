/**
 * The investor's own book, kept by the test with plain big.js arithmetic from the trades it sends:
 * what the shipped zips must show and store. It follows the documented method (docs/core-domain.md,
 * "average cost, fees in the basis") and never calls core-domain.
 */
import Big from 'big.js';

/** One trade as typed in the chat. */
export interface TypedTrade {
  readonly seq: number;
  readonly side: 'buy' | 'sell';
  readonly symbol: string;
  readonly quantity: string;
  readonly price: string;
  readonly fees: string;
  /** ISO instant the trade is dated (the message time). */
  readonly at: string;
  readonly updateId: number;
}

/** An open position. */
export interface Holding {
  readonly symbol: string;
  readonly quantity: Big;
  readonly costBasis: Big;
  readonly averageCost: Big;
  readonly realized: Big;
  readonly openedAt: string;
}

/** One sale and what it realized. */
export interface Sale {
  readonly seq: number;
  readonly symbol: string;
  readonly at: string;
  readonly pnl: Big;
  /** pnl / cost of the shares sold. */
  readonly returnRatio: Big;
}

/** The ledger as entries (trades and voids), in seq order. */
export type BookEntry = ({ readonly kind: 'trade' } & TypedTrade) | { readonly kind: 'void'; readonly seq: number; readonly voids: number; readonly updateId: number };

/** Everything derived from the effective trades. */
export interface BookState {
  readonly holdings: ReadonlyMap<string, Holding>;
  readonly realizedBySymbol: ReadonlyMap<string, Big>;
  readonly sales: readonly Sale[];
  readonly fees: Big;
  /** Quantity x price + fees of every buy. */
  readonly bought: Big;
  /** Quantity x price of every sale. */
  readonly sold: Big;
}

/** Keeps the entries; `state()` replays the ones not voided. */
export class Book {
  readonly entries: BookEntry[] = [];

  trade(trade: Omit<TypedTrade, 'seq'>): TypedTrade {
    const entry = { ...trade, seq: this.entries.length + 1 };
    this.entries.push({ kind: 'trade', ...entry });
    return entry;
  }

  /** Voids the newest trade not voided yet (what `/undo` does); returns it. */
  undo(updateId: number): TypedTrade {
    const voided = new Set(this.entries.flatMap((e) => (e.kind === 'void' ? [e.voids] : [])));
    const last = [...this.entries].reverse().find((e): e is { kind: 'trade' } & TypedTrade => e.kind === 'trade' && !voided.has(e.seq))!;
    this.entries.push({ kind: 'void', seq: this.entries.length + 1, voids: last.seq, updateId });
    return last;
  }

  state(): BookState {
    const voided = new Set(this.entries.flatMap((e) => (e.kind === 'void' ? [e.voids] : [])));
    const holdings = new Map<string, { quantity: Big; costBasis: Big; realized: Big; openedAt: string }>();
    const realizedBySymbol = new Map<string, Big>();
    const sales: Sale[] = [];
    let fees = new Big(0);
    let bought = new Big(0);
    let sold = new Big(0);
    for (const e of this.entries) {
      if (e.kind !== 'trade' || voided.has(e.seq)) continue;
      const quantity = new Big(e.quantity);
      const price = new Big(e.price);
      const fee = new Big(e.fees);
      fees = fees.plus(fee);
      const held = holdings.get(e.symbol);
      if (e.side === 'buy') {
        bought = bought.plus(quantity.times(price)).plus(fee);
        if (held) {
          held.quantity = held.quantity.plus(quantity);
          held.costBasis = held.costBasis.plus(quantity.times(price)).plus(fee);
        } else {
          holdings.set(e.symbol, { quantity, costBasis: quantity.times(price).plus(fee), realized: realizedBySymbol.get(e.symbol) ?? new Big(0), openedAt: e.at });
        }
        continue;
      }
      if (!held) throw new Error(`the script sells ${e.symbol}, which it does not hold`);
      sold = sold.plus(quantity.times(price));
      // A full exit takes the whole basis; a partial one its share (exact for the script's figures).
      const costOfSold = quantity.eq(held.quantity) ? held.costBasis : held.costBasis.times(quantity).div(held.quantity);
      const pnl = quantity.times(price).minus(fee).minus(costOfSold);
      sales.push({ seq: e.seq, symbol: e.symbol, at: e.at, pnl, returnRatio: pnl.div(costOfSold) });
      realizedBySymbol.set(e.symbol, (realizedBySymbol.get(e.symbol) ?? new Big(0)).plus(pnl));
      held.quantity = held.quantity.minus(quantity);
      held.costBasis = held.costBasis.minus(costOfSold);
      held.realized = realizedBySymbol.get(e.symbol)!;
      if (held.quantity.eq(0)) holdings.delete(e.symbol);
    }
    return {
      holdings: new Map(
        [...holdings].map(([symbol, h]) => [symbol, { symbol, quantity: h.quantity, costBasis: h.costBasis, averageCost: h.costBasis.div(h.quantity), realized: h.realized, openedAt: h.openedAt }]),
      ),
      realizedBySymbol,
      sales,
      fees,
      bought,
      sold,
    };
  }
}

/** A position valued at a price: value, P&L, P&L % and weight %. */
export interface Valued {
  readonly symbol: string;
  readonly holding: Holding;
  readonly price: Big;
  readonly value: Big;
  readonly pnl: Big;
  readonly pnlPct: number;
  readonly weightPct: number;
}

/** Values every holding at `priceOf(symbol)`, largest value first (ties by symbol). */
export function valueHoldings(state: BookState, priceOf: (symbol: string) => number): { rows: Valued[]; value: Big; cost: Big; pnl: Big } {
  const priced = [...state.holdings.values()].map((holding) => {
    const price = new Big(priceOf(holding.symbol));
    const value = holding.quantity.times(price);
    return { holding, price, value, pnl: value.minus(holding.costBasis) };
  });
  const value = priced.reduce((a, p) => a.plus(p.value), new Big(0));
  const cost = priced.reduce((a, p) => a.plus(p.holding.costBasis), new Big(0));
  const rows = priced
    .map((p) => ({ symbol: p.holding.symbol, ...p, pnlPct: Number(p.pnl.div(p.holding.costBasis).times(100)), weightPct: Number(p.value.div(value).times(100)) }))
    .sort((a, b) => b.value.cmp(a.value) || (a.symbol < b.symbol ? -1 : 1));
  return { rows, value, cost, pnl: value.minus(cost) };
}

/** The ISO week (`2026-W50`) of a UTC date. */
export function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(date.getTime() + (3 - weekday) * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = 1 + Math.floor((thursday.getTime() - yearStart) / (7 * 86_400_000));
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
