/**
 * Portfolio performance measured the way a portfolio manager does (Portfolio Performance's
 * "true time-weighted rate of return", Ghostfolio): a daily value series from the ledger and daily
 * closes, the time-weighted return chained over it, the money-weighted return (XIRR) of its cash
 * flows, a benchmark bought with the same cash flows on the same dates, and the risk figures of the
 * series (max drawdown, best and worst day, volatility). Definitions and formulas: docs/core-domain.md.
 *
 * Money is exact: values and flows are scaled BigInts (as in the ledger replay), the cumulative
 * returns are exact fractions of them rounded once (`RETURN_DP` places). Floats only where the
 * quantity has no exact form: an annualised rate (a fractional power), the IRR (an iterative
 * root), the volatility (a square root).
 */
import { dec, toNumber, type Decimal } from './decimal';
import { addDays, daysBetween, utcDay } from './dates';
import { decimalPlaces, divRoundHalfEven, fromScaled, pow10, toScaled } from './fixed';
import { err, ok, type Result } from './result';
import { lowerBound } from './sorted';
import type { ClosingPricesBatch } from './ports';
import { effectiveEntries, SPLIT_QUANTITY_EXTRA_DP } from './ledger';
import type { Bar, CountedEntry, LedgerEntry, Split, TradeEntry } from './types/trading';
import { compareText } from './text';
import { money, type Money } from './money';
import { XirrFailureCode, xirrLog } from './xirr';

/** The periods `/performance` knows. `all` starts at the first trade. */
export type PerformancePeriod = '1m' | '3m' | 'ytd' | '1y' | 'all';

/** Every period, in the order a person reads them. */
export const PERFORMANCE_PERIODS: readonly PerformancePeriod[] = ['1m', '3m', 'ytd', '1y', 'all'];

/** Decimal places of a cumulative return (a fraction: 0.0734 is +7.34%). Rounded once, half-even. */
export const RETURN_DP = 20;

/** Trading days a year, to annualise the standard deviation of daily returns. */
export const TRADING_DAYS_PER_YEAR = 252;

/** Units of the benchmark bought or sold with a cash flow are rounded to this many places (far below any price's cent). */
const UNITS_DP = 24;
/** Scale of the daily growth index behind drawdown, best and worst day (1.0 = 10^30). */
const INDEX_DP = 30;
const INDEX_ONE = pow10(INDEX_DP);
/** How far before the first trade a benchmark's history is needed: the close a first flow is invested at. */
const BENCHMARK_LEAD_DAYS = 10;

/**
 * Income a holding paid (a dividend, net of withholding): it leaves the portfolio at the end of its
 * day, like a sale's proceeds, and is part of that day's return. `incomeOf` gives a ledger's.
 */
export interface IncomeEvent {
  readonly date: string;
  readonly symbol: string;
  readonly amount: Money;
}

/** One day of a portfolio's value series, in one currency. */
export interface ValueDay {
  /** `YYYY-MM-DD`: a session with a close of any holding, or a day with a trade. */
  readonly date: string;
  /** Holdings at the day's close (a missing close carried forward from the last one). */
  readonly value: Money;
  /** Money put in: buys, quantity x price + fees. It counts from the start of the day. */
  readonly inflow: Money;
  /** Money taken out: sales' proceeds net of their fees. It leaves at the end of the day. */
  readonly outflow: Money;
  /** Income paid out (dividends; zero until the ledger records them). It leaves at the end of the day. */
  readonly income: Money;
}

/** Why performance cannot be measured. */
export const PerformanceFailureCode = {
  /** No trade in this currency. */
  NoTrades: 'NO_TRADES',
  /** No complete day in the period: the first trade has no close yet, or the period holds no day with money in it. */
  TooLittleHistory: 'TOO_LITTLE_HISTORY',
  /** By trade date, a sale comes before the buys that hold its shares (the ledger accepted them in another order). */
  DatesOutOfOrder: 'DATES_OUT_OF_ORDER',
} as const;
export type PerformanceFailureCode = (typeof PerformanceFailureCode)[keyof typeof PerformanceFailureCode];

/** A refusal of `computePerformance`, with what the reply needs to explain it. */
export interface PerformanceFailure {
  readonly code: PerformanceFailureCode;
  /** `DATES_OUT_OF_ORDER`: the symbol and the trade date at fault. */
  readonly symbol?: string;
  readonly date?: string;
  /** `TOO_LITTLE_HISTORY`: the first trade's date and the last close available. */
  readonly firstTradeDate?: string;
  readonly through?: string;
}

/** A day's return, for the best and worst day. */
export interface DayReturn {
  readonly date: string;
  /** A fraction (0.031 is +3.1%). */
  readonly value: Decimal;
}

/** The worst fall of the time-weighted index from a running peak. */
export interface SeriesDrawdown {
  /** A fraction, >= 0 (0.12 is a 12% fall). */
  readonly value: Decimal;
  /** The day of the peak (the period's start when the peak is its starting value). */
  readonly peakDate: string;
  readonly troughDate: string;
}

/** The same cash flows, invested in the benchmark on the same dates. */
export interface BenchmarkComparison {
  readonly symbol: string;
  /** The benchmark's time-weighted return over the period (its close-to-close change: flows do not change a TWR). */
  readonly twr: Decimal;
  /** What the benchmark holding would be worth at the period's end. */
  readonly value: Money;
  /** Portfolio TWR - benchmark TWR (a fraction: 0.021 is 2.1 percentage points). */
  readonly twrDifference: Decimal;
  /** Portfolio value - benchmark value. */
  readonly valueDifference: Money;
  /** Market days of the period without a benchmark close (its last close carried forward). */
  readonly carriedDays: readonly string[];
}

