import { CorruptDocumentError, dailyLogSchema, type DailyLog, type DailyLogRepository } from '@tradebot/core-domain';
import { InvalidDocumentInputError } from '../errors';
import { dailyLogKey, isIsoDate } from './keys';
import { describeIssues, getText, parseStoredJson, putJson, type S3Location } from './object-store';

/** `logs/daily_analysis_YYYY-MM-DD.json`: what the daily analysis sent, with tokens, cost and timings. */
export class S3DailyLogRepository implements DailyLogRepository {
  constructor(private readonly location: S3Location) {}

  /** Writes the day's log; one that does not match `dailyLogSchema` is refused and nothing is written. */
  async put(date: string, log: DailyLog): Promise<void> {
    const key = this.keyFor(date);
    const checked = dailyLogSchema().safeParse(log);
    if (!checked.success) throw new InvalidDocumentInputError(`Refusing to store an invalid daily log in ${key}: ${describeIssues(checked.error.issues)}. Nothing was written.`);
    await putJson(this.location, key, checked.data);
  }

  /** The day's log, or null when that day has none; `CorruptDocumentError` when it is not a daily log. */
  async get(date: string): Promise<DailyLog | null> {
    const key = this.keyFor(date);
    const text = await getText(this.location, key);
    if (text === null) return null;
    const parsed = dailyLogSchema().safeParse(parseStoredJson(key, text));
    if (!parsed.success) throw new CorruptDocumentError(key, describeIssues(parsed.error.issues.slice(0, 3)));
    return parsed.data;
  }

  private keyFor(date: string): string {
    if (!isIsoDate(date)) throw new InvalidDocumentInputError(`Daily log date must be YYYY-MM-DD, got ${JSON.stringify(date)}.`);
    return dailyLogKey(date);
  }
}
