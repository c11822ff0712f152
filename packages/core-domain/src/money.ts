/**
 * Money: an exact amount together with its currency. Amounts in different currencies are never
 * added: totals are kept per currency (`MoneyByCurrency`) until an exchange rate says what one is
 * worth in the other.
 *
 * The currency is a type parameter: `Money<'USD'>` where the code knows it, `Money` (any currency)
 * where it comes from data (a trade, a quote). The operations on two amounts take `Money<C>` twice,
 * the second without inference (`NoInfer`), so `addMoney(usd, eur)` does not compile when both
 * currencies are known; when they are only known at run time (a person chose them), the operation
 * returns a `Result` that refuses the mix (`MIXED_CURRENCIES`) instead of a wrong number.
 */
import { dec, ZERO, type Decimal } from './decimal';
import { DomainErrorCode, type DomainError } from './errors';
import { err, ok, type Result } from './result';
import { compareText } from './text';

/** An exact amount in one currency. Use it for every amount that may be added to another. */
export interface Money<C extends string = string> {
  readonly amount: Decimal;
  /** ISO 4217 code, upper case (`USD`, `EUR`). */
  readonly currency: C;
}

/**
 * Totals kept apart by currency, keys in code order (`EUR` before `USD`), each value in its key's
 * currency. What a portfolio holding USD and EUR positions adds up to without FX: two amounts,
 * never one.
 */
export type MoneyByCurrency = ReadonlyMap<string, Money>;

/** An amount in `currency`. Use it where an amount enters the domain with its currency. */
export function money<C extends string>(amount: Decimal | string | number, currency: C): Money<C> {
  return { amount: dec(amount), currency };
}

/** Nothing, in `currency`: the start of a sum. */
export function zeroMoney<C extends string>(currency: C): Money<C> {
  return { amount: ZERO, currency };
}

/** Whether `m` is in `currency`, narrowing its type (a run-time currency proved to be `C`). */
export function isMoneyIn<C extends string>(m: Money, currency: C): m is Money<C> {
  return m.currency === currency;
}

function mixed(expected: string, got: string): DomainError {
  return {
    code: DomainErrorCode.MixedCurrencies,
    message: `${got} and ${expected} cannot be added without an exchange rate.`,
    context: { expected, got },
  };
}

/** a + b. Two different currencies do not compile when known, and are refused when only known at run time. */
export function addMoney<C extends string>(a: Money<C>, b: Money<NoInfer<C>>): Result<Money<C>, DomainError> {
  return a.currency === b.currency ? ok({ amount: a.amount.plus(b.amount), currency: a.currency }) : err(mixed(a.currency, b.currency));
}

/** a - b, with the same refusal of two currencies as `addMoney`. */
export function subtractMoney<C extends string>(a: Money<C>, b: Money<NoInfer<C>>): Result<Money<C>, DomainError> {
  return a.currency === b.currency ? ok({ amount: a.amount.minus(b.amount), currency: a.currency }) : err(mixed(a.currency, b.currency));
}

/** The amount times a plain number (a quantity, a ratio): the currency stays. */
export function scaleMoney<C extends string>(m: Money<C>, factor: Decimal): Money<C> {
  return { amount: m.amount.times(factor), currency: m.currency };
}

/**
 * The sum of `amounts`, all in `currency` (zero for none). Refuses the first amount in another
 * currency. Use it where every amount should be in one currency and a person may have said
 * otherwise; to total amounts that may be in several currencies, use `totalsByCurrency`.
 */
export function sumMoney<C extends string>(currency: C, amounts: Iterable<Money>): Result<Money<C>, DomainError> {
  let total = ZERO;
  for (const m of amounts) {
    if (m.currency !== currency) return err(mixed(currency, m.currency));
    total = total.plus(m.amount);
  }
  return ok({ amount: total, currency });
}

/**
 * Totals per currency, in code order: the way to add amounts that may be in several currencies
 * (positions, trades, fees). Never mixes two currencies, so it never fails.
 */
export function totalsByCurrency(amounts: Iterable<Money>): MoneyByCurrency {
  const totals = new Map<string, Decimal>();
  for (const m of amounts) totals.set(m.currency, (totals.get(m.currency) ?? ZERO).plus(m.amount));
  return new Map([...totals.keys()].sort(compareText).map((currency) => [currency, { amount: totals.get(currency)!, currency }]));
}

/** The total in `currency` (zero when there is none). */
export function amountIn<C extends string>(totals: MoneyByCurrency, currency: C): Money<C> {
  const found = totals.get(currency);
  return found && isMoneyIn(found, currency) ? found : zeroMoney(currency);
}
