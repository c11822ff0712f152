/**
 * The straightforward big.js version of the ledger fold, kept as the reference the fast
 * scaled-integer fold in src/ledger.ts is checked against (property test). It uses nothing from
 * src but types and error codes: its own big.js constructors, its own rounding rules and its own
 * per-currency totals, written from docs/core-domain.md, so a change to src's helpers or constants
 * cannot move both sides.
 */
import Big from 'big.js';
import { DomainErrorCode, type DomainError } from '../../src/errors';
import type { LedgerState } from '../../src/ledger';
import type { MoneyByCurrency } from '../../src/money';
import type { Result } from '../../src/result';
import type { ClosedTrade, CountedEntry, DividendEntry, Position, SplitEntry, TradeEntry } from '../../src/types/trading';

/** The cost of a partial sale: exact quotient rounded half-even to 12 decimal places (docs: "Positions and P&L"). */
const CostSplit = Big();
CostSplit.DP = 12;
CostSplit.RM = Big.roundHalfEven;

/** Other quotients (the average cost): 30 places, half-even, as every decimal of the domain. */
const Quotient = Big();
Quotient.DP = 30;
Quotient.RM = Big.roundHalfEven;

/** A split keeps 6 more places than the ledger's trade quantities, rounded half-even (docs: "Dividends and splits"). */
const SPLIT_EXTRA_PLACES = 6;

interface MutablePosition {
  symbol: string;
  currency: string;
  quantity: Big;
  costBasis: Big;
  realizedPnl: Big;
  openedAt: string;
}

/** Amounts added within their currency only; read out in currency code order. */
class PerCurrency {
  private readonly totals = new Map<string, Big>();

  add(currency: string, amount: Big): void {
    this.totals.set(currency, (this.totals.get(currency) ?? new Big(0)).plus(amount));
  }

  get(currency: string): Big {
    return this.totals.get(currency) ?? new Big(0);
  }

