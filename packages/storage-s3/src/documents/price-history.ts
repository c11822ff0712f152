import { CompactHistory, CorruptDocumentError, mergeCachedSeries, type Bar, type CachedSeries, type PriceSeriesCache } from '@tradebot/core-domain';
import * as z from '@tradebot/core-domain/zod';
import { priceShardKey } from './keys';
import { describeIssues, getText, parseStoredJson, putText, type S3Location } from './object-store';

const IsoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

/**
 * A column of a stored series, checked in place: `z.array` would copy every column of every shard,
 * about 20 MB more at the peak of a scan that loads the whole Russell 1000.
 */
const column = <T>(accepts: (value: unknown) => value is T, message: string) => z.custom<T[]>((value) => Array.isArray(value) && everyItem(value, accepts), { message });

/** `Array.prototype.every` in a loop: its callback boxes each double of a number list. */
function everyItem<T>(list: readonly unknown[], accepts: (value: unknown) => value is T): boolean {
  for (let i = 0; i < list.length; i += 1) if (!accepts(list[i])) return false;
  return true;
}
const isText = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number';
const isNumberOrNull = (value: unknown): value is number | null => value === null || typeof value === 'number';

/**
 * One symbol's bars stored column-wise (about half the bytes of an array of objects).
 * `high`/`low`/`volume` hold `null` where a bar lacked the field. The optional fields say what the
 * bars cover and where they came from (`CachedSeries`); series written by the scan alone lack them.
 */
const SeriesSchema = z
  .object({
    date: column(isText, 'expected a list of dates'),
    close: column(isNumber, 'expected a list of numbers'),
    high: column(isNumberOrNull, 'expected a list of numbers or nulls'),
    low: column(isNumberOrNull, 'expected a list of numbers or nulls'),
    volume: column(isNumberOrNull, 'expected a list of numbers or nulls'),
    from: z.optional(IsoDate),
    through: z.optional(IsoDate),
    keepFrom: z.optional(IsoDate),
    currency: z.optional(z.string()),
    simulated: z.optional(z.boolean()),
  })
  .check(z.refine((s) => [s.close, s.high, s.low, s.volume].every((column) => column.length === s.date.length), 'columns of different lengths'));

const ShardSchema = z.object({ version: z.literal(1), series: z.record(z.string(), SeriesSchema) });
type Shard = z.infer<typeof ShardSchema>;
type StoredSeries = z.infer<typeof SeriesSchema>;

/**
 * The shard a symbol lives in: its first character (`A`..`Z`, `0`..`9`), `_` for anything else.
 * About 30 shards hold the whole Russell 1000, so a daily run does ~30 GETs, not 1,000.
 */
export function shardOf(symbol: string): string {
  const first = symbol.charAt(0).toUpperCase();
  return /^[A-Z0-9]$/.test(first) ? first : '_';
}

function encode(series: CachedSeries): StoredSeries {
  const { bars } = series;
  return {
    date: bars.map((b) => b.date),
    close: bars.map((b) => b.close),
    high: bars.map((b) => b.high ?? null),
    low: bars.map((b) => b.low ?? null),
    volume: bars.map((b) => b.volume ?? null),
    ...(series.from !== undefined ? { from: series.from } : {}),
    ...(series.through !== undefined ? { through: series.through } : {}),
    ...(series.keepFrom !== undefined ? { keepFrom: series.keepFrom } : {}),
    ...(series.currency !== undefined ? { currency: series.currency } : {}),
    ...(series.simulated !== undefined ? { simulated: series.simulated } : {}),
  };
}

/** A stored series' bars as objects: for the few series a portfolio reads (`loadSeries`) and for merging before a write. */
function decode(series: StoredSeries): Bar[] {
  const bars: Bar[] = new Array(series.date.length);
  for (let i = 0; i < bars.length; i += 1) {
    bars[i] = { date: series.date[i]!, close: series.close[i]!, high: series.high[i] ?? undefined, low: series.low[i] ?? undefined, volume: series.volume[i] ?? undefined };
  }
  return bars;
}

function decodeSeries(series: StoredSeries): CachedSeries {
  return {
    bars: decode(series),
    ...(series.from !== undefined ? { from: series.from } : {}),
    ...(series.through !== undefined ? { through: series.through } : {}),
    ...(series.keepFrom !== undefined ? { keepFrom: series.keepFrom } : {}),
    ...(series.currency !== undefined ? { currency: series.currency } : {}),
    ...(series.simulated !== undefined ? { simulated: series.simulated } : {}),
  };
}

async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}

