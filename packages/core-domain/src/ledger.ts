import { COST_SPLIT_DP, toPlain, type Decimal } from './decimal';
import { decimalPlaces, divRoundHalfEven, fromScaled, pow10, rememberScaledPnl, toScaled } from './fixed';
import { DomainErrorCode, type DomainError } from './errors';
import { normaliseTicker } from './commands/tickers';
import type { MoneyByCurrency } from './money';
import { err, ok, type Result } from './result';
import { compareText } from './text';
import type { ClosedTrade, EntryDraft, LedgerEntry, Position, Trade, TradeEntry } from './types/trading';

/** Everything the ledger implies, computed in one pass: what is held, what was closed, fees paid. */
export interface LedgerState {
  /** Open positions by symbol (quantity > 0 only). */
  readonly positions: ReadonlyMap<string, Position>;
  /** Every sale in ledger order. */
  readonly closed: readonly ClosedTrade[];
  /**
   * Realized P&L per symbol (symbols no longer held included), per currency: a symbol recorded in
   * one currency, closed, then bought again in another has two amounts, never one sum.
   */
  readonly realizedBySymbol: ReadonlyMap<string, MoneyByCurrency>;
  /** Realized P&L of every sale (net of all fees), per currency. */
  readonly realizedByCurrency: MoneyByCurrency;
  /** Fees of every effective trade, per currency. */
  readonly feesByCurrency: MoneyByCurrency;
  /** quantity x price + fees of every effective buy, per currency. */
  readonly boughtByCurrency: MoneyByCurrency;
  /** quantity x price of every effective sale (before fees), per currency. */
  readonly soldByCurrency: MoneyByCurrency;
  /** The trades that count (not voided), in ledger order. */
  readonly trades: readonly TradeEntry[];
}

interface MutablePosition {
  symbol: string;
  currency: string;
  /** Scaled by 10^quantityScale. */
  quantity: bigint;
  /** Scaled by 10^moneyScale. */
  costBasis: bigint;
  realizedPnl: bigint;
  openedAt: string;
}

/** Sequence numbers cancelled by void entries. */
export function voidedSeqs(entries: readonly LedgerEntry[]): Set<number> {
  const voided = new Set<number>();
  for (const e of entries) if (e.kind === 'void') voided.add(e.voids);
  return voided;
}

/**
 * The entry with its ticker in today's spelling (`normaliseTicker`), the same entry when it already
 * is. Ledgers written before every path normalised tickers (a CSV import kept `BRK.B` while the chat
 * wrote `BRK-B`) hold one stock under two names; reading through this makes them one position.
 * A symbol `normaliseTicker` refuses is kept as stored.
 */
function inCurrentSpelling(entry: TradeEntry, spellings: Map<string, string>): TradeEntry {
  const stored = entry.trade.symbol;
  let symbol = spellings.get(stored);
  if (symbol === undefined) {
    symbol = normaliseTicker(stored) ?? stored;
    spellings.set(stored, symbol);
  }
  return symbol === stored ? entry : { ...entry, trade: { ...entry.trade, symbol } };
}

/** The trade entries that count (not voided), in ledger (`seq`) order, tickers in today's spelling. */
export function effectiveTrades(entries: readonly LedgerEntry[]): TradeEntry[] {
  const voided = voidedSeqs(entries);
  const spellings = new Map<string, string>();
  return entries
    .filter((e): e is TradeEntry => e.kind === 'trade' && !voided.has(e.seq))
    .map((e) => inCurrentSpelling(e, spellings))
    .sort((a, b) => a.seq - b.seq);
}

/**
 * Folds trades in order into positions by average cost. Returns the first refusal instead
 * of a state when a sale exceeds the holding, so callers can validate and replay with one function.
 *
 * The arithmetic runs on scaled BigInts (see fixed.ts) because big.js is too slow for 10,000
 * trades; every result is exactly what the big.js formulas give: sums and products are exact, and
 * the cost of a partial sale is costBasis x sold / held rounded half-even to COST_SPLIT_DP places.
 */
