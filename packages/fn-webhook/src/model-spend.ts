import { addUsd, type Clock, type DailyLogRepository, type Decimal, type Logger, type ModelSpend } from '@tradebot/core-domain';

/** How long the daily job's part of the month's spend is reused within an instance. */
const DAILY_PART_CACHE_MS = 10 * 60 * 1000;

/**
 * The month's model spend as one budget: the chat readings' own records plus what the daily job
 * logged (`logs/daily_analysis_<day>.json`'s `totalCostUsd`, the figure its own budget check sums).
 * The daily part is read at most every 10 minutes per instance; an unreadable log counts as 0 and
 * is logged (the daily job does the same).
 */
export class MonthModelSpend implements ModelSpend {
  private cached: { month: string; until: number; usd: Decimal } | null = null;

  constructor(
    private readonly readings: ModelSpend,
    private readonly dailyLogs: DailyLogRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async spentUsd(month: string): Promise<Decimal> {
    const [own, daily] = await Promise.all([this.readings.spentUsd(month), this.dailyPart(month)]);
    return own.plus(daily);
  }

  add(month: string, costUsd: Decimal, ref: string): Promise<void> {
    return this.readings.add(month, costUsd, ref);
  }

  private async dailyPart(month: string): Promise<Decimal> {
    const now = this.clock.now().getTime();
    if (this.cached && this.cached.month === month && this.cached.until > now) return this.cached.usd;
    const [year, monthNumber] = month.split('-').map(Number) as [number, number];
    const days = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
    const logs = await Promise.all(
      Array.from({ length: days }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`).map((day) =>
        this.dailyLogs.get(day).catch((error: unknown) => {
          this.logger.warn({ day, err: error }, 'model budget: a daily log could not be read; its cost is not counted');
          return null;
        }),
      ),
    );
    const usd = addUsd(logs.map((log) => log?.totalCostUsd ?? '0'));
    this.cached = { month, until: now + DAILY_PART_CACHE_MS, usd };
    return usd;
  }
}