/** Why there is no benchmark comparison. */
export type BenchmarkUnavailable =
  | { readonly reason: 'NO_PRICES'; readonly symbol: string }
  | { readonly reason: 'OTHER_CURRENCY'; readonly symbol: string; readonly currency: string };

/** Held symbols valued at an earlier price on market days of the period. */
export interface CarriedPrices {
  readonly symbol: string;
  /** Market days (another holding or the benchmark has a close) without this symbol's close. */
  readonly days: readonly string[];
  /** True when some of those days were valued at a trade price because no close was known yet. */
  readonly atTradePrice: boolean;
}

/** Everything `/performance` shows for one period. */
export interface PerformanceReport {
  readonly currency: string;
  readonly period: PerformancePeriod | 'custom';
  /** The close the period is measured from; `null` when the portfolio started inside the period (then it runs from `firstDay`). */
  readonly baseDate: string | null;
  /** First day of the period with a value. */
  readonly firstDay: string;
  /** Last close of the period (the last closed session the prices reach). */
  readonly lastDay: string;
  /** Calendar days from `baseDate` (or `firstDay`) to `lastDay`. */
  readonly calendarDays: number;
  /** True when the period is a year or longer: only then are rates annualised. */
  readonly annualised: boolean;
  /** True when the period asked for starts before the first trade (the figures start with it). */
  readonly startedWithin: boolean;
  readonly startValue: Money;
  readonly endValue: Money;
  readonly inflows: Money;
  readonly outflows: Money;
  readonly income: Money;
  /** Cumulative time-weighted return, a fraction. */
  readonly twr: Decimal;
  /** (1 + twr)^(365 / calendarDays) - 1, only when `annualised`. */
  readonly twrAnnualised: number | null;
  /**
   * The money-weighted return: XIRR's annual rate when `annualised`, otherwise the same rate
   * over the period ((1 + rate)^(calendarDays / 365) - 1); or why there is none.
   */
  readonly mwr: Result<number, XirrFailureCode>;
  readonly maxDrawdown: SeriesDrawdown;
  readonly bestDay: DayReturn | null;
  readonly worstDay: DayReturn | null;
  /** Annualised standard deviation of the daily returns (sample, x sqrt(252)); `null` with fewer than two. */
  readonly volatility: number | null;
  /** Days of the period with money in the portfolio (each one daily return). */
  readonly returnDays: number;
  readonly benchmark: Result<BenchmarkComparison, BenchmarkUnavailable> | null;
  /** Holdings valued at an earlier close on some market days of the period (carried forward), by symbol. */
  readonly carried: readonly CarriedPrices[];
  /** Traded symbols without any close up to `lastDay`: valued at their trade prices throughout. */
  readonly withoutCloses: readonly string[];
  /** Trades dated after `lastDay` (no close yet): not in the figures. */
  readonly pendingTrades: number;
  /** Currencies of other trades, left out (one currency at a time until there is FX). */
  readonly otherCurrencies: readonly string[];
}

/** What `computePerformance` measures. */
export interface PerformanceInput {
  /** The effective trades (`LedgerState.trades` or `effectiveTrades(entries)`), any currencies. */
  readonly trades: readonly TradeEntry[];
  /** Daily closes by symbol, oldest first. */
  readonly closes: ReadonlyMap<string, readonly Bar[]>;
  /** The last closed session the closes reach: the end of the period. */
  readonly through: string;
  /** A named period, or `{ from }`: the period's first day (the morning report's "last week"). */
  readonly period: PerformancePeriod | { readonly from: string };
  /** The currency measured: trades in others are left out and listed (no FX yet). */
  readonly currency: string;
  /** The benchmark's closes and currency (when known); absent or null: no comparison. */
  readonly benchmark?: { readonly symbol: string; readonly bars: readonly Bar[]; readonly currency?: string } | null;
  /** Dividends and other income (`PerformanceLedger.income`). */
  readonly income?: readonly IncomeEvent[];
  /**
   * The ledger's splits (`PerformanceLedger.splits`). Closes are split-adjusted (in today's shares),
   * trades are in the shares of their day: a holding's shares change at a split's effective date (as
   * the ledger changes them, rounded the same way), and each day's shares are valued at the close
   * times the splits still ahead. Without them a position held across a split is valued at a
   * fraction (or a multiple) of its worth, and a sale of the new shares exceeds the old holding.
   */
  readonly splits?: readonly Split[];
}

/** A symbol's daily closes to fetch, from a date. */
export interface PriceRangeRequest {
  readonly symbol: string;
  readonly from: string;
}

/** What a performance needs fetched for a ledger: the currency measured, each symbol's range, the benchmark's. */
export interface PerformancePlan {
  readonly currency: string;
  readonly otherCurrencies: readonly string[];
  /** Each traded symbol from its first trade date (one range per symbol, whatever the period: the cache keeps it). */
  readonly requests: readonly PriceRangeRequest[];
  /** The benchmark from a little before the first trade (its close before the first flow). */
  readonly benchmark: PriceRangeRequest;
}

const tradeDate = (entry: TradeEntry): string => utcDay(entry.trade.executedAt);

/**
 * Which currency a performance measures and which closes it needs. Use it before fetching prices
 * for `computePerformance`; `null` when there is no trade at all. One currency at a time (no FX yet):
 * the base currency when it has trades, otherwise the currency of the first trade.
 */