function fold(trades: readonly TradeEntry[]): Result<LedgerState, DomainError> {
  // One scale for quantities and one for money, wide enough that every input is exact.
  let quantityScale = 0;
  let priceScale = 0;
  let feeScale = 0;
  for (const { trade: t } of trades) {
    quantityScale = Math.max(quantityScale, decimalPlaces(t.quantity));
    priceScale = Math.max(priceScale, decimalPlaces(t.price));
    feeScale = Math.max(feeScale, decimalPlaces(t.fees));
  }
  const moneyScale = Math.max(COST_SPLIT_DP, quantityScale + priceScale, feeScale);
  const grossFactor = pow10(moneyScale - quantityScale - priceScale);
  const splitFactor = pow10(moneyScale - COST_SPLIT_DP);
  const money = (v: bigint): Decimal => fromScaled(v, moneyScale);

  const open = new Map<string, MutablePosition>();
  // Amounts are added only within one currency: keyed by currency (and symbol, for realized P&L).
  const realizedBySymbol = new Map<string, Map<string, bigint>>();
  const realized = new Map<string, bigint>();
  const fees = new Map<string, bigint>();
  const bought = new Map<string, bigint>();
  const sold = new Map<string, bigint>();
  const add = (totals: Map<string, bigint>, currency: string, amount: bigint): void => {
    totals.set(currency, (totals.get(currency) ?? 0n) + amount);
  };
  const realizedOf = (symbol: string, currency: string): bigint => realizedBySymbol.get(symbol)?.get(currency) ?? 0n;
  const closed: ClosedTrade[] = [];
  const closedPnl: bigint[] = [];

  for (const entry of trades) {
    const t = entry.trade;
    const quantity = toScaled(t.quantity, quantityScale);
    const tradeFees = toScaled(t.fees, moneyScale);
    const gross = quantity * toScaled(t.price, priceScale) * grossFactor;
    add(fees, t.currency, tradeFees);
    const current = open.get(t.symbol);
    if (current && current.currency !== t.currency) {
      return err({
        code: DomainErrorCode.CurrencyMismatch,
        message: `${t.symbol} is held in ${current.currency}; record it in ${current.currency}, not ${t.currency}.`,
        context: { symbol: t.symbol, held: current.currency, given: t.currency },
      });
    }
    if (t.side === 'buy') {
      add(bought, t.currency, gross + tradeFees);
      if (current) {
        current.quantity += quantity;
        current.costBasis += gross + tradeFees;
      } else {
        open.set(t.symbol, {
          symbol: t.symbol,
          currency: t.currency,
          quantity,
          costBasis: gross + tradeFees,
          realizedPnl: realizedOf(t.symbol, t.currency),
          openedAt: t.executedAt,
        });
      }
      continue;
    }

    const held = current?.quantity ?? 0n;
    if (!current || held < quantity) {
      const heldText = fromScaled(held, quantityScale).toFixed();
      return err({
        code: DomainErrorCode.InsufficientQuantity,
        message: `You cannot sell ${t.quantity.toFixed()} ${t.symbol}: you hold ${heldText}.`,
        context: { symbol: t.symbol, requested: t.quantity.toFixed(), held: heldText },
      });
    }
    // Selling everything takes the whole basis, so no rounding residue survives a full exit.
    // A partial sale's share is rounded to COST_SPLIT_DP places and taken out of the basis exactly.
    const sellsAll = held === quantity;
    const costOfSold = sellsAll ? current.costBasis : divRoundHalfEven(current.costBasis * quantity, held * splitFactor) * splitFactor;
    const pnl = gross - tradeFees - costOfSold;
    add(sold, t.currency, gross);
    closed.push({
      seq: entry.seq,
      symbol: t.symbol,
      currency: t.currency,
      quantity: t.quantity,
      proceeds: money(gross),
      costOfSold: money(costOfSold),
      fees: t.fees,
      pnl: money(pnl),
      // A ratio for display and ranking: float division of the exact amounts is precise enough.
      returnPct: costOfSold === 0n ? 0 : Number(pnl) / Number(costOfSold),
      openedAt: current.openedAt,
      closedAt: t.executedAt,
    });
    closedPnl.push(pnl);
    const symbolRealized = realizedOf(t.symbol, t.currency) + pnl;
    if (!realizedBySymbol.has(t.symbol)) realizedBySymbol.set(t.symbol, new Map());
    realizedBySymbol.get(t.symbol)!.set(t.currency, symbolRealized);
    add(realized, t.currency, pnl);
    current.realizedPnl = symbolRealized;
    current.quantity = held - quantity;
    current.costBasis -= costOfSold;
    if (current.quantity === 0n) open.delete(t.symbol);
  }

  const positions = new Map<string, Position>();
  for (const p of open.values()) {
    const quantity = fromScaled(p.quantity, quantityScale);
    const costBasis = money(p.costBasis);
    positions.set(p.symbol, {
      symbol: p.symbol,
      currency: p.currency,
      quantity,
      costBasis,
      averageCost: costBasis.div(quantity),
      realizedPnl: money(p.realizedPnl),
      openedAt: p.openedAt,
    });
  }
  rememberScaledPnl(closed, moneyScale, closedPnl);
  const byCurrency = (totals: Map<string, bigint>): MoneyByCurrency =>
    new Map([...totals.keys()].sort(compareText).map((currency) => [currency, { amount: money(totals.get(currency)!), currency }]));
  return ok({
    positions,
    closed,
    realizedBySymbol: new Map([...realizedBySymbol].map(([symbol, amounts]) => [symbol, byCurrency(amounts)])),
    realizedByCurrency: byCurrency(realized),
    feesByCurrency: byCurrency(fees),
    boughtByCurrency: byCurrency(bought),
    soldByCurrency: byCurrency(sold),
    trades,
  });
}

