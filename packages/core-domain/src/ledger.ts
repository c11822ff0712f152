import { COST_SPLIT_DP, toPlain, type Decimal } from './decimal';
import { decimalPlaces, divRoundHalfEven, fromScaled, pow10, rememberScaledPnl, toScaled } from './fixed';
import { DomainErrorCode, type DomainError } from './errors';
import { normaliseTicker } from './commands/tickers';
import type { MoneyByCurrency } from './money';
import { err, ok, type Result } from './result';
import { compareText } from './text';
import type { ClosedTrade, CountedEntry, DividendEntry, EntryDraft, LedgerEntry, Position, SplitEntry, Trade, TradeEntry } from './types/trading';

/**
 * Extra decimal places a position's quantity may take after a split (quantity x numerator /
 * denominator, rounded half-even to the places of the trade quantities recorded before the split
 * plus these): 3-for-2 of 1 share is 1.5, a 1-for-3 reverse split of 10 shares is 3.333333.
 */
export const SPLIT_QUANTITY_EXTRA_DP = 6;

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
  /** Dividends received (net of withholding), per currency. They never touch a cost basis. */
  readonly dividendsByCurrency: MoneyByCurrency;
  /** Tax withheld at source on those dividends, per currency (for information). */
  readonly withholdingByCurrency: MoneyByCurrency;
  /** Dividends received per symbol, per currency. */
  readonly dividendsBySymbol: ReadonlyMap<string, MoneyByCurrency>;
  /** The dividend entries that count, in ledger order. */
  readonly dividends: readonly DividendEntry[];
  /** The split entries applied, in ledger order. */
  readonly splits: readonly SplitEntry[];
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
function inCurrentSpelling<E extends CountedEntry>(entry: E, spellings: Map<string, string>): E {
  const stored = symbolOf(entry);
  let symbol = spellings.get(stored);
  if (symbol === undefined) {
    symbol = normaliseTicker(stored) ?? stored;
    spellings.set(stored, symbol);
  }
  if (symbol === stored) return entry;
  switch (entry.kind) {
    case 'trade':
      return { ...entry, trade: { ...entry.trade, symbol } };
    case 'dividend':
      return { ...entry, dividend: { ...entry.dividend, symbol } };
    case 'split':
      return { ...entry, split: { ...entry.split, symbol } };
  }
}

/** The symbol a counted entry is about. */
export function symbolOf(entry: CountedEntry): string {
  return entry.kind === 'trade' ? entry.trade.symbol : entry.kind === 'dividend' ? entry.dividend.symbol : entry.split.symbol;
}