function groupByShard<T>(symbols: Iterable<[string, T]>): Map<string, [string, T][]> {
  const groups = new Map<string, [string, T][]>();
  for (const pair of symbols) {
    const shard = shardOf(pair[0]);
    const group = groups.get(shard) ?? [];
    group.push(pair);
    groups.set(shard, group);
  }
  return groups;
}

/**
 * `market/history/<shard>.json`: daily bars cached between scans, and the longer histories of the
 * symbols a portfolio holds (`/performance`).
 * - `load(symbols)` / `loadSeries(symbols)` return only the symbols that are cached (a missing shard
 *   or symbol is simply absent from the map), reading each needed shard once.
 * - `save(series)` / `saveSeries(series)` write each given symbol merged with what is stored at that
 *   moment (`mergeCachedSeries`, on the shard read right before the write): the scan's trimmed window
 *   keeps the older bars a portfolio pinned with `keepFrom`, and a writer that loaded a series earlier
 *   does not drop bars another one appended since. Other symbols are left untouched. A corrupt shard
 *   throws `CorruptDocumentError` and is not overwritten.
 *
 * Two writers (the collector, the webhook) can still interleave between one's read and its write of
 * the same shard (S3 has no conditional write we can test here): the later write then lacks the
 * other's change. The cache is derived data, so that costs a fetch again, never a wrong figure.
 */
export class S3PriceHistoryCache implements PriceSeriesCache {
  constructor(
    private readonly location: S3Location,
    private readonly options: { readonly concurrency?: number } = {},
  ) {}

  /**
   * Held column-wise (`CompactHistory`): each symbol's bars are built when asked for, so loading the
   * whole Russell 1000 holds about 10 MB of doubles rather than 35 MB of bar objects, and a shard's
   * parsed JSON is let go as soon as it is copied.
   */
  async load(symbols: readonly string[]): Promise<CompactHistory> {
    const groups = groupByShard(symbols.map((s): [string, null] => [s, null]));
    const found = new CompactHistory();
    await mapLimit([...groups], this.options.concurrency ?? 2, async ([shard, members]) => {
      const stored = await this.readShard(shard);
      if (!stored) return;
      for (const [symbol] of members) {
        const series = stored.series[symbol];
        if (series) found.setColumns(symbol, series);
      }
    });
    return found;
  }

  async loadSeries(symbols: readonly string[]): Promise<Map<string, CachedSeries>> {
    const groups = groupByShard(symbols.map((s): [string, null] => [s, null]));
    const found = new Map<string, CachedSeries>();
    await mapLimit([...groups], this.options.concurrency ?? 2, async ([shard, members]) => {
      const stored = await this.readShard(shard);
      if (!stored) return;
      for (const [symbol] of members) {
        const series = stored.series[symbol];
        if (series) found.set(symbol, decodeSeries(series));
      }
    });
    return found;
  }

  async save(series: ReadonlyMap<string, readonly Bar[]>): Promise<void> {
    // A shard's series are asked for only when that shard is written (a `CompactHistory` builds
    // them then), so only two shards' bars exist as objects at once.
    await this.writeShards([...series.keys()], (symbol) => ({ bars: series.get(symbol) ?? [] }));
  }

  async saveSeries(series: ReadonlyMap<string, CachedSeries>): Promise<void> {
    await this.writeShards([...series.keys()], (symbol) => series.get(symbol)!);
  }

  /**
   * Reads each shard of `symbols`, merges every symbol's `given` series into it and writes it whole,
   * two shards at a time (the default): what is in memory at once stays bounded.
   */
  private async writeShards(symbols: readonly string[], given: (symbol: string) => CachedSeries): Promise<void> {
    const groups = groupByShard(symbols.map((symbol): [string, null] => [symbol, null]));
    await mapLimit([...groups], this.options.concurrency ?? 2, async ([shard, members]) => {
      const stored = (await this.readShard(shard)) ?? { version: 1 as const, series: {} };
      for (const [symbol] of members) {
        const current = stored.series[symbol];
        stored.series[symbol] = encode(mergeCachedSeries(current ? decodeSeries(current) : undefined, given(symbol)));
      }
      await putText(this.location, priceShardKey(shard), JSON.stringify(stored), 'application/json');
    });
  }

  private async readShard(shard: string): Promise<Shard | null> {
    const key = priceShardKey(shard);
    const text = await getText(this.location, key);
    if (text === null) return null;
    const parsed = ShardSchema.safeParse(parseStoredJson(key, text));
    if (!parsed.success) throw new CorruptDocumentError(key, describeIssues(parsed.error.issues));
    return parsed.data;
  }
}