/**
 * Replays a ledger into positions, closed trades and totals. Use it for every read view
 * (portfolio, balance, stats); a ledger written through `validateDraft` always replays.
 * Throws only if the stored ledger itself is inconsistent, which validation prevents.
 */
export function replay(entries: readonly LedgerEntry[]): LedgerState {
  const result = fold(effectiveTrades(entries));
  if (!result.ok) throw new Error(`Ledger is inconsistent: ${result.error.message}`);
  return result.value;
}

function checkTradeFields(t: Trade): DomainError | null {
  if (t.quantity.lte(0)) {
    const value = t.quantity.toFixed();
    return { code: DomainErrorCode.NonPositiveQuantity, message: `Quantity must be greater than 0 (got ${value}).`, context: { value } };
  }
  if (t.price.lt(0)) {
    const value = t.price.toFixed();
    return { code: DomainErrorCode.NegativePrice, message: `Price cannot be negative (got ${value}).`, context: { value } };
  }
  if (t.fees.lt(0)) {
    const value = t.fees.toFixed();
    return { code: DomainErrorCode.NegativeFees, message: `Fees cannot be negative (got ${value}).`, context: { value } };
  }
  return null;
}

/**
 * Decides whether `draft` may be appended to `entries`. Every ledger writer calls this right
 * before its conditional write, and again after losing a race, so a sale always still has its shares.
 */
export function validateDraft(entries: readonly LedgerEntry[], draft: EntryDraft): Result<void, DomainError> {
  if (draft.kind === 'trade') {
    const fieldError = checkTradeFields(draft.trade);
    if (fieldError) return err(fieldError);
    const nextSeq = entries.reduce((max, e) => Math.max(max, e.seq), 0) + 1;
    const candidate = inCurrentSpelling({ ...draft, seq: nextSeq, recordedAt: draft.trade.executedAt }, new Map());
    const result = fold([...effectiveTrades(entries), candidate]);
    return result.ok ? ok(undefined) : err(result.error);
  }

  const target = entries.find((e) => e.seq === draft.voids);
  if (!target || target.kind !== 'trade') {
    return err({ code: DomainErrorCode.UnknownEntry, message: `There is no trade #${draft.voids} to undo.`, context: { seq: draft.voids } });
  }
  if (voidedSeqs(entries).has(draft.voids)) {
    return err({ code: DomainErrorCode.AlreadyVoided, message: `Trade #${draft.voids} was already undone.`, context: { seq: draft.voids } });
  }
  const remaining = effectiveTrades(entries).filter((e) => e.seq !== draft.voids);
  const result = fold(remaining);
  if (!result.ok) {
    return err({
      code: DomainErrorCode.VoidBreaksHistory,
      message: `Undoing trade #${draft.voids} would leave a later sale without shares (${result.error.message}) Undo that sale first.`,
      context: { seq: draft.voids },
    });
  }
  return ok(undefined);
}

/**
 * The entry already recorded from the same source as `draft` (same Telegram `updateId`, or same
 * `importId`), if any. Use it before appending, so a source that was recorded once is never
 * recorded again, whichever run or instance wrote it first.
 */
export function recordedFromSameSource(entries: readonly LedgerEntry[], draft: EntryDraft): LedgerEntry | undefined {
  if (draft.updateId === undefined && draft.importId === undefined) return undefined;
  return entries.find(
    (e) => (draft.updateId !== undefined && e.updateId === draft.updateId) || (draft.importId !== undefined && e.importId === draft.importId),
  );
}

/** A trade's fields as stored: decimals as plain strings (`toPlain`, never an exponent), the rest as is. */
export interface PlainTrade {
  readonly side: Trade['side'];
  readonly symbol: string;
  readonly quantity: string;
  readonly price: string;
  readonly fees: string;
  readonly currency: string;
  readonly executedAt: string;
}

/** A trade in its stored form. Use it wherever a trade is written out (the DynamoDB item, the ledger CSV), so both spell amounts the same. */
export function plainTrade(t: Trade): PlainTrade {
  return {
    side: t.side,
    symbol: t.symbol,
    quantity: toPlain(t.quantity),
    price: toPlain(t.price),
    fees: toPlain(t.fees),
    currency: t.currency,
    executedAt: t.executedAt,
  };
}

/** The newest trade entry that is not voided: what `/undo` cancels. */
export function lastUndoable(entries: readonly LedgerEntry[]): TradeEntry | undefined {
  const trades = effectiveTrades(entries);
  return trades[trades.length - 1];
}
