/**
 * The money-weighted return: the internal rate of return of dated cash flows, with Excel's XIRR
 * conventions (time in actual days / 365 from the earliest flow; a positive amount is money the
 * investor receives, a negative one money they put in).
 */
import { toNumber, type Decimal } from './decimal';
import { daysBetween } from './dates';
import { err, ok, type Result } from './result';
import { compareText } from './text';

/** One dated cash flow: negative when the investor pays in, positive when they receive. */
export interface CashFlow {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly amount: Decimal | number;
}

/** Why there is no rate to show. */
export const XirrFailureCode = {
  /** Every flow has the same sign (or there are fewer than two non-zero flows): no rate balances them. */
  NoSignChange: 'NO_SIGN_CHANGE',
  /** The flows change sign but no rate balances them within the search range (a growth between 10^-6 and 10^6 over their span). */
  NoRoot: 'NO_ROOT',
  /** More than one rate balances the flows (they change sign several times): none of them is "the" return. */
  MultipleRoots: 'MULTIPLE_ROOTS',
} as const;
export type XirrFailureCode = (typeof XirrFailureCode)[keyof typeof XirrFailureCode];

/** A refusal of `xirr`: a clear "no solution" instead of a wrong number. `roots` lists the rates found when several. */
export interface XirrFailure {
  readonly code: XirrFailureCode;
  readonly roots?: readonly number[];
}

/** The search works on x = ln(1 + rate); over the flows' span the growth e^(x span) stays within (10^-6, 10^6). */
const LOG_GROWTH_BOUND = Math.log(1e6);
/** Points of the scan that brackets the roots (uniform in x, i.e. in log(1 + rate)). */
const GRID = 600;
const MAX_ITERATIONS = 200;

/**
 * The annual rate r with sum(amount_i / (1 + r)^(days_i / 365)) = 0, days_i counted from the
 * earliest flow (Excel's XIRR: Excel's own example of -10000, 2750, 4250, 3250, 2750 gives
 * 0.373362535...). Use it for the money-weighted return of a portfolio: the start value and the
 * buys paid in (negative), the sales and the end value received (positive).
 *
 * Solved robustly, as a float (an iterative root has no exact decimal form; it converges to about
 * 1e-12): the net present value is scanned on a grid of x = ln(1 + r) to bracket every sign change,
 * then one bracket is refined by Newton steps that fall back to bisection whenever a step would
 * leave it (flows that change sign once have one root: the whole range is its bracket). Flows on the same date are netted first. Refusals instead of a wrong number: flows that
 * never change sign (`NO_SIGN_CHANGE`), flows no rate in (-99.9999%, +10^6) balances (`NO_ROOT`),
 * and flows several rates balance (`MULTIPLE_ROOTS`, with the rates; only possible when the flows
 * change sign more than once, and detected to the grid's resolution).
 */
export function xirr(flows: readonly CashFlow[]): Result<number, XirrFailure> {
  const solved = xirrLog(flows);
  if (!solved.ok) return solved;
  if (solved.value.length > 1) return err({ code: XirrFailureCode.MultipleRoots, roots: solved.value.map((x) => Math.expm1(x)) });
  return ok(Math.expm1(solved.value[0]!));
}

/**
 * `xirr`'s roots as x = ln(1 + annual rate), every one found (more than one: the flows are
 * ambiguous). Use it for a short span, where the annual rate itself can overflow a float (a 15%
 * gain in 3 days is a rate of about 10^7 a year) but the span's rate, e^(x x years) - 1, is exact enough.
 */