/** The entries that count (trades, dividends, splits not voided), in ledger (`seq`) order, tickers in today's spelling. */
export function effectiveEntries(entries: readonly LedgerEntry[]): CountedEntry[] {
  const voided = voidedSeqs(entries);
  const spellings = new Map<string, string>();
  return entries
    .filter((e): e is CountedEntry => e.kind !== 'void' && !voided.has(e.seq))
    .map((e) => inCurrentSpelling(e, spellings))
    .sort((a, b) => a.seq - b.seq);
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
function fold(counted: readonly CountedEntry[]): Result<LedgerState, DomainError> {
  const trades = counted.filter((e): e is TradeEntry => e.kind === 'trade');
  // One scale for quantities and one for money, wide enough that every input is exact.
  let quantityScale = 0;
  let priceScale = 0;
  let feeScale = 0;
  for (const { trade: t } of trades) {
    quantityScale = Math.max(quantityScale, decimalPlaces(t.quantity));
    priceScale = Math.max(priceScale, decimalPlaces(t.price));
    feeScale = Math.max(feeScale, decimalPlaces(t.fees));
  }
  for (const e of counted) {
    if (e.kind === 'dividend') feeScale = Math.max(feeScale, decimalPlaces(e.dividend.amount), decimalPlaces(e.dividend.withholding));
  }
  // A split may need more places than the trades (3-for-2 of 1 share is 1.5).
  if (counted.some((e) => e.kind === 'split')) quantityScale += SPLIT_QUANTITY_EXTRA_DP;
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
  const dividendTotals = new Map<string, bigint>();
  const withholding = new Map<string, bigint>();
  const dividendsBySymbol = new Map<string, Map<string, bigint>>();
  const dividends: DividendEntry[] = [];
  const splits: SplitEntry[] = [];
  // Places of the most precise trade quantity so far: a split rounds to these plus
  // SPLIT_QUANTITY_EXTRA_DP, so a trade recorded after it never changes what it left (selling the
  // 3.333333 shares a 1-for-3 split left of 10 must close the position, not leave 0.000000333333).
  let tradePlaces = 0;

  for (const entry of counted) {
    if (entry.kind === 'dividend') {
      const d = entry.dividend;
      const held = open.get(d.symbol);
      if (held && held.currency !== d.currency) {
        return err({
          code: DomainErrorCode.CurrencyMismatch,
          message: `${d.symbol} is held in ${held.currency}; record its dividend in ${held.currency}, not ${d.currency}.`,
          context: { symbol: d.symbol, held: held.currency, given: d.currency },
        });
      }
      const amount = toScaled(d.amount, moneyScale);
      add(dividendTotals, d.currency, amount);
      add(withholding, d.currency, toScaled(d.withholding, moneyScale));
      if (!dividendsBySymbol.has(d.symbol)) dividendsBySymbol.set(d.symbol, new Map());
      add(dividendsBySymbol.get(d.symbol)!, d.currency, amount);
      dividends.push(entry);
      continue;
    }
    if (entry.kind === 'split') {
      const held = open.get(entry.split.symbol);
      // Shares change, the cost basis does not: the value of the position is the same at the split.
      if (held) {
        const unit = pow10(quantityScale - tradePlaces - SPLIT_QUANTITY_EXTRA_DP);
        const quantity = divRoundHalfEven(held.quantity * BigInt(entry.split.numerator), BigInt(entry.split.denominator) * unit) * unit;
        if (quantity === 0n) {
          const value = `${entry.split.numerator}:${entry.split.denominator}`;
          return err({ code: DomainErrorCode.NonPositiveQuantity, message: `The ${value} split would leave no ${entry.split.symbol} shares.`, context: { value } });
        }
        held.quantity = quantity;
      }
      splits.push(entry);
      continue;
    }
    const t = entry.trade;
    tradePlaces = Math.max(tradePlaces, decimalPlaces(t.quantity));
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
    dividendsByCurrency: byCurrency(dividendTotals),
    withholdingByCurrency: byCurrency(withholding),
    dividendsBySymbol: new Map([...dividendsBySymbol].map(([symbol, amounts]) => [symbol, byCurrency(amounts)])),
    dividends,
    splits,
  });
}

/**
 * Replays a ledger into positions, closed trades and totals. Use it for every read view
 * (portfolio, balance, stats); a ledger written through `validateDraft` always replays.
 * Throws only if the stored ledger itself is inconsistent, which validation prevents.
 */
