import Big from 'big.js';

/**
 * Exact decimal for money, prices and quantities (fractional shares allowed).
 * Use it for every amount that is summed or compared; a binary float never enters a sum.
 * Rounding happens once, when formatting for a person.
 */
export type Decimal = Big;

// 30 significant decimal places is far beyond any money amount; ROUND_HALF_EVEN keeps sums unbiased.
Big.DP = 30;
Big.RM = Big.roundHalfEven;

/** Zero, shared. */
export const ZERO: Decimal = new Big(0);

/**
 * Builds a decimal from a string (`"182.50"`), an integer, or a finite number.
 * Use when a value crosses into the domain; throws on anything that is not a plain number,
 * so call it only on input already validated (parsers return usage errors instead).
 */
export function dec(value: string | number | Decimal): Decimal {
  if (value instanceof Big) return value;
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
  return new Big(value);
}

/**
 * Parses a user-typed decimal with a point or a comma (`182,50`), optionally signed (`+5`, `-2.5`);
 * `null` when it is not a plain decimal. Every text-to-decimal path goes through here.
 */
export function parseDecimal(text: string): Decimal | null {
  const normalised = text.trim().replace(',', '.');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(normalised)) return null;
  // big.js refuses a leading '+', which people do type.
  return new Big(normalised.startsWith('+') ? normalised.slice(1) : normalised);
}

/**
 * Decimal places kept when a cost is split by a ratio (the cost of part of a holding). The split
 * is the only inexact step of average cost; 12 places is far below a cent, and the holding's
 * remaining basis is reduced by exactly the rounded amount, so nothing is lost or created:
 * the costs of all the parts of a holding always add up to what was paid.
 */
export const COST_SPLIT_DP = 12;

/**
 * a / b rounded half-even to `dp` decimal places. Use it where a quotient feeds later sums, so
 * numbers stay short (big.js cost grows with their length) and the rounding is explicit.
 */
export function divide(a: Decimal, b: Decimal, dp: number): Decimal {
  const previous = Big.DP;
  Big.DP = dp;
  try {
    return a.div(b);
  } finally {
    Big.DP = previous;
  }
}

/** Sums decimals exactly. */
export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** The plain string form used in storage (no exponent, no trailing zeros beyond what is there). */
export function toPlain(value: Decimal): string {
  return value.toFixed();
}

/** A float for charts and ratios only (never for sums). */
export function toNumber(value: Decimal): number {
  return Number(value.toString());
}
