import type { Bar } from './types/trading';

/** One symbol's bars column-wise: prices and volumes as doubles (`NaN` where a bar had none). */
interface Columns {
  readonly dates: readonly string[];
  readonly close: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly volume: Float64Array;
}

/** A series as it is stored column-wise (the S3 price cache's form): `null` where a bar lacked the field. */
export interface StoredColumns {
  readonly date: readonly string[];
  readonly close: readonly number[];
  readonly high: readonly (number | null)[];
  readonly low: readonly (number | null)[];
  readonly volume: readonly (number | null)[];
}

const orUndefined = (value: number): number | undefined => (Number.isNaN(value) ? undefined : value);
const orNaN = (value: number | null | undefined): number => value ?? Number.NaN;

/** The doubles of a stored column (`NaN` for `null`), in a loop: `Float64Array.from` with a mapping callback boxes every value. */
function doubles(column: readonly (number | null)[]): Float64Array {
  const out = new Float64Array(column.length);
  // Stryker disable next-line EqualityOperator: at `<=`, the extra write lands past the end of the typed array, which ignores it
  for (let i = 0; i < column.length; i += 1) out[i] = orNaN(column[i]);
  return out;
}

/**
 * Many symbols' daily bars held column-wise: 32 bytes of doubles and a pointer to a date string
 * shared with every other symbol's bar of that session, instead of an object with boxed numbers
 * (about 80 bytes a bar). Use it wherever a whole universe's bars are held at once (a scan's loaded
 * cache, its changed histories until they are saved). It is a `ReadonlyMap` of bars whose values
 * are built again each time they are asked for (`get`, iteration), so a reader that goes symbol by
 * symbol only ever holds one symbol's bars as objects.
 */
export class CompactHistory implements ReadonlyMap<string, readonly Bar[]> {
  private readonly columns = new Map<string, Columns>();
  /** One string per session date, whichever symbol's bar brought it. */
  private readonly sessionDates = new Map<string, string>();

  /** Keeps `bars` (replacing what was kept for `symbol`); the objects themselves are not kept. */
  set(symbol: string, bars: readonly Bar[]): this {
    const n = bars.length;
    // Stryker disable next-line ArrayDeclaration: the dates are only allocated ahead; an empty array filled by index holds the same
    const columns: Columns = { dates: new Array<string>(n), close: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), volume: new Float64Array(n) };
    for (let i = 0; i < n; i += 1) {
      const bar = bars[i]!;
      (columns.dates as string[])[i] = this.sessionDate(bar.date);
      columns.close[i] = bar.close;
      columns.high[i] = orNaN(bar.high);
      columns.low[i] = orNaN(bar.low);
      columns.volume[i] = orNaN(bar.volume);
    }
    this.columns.set(symbol, columns);
    return this;
  }

  /** Keeps a series given column-wise (checked by the caller: the columns have one length). */
  setColumns(symbol: string, stored: StoredColumns): this {
    this.columns.set(symbol, {
      dates: stored.date.map((date) => this.sessionDate(date)),
      close: doubles(stored.close),
      high: doubles(stored.high),
      low: doubles(stored.low),
      volume: doubles(stored.volume),
    });
    return this;
  }

  /** The bars of `symbol`, built afresh: every bar has the same five fields (`undefined` where it had none). */
  get(symbol: string): Bar[] | undefined {
    const c = this.columns.get(symbol);
    if (!c) return undefined;
    const bars: Bar[] = new Array(c.dates.length);
    for (let i = 0; i < bars.length; i += 1) bars[i] = this.bar(c, i);
    return bars;
  }

  /**
   * The last `count` bars of `symbol` (fewer when it has fewer), built afresh: for a reader that
   * needs only the latest bars (planning an update) without building the whole series.
   */
  tail(symbol: string, count: number): Bar[] | undefined {
    const c = this.columns.get(symbol);
    if (!c) return undefined;
    const from = Math.max(0, c.dates.length - count);
    const bars: Bar[] = [];
    for (let i = from; i < c.dates.length; i += 1) bars.push(this.bar(c, i));
    return bars;
  }

  has(symbol: string): boolean {
    return this.columns.has(symbol);
  }

  /** Lets go of what is kept for `symbol` (a reader done with it). */
  delete(symbol: string): boolean {
    return this.columns.delete(symbol);
  }

  get size(): number {
    return this.columns.size;
  }

  keys(): MapIterator<string> {
    return this.columns.keys();
  }

  *entries(): MapIterator<[string, readonly Bar[]]> {
    for (const symbol of this.columns.keys()) yield [symbol, this.get(symbol)!];
  }

  *values(): MapIterator<readonly Bar[]> {
    for (const symbol of this.columns.keys()) yield this.get(symbol)!;
  }

  forEach(callback: (bars: readonly Bar[], symbol: string, map: ReadonlyMap<string, readonly Bar[]>) => void): void {
    for (const [symbol, bars] of this.entries()) callback(bars, symbol, this);
  }

  [Symbol.iterator](): MapIterator<[string, readonly Bar[]]> {
    return this.entries();
  }

  private bar(c: Columns, i: number): Bar {
    return { date: c.dates[i]!, close: c.close[i]!, high: orUndefined(c.high[i]!), low: orUndefined(c.low[i]!), volume: orUndefined(c.volume[i]!) };
  }

  private sessionDate(date: string): string {
    const known = this.sessionDates.get(date);
    // Stryker disable next-line ConditionalExpression: the shared string saves memory only; an equal string of this bar gives the same bars
    if (known !== undefined) return known;
    this.sessionDates.set(date, date);
    return date;
  }
}
