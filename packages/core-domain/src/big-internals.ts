/**
 * The one module that reads and writes big.js's internal fields (`c` digits, `e` exponent, `s`
 * sign, documented in big.js's README but not its API): the conversions between a `Decimal` and a
 * scaled integer that make the ledger replay fast. Everything else uses big.js's methods (through
 * `decimal.ts`); a big.js upgrade has this file to check.
 */
import Big from 'big.js';
import type { Decimal } from './decimal';

const POWERS: bigint[] = [1n];

/** 10^n as a BigInt (cached). */
export function pow10(n: number): bigint {
  for (let i = POWERS.length; i <= n; i += 1) POWERS.push(POWERS[i - 1]! * 10n);
  return POWERS[n]!;
}

/** Decimal places a value needs (`182.5` -> 1, `1200` -> 0). */
export function decimalPlaces(x: Decimal): number {
  return Math.max(0, x.c.length - 1 - x.e);
}

/** `x x 10^scale` exactly; `scale` must be at least `decimalPlaces(x)`. */
export function toScaled(x: Decimal, scale: number): bigint {
  let digits = 0n;
  // Small coefficients are built numerically; long ones through a string.
  if (x.c.length <= 15) {
    let n = 0;
    for (const d of x.c) n = n * 10 + d;
    digits = BigInt(n);
  } else {
    digits = BigInt(x.c.join(''));
  }
  const value = digits * pow10(x.e - x.c.length + 1 + scale);
  return x.s < 0 ? -value : value;
}

const BIG_ZERO = new Big(0);

/**
 * The decimal `value / 10^scale`. Builds the big.js value from its documented fields (`c` digits,
 * `e` exponent, `s` sign) instead of formatting and re-parsing a string: the replay makes tens of
 * thousands of these. A round-trip property test holds it to big.js's own parser.
 */
export function fromScaled(value: bigint, scale: number): Decimal {
  // Copying a Big takes big.js's no-parse path and sets its constructor; the fields are then filled in.
  const x = new Big(BIG_ZERO);
  if (value === 0n) return x;
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 48) end -= 1;
  const c = new Array<number>(end);
  for (let i = 0; i < end; i += 1) c[i] = digits.charCodeAt(i) - 48;
  x.c = c;
  x.e = digits.length - 1 - scale;
  x.s = negative ? -1 : 1;
  return x;
}

/** -1, 0 or 1: the sign of a decimal, without parsing a literal to compare with. */
export function signOf(x: Decimal): -1 | 0 | 1 {
  return x.c[0] === 0 ? 0 : x.s < 0 ? -1 : 1;
}
