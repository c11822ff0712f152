/**
 * The straightforward big.js version of the ledger fold, kept as the reference the fast
 * scaled-integer fold in src/ledger.ts is checked against (property test). It uses nothing from
 * src but types and error codes: its own big.js constructors and its own rounding rules, written
 * from docs/core-domain.md, so a change to src's helpers or constants cannot move both sides.
 */
import Big from 'big.js';
import { DomainErrorCode, type DomainError } from '../../src/errors';
import type { LedgerState } from '../../src/ledger';
import type { Result } from '../../src/result';
import type { ClosedTrade, Position, TradeEntry } from '../../src/types/trading';

/** The cost of a partial sale: exact quotient rounded half-even to 12 decimal places (docs: "Positions and P&L"). */
const CostSplit = Big();
CostSplit.DP = 12;
CostSplit.RM = Big.roundHalfEven;

/** Other quotients (the average cost): 30 places, half-even, as every decimal of the domain. */
const Quotient = Big();
Quotient.DP = 30;
Quotient.RM = Big.roundHalfEven;

interface MutablePosition {
  symbol: string;
  currency: string;
  quantity: Big;
  costBasis: Big;
  realizedPnl: Big;
  openedAt: string;
}

const fail = (error: DomainError): Result<LedgerState, DomainError> => ({ ok: false, error });

/**
 * Folds trades in order into positions by average cost. Returns the first refusal instead
 * of a state when a sale exceeds the holding, so callers can validate and replay with one function.
 */
export function referenceFold(trades: readonly TradeEntry[]): Result<LedgerState, DomainError> {
  const zero = new Big(0);
  const open = new Map<string, MutablePosition>();
  const realizedBySymbol = new Map<string, Big>();
  const closed: ClosedTrade[] = [];
  let totalFees = zero;
  let totalBought = zero;
  let totalSold = zero;

  for (const entry of trades) {
    const t = entry.trade;
    const gross = new Big(t.quantity).times(t.price);
    totalFees = totalFees.plus(t.fees);
    const current = open.get(t.symbol);
    if (current && current.currency !== t.currency) {
      return fail({
        code: DomainErrorCode.CurrencyMismatch,
        message: `${t.symbol} is held in ${current.currency}; record it in ${current.currency}, not ${t.currency}.`,
        context: { symbol: t.symbol, held: current.currency, given: t.currency },
      });
    }
    if (t.side === 'buy') {
      totalBought = totalBought.plus(gross).plus(t.fees);
      if (current) {
        current.quantity = current.quantity.plus(t.quantity);
        current.costBasis = current.costBasis.plus(gross).plus(t.fees);
      } else {
        open.set(t.symbol, {
          symbol: t.symbol,
          currency: t.currency,
          quantity: new Big(t.quantity),
          costBasis: gross.plus(t.fees),
          realizedPnl: realizedBySymbol.get(t.symbol) ?? zero,
          openedAt: t.executedAt,
        });
      }
      continue;
    }

    const held = current?.quantity ?? zero;
    if (!current || held.lt(t.quantity)) {
      return fail({
        code: DomainErrorCode.InsufficientQuantity,
        message: `You cannot sell ${t.quantity.toFixed()} ${t.symbol}: you hold ${held.toFixed()}.`,
        context: { symbol: t.symbol, requested: t.quantity.toFixed(), held: held.toFixed() },
      });
    }
    // Selling everything takes the whole basis; a partial sale takes its share, rounded.
    const sellsAll = held.eq(t.quantity);
    const costOfSold = sellsAll ? current.costBasis : new CostSplit(current.costBasis).times(t.quantity).div(held);
    const pnl = gross.minus(t.fees).minus(costOfSold);
    totalSold = totalSold.plus(gross);
    closed.push({
      seq: entry.seq,
      symbol: t.symbol,
      currency: t.currency,
      quantity: t.quantity,
      proceeds: gross,
      costOfSold,
      fees: t.fees,
      pnl,
      returnPct: costOfSold.eq(0) ? 0 : Number(pnl.toString()) / Number(costOfSold.toString()),
      openedAt: current.openedAt,
      closedAt: t.executedAt,
    });
    const realized = (realizedBySymbol.get(t.symbol) ?? zero).plus(pnl);
    realizedBySymbol.set(t.symbol, realized);
    current.realizedPnl = realized;
    current.quantity = held.minus(t.quantity);
    current.costBasis = current.costBasis.minus(costOfSold);
    if (current.quantity.eq(0)) open.delete(t.symbol);
  }

  const positions = new Map<string, Position>();
  for (const p of open.values()) {
    positions.set(p.symbol, { ...p, averageCost: new Quotient(p.costBasis).div(p.quantity) });
  }
  return { ok: true, value: { positions, closed, realizedBySymbol, totalFees, totalBought, totalSold, trades } };
}
