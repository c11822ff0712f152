/**
 * The base currency: amounts in other currencies converted with exchange rates from the market data
 * (Yahoo's `EURUSD=X`: US dollars per euro). Open positions and their costs are converted at the
 * day's rate; realized P&L and dividends at the rate of the day each happened. A total is only ever
 * made of converted amounts: without a rate for every currency there is no base-currency total.
 */
import { dec, type Decimal } from './decimal';
import { utcDay } from './dates';
import type { LedgerState } from './ledger';
import { money, type Money } from './money';
import type { Bar } from './types/trading';
import { compareText } from './text';
import { computeBalance, percentOf, type CurrencyBalance } from './valuation';

/** The market-data symbol of the rate that converts `from` into `to` (`EURUSD=X`: `to` per one `from`). */
export function fxPairSymbol(from: string, to: string): string {
  return `${from}${to}=X`;
}

/** One exchange rate: one `from` is worth `rate` `to`, as seen at `asOf`. */
export interface FxRate {
  readonly from: string;
  readonly to: string;
  readonly rate: Decimal;
  /** ISO time of the quote. */
  readonly asOf: string;
  readonly simulated?: boolean;
}

/** What a conversion into the base currency needs per foreign currency: today's rate and past daily closes. */
export interface FxRates {
  readonly base: string;
  /** Today's rate of each currency into `base`. */
  readonly spot: ReadonlyMap<string, FxRate>;
  /** Daily closes of each currency's pair (oldest first), for the rate of a past day. */
  readonly history: ReadonlyMap<string, readonly Bar[]>;
}

/** `amount` in `rates.base`, at `rate` (`null` when the currency has no rate). */
function at(amount: Decimal, rate: Decimal): Decimal {
  return amount.times(rate);
}

/**
 * The rate of `currency` into the base on `day`: the close of that day or the last one before it,
 * else today's rate (a day before the history). `null` when there is no rate at all.
 */
export function rateOn(rates: FxRates, currency: string, day: string): Decimal | null {
  if (currency === rates.base) return dec(1);
  // Stryker disable next-line ArrayDeclaration: a non-bar in place of no bars is skipped by the finite-close check alike.
  const bars = rates.history.get(currency) ?? [];
  let found: Bar | undefined;
  for (const bar of bars) {
    if (bar.date > day) break;
    found = bar;
  }
  if (found && Number.isFinite(found.close) && found.close > 0) return dec(found.close);
  return rates.spot.get(currency)?.rate ?? null;
}

/** A `CurrencyBalance` in the base currency, and the rates used. */
export interface BaseBalance {
  readonly balance: CurrencyBalance;
  /** The day's rate of each foreign currency that was converted, sorted by currency. */
  readonly rates: readonly FxRate[];
}

/**
 * The whole balance in the base currency, or the currencies that have no rate (then no total is
 * made: amounts in different currencies are never added). Open positions (invested, value,
 * unrealized), fees and what was bought and sold are converted at today's rate; realized P&L, sale by
 * sale, and dividends at the rate of their own day (`rateOn`).
 */
export function balanceInBase(state: LedgerState, prices: ReadonlyMap<string, Decimal>, rates: FxRates): { ok: true; value: BaseBalance } | { ok: false; missing: readonly string[] } {
  const base = rates.base;
  const perCurrency = computeBalance(state, prices).byCurrency;
  const foreign = perCurrency.map((b) => b.currency).filter((c) => c !== base);
  // Stryker disable next-line MethodExpression: computeBalance lists its currencies in code order already; the sort keeps that promise here.
  const missing = foreign.filter((c) => !rates.spot.has(c)).sort(compareText);
  if (missing.length > 0) return { ok: false, missing };
  const spot = (currency: string): Decimal => (currency === base ? dec(1) : rates.spot.get(currency)!.rate);
  const sumAtSpot = (pick: (b: CurrencyBalance) => Money): Decimal => perCurrency.reduce((total, b) => total.plus(at(pick(b).amount, spot(b.currency))), dec(0));
  // Each sale's P&L at the rate of the day it was made; each dividend at its payment day's.
  let realized = dec(0);
  for (const sale of state.closed) realized = realized.plus(at(sale.pnl, rateOn(rates, sale.currency, utcDay(sale.closedAt))!));
  let dividends = dec(0);
  for (const entry of state.dividends) dividends = dividends.plus(at(entry.dividend.amount, rateOn(rates, entry.dividend.currency, utcDay(entry.dividend.paidAt))!));
  const unrealized = sumAtSpot((b) => b.unrealized);
  const totalBought = sumAtSpot((b) => b.totalBought);
  const totalReturn = realized.plus(unrealized).plus(dividends);
  const m = (amount: Decimal): Money => money(amount, base);
  return {
    ok: true,
    value: {
      balance: {
        currency: base,
        invested: m(sumAtSpot((b) => b.invested)),
        marketValue: m(sumAtSpot((b) => b.marketValue)),
        unrealized: m(unrealized),
        realized: m(realized),
        fees: m(sumAtSpot((b) => b.fees)),
        dividends: m(dividends),
        totalReturn: m(totalReturn),
        totalReturnPct: percentOf(totalReturn, totalBought),
        totalBought: m(totalBought),
        totalSold: m(sumAtSpot((b) => b.totalSold)),
      },
      // Stryker disable next-line MethodExpression: as above.
      rates: foreign.sort(compareText).map((c) => rates.spot.get(c)!),
    },
  };
}

/** The market value and cost of the open positions in the base currency at today's rates, or the currencies without a rate. */
export function holdingsInBase(
  totals: readonly { readonly currency: string; readonly marketValue: Money; readonly costBasis: Money }[],
  rates: Pick<FxRates, 'base' | 'spot'>,
): { ok: true; marketValue: Money; costBasis: Money; unrealizedPct: number | null } | { ok: false; missing: readonly string[] } {
  const missing = totals.map((t) => t.currency).filter((c) => c !== rates.base && !rates.spot.has(c)).sort(compareText);
  if (missing.length > 0) return { ok: false, missing };
  const rate = (c: string): Decimal => (c === rates.base ? dec(1) : rates.spot.get(c)!.rate);
  const marketValue = totals.reduce((s, t) => s.plus(t.marketValue.amount.times(rate(t.currency))), dec(0));
  const costBasis = totals.reduce((s, t) => s.plus(t.costBasis.amount.times(rate(t.currency))), dec(0));
  return { ok: true, marketValue: money(marketValue, rates.base), costBasis: money(costBasis, rates.base), unrealizedPct: percentOf(marketValue.minus(costBasis), costBasis) };
}