export function xirrLog(flows: readonly CashFlow[]): Result<readonly number[], XirrFailure> {
  const byDate = new Map<string, number>();
  for (const flow of flows) {
    // Stryker disable next-line ConditionalExpression,StringLiteral: converting a number too gives it back unchanged (Number(String(n)) is n for every double); the test only saves the conversion
    const amount = typeof flow.amount === 'number' ? flow.amount : toNumber(flow.amount);
    // Stryker disable next-line ArithmeticOperator: subtracting every amount negates every flow, and negated flows have the same rate
    byDate.set(flow.date, (byDate.get(flow.date) ?? 0) + amount);
  }
  const dated = [...byDate].filter(([, amount]) => amount !== 0 && Number.isFinite(amount)).sort((a, b) => compareText(a[0], b[0]));
  // Stryker disable next-line EqualityOperator: zero amounts were filtered out just above, so `>= 0` and `<= 0` pick the same flows
  if (!dated.some(([, a]) => a > 0) || !dated.some(([, a]) => a < 0)) return err({ code: XirrFailureCode.NoSignChange });
  const first = dated[0]![0];
  // Amounts scaled to about 1 keep the sums well inside float range whatever the currency's size.
  const scale = Math.max(...dated.map(([, a]) => Math.abs(a)));
  const times = dated.map(([date]) => daysBetween(first, date) / 365);
  const span = times[times.length - 1]!;
  const X_MAX = LOG_GROWTH_BOUND / span;
  const X_MIN = -X_MAX;
  const amounts = dated.map(([, a]) => a / scale);

  // Net present value at x = ln(1 + r). No term can overflow: x stays within +-ln(10^6) / span and
  // 0 <= t <= span, so each discount factor e^(-t x) lies in [10^-6, 10^6], and each amount is at most 1.
  const npv = (x: number): { value: number; slope: number } => {
    let value = 0;
    let slope = 0;
    for (let i = 0; i < times.length; i += 1) {
      const term = amounts[i]! * Math.exp(-times[i]! * x);
      // Stryker disable next-line AssignmentOperator: a negated value has the same roots (and, with its slope negated too, the same Newton steps)
      value += term;
      // Stryker disable next-line AssignmentOperator: the slope only steers the Newton step; a step that leaves the bracket is replaced by bisection
      slope -= times[i]! * term;
    }
    return { value, slope };
  };

  // One change of sign in date order: the root is unique (Descartes' rule holds for sums of
  // exponentials), so the ends of the range bracket it when it is in range and no scan is needed.
  let changes = 0;
  for (let i = 1; i < amounts.length; i += 1) if (Math.sign(amounts[i]!) !== Math.sign(amounts[i - 1]!)) changes += 1;
  // Stryker disable next-line ConditionalExpression,BlockStatement: a shortcut only: the scan below brackets the same single root
  if (changes === 1) {
    const low = npv(X_MIN).value;
    const high = npv(X_MAX).value;
    if (low === 0) return ok([X_MIN]);
    if (high === 0) return ok([X_MAX]);
    if (Math.sign(low) === Math.sign(high)) return err({ code: XirrFailureCode.NoRoot });
    return ok([refine(npv, X_MIN, X_MAX)]);
  }

  const brackets: [number, number][] = [];
  const exact: number[] = [];
  let previousX = X_MIN;
  let previous = npv(previousX).value;
  if (previous === 0) exact.push(previousX);
  for (let i = 1; i <= GRID; i += 1) {
    const x = X_MIN + ((X_MAX - X_MIN) * i) / GRID;
    const value = npv(x).value;
    if (value === 0) exact.push(x);
    else if (previous !== 0 && Math.sign(value) !== Math.sign(previous)) brackets.push([previousX, x]);
    previousX = x;
    previous = value;
  }
  const roots = [...exact, ...brackets.map(([lo, hi]) => refine(npv, lo, hi))].sort((a, b) => a - b);
  if (roots.length === 0) return err({ code: XirrFailureCode.NoRoot });
  return ok(roots);
}

/** The root of `f` in [lo, hi] (where f changes sign): Newton steps kept inside the bracket, bisection otherwise. */
function refine(f: (x: number) => { value: number; slope: number }, lo: number, hi: number): number {
  let low = lo;
  let high = hi;
  const lowSign = Math.sign(f(low).value);
  let x = (low + high) / 2;
  // The bracket alone guarantees the root: Newton steps only get there sooner, and 200 halvings of
  // any bracket of the search range reach a double's resolution. The mutants of the steps and of the
  // stop below change how fast the same root is reached, not which (to about 1e-15), so they are marked.
  // Stryker disable next-line EqualityOperator,AssignmentOperator: see above
  for (let i = 0; i < MAX_ITERATIONS; i += 1) {
    const { value, slope } = f(x);
    // Stryker disable next-line ConditionalExpression: see above
    if (value === 0) return x;
    if (Math.sign(value) === lowSign) low = x;
    else high = x;
    // A zero slope makes the step infinite (or NaN), never inside the bracket: bisection then.
    // Stryker disable next-line ArithmeticOperator: see above
    const newton = x - value / slope;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: see above
    const next = newton > low && newton < high ? newton : (low + high) / 2;
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator,MethodExpression: see above
    if (Math.abs(next - x) <= 1e-15 * Math.max(1, Math.abs(x))) return next;
    x = next;
  }
  return x;
}