  toMoney(): MoneyByCurrency {
    const codes = [...this.totals.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return new Map(codes.map((currency) => [currency, { amount: this.totals.get(currency)!, currency }]));
  }
}

/** Adds `amount` to the totals of `symbol` in `bySymbol`. */
function addFor(bySymbol: Map<string, PerCurrency>, symbol: string, currency: string, amount: Big): void {
  if (!bySymbol.has(symbol)) bySymbol.set(symbol, new PerCurrency());
  bySymbol.get(symbol)!.add(currency, amount);
}

const fail = (error: DomainError): Result<LedgerState, DomainError> => ({ ok: false, error });

const placesOf = (x: Big): number => Math.max(0, x.c.length - 1 - x.e);

/**
 * Folds the counted entries (trades, dividends, splits) in order into positions by average cost.
 * Returns the first refusal instead of a state when a sale exceeds the holding, an entry is in
 * another currency than the holding, or a split would leave no shares, so callers can validate and
 * replay with one function.
 */
export function referenceFold(entries: readonly CountedEntry[]): Result<LedgerState, DomainError> {
  const zero = new Big(0);
  // The places of the most precise trade quantity recorded so far: a split rounds to these plus
  // SPLIT_EXTRA_PLACES, so a later trade never changes what an earlier split left.
  let tradePlaces = 0;
  const open = new Map<string, MutablePosition>();
  const realizedBySymbol = new Map<string, PerCurrency>();
  const realized = new PerCurrency();
  const fees = new PerCurrency();
  const bought = new PerCurrency();
  const sold = new PerCurrency();
  const dividendTotals = new PerCurrency();
  const withholding = new PerCurrency();
  const dividendsBySymbol = new Map<string, PerCurrency>();
  const closed: ClosedTrade[] = [];
  const dividends: DividendEntry[] = [];
  const splits: SplitEntry[] = [];
  const realizedIn = (symbol: string, currency: string): Big => realizedBySymbol.get(symbol)?.get(currency) ?? zero;

  for (const entry of entries) {
    if (entry.kind === 'dividend') {
      const d = entry.dividend;
      const held = open.get(d.symbol);
      if (held && held.currency !== d.currency) {
        return fail({
          code: DomainErrorCode.CurrencyMismatch,
          message: `${d.symbol} is held in ${held.currency}; record its dividend in ${held.currency}, not ${d.currency}.`,
          context: { symbol: d.symbol, held: held.currency, given: d.currency },
        });
      }
      dividendTotals.add(d.currency, new Big(d.amount));
      withholding.add(d.currency, new Big(d.withholding));
      addFor(dividendsBySymbol, d.symbol, d.currency, new Big(d.amount));
      dividends.push(entry);
      continue;
    }
    if (entry.kind === 'split') {
      const { symbol, numerator, denominator } = entry.split;
      const held = open.get(symbol);
      if (held) {
        // A quotient of its own, rounded at the split's places: a plain Big's division stops at the
        // global Big.DP (30, set by src/decimal.ts), short of a ledger whose quantities carry 25+ places.
        const SplitQuotient = Big();
        SplitQuotient.DP = tradePlaces + SPLIT_EXTRA_PLACES;
        SplitQuotient.RM = Big.roundHalfEven;
        const quantity = new SplitQuotient(held.quantity).times(numerator).div(denominator);
        if (quantity.eq(0)) {
          const value = `${numerator}:${denominator}`;
          return fail({ code: DomainErrorCode.NonPositiveQuantity, message: `The ${value} split would leave no ${symbol} shares.`, context: { value } });
        }
        // The shares change, the money paid for them does not.
        held.quantity = quantity;
      }
      splits.push(entry);
      continue;
    }

    const t = entry.trade;
    tradePlaces = Math.max(tradePlaces, placesOf(new Big(t.quantity)));
    const gross = new Big(t.quantity).times(t.price);
    fees.add(t.currency, new Big(t.fees));
    const current = open.get(t.symbol);
    if (current && current.currency !== t.currency) {
      return fail({
        code: DomainErrorCode.CurrencyMismatch,
        message: `${t.symbol} is held in ${current.currency}; record it in ${current.currency}, not ${t.currency}.`,
        context: { symbol: t.symbol, held: current.currency, given: t.currency },
      });
    }
    if (t.side === 'buy') {
      bought.add(t.currency, gross.plus(t.fees));
      if (current) {
        current.quantity = current.quantity.plus(t.quantity);
        current.costBasis = current.costBasis.plus(gross).plus(t.fees);
      } else {
        open.set(t.symbol, {
          symbol: t.symbol,
          currency: t.currency,
          quantity: new Big(t.quantity),
          costBasis: gross.plus(t.fees),
          realizedPnl: realizedIn(t.symbol, t.currency),
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
    sold.add(t.currency, gross);
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
    addFor(realizedBySymbol, t.symbol, t.currency, pnl);
    realized.add(t.currency, pnl);
    current.realizedPnl = realizedIn(t.symbol, t.currency);
    current.quantity = held.minus(t.quantity);
    current.costBasis = current.costBasis.minus(costOfSold);
    if (current.quantity.eq(0)) open.delete(t.symbol);
  }

  const positions = new Map<string, Position>();
  for (const p of open.values()) {
    positions.set(p.symbol, { ...p, averageCost: new Quotient(p.costBasis).div(p.quantity) });
  }
  const bySymbol = (totals: Map<string, PerCurrency>): ReadonlyMap<string, MoneyByCurrency> =>
    new Map([...totals].map(([symbol, amounts]) => [symbol, amounts.toMoney()]));
  return {
    ok: true,
    value: {
      positions,
      closed,
      realizedBySymbol: bySymbol(realizedBySymbol),
      realizedByCurrency: realized.toMoney(),
      feesByCurrency: fees.toMoney(),
      boughtByCurrency: bought.toMoney(),
      soldByCurrency: sold.toMoney(),
      trades: entries.filter((e): e is TradeEntry => e.kind === 'trade'),
      dividendsByCurrency: dividendTotals.toMoney(),
      withholdingByCurrency: withholding.toMoney(),
      dividendsBySymbol: bySymbol(dividendsBySymbol),
      dividends,
      splits,
    },
  };
}