export function performancePlan(trades: readonly TradeEntry[], options: { readonly baseCurrency: string; readonly benchmark: string }): PerformancePlan | null {
  if (trades.length === 0) return null;
  const currencies = [...new Set(trades.map((t) => t.trade.currency))];
  const earliest = [...trades].sort((a, b) => compareText(tradeDate(a), tradeDate(b)) || a.seq - b.seq)[0]!;
  const currency = currencies.includes(options.baseCurrency) ? options.baseCurrency : earliest.trade.currency;
  const firstBySymbol = new Map<string, string>();
  for (const entry of trades) {
    if (entry.trade.currency !== currency) continue;
    const date = tradeDate(entry);
    const known = firstBySymbol.get(entry.trade.symbol);
    if (known === undefined || date < known) firstBySymbol.set(entry.trade.symbol, date);
  }
  const first = [...firstBySymbol.values()].sort(compareText)[0]!;
  return {
    currency,
    otherCurrencies: currencies.filter((c) => c !== currency).sort(compareText),
    requests: [...firstBySymbol].sort((a, b) => compareText(a[0], b[0])).map(([symbol, from]) => ({ symbol, from })),
    benchmark: { symbol: options.benchmark, from: addDays(first, -BENCHMARK_LEAD_DAYS) },
  };
}

/** A performance measured on fetched closes, with what the reply must say about those prices. */
export interface MeasuredPerformance {
  readonly result: Result<PerformanceReport, PerformanceFailure>;
  /** Some price used came from a simulated source (the local stand-in): the reply must say so. */
  readonly simulated: boolean;
  /** Held symbols whose closes are quoted in another currency than their trades: left out (valued at trade prices). */
  readonly otherPriceCurrency: readonly string[];
  /** Symbols the source could not give now (it did not answer): older prices, or trade prices, were used. */
  readonly failed: readonly string[];
}

/**
 * `computePerformance` of a ledger (`performanceLedger`) on what `ClosingPrices.closes` found for `plan`'s requests. Use it wherever a
 * performance is shown (`/performance`, the Monday line), so they agree on which prices count: a
 * series in another currency than the trades is left out (pence are not pounds), a simulated one
 * marks the result, a source failure is named. `through` ends the period earlier than the batch.
 */
export function measurePerformance(
  ledger: PerformanceLedger,
  plan: PerformancePlan,
  batch: ClosingPricesBatch,
  period: PerformanceInput['period'],
  through: string = batch.through,
): MeasuredPerformance {
  const closes = new Map<string, readonly Bar[]>();
  const otherPriceCurrency: string[] = [];
  let simulated = false;
  for (const { symbol } of plan.requests) {
    const series = batch.series.get(symbol);
    if (!series) continue;
    if (series.currency !== undefined && series.currency !== plan.currency) {
      otherPriceCurrency.push(symbol);
      continue;
    }
    closes.set(symbol, series.bars);
    simulated ||= series.simulated;
  }
  const benchmark = batch.series.get(plan.benchmark.symbol);
  const result = computePerformance({
    trades: ledger.trades,
    closes,
    through: through < batch.through ? through : batch.through,
    period,
    currency: plan.currency,
    income: ledger.income,
    splits: ledger.splits,
    // Stryker disable next-line ArrayDeclaration: a bar that is not a bar in place of no bars is skipped alike (no finite close, no date)
    benchmark: { symbol: plan.benchmark.symbol, bars: benchmark?.bars ?? [], ...(benchmark?.currency !== undefined ? { currency: benchmark.currency } : {}) },
  });
  // The benchmark's prices count only when it was compared.
  simulated ||= benchmark?.simulated === true && result.ok && result.value.benchmark?.ok === true;
  return { result, simulated, otherPriceCurrency: otherPriceCurrency.sort(compareText), failed: batch.failed.filter((f) => !f.unknown).map((f) => f.symbol) };
}

/**
 * The dividends a ledger counts (not voided), as income on the day they were paid: pass them to
 * `measurePerformance` wherever it measures a ledger, so `/performance` and the Monday line count
 * what `/balance` counts.
 */
export function incomeOf(entries: readonly LedgerEntry[]): IncomeEvent[] {
  return incomeOfCounted(effectiveEntries(entries));
}

/** The dividends among entries that count, as income on the day they were paid. */
function incomeOfCounted(counted: readonly CountedEntry[]): IncomeEvent[] {
  return counted.flatMap((e) => (e.kind === 'dividend' ? [{ date: e.dividend.paidAt.slice(0, 10), symbol: e.dividend.symbol, amount: money(e.dividend.amount, e.dividend.currency) }] : []));
}

/** What a performance reads from a ledger: the trades, the dividends as income, the splits. */
export interface PerformanceLedger {
  /** The effective trades, any currencies (`performancePlan` picks the one measured). */
  readonly trades: readonly TradeEntry[];
  readonly income: readonly IncomeEvent[];
  readonly splits: readonly Split[];
}

/**
 * Everything of a ledger a performance counts (not voided): its trades, its dividends as income,
 * its splits. Use it wherever a ledger is measured (`/performance`, the Monday line), so each of
 * them counts what `/balance` and `/portfolio` count.
 */
export function performanceLedger(entries: readonly LedgerEntry[]): PerformanceLedger {
  // One pass over the ledger: the entries that count, each read by kind.
  const counted = effectiveEntries(entries);
  return {
    trades: counted.filter((e): e is TradeEntry => e.kind === 'trade'),
    income: incomeOfCounted(counted),
    splits: counted.flatMap((e) => (e.kind === 'split' ? [e.split] : [])),
  };
}

