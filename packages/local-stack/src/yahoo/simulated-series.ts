/**
 * SIMULATED price series for the local Yahoo server. Nothing here is market data: every price
 * and volume is generated from a seed by a geometric random walk with drift, volatility regimes
 * and volume noise, so offline runs, tests and benches are deterministic and no real price
 * history is ever committed. Only the scale is borrowed: a Russell 1000 member's walk passes
 * through its price level of `SIMULATION_ANCHOR` (one rounded figure per ticker from the index
 * holdings, `simulation-levels.json`), so AAPL trades in the hundreds, not at 102.
 */
import { utcDay } from '@tradebot/core-domain';
import levelTable from './simulation-levels.json';

/** One simulated daily bar (the shape Yahoo's chart endpoint reports per session). */
export interface SimulatedBar {
  /** `YYYY-MM-DD` (New York session date). */
  readonly date: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** First session of every generated series; fixed so a symbol's path never depends on the request. */
export const SIMULATION_START = '2021-01-04';

/** The session whose close equals a symbol's level (the date of the holdings the levels come from). */
export const SIMULATION_ANCHOR = levelTable.anchorDate;

const LEVELS: Readonly<Record<string, number>> = levelTable.levels;

/**
 * The plausible price level of `symbol` (its close on `SIMULATION_ANCHOR` in every simulated
 * series), or undefined for a symbol outside the Russell 1000 table (its walk keeps a seeded level).
 */
export function simulationLevel(symbol: string): number | undefined {
  if (Object.prototype.hasOwnProperty.call(LEVELS, symbol)) return LEVELS[symbol];
  return FX_LEVELS[symbol];
}

/** Rounded levels of a few exchange rates (units of the second currency per one of the first), so a simulated `EURUSD=X` walks around 1.08, not 102. */
const FX_LEVELS: Readonly<Record<string, number>> = { 'EURUSD=X': 1.08, 'USDEUR=X': 0.93, 'GBPUSD=X': 1.27, 'EURGBP=X': 0.85, 'USDJPY=X': 150 };

const DAY_MS = 86_400_000;

/** Deterministic 32-bit PRNG (mulberry32): same seed, same sequence, on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a hash of a string, used to give every symbol its own stream. */
export function hashString(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Weekdays from `from` to `to` inclusive (`YYYY-MM-DD`). The simulated market has no holidays. */
export function weekdaysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += DAY_MS) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) out.push(utcDay(t));
  }
  return out;
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * A symbol's simulated closes and volumes from `SIMULATION_START` through `through`, kept in
 * typed arrays so a thousand symbols stay small. Open/high/low are derived per bar on demand.
 */
export class SimulatedSeries {
  readonly dates: readonly string[];
  readonly closes: Float64Array;
  readonly volumes: Float64Array;
  private readonly wickSeed: number;

  /**
   * `dates`: the session dates from `SIMULATION_START` (shared between symbols; see `weekdaysBetween`).
   * When they reach `SIMULATION_ANCHOR` and the symbol has a level (`simulationLevel`), the whole
   * walk is scaled to close at that level there: returns and drawdowns are the walk's own, and a
   * date's close does not depend on how far `dates` reach.
   */
  constructor(symbol: string, seed: number, dates: readonly string[]) {
    this.dates = dates;
    const random = mulberry32(hashString(symbol, seed));
    const n = this.dates.length;
    this.closes = new Float64Array(n);
    this.volumes = new Float64Array(n);
    this.wickSeed = hashString(`${symbol}#wick`, seed);
    let price = 15 + random() * 300;
    const drift = (random() - 0.4) * 0.0012;
    let vol = 0.008 + random() * 0.025;
    const baseVolume = Math.exp(12 + random() * 5); // ~160k .. ~24M shares a day
    for (let i = 0; i < n; i++) {
      if (random() < 0.01) vol = 0.008 + random() * 0.03; // volatility regime change
      const shock = random() < 0.004 ? (random() - 0.6) * 0.25 : 0; // rare gap (earnings, news)
      price = Math.max(0.5, price * Math.exp(drift - (vol * vol) / 2 + vol * gaussian(random) + shock));
      this.closes[i] = price;
      this.volumes[i] = Math.round(baseVolume * Math.exp(0.35 * gaussian(random)) * (1 + Math.abs(shock) * 10));
    }
    const level = simulationLevel(symbol);
    const anchor = this.indexFrom(SIMULATION_ANCHOR);
    const scale = level !== undefined && this.dates[anchor] === SIMULATION_ANCHOR ? level / this.closes[anchor]! : 1;
    // Prices in cents; exchange rates to four places, as Yahoo quotes them.
    const unit = symbol.endsWith('=X') ? 10_000 : 100;
    for (let i = 0; i < n; i++) this.closes[i] = Math.max(1 / unit, Math.round(this.closes[i]! * scale * unit) / unit);
  }

  /** Index of the first session on or after `date` (binary search). */
  indexFrom(date: string): number {
    let lo = 0;
    let hi = this.dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.dates[mid]! < date) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The bar at index `i`, with deterministic wicks around the close. */
  bar(i: number): SimulatedBar {
    const close = this.closes[i]!;
    const previous = i > 0 ? this.closes[i - 1]! : close;
    const wick = mulberry32(this.wickSeed + i);
    const open = Math.round((previous + (close - previous) * wick()) * 100) / 100;
    const high = Math.round(Math.max(open, close) * (1 + wick() * 0.015) * 100) / 100;
    const low = Math.round(Math.min(open, close) * (1 - wick() * 0.015) * 100) / 100;
    return { date: this.dates[i]!, open, high, low, close, volume: this.volumes[i]! };
  }
}
