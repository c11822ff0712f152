/**
 * Exact scaled-integer arithmetic for hot loops (replaying 10,000 trades). A decimal `x` is held as
 * the BigInt `x x 10^scale`; sums and products are exact, and the one division (splitting a cost)
 * rounds half-even exactly as big.js does. Values cross back into `Decimal` at the edges, so the
 * public types never change. Internal: not exported from the package.
 */
import { decimalPlaces, toScaled } from './big-internals';
import type { Decimal } from './decimal';
import type { ClosedTrade } from './types/trading';

// The conversions between a Decimal and a scaled integer read big.js's internal fields: they live in big-internals.ts.
export { decimalPlaces, fromScaled, pow10, signOf, toScaled } from './big-internals';

/** num / den rounded half-even to an integer (den > 0). */
export function divRoundHalfEven(num: bigint, den: bigint): bigint {
  const negative = num < 0n;
  const n = negative ? -num : num;
  let q = n / den;
  const twice = (n % den) * 2n;
  if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
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