/** `date` moved by whole months, the day clamped to the month's length (2026-03-31 - 1 month = 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 + months;
  const y = year + Math.floor(month / 12);
  const m = ((month % 12) + 12) % 12;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(Number(date.slice(8, 10)), last);
  return `${y}-${String(m + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The first day of a period ending on `through`: the day after `through` minus 1, 3 or 12 months,
 * 1 January for `ytd`, the first trade for `all`.
 */
export function periodFirstDay(period: PerformancePeriod, through: string, firstTradeDate: string): string {
  switch (period) {
    case '1m':
      return addDays(addMonths(through, -1), 1);
    case '3m':
      return addDays(addMonths(through, -3), 1);
    case '1y':
      return addDays(addMonths(through, -12), 1);
    case 'ytd':
      return `${through.slice(0, 4)}-01-01`;
    case 'all':
      return firstTradeDate;
  }
}

// ---------------------------------------------------------------------------------------------
// Exact arithmetic helpers

/**
 * Decimal places a close is read to. A close arrives as a float (Yahoo sends 150.47999572753906 for
 * 150.48); it is read once as the decimal it prints as, rounded half-even to 6 places. Yahoo quotes
 * at most 4, so nothing real is lost, and every later sum and product is exact.
 */
export const CLOSE_DP = 6;

/** A close as an integer number of 10^-CLOSE_DP units. */
function closeUnits(x: number): bigint {
  const text = String(x);
  let digits: bigint;
  let places: number;
  if (/e/i.test(text)) {
    const value = dec(x);
    places = decimalPlaces(value);
    digits = toScaled(value, places);
  } else {
    const dot = text.indexOf('.');
    digits = BigInt(dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1));
    places = dot < 0 ? 0 : text.length - dot - 1;
  }
  return places <= CLOSE_DP ? digits * pow10(CLOSE_DP - places) : divRoundHalfEven(digits, pow10(places - CLOSE_DP));
}

/** A series of closes read for exact arithmetic: dates and closes in 10^-CLOSE_DP units, oldest first. */
interface ReadCloses {
  readonly dates: readonly string[];
  readonly units: readonly bigint[];
}

/**
 * Closes are read once per bars array: a warm process measures the same cached arrays again and
 * again (`/performance` twice), so the reading is kept, weakly, with the array.
 */
const readMemo = new WeakMap<readonly Bar[], ReadCloses>();

function readCloses(bars: readonly Bar[]): ReadCloses {
  const known = readMemo.get(bars);
  if (known) return known;
  const dates: string[] = [];
  const units: bigint[] = [];
  for (const bar of sortedBars(bars)) {
    if (!Number.isFinite(bar.close)) continue;
    const close = closeUnits(bar.close);
    // 0, a negative close, and one below 5e-7 (0 at CLOSE_DP places) are no price: the benchmark
    // would buy at 0 (a division by zero), a holding would be worth nothing. The last close is carried.
    if (close <= 0n) continue;
    dates.push(bar.date);
    units.push(close);
  }
  const read = { dates, units };
  readMemo.set(bars, read);
  return read;
}

/** A fraction num/den (den > 0) as a decimal rounded half-even to `dp` places. */
function fraction(num: bigint, den: bigint, dp: number): Decimal {
  return fromScaled(divRoundHalfEven(num * pow10(dp), den), dp);
}

// ---------------------------------------------------------------------------------------------
// The value series

/** The value series with its amounts as scaled integers (internal: the public view is `ValueDay`). */
interface Series {
  readonly scale: number;
  readonly dates: readonly string[];
  /** Whether some holding (or the benchmark) has a close on the day. */
  readonly market: readonly boolean[];
  readonly value: readonly bigint[];
  readonly inflow: readonly bigint[];
  readonly outflow: readonly bigint[];
  readonly income: readonly bigint[];
  /** symbol -> indexes of market days valued at an earlier price, and whether a trade price was used. */
  readonly carried: ReadonlyMap<string, { readonly days: number[]; atTradePrice: boolean }>;
  readonly pending: number;
  readonly firstTradeDate: string;
  /** Traded symbols without a single close up to `through` (valued at their trade prices throughout). */
  readonly withoutCloses: readonly string[];
}

interface PreparedTrade {
  readonly date: string;
  readonly entry: TradeEntry;
}

/** Bars sorted by date (the cache's already are: then the same array). */
function sortedBars(bars: readonly Bar[]): readonly Bar[] {
  for (let i = 1; i < bars.length; i += 1) if (bars[i - 1]!.date > bars[i]!.date) return [...bars].sort((a, b) => compareText(a.date, b.date));
  return bars;
}

/** The index of the first date >= `date` (dates sorted); `dates.length` when none. */
const firstFrom = (dates: readonly string[], date: string): number => lowerBound(dates, date, (d) => d);

/** A holding's price track while the series is built: its closes, where it is in them, its last trade price. */
interface Track {
  readonly symbol: string;
  readonly closes: ReadCloses;
  /** Closes at the series' price scale. */
  readonly prices: readonly bigint[];
  /** Index of the last close on or before the current day (-1: none yet); `end` is one past the last close in range. */
  at: number;
  readonly end: number;
  quantity: bigint;
  tradeDate: string;
  tradePrice: bigint;
  /**
   * The splits still ahead of the current day, multiplied (numerators / denominators): one share
   * held that day is `laterNum / laterDen` of today's shares, the shares the closes are quoted in.
   */
  laterNum: bigint;
  laterDen: bigint;
  /** `laterNum / laterDen` on the last trade's day: the shares its price is for. */
  tradeNum: bigint;
  tradeDen: bigint;
}

