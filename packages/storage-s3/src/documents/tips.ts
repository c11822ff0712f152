import { CorruptDocumentError, type Tip, type TipsRepository } from '@tradebot/core-domain';
import { z } from 'zod';
import { InvalidDocumentInputError } from '../errors';
import { DOCUMENT_KEYS } from './keys';
import { describeIssues, getText, parseStoredJson, putJson, type S3Location } from './object-store';

/** The stored shape of `external/user_tips.json`. */
export const TipsSchema = z.array(
  z.object({
    id: z.number().int().nonnegative(),
    symbol: z.string().min(1),
    text: z.string(),
    createdAt: z.string().min(1),
  }),
);

/** `external/user_tips.json`: the investor's notes on tickers. Missing -> empty list. */
export class S3TipsRepository implements TipsRepository {
  readonly key = DOCUMENT_KEYS.tips;

  constructor(private readonly location: S3Location) {}

  async get(): Promise<readonly Tip[]> {
    const text = await getText(this.location, this.key);
    if (text === null) return [];
    const parsed = TipsSchema.safeParse(parseStoredJson(this.key, text));
    if (!parsed.success) throw new CorruptDocumentError(this.key, describeIssues(parsed.error.issues));
    return parsed.data;
  }

  /** Reads (a corrupt file throws and is left as it is), applies `change`, validates, writes. */
  async update(change: (current: readonly Tip[]) => readonly Tip[]): Promise<readonly Tip[]> {
    const next = change(await this.get());
    const parsed = TipsSchema.safeParse(next);
    if (!parsed.success) throw new InvalidDocumentInputError(`Refusing to store invalid tips in ${this.key}: ${describeIssues(parsed.error.issues)}. Nothing was written.`);
    await putJson(this.location, this.key, parsed.data);
    return parsed.data;
  }
}
