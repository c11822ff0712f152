import type { Decimal } from '../decimal';

/** Which way a trade went. */
export type Side = 'buy' | 'sell';

/**
 * One executed trade as the investor reports it. `symbol` is Yahoo style (`BRK-B`);
 * `executedAt` is an ISO 8601 UTC timestamp; `fees` are in the trade's currency.
 */
export interface Trade {
  readonly side: Side;
  readonly symbol: string;
  readonly quantity: Decimal;
  readonly price: Decimal;
  readonly fees: Decimal;
  readonly currency: string;
  readonly executedAt: string;
}

/** Where a ledger entry came from, so a redelivered Telegram update or a re-run import is recognisable. */
export interface EntrySource {
  /** Telegram `update_id` that produced the entry, when it came from the chat. */
  readonly updateId?: number;
  /** Stable id of an imported row (e.g. hash of the row), so importing twice adds nothing. */
  readonly importId?: string;
}

/**
 * Cash received from a holding: `amount` is what reached the account (net), `withholding` the tax
 * kept at source (for information: the gross is their sum). In the currency the symbol is traded in.
 */
export interface Dividend {
  readonly symbol: string;
  readonly amount: Decimal;
  readonly withholding: Decimal;
  readonly currency: string;
  /** ISO 8601 UTC timestamp of the payment. */
  readonly paidAt: string;
}

/**
 * A stock split as the market data reports it: `numerator` new shares for every `denominator` held
 * (2-for-1: 2/1; 3-for-2: 3/2; a 1-for-10 reverse split: 1/10). Applied to the position held when
 * the ledger accepts it: quantity x numerator / denominator, cost basis unchanged.
 */
export interface Split {
  readonly symbol: string;
  readonly numerator: number;
  readonly denominator: number;
  /** `YYYY-MM-DD` of the first session at the new share count. */
  readonly effectiveDate: string;
}

/** The entry's content before the ledger gives it a sequence number. */
export type EntryDraft =
  | ({ readonly kind: 'trade'; readonly trade: Trade } & EntrySource)
  | ({ readonly kind: 'void'; readonly voids: number; readonly reason?: string } & EntrySource)
  | ({ readonly kind: 'dividend'; readonly dividend: Dividend } & EntrySource)
  | ({ readonly kind: 'split'; readonly split: Split } & EntrySource);

/**
 * One append-only ledger record. `seq` is gapless from 1 per portfolio. A correction is a
 * new `void` entry naming the `seq` it cancels; nothing is ever edited in place.
 */
export type LedgerEntry = EntryDraft & {
  readonly seq: number;
  /** ISO timestamp when the ledger accepted the entry. */
  readonly recordedAt: string;
};

/** A trade entry of the ledger. */
export type TradeEntry = Extract<LedgerEntry, { kind: 'trade' }>;
/** A void entry of the ledger. */
export type VoidEntry = Extract<LedgerEntry, { kind: 'void' }>;
/** A dividend entry of the ledger. */
export type DividendEntry = Extract<LedgerEntry, { kind: 'dividend' }>;
/** A split entry of the ledger. */
export type SplitEntry = Extract<LedgerEntry, { kind: 'split' }>;
/** The entries that change what is held or earned (a void only cancels one of them). */
export type CountedEntry = TradeEntry | DividendEntry | SplitEntry;

/** An open holding valued at average cost (fees included in the cost basis). */
export interface Position {
  readonly symbol: string;
  readonly currency: string;
  readonly quantity: Decimal;
  /** Total cost of what is still held, buy fees included. */
  readonly costBasis: Decimal;
  /** costBasis / quantity. */
  readonly averageCost: Decimal;
  /** Realized P&L of everything sold so far in this symbol and currency (net of all fees). */
  readonly realizedPnl: Decimal;
  /** ISO timestamp of the first buy of the current holding. */
  readonly openedAt: string;
}

/** One sale's outcome, the unit of the realized equity curve and of stats. */
export interface ClosedTrade {
  readonly seq: number;
  readonly symbol: string;
  readonly currency: string;
  readonly quantity: Decimal;
  readonly proceeds: Decimal;
  /** Average cost of what was sold (its share of the cost basis, buy fees included). */
  readonly costOfSold: Decimal;
  readonly fees: Decimal;
  /** proceeds - fees - costOfSold. */
  readonly pnl: Decimal;
  /** pnl / costOfSold (0 when costOfSold is 0). */
  readonly returnPct: number;
  readonly openedAt: string;
  readonly closedAt: string;
}

/** A latest price. `asOf` is an ISO timestamp; `previousClose` feeds the day change. */
export interface Quote {
  readonly symbol: string;
  readonly price: Decimal;
  readonly currency: string;
  readonly previousClose?: Decimal;
  readonly asOf: string;
  readonly name?: string;
  /**
   * True when the source says this price is not market data (the local Yahoo stand-in marks its
   * quotes). Set by the price feed; every reply or report that shows such a price must say so.
   */
  readonly simulated?: boolean;
}

/** One daily bar. Floats are fine here: bars feed ratios and rankings, never sums of money. */
export interface Bar {
  /** `YYYY-MM-DD` of the session. */
  readonly date: string;
  readonly close: number;
  readonly high?: number;
  readonly low?: number;
  readonly volume?: number;
}

/** A note the investor keeps on a ticker. */
export interface Tip {
  readonly id: number;
  readonly symbol: string;
  readonly text: string;
  readonly createdAt: string;
}