/** A split of a traded symbol, applied to its holding at the start of its effective date. */
interface SeriesSplit {
  readonly date: string;
  readonly track: Track;
  readonly numerator: bigint;
  readonly denominator: bigint;
}

function buildSeries(
  trades: readonly PreparedTrade[],
  closes: ReadonlyMap<string, readonly Bar[]>,
  through: string,
  income: readonly IncomeEvent[],
  calendarBars: readonly Bar[],
  splits: readonly Split[],
): Result<Series, PerformanceFailure> {
  const counted = trades.filter((t) => t.date <= through);
  const pending = trades.length - counted.length;
  const firstTradeDate = trades[0]!.date;
  const symbols = [...new Set(counted.map((t) => t.entry.trade.symbol))].sort(compareText);
  const traded = new Set(symbols);
  const splitsOfTraded = splits
    .filter((split) => traded.has(split.symbol) && split.numerator > 0 && split.denominator > 0)
    .sort((a, b) => compareText(a.effectiveDate, b.effectiveDate));

  // One scale for quantities, one for prices (trade prices and closes), one for money (wide enough for fees and income).
  let quantityScale = 0;
  let priceScale = CLOSE_DP;
  let feeScale = 0;
  for (const { entry } of counted) {
    quantityScale = Math.max(quantityScale, decimalPlaces(entry.trade.quantity));
    priceScale = Math.max(priceScale, decimalPlaces(entry.trade.price));
    feeScale = Math.max(feeScale, decimalPlaces(entry.trade.fees));
  }
  for (const event of income) feeScale = Math.max(feeScale, decimalPlaces(event.amount.amount));
  // A split may need more places than the trades, as in the ledger (3-for-2 of 1 share is 1.5).
  if (splitsOfTraded.length > 0) quantityScale += SPLIT_QUANTITY_EXTRA_DP;
  const scale = Math.max(quantityScale + priceScale, feeScale);
  const grossFactor = pow10(scale - quantityScale - priceScale);
  const closeFactor = pow10(priceScale - CLOSE_DP);

  // The calendar: every date with a close of a traded symbol (or of the benchmark), a trade or income.
  const tracks = new Map<string, Track>();
  const marketDates = new Set<string>();
  for (const symbol of symbols) {
    // Stryker disable next-line ArrayDeclaration: a bar that is not a bar in place of no bars is skipped alike (no finite close)
    const read = readCloses(closes.get(symbol) ?? []);
    const begin = firstFrom(read.dates, firstTradeDate);
    const end = firstFrom(read.dates, addDays(through, 1));
    for (let i = begin; i < end; i += 1) marketDates.add(read.dates[i]!);
    const prices = closeFactor === 1n ? read.units : read.units.map((u) => u * closeFactor);
    let laterNum = 1n;
    let laterDen = 1n;
    for (const split of splitsOfTraded) {
      if (split.symbol !== symbol) continue;
      laterNum *= BigInt(split.numerator);
      laterDen *= BigInt(split.denominator);
    }
    // Stryker disable next-line StringLiteral: tradeDate is read only for a holding, and a holding has had a trade that set it
    tracks.set(symbol, { symbol, closes: read, prices, at: begin - 1, end, quantity: 0n, tradeDate: '', tradePrice: 0n, laterNum, laterDen, tradeNum: 1n, tradeDen: 1n });
  }
  const seriesSplits: SeriesSplit[] = splitsOfTraded.map((split) => ({
    date: split.effectiveDate,
    track: tracks.get(split.symbol)!,
    numerator: BigInt(split.numerator),
    denominator: BigInt(split.denominator),
  }));
  for (const b of calendarBars) if (b.date >= firstTradeDate && b.date <= through) marketDates.add(b.date);
  const allDates = new Set(marketDates);
  for (const t of counted) allDates.add(t.date);
  const incomeByDate = new Map<string, bigint>();
  for (const event of income) {
    if (event.date < firstTradeDate || event.date > through) continue;
    allDates.add(event.date);
    incomeByDate.set(event.date, (incomeByDate.get(event.date) ?? 0n) + toScaled(event.amount.amount, scale));
  }
  const dates = [...allDates].sort(compareText);

  const carried = new Map<string, { days: number[]; atTradePrice: boolean }>();
  const held = new Set<Track>();
  const market: boolean[] = [];
  const value: bigint[] = [];
  const inflow: bigint[] = [];
  const outflow: bigint[] = [];
  const incomeSeries: bigint[] = [];
  let next = 0;
  let nextSplit = 0;
  // Places of the most precise trade quantity so far: a split rounds to these plus
  // SPLIT_QUANTITY_EXTRA_DP, as the ledger does, so a sale of what it left closes the holding.
  let tradePlaces = 0;
  for (let day = 0; day < dates.length; day += 1) {
    const date = dates[day]!;
    let dayIn = 0n;
    let dayOut = 0n;
    // A split changes the shares at the start of its effective date: that day's trades are in the new shares.
    for (; nextSplit < seriesSplits.length && seriesSplits[nextSplit]!.date <= date; nextSplit += 1) {
      const { track, numerator, denominator } = seriesSplits[nextSplit]!;
      if (track.quantity > 0n) {
        const unit = pow10(quantityScale - tradePlaces - SPLIT_QUANTITY_EXTRA_DP);
        track.quantity = divRoundHalfEven(track.quantity * numerator, denominator * unit) * unit;
        if (track.quantity === 0n) held.delete(track);
      }
      track.laterNum /= numerator;
      track.laterDen /= denominator;
    }
    for (; next < counted.length && counted[next]!.date === date; next += 1) {
      const t = counted[next]!.entry.trade;
      const track = tracks.get(t.symbol)!;
      tradePlaces = Math.max(tradePlaces, decimalPlaces(t.quantity));
      const q = toScaled(t.quantity, quantityScale);
      const price = toScaled(t.price, priceScale);
      const gross = q * price * grossFactor;
      const fees = toScaled(t.fees, scale);
      if (t.side === 'buy') {
        track.quantity += q;
        dayIn += gross + fees;
      } else {
        if (track.quantity < q) return err({ code: PerformanceFailureCode.DatesOutOfOrder, symbol: t.symbol, date });
        track.quantity -= q;
        dayOut += gross - fees;
      }
      track.tradeDate = date;
      track.tradePrice = price;
      track.tradeNum = track.laterNum;
      track.tradeDen = track.laterDen;
      if (track.quantity === 0n) held.delete(track);
      else held.add(track);
    }
    const isMarket = marketDates.has(date);
    let total = 0n;
    // Holdings whose shares are not the closes' shares (a split ahead, or one since the trade price), at the value's scale.
    let converted = 0n;
    for (const track of held) {
      const dates = track.closes.dates;
      while (track.at + 1 < track.end && dates[track.at + 1]! <= date) track.at += 1;
      const closeDate = track.at >= 0 ? dates[track.at] : undefined;
      // The latest observation wins: the close of that day, else the last close or trade price before it.
      const useTrade = closeDate === undefined || track.tradeDate > closeDate;
      const price = useTrade ? track.tradePrice : track.prices[track.at]!;
      // The day's shares in the price's shares: a close is for today's shares, a trade price for its day's.
      const num = useTrade ? track.laterNum * track.tradeDen : track.laterNum;
      const den = useTrade ? track.laterDen * track.tradeNum : track.laterDen;
      if (num === den) total += track.quantity * price;
      else converted += divRoundHalfEven(track.quantity * price * num * grossFactor, den);
      if (isMarket && closeDate !== date) {
        // Stryker disable next-line ArrayDeclaration: a day that is not a number is never in the period (inPeriod compares it false)
        const entry = carried.get(track.symbol) ?? { days: [], atTradePrice: false };
        entry.days.push(day);
        entry.atTradePrice ||= useTrade;
        carried.set(track.symbol, entry);
      }
    }
    market.push(isMarket);
    value.push((grossFactor === 1n ? total : total * grossFactor) + converted);
    inflow.push(dayIn);
    outflow.push(dayOut);
    incomeSeries.push(incomeByDate.get(date) ?? 0n);
  }
  const withoutCloses = symbols.filter((symbol) => {
    const track = tracks.get(symbol)!;
    return firstFrom(track.closes.dates, firstTradeDate) >= track.end;
  });
  return ok({ scale, dates, market, value, inflow, outflow, income: incomeSeries, carried, pending, firstTradeDate, withoutCloses });
}

