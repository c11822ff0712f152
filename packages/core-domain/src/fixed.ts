/**
 * Exact scaled-integer arithmetic for hot loops (replaying 10,000 trades). A decimal `x` is held as
 * the BigInt `x x 10^scale`; sums and products are exact, and the one division (splitting a cost)
 * rounds half-even exactly as big.js does. Values cross back into `Decimal` at the edges, so the
 * public types never change. Internal: not exported from the package.
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

/** The decimal `value / 10^scale`. */
export function fromScaled(value: bigint, scale: number): Decimal {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  if (scale === 0) return new Big(negative ? `-${digits}` : digits);
  const padded = digits.length > scale ? digits : '0'.repeat(scale - digits.length + 1) + digits;
  const cut = padded.length - scale;
  return new Big(`${negative ? '-' : ''}${padded.slice(0, cut)}.${padded.slice(cut)}`);
}

/** num / den rounded half-even to an integer (den > 0). */
export function divRoundHalfEven(num: bigint, den: bigint): bigint {
  const negative = num < 0n;
  const n = negative ? -num : num;
  let q = n / den;
  const twice = (n % den) * 2n;
  if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

/** -1, 0 or 1: the sign of a decimal, without parsing a literal to compare with. */
export function signOf(x: Decimal): -1 | 0 | 1 {
  return x.c[0] === 0 ? 0 : x.s < 0 ? -1 : 1;
}

/** Values as scaled integers at one common scale (the widest any of them needs). */
export function toCommonScale(values: readonly Decimal[]): { scale: number; scaled: bigint[] } {
  let scale = 0;
  for (const v of values) scale = Math.max(scale, decimalPlaces(v));
  return { scale, scaled: values.map((v) => toScaled(v, scale)) };
}