export function replay(entries: readonly LedgerEntry[]): LedgerState {
  const result = fold(effectiveEntries(entries));
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
 * The `seq` an entry appended to `entries` gets. A candidate checked before it is written is folded
 * last whatever its number, so the checks read only its place, never this value.
 */
// Stryker disable next-line ArithmeticOperator,ArrowFunction,MethodExpression: a candidate's seq is never read (it is folded last whatever its number, and a verdict carries no closed trade)
const nextSeqOf = (entries: readonly LedgerEntry[]): number => entries.reduce((max, e) => Math.max(max, e.seq), 0) + 1;

/** `entries` with `entry` appended, replayed: a new entry voids nothing and sorts last. */
function foldWith(entries: readonly LedgerEntry[], entry: CountedEntry): Result<LedgerState, DomainError> {
  return fold([...effectiveEntries(entries), inCurrentSpelling(entry, new Map())]);
}

/**
 * The ledger with trade `entry` appended (its `seq` after every entry of `entries`), replayed: what
 * `replay([...entries, entry])` gives, or the refusal `validateDraft` gives for the same trade. Use
 * it where a trade is checked right before it is written and the state after it is wanted too (the
 * reply's position, the positions snapshot): a ledger adapter hands it back with the append
 * (`LedgerAppend.state`), so a trade replays the ledger once instead of twice.
 */
export function replayWithTrade(entries: readonly LedgerEntry[], entry: TradeEntry): Result<LedgerState, DomainError> {
  const fieldError = checkTradeFields(entry.trade);
  if (fieldError) return err(fieldError);
  return foldWith(entries, entry);
}

/**
 * Decides whether `draft` may be appended to `entries`. Every ledger writer calls this right
 * before its conditional write, and again after losing a race, so a sale always still has its shares.
 */
export function validateDraft(entries: readonly LedgerEntry[], draft: EntryDraft): Result<void, DomainError> {
  if (draft.kind === 'trade') {
    const result = replayWithTrade(entries, { ...draft, seq: nextSeqOf(entries), recordedAt: draft.trade.executedAt });
    return result.ok ? ok(undefined) : err(result.error);
  }
  if (draft.kind === 'dividend') return validateDividend(entries, draft);
  if (draft.kind === 'split') return validateSplit(entries, draft);

  const target = entries.find((e) => e.seq === draft.voids);
  if (!target || (target.kind !== 'trade' && target.kind !== 'dividend')) {
    return err({ code: DomainErrorCode.UnknownEntry, message: `There is no trade #${draft.voids} to undo.`, context: { seq: draft.voids } });
  }
  if (voidedSeqs(entries).has(draft.voids)) {
    return err({ code: DomainErrorCode.AlreadyVoided, message: `Trade #${draft.voids} was already undone.`, context: { seq: draft.voids } });
  }
  const remaining = effectiveEntries(entries).filter((e) => e.seq !== draft.voids);
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

/**
 * The newest entry the investor recorded that is not voided, a trade or a dividend: what `/undo`
 * cancels. Splits come from the market data and are not undone.
 */
export function lastUndoable(entries: readonly LedgerEntry[]): TradeEntry | DividendEntry | undefined {
  const recorded = effectiveEntries(entries).filter((e): e is TradeEntry | DividendEntry => e.kind !== 'split');
  return recorded[recorded.length - 1];
}

/** A dividend must be positive (net), its withholding not negative, for a symbol the ledger has traded, in that symbol's currency. */
function validateDividend(entries: readonly LedgerEntry[], draft: Extract<EntryDraft, { kind: 'dividend' }>): Result<void, DomainError> {
  const d = draft.dividend;
  if (d.amount.lte(0)) {
    const value = d.amount.toFixed();
    return err({ code: DomainErrorCode.NonPositiveQuantity, message: `The dividend must be greater than 0 (got ${value}).`, context: { value } });
  }
  if (d.withholding.lt(0)) {
    const value = d.withholding.toFixed();
    return err({ code: DomainErrorCode.NegativeFees, message: `The withholding cannot be negative (got ${value}).`, context: { value, of: 'withholding' } });
  }
  const symbol = normaliseTicker(d.symbol) ?? d.symbol;
  const traded = effectiveTrades(entries).filter((e) => e.trade.symbol === symbol);
  if (traded.length === 0) {
    return err({ code: DomainErrorCode.NeverHeld, message: `You never held ${symbol}: a dividend counts for a position you hold or held.`, context: { symbol } });
  }
  const result = foldWith(entries, { ...draft, seq: nextSeqOf(entries), recordedAt: d.paidAt });
  return result.ok ? ok(undefined) : err(result.error);
}

/** A split needs whole positive terms, a position to apply to, and must leave a quantity. */
function validateSplit(entries: readonly LedgerEntry[], draft: Extract<EntryDraft, { kind: 'split' }>): Result<void, DomainError> {
  const { numerator, denominator, symbol } = draft.split;
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || numerator < 1 || denominator < 1) {
    return err({ code: DomainErrorCode.NonPositiveQuantity, message: `A split is whole numbers of shares, such as 2 for 1 (got ${numerator} for ${denominator}).`, context: { value: `${numerator}:${denominator}` } });
  }
  const state = replay(entries);
  const held = state.positions.get(normaliseTicker(symbol) ?? symbol);
  if (!held) return err({ code: DomainErrorCode.NeverHeld, message: `There is no ${symbol} position to split.`, context: { symbol, of: 'split' } });
  // Stryker disable next-line StringLiteral: the fold never reads an entry's recordedAt
  const result = foldWith(entries, { ...draft, seq: nextSeqOf(entries), recordedAt: `${draft.split.effectiveDate}T00:00:00.000Z` });
  return result.ok ? ok(undefined) : err(result.error);
}