function prepare(trades: readonly TradeEntry[], currency: string): PreparedTrade[] {
  return trades
    .filter((t) => t.trade.currency === currency)
    .map((entry) => ({ date: tradeDate(entry), entry }))
    .sort((a, b) => compareText(a.date, b.date) || a.entry.seq - b.entry.seq);
}

/**
 * The portfolio's daily value series in one currency, from its first trade to `through`: holdings
 * valued at each day's close (a missing close carried forward from the last close or trade price),
 * buys as inflows, sales' proceeds as outflows, income as income. Use it to chart or check a
 * performance; `computePerformance` measures it.
 */
export function valueSeries(input: Pick<PerformanceInput, 'trades' | 'closes' | 'through' | 'currency' | 'income' | 'splits'>): Result<ValueDay[], PerformanceFailure> {
  const trades = prepare(input.trades, input.currency);
  if (trades.length === 0) return err({ code: PerformanceFailureCode.NoTrades });
  const built = buildSeries(trades, input.closes, input.through, (input.income ?? []).filter((e) => e.amount.currency === input.currency), [], input.splits ?? []);
  if (!built.ok) return built;
  const s = built.value;
  return ok(
    s.dates.map((date, i) => ({
      date,
      value: money(fromScaled(s.value[i]!, s.scale), input.currency),
      inflow: money(fromScaled(s.inflow[i]!, s.scale), input.currency),
      outflow: money(fromScaled(s.outflow[i]!, s.scale), input.currency),
      income: money(fromScaled(s.income[i]!, s.scale), input.currency),
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// Measuring a period

/** A close in exact units (10^-CLOSE_DP). */
type Units = bigint;

/** A price series (the benchmark's) looked up by date. */
class PriceLookup {
  private readonly read: ReadCloses;
  constructor(bars: readonly Bar[]) {
    this.read = readCloses(bars);
  }
  /** The close dated on or before `date` (strictly before when `strict`), null when none. */
  private at(date: string, strict: boolean): Units | null {
    const i = firstFrom(this.read.dates, date) - 1;
    if (!strict && i + 1 < this.read.dates.length && this.read.dates[i + 1] === date) return this.read.units[i + 1]!;
    return i < 0 ? null : this.read.units[i]!;
  }
  onOrBefore(date: string): Units | null {
    return this.at(date, false);
  }
  before(date: string): Units | null {
    return this.at(date, true);
  }
  has(date: string): boolean {
    const i = firstFrom(this.read.dates, date);
    return this.read.dates[i] === date;
  }
}

/**
 * Measures the portfolio over a period: time-weighted return (cumulative, and annualised for a year
 * or more), money-weighted return, max drawdown, best and worst day, volatility, and the benchmark
 * bought with the same cash flows. Use it for `/performance` and the morning report's weekly line,
 * with the closes from `performancePlan`'s requests. A refusal says why (no trades, too little
 * history, trade dates out of order); a missing close is carried forward and listed in `carried`.
 *
 * Conventions (docs/core-domain.md has the formulas): inflows count from the start of their day,
 * outflows and income leave at its end (Portfolio Performance's convention, so a day's base is never
 * negative); the benchmark mirror buys at the previous close and sells at the day's close, so its
 * TWR is its own close-to-close change, and a portfolio that trades the benchmark at those prices
 * shows no difference.
 */
export function computePerformance(input: PerformanceInput): Result<PerformanceReport, PerformanceFailure> {
  const trades = prepare(input.trades, input.currency);
  const otherCurrencies = [...new Set(input.trades.map((t) => t.trade.currency).filter((c) => c !== input.currency))].sort(compareText);
  if (trades.length === 0) return err({ code: PerformanceFailureCode.NoTrades });
  const benchmarkInput = input.benchmark ?? null;
  const benchmarkUsable = benchmarkInput !== null && (benchmarkInput.currency === undefined || benchmarkInput.currency === input.currency);
  const built = buildSeries(
    trades,
    input.closes,
    input.through,
    (input.income ?? []).filter((e) => e.amount.currency === input.currency),
    // Stryker disable next-line ArrayDeclaration: a bar that is not a bar in place of no bars adds no date to the calendar (no date to compare)
    benchmarkUsable ? benchmarkInput.bars : [],
    // Stryker disable next-line ArrayDeclaration: a split that is not a split in place of none is of no traded symbol, so it is left out alike
    input.splits ?? [],
  );
  if (!built.ok) return built;
  const s = built.value;
  const tooLittle = err({ code: PerformanceFailureCode.TooLittleHistory, firstTradeDate: s.firstTradeDate, through: input.through });

  const requested = typeof input.period === 'string' ? periodFirstDay(input.period, input.through, s.firstTradeDate) : input.period.from;
  // Every day of the series is on or after the first trade: a period asked from earlier starts with it.
  const first = s.dates.findIndex((d) => d >= requested);
  if (first < 0) return tooLittle;
  const last = s.dates.length - 1;
  const baseIndex = first - 1;
  const startValue = baseIndex >= 0 ? s.value[baseIndex]! : 0n;

  // The chain of daily sub-period returns, as one exact fraction, and the daily growth index.
  let numerator = 1n;
  let denominator = 1n;
  let index = INDEX_ONE;
  let peak = INDEX_ONE;
  let peakDay = baseIndex >= 0 ? baseIndex : first;
  let worstFall = 0n;
  let drawdown = { peak: peakDay, trough: peakDay };
  const dailyReturns: number[] = [];
  let best: { day: number; r: bigint } | null = null;
  let worst: { day: number; r: bigint } | null = null;
  let previous = startValue;
  for (let i = first; i <= last; i += 1) {
    const base = previous + s.inflow[i]!;
    const end = s.value[i]! + s.outflow[i]! + s.income[i]!;
    previous = s.value[i]!;
    // Nothing held at the start of the day and nothing put in: no return that day (Portfolio Performance does the same).
    if (base <= 0n) continue;
    numerator *= end;
    denominator *= base;
    const growth = divRoundHalfEven(end * INDEX_ONE, base);
    const r = growth - INDEX_ONE;
    dailyReturns.push(Number(r) / Number(INDEX_ONE));
    if (!best || r > best.r) best = { day: i, r };
    if (!worst || r < worst.r) worst = { day: i, r };
    index = divRoundHalfEven(index * growth, INDEX_ONE);
    if (index > peak) {
      peak = index;
      peakDay = i;
    } else {
      const fall = divRoundHalfEven((peak - index) * INDEX_ONE, peak);
      if (fall > worstFall) {
        worstFall = fall;
        drawdown = { peak: peakDay, trough: i };
      }
    }
  }
  if (dailyReturns.length === 0) return tooLittle;

  const amount = (v: bigint): Decimal => fromScaled(v, s.scale);
  const inCurrency = (v: bigint): Money => money(amount(v), input.currency);
  const twr = fraction(numerator - denominator, denominator, RETURN_DP);
  const baseDate = baseIndex >= 0 ? s.dates[baseIndex]! : null;
  const lastDay = s.dates[last]!;
  const calendarDays = daysBetween(baseDate ?? s.dates[first]!, lastDay);
  const annualised = calendarDays >= 365;
  const years = calendarDays / 365;

  // Money-weighted: the start value paid in at the base date, buys paid in, sales and income received, the end value received.
  const flows = [
    ...(startValue > 0n ? [{ date: baseDate!, amount: -toNumber(amount(startValue)) }] : []),
    ...s.dates.slice(first, last + 1).map((date, k) => {
      const i = first + k;
      return { date, amount: toNumber(amount(s.outflow[i]! + s.income[i]! - s.inflow[i]!)) };
    }),
    { date: lastDay, amount: toNumber(amount(s.value[last]!)) },
  ];
  // Solved as ln(1 + rate): a short period's annual rate can overflow a float, its own rate cannot.
  const roots = xirrLog(flows);
  const mwr: Result<number, XirrFailureCode> = !roots.ok
    ? err(roots.error.code)
    : roots.value.length > 1
      ? err(XirrFailureCode.MultipleRoots)
      : ok(annualised ? Math.expm1(roots.value[0]!) : Math.expm1(roots.value[0]! * years));

  const mean = dailyReturns.reduce((a, r) => a + r, 0) / dailyReturns.length;
  const variance = dailyReturns.length > 1 ? dailyReturns.reduce((a, r) => a + (r - mean) ** 2, 0) / (dailyReturns.length - 1) : null;

  // The series ends with the period: only its start leaves carried days out.
  const inPeriod = (day: number): boolean => day >= first;
  const carried: CarriedPrices[] = [...s.carried]
    .map(([symbol, c]) => ({ symbol, days: c.days.filter(inPeriod).map((d) => s.dates[d]!), atTradePrice: c.atTradePrice }))
    .filter((c) => c.days.length > 0)
    .sort((a, b) => compareText(a.symbol, b.symbol));

  const endValue = inCurrency(s.value[last]!);
  const twrNumber = toNumber(twr);
  const report: PerformanceReport = {
    currency: input.currency,
    period: typeof input.period === 'string' ? input.period : 'custom',
    baseDate,
    firstDay: s.dates[first]!,
    lastDay,
    calendarDays,
    annualised,
    startedWithin: requested < s.firstTradeDate,
    startValue: inCurrency(startValue),
    endValue,
    inflows: inCurrency(s.inflow.slice(first, last + 1).reduce((a, v) => a + v, 0n)),
    outflows: inCurrency(s.outflow.slice(first, last + 1).reduce((a, v) => a + v, 0n)),
    income: inCurrency(s.income.slice(first, last + 1).reduce((a, v) => a + v, 0n)),
    twr,
    twrAnnualised: annualised ? Math.pow(1 + twrNumber, 1 / years) - 1 : null,
    mwr,
    maxDrawdown: { value: fromScaled(worstFall, INDEX_DP), peakDate: s.dates[drawdown.peak]!, troughDate: s.dates[drawdown.trough]! },
    bestDay: best ? { date: s.dates[best.day]!, value: fromScaled(best.r, INDEX_DP) } : null,
    worstDay: worst ? { date: s.dates[worst.day]!, value: fromScaled(worst.r, INDEX_DP) } : null,
    volatility: variance === null ? null : Math.sqrt(variance) * Math.sqrt(TRADING_DAYS_PER_YEAR),
    returnDays: dailyReturns.length,
    benchmark: benchmarkInput === null ? null : compareWithBenchmark(benchmarkInput, input.currency, s, first, last, baseIndex, twr, endValue),
    carried,
    withoutCloses: s.withoutCloses,
    pendingTrades: s.pending,
    otherCurrencies,
  };
  return ok(report);
}

/** The benchmark bought with the portfolio's cash flows of the period (see `computePerformance`). */
function compareWithBenchmark(
  benchmark: NonNullable<PerformanceInput['benchmark']>,
  currency: string,
  s: Series,
  first: number,
  last: number,
  baseIndex: number,
  twr: Decimal,
  endValue: Money,
): Result<BenchmarkComparison, BenchmarkUnavailable> {
  if (benchmark.currency !== undefined && benchmark.currency !== currency) {
    return err({ reason: 'OTHER_CURRENCY', symbol: benchmark.symbol, currency: benchmark.currency });
  }
  const prices = new PriceLookup(benchmark.bars);
  const firstDate = s.dates[first]!;
  const lastDate = s.dates[last]!;
  // The period starts from the benchmark's close on the base date, or (a portfolio started inside
  // the period) from its close before the first day: the price the first inflow buys at.
  const startPrice = baseIndex >= 0 ? prices.onOrBefore(s.dates[baseIndex]!) : (prices.before(firstDate) ?? prices.onOrBefore(firstDate));
  if (startPrice === null) return err({ reason: 'NO_PRICES', symbol: benchmark.symbol });
  // From here every day of the period has a close on or before it (startPrice's, at least, is dated
  // on or before the first day): the lookups below always find one.
  const endPrice = prices.onOrBefore(lastDate)!;
  const benchmarkTwr = fraction(endPrice - startPrice, startPrice, RETURN_DP);

  // Units of the benchmark as integers of 10^-UNITS_DP: amount (10^-scale) / close (10^-CLOSE_DP), rounded half-even.
  const shift = UNITS_DP + CLOSE_DP - s.scale;
  const unitsOf = (amount: bigint, price: Units): bigint =>
    shift >= 0 ? divRoundHalfEven(amount * pow10(shift), price) : divRoundHalfEven(amount, price * pow10(-shift));
  let units = baseIndex >= 0 ? unitsOf(s.value[baseIndex]!, startPrice) : 0n;
  for (let i = first; i <= last; i += 1) {
    const date = s.dates[i]!;
    // Every day's flows, as they are: a sale whose fees exceed its proceeds is money paid in at the day's end.
    units += unitsOf(s.inflow[i]!, (prices.before(date) ?? prices.onOrBefore(date))!);
    units -= unitsOf(s.outflow[i]! + s.income[i]!, prices.onOrBefore(date)!);
  }
  const value = money(fromScaled(units * endPrice, UNITS_DP + CLOSE_DP), currency);
  const carriedDays: string[] = [];
  for (let i = first; i <= last; i += 1) if (s.market[i] && !prices.has(s.dates[i]!)) carriedDays.push(s.dates[i]!);
  return ok({
    symbol: benchmark.symbol,
    twr: benchmarkTwr,
    value,
    twrDifference: twr.minus(benchmarkTwr),
    valueDifference: money(endValue.amount.minus(value.amount), currency),
    carriedDays,
  });
}
