/**
 * The straightforward big.js version of the ledger fold, kept as the reference the fast
 * scaled-integer fold in src/ledger.ts is checked against (property test).
 */
import { COST_SPLIT_DP, ZERO, divide, toNumber, type Decimal } from '../../src/decimal';
import { amountIn, money, totalsByCurrency, type Money } from '../../src/money';
import { DomainErrorCode, type DomainError } from '../../src/errors';
import type { LedgerState } from '../../src/ledger';
import { err, ok, type Result } from '../../src/result';
import type { ClosedTrade, Position, TradeEntry } from '../../src/types/trading';

interface MutablePosition {
  symbol: string;
  currency: string;
  quantity: Decimal;
  costBasis: Decimal;
  realizedPnl: Decimal;
  openedAt: string;
}

/**
 * Folds trades in order into positions by average cost. Returns the first refusal instead
 * of a state when a sale exceeds the holding, so callers can validate and replay with one function.
 */
export function referenceFold(trades: readonly TradeEntry[]): Result<LedgerState, DomainError> {
  const open = new Map<string, MutablePosition>();
  // Every amount is kept as Money and totalled per currency at the end with the public helper.
  const realizedBySymbol = new Map<string, Money[]>();
  const realized: Money[] = [];
  const fees: Money[] = [];
  const bought: Money[] = [];
  const sold: Money[] = [];
  const closed: ClosedTrade[] = [];
  const realizedOf = (symbol: string, currency: string): Decimal => amountIn(totalsByCurrency(realizedBySymbol.get(symbol) ?? []), currency).amount;

  for (const entry of trades) {
    const t = entry.trade;
    const gross = t.quantity.times(t.price);
    fees.push(money(t.fees, t.currency));
    const current = open.get(t.symbol);
    if (current && current.currency !== t.currency) {
      return err({
        code: DomainErrorCode.CurrencyMismatch,
        message: `${t.symbol} is held in ${current.currency}; record it in ${current.currency}, not ${t.currency}.`,
        context: { symbol: t.symbol, held: current.currency, given: t.currency },
      });
    }
    if (t.side === 'buy') {
      bought.push(money(gross.plus(t.fees), t.currency));
      if (current) {
        current.quantity = current.quantity.plus(t.quantity);
        current.costBasis = current.costBasis.plus(gross).plus(t.fees);
      } else {
        open.set(t.symbol, {
          symbol: t.symbol,
          currency: t.currency,
          quantity: t.quantity,
          costBasis: gross.plus(t.fees),
          realizedPnl: realizedOf(t.symbol, t.currency),
          openedAt: t.executedAt,
        });
      }
      continue;
    }

    const held = current?.quantity ?? ZERO;
    if (!current || held.lt(t.quantity)) {
      return err({
        code: DomainErrorCode.InsufficientQuantity,
        message: `You cannot sell ${t.quantity.toFixed()} ${t.symbol}: you hold ${held.toFixed()}.`,
        context: { symbol: t.symbol, requested: t.quantity.toFixed(), held: held.toFixed() },
      });
    }
    // Selling everything takes the whole basis, so no rounding residue survives a full exit.
    // A partial sale's share is rounded to COST_SPLIT_DP places and taken out of the basis exactly.
    const sellsAll = held.eq(t.quantity);
    const costOfSold = sellsAll ? current.costBasis : divide(current.costBasis.times(t.quantity), held, COST_SPLIT_DP);
    const pnl = gross.minus(t.fees).minus(costOfSold);
    sold.push(money(gross, t.currency));
    closed.push({
      seq: entry.seq,
      symbol: t.symbol,
      currency: t.currency,
      quantity: t.quantity,
      proceeds: gross,
      costOfSold,
      fees: t.fees,
      pnl,
      // A ratio for display and ranking: float division of the exact amounts is precise enough.
      returnPct: costOfSold.eq(0) ? 0 : toNumber(pnl) / toNumber(costOfSold),
      openedAt: current.openedAt,
      closedAt: t.executedAt,
    });
    realizedBySymbol.set(t.symbol, [...(realizedBySymbol.get(t.symbol) ?? []), money(pnl, t.currency)]);
    realized.push(money(pnl, t.currency));
    current.realizedPnl = realizedOf(t.symbol, t.currency);
    current.quantity = held.minus(t.quantity);
    current.costBasis = current.costBasis.minus(costOfSold);
    if (current.quantity.eq(0)) open.delete(t.symbol);
  }

  const positions = new Map<string, Position>();
  for (const p of open.values()) {
    positions.set(p.symbol, { ...p, averageCost: p.costBasis.div(p.quantity) });
  }
  return ok({
    positions,
    closed,
    realizedBySymbol: new Map([...realizedBySymbol].map(([symbol, amounts]) => [symbol, totalsByCurrency(amounts)])),
    realizedByCurrency: totalsByCurrency(realized),
    feesByCurrency: totalsByCurrency(fees),
    boughtByCurrency: totalsByCurrency(bought),
    soldByCurrency: totalsByCurrency(sold),
    trades,
    // Trades only: the reference knows nothing of dividends and splits.
    dividendsByCurrency: new Map(),
    withholdingByCurrency: new Map(),
    dividendsBySymbol: new Map(),
    dividends: [],
    splits: [],
  });
}

