/**
 * Exact scaled-integer arithmetic for hot loops (replaying 10,000 trades). A decimal `x` is held as
 * the BigInt `x x 10^scale`; sums and products are exact, and the one division (splitting a cost)
 * rounds half-even exactly as big.js does. Values cross back into `Decimal` at the edges, so the
 * public types never change. Internal: not exported from the package.
 */
import Big from 'big.js';
import type { Decimal } from './decimal';
import type { ClosedTrade } from './types/trading';

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

/**
 * The replay already has each sale's P&L as a scaled integer; it leaves them here, keyed by the
 * (immutable) `closed` array it returns, so stats do not convert 10,000 decimals again. A weak
 * map: nothing is kept alive, and any other array simply gets converted.
 */
const scaledPnlMemo = new WeakMap<readonly ClosedTrade[], { scale: number; scaled: bigint[] }>();

/** Records the scaled P&L of a `closed` array built by the replay. */
export function rememberScaledPnl(closed: readonly ClosedTrade[], scale: number, scaled: bigint[]): void {
  scaledPnlMemo.set(closed, { scale, scaled });
}

/** Each sale's P&L as a scaled integer at one scale (from the replay's memo when it has it). */
export function scaledPnl(closed: readonly ClosedTrade[]): { scale: number; scaled: bigint[] } {
  return scaledPnlMemo.get(closed) ?? toCommonScale(closed.map((t) => t.pnl));
}
