import { CorruptDocumentError, mergeCachedSeries, type Bar, type CachedSeries, type PriceSeriesCache } from '@tradebot/core-domain';
import { z } from 'zod';
import { priceShardKey } from './keys';
import { describeIssues, getText, parseStoredJson, putText, type S3Location } from './object-store';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * One symbol's bars stored column-wise (about half the bytes of an array of objects).
 * `high`/`low`/`volume` hold `null` where a bar lacked the field. The optional fields say what the
 * bars cover and where they came from (`CachedSeries`); series written by the scan alone lack them.
 */
const SeriesSchema = z
  .object({
    date: z.array(z.string()),
    close: z.array(z.number()),
    high: z.array(z.number().nullable()),
    low: z.array(z.number().nullable()),
    volume: z.array(z.number().nullable()),
    from: IsoDate.optional(),
    through: IsoDate.optional(),
    keepFrom: IsoDate.optional(),
    currency: z.string().optional(),
    simulated: z.boolean().optional(),
  })
  .refine((s) => [s.close, s.high, s.low, s.volume].every((column) => column.length === s.date.length), 'columns of different lengths');

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

function decode(series: StoredSeries): Bar[] {
  return series.date.map((date, i) => {
    const bar: { date: string; close: number; high?: number; low?: number; volume?: number } = { date, close: series.close[i]! };
    const high = series.high[i];
    const low = series.low[i];
    const volume = series.volume[i];
    if (high !== null && high !== undefined) bar.high = high;
    if (low !== null && low !== undefined) bar.low = low;
    if (volume !== null && volume !== undefined) bar.volume = volume;
    return bar;
  });
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

  async load(symbols: readonly string[]): Promise<Map<string, readonly Bar[]>> {
    const found = await this.loadSeries(symbols);
    return new Map([...found].map(([symbol, series]) => [symbol, series.bars]));
  }

  async loadSeries(symbols: readonly string[]): Promise<Map<string, CachedSeries>> {
    const groups = groupByShard(symbols.map((s): [string, null] => [s, null]));
    const found = new Map<string, CachedSeries>();
    await mapLimit([...groups], this.options.concurrency ?? 8, async ([shard, members]) => {
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
    await this.saveSeries(new Map([...series].map(([symbol, bars]) => [symbol, { bars }])));
  }

  async saveSeries(series: ReadonlyMap<string, CachedSeries>): Promise<void> {
    const groups = groupByShard(series);
    await mapLimit([...groups], this.options.concurrency ?? 8, async ([shard, members]) => {
      const stored = (await this.readShard(shard)) ?? { version: 1 as const, series: {} };
      for (const [symbol, given] of members) {
        const current = stored.series[symbol];
        stored.series[symbol] = encode(mergeCachedSeries(current ? decodeSeries(current) : undefined, given));
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
