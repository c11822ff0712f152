import type { DailyLogRepository, Json } from '@tradebot/core-domain';
import { InvalidDocumentInputError } from '../errors';
import { dailyLogKey, isIsoDate } from './keys';
import { getText, parseStoredJson, putJson, type S3Location } from './object-store';

/** `logs/daily_analysis_YYYY-MM-DD.json`: what the daily analysis sent, with tokens, cost and timings. */
export class S3DailyLogRepository implements DailyLogRepository {
  constructor(private readonly location: S3Location) {}

  async put(date: string, log: Json): Promise<void> {
    await putJson(this.location, this.keyFor(date), log);
  }

  /** The day's log, or null when that day has none. */
  async get(date: string): Promise<Json | null> {
    const key = this.keyFor(date);
    const text = await getText(this.location, key);
    return text === null ? null : (parseStoredJson(key, text) as Json);
  }

  private keyFor(date: string): string {
    if (!isIsoDate(date)) throw new InvalidDocumentInputError(`Daily log date must be YYYY-MM-DD, got ${JSON.stringify(date)}.`);
    return dailyLogKey(date);
  }
}
