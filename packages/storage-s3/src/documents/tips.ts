import { CorruptDocumentError, OptionalDocument, readOptionalDocument, type DocumentLock, type DocumentRead, type Tip, type TipDraft, type TipsRepository } from '@tradebot/core-domain';
import * as z from '@tradebot/core-domain/zod';
import { InvalidDocumentInputError } from '../errors';
import { exclusively } from './exclusive';
import { DOCUMENT_KEYS } from './keys';
import { describeIssues, getStoredText, parseStoredJson, putText, type S3Location } from './object-store';

/** The stored shape of `external/user_tips.json`. */
export const TipsSchema = z.array(
  z.object({
    id: z.int().check(z.nonnegative()),
    symbol: z.string().check(z.minLength(1)),
    text: z.string(),
    createdAt: z.string().check(z.minLength(1)),
  }),
);

/**
 * User metadata of the tips object holding the next free id. It rides with the object (same PUT),
 * so it is as current as the file; the body keeps the original bot's plain array.
 */
export const TIPS_NEXT_ID_METADATA = 'next-id';

const highestId = (tips: readonly Tip[]): number => tips.reduce((max, tip) => Math.max(max, tip.id), 0);

/**
 * `external/user_tips.json`: the investor's notes on tickers. Missing -> empty list.
 * Ids are never given twice: the next free id is kept in the object's metadata
 * (`x-amz-meta-next-id`) and only grows, so removing the highest note does not free its number.
 * A file uploaded by hand without that metadata continues after its highest id.
 * With a `DocumentLock` concurrent changes are applied one after the other, none lost.
 */
export class S3TipsRepository implements TipsRepository {
  readonly key = DOCUMENT_KEYS.tips;

  constructor(
    private readonly location: S3Location,
    private readonly lock?: DocumentLock,
  ) {}

  async get(): Promise<readonly Tip[]> {
    return (await this.load()).tips;
  }

  /** The notes, or an empty list and the problem when the file is corrupt or S3 does not answer. */
  read(): Promise<DocumentRead<readonly Tip[]>> {
    return readOptionalDocument({ document: OptionalDocument.Tips, key: this.key }, () => this.get(), []);
  }

  /** Stores a note under the next free id and returns it. */
  async add(draft: TipDraft): Promise<Tip> {
    let added: Tip | undefined;
    await this.edit((current, nextId) => {
      added = { ...draft, id: nextId };
      return [...current, added];
    });
    return added!;
  }

  /** Reads (a corrupt file throws and is left as it is), applies `change`, validates, writes. */
  update(change: (current: readonly Tip[]) => readonly Tip[]): Promise<readonly Tip[]> {
    return this.edit((current) => change(current));
  }

  private edit(change: (current: readonly Tip[], nextId: number) => readonly Tip[]): Promise<readonly Tip[]> {
    return exclusively(this.lock, this.key, async (beforeWrite) => {
      const { tips: current, nextId } = await this.load();
      const parsed = TipsSchema.safeParse(change(current, nextId));
      if (!parsed.success) throw new InvalidDocumentInputError(`Refusing to store invalid tips in ${this.key}: ${describeIssues(parsed.error.issues)}. Nothing was written.`);
      const next = parsed.data;
      const following = Math.max(nextId, highestId(next) + 1);
      beforeWrite();
      await putText(this.location, this.key, `${JSON.stringify(next, null, 2)}\n`, 'application/json', { [TIPS_NEXT_ID_METADATA]: String(following) });
      return next;
    });
  }

  /** The stored notes and the next free id (from the metadata, never below the highest id + 1). */
  private async load(): Promise<{ tips: readonly Tip[]; nextId: number }> {
    const stored = await getStoredText(this.location, this.key);
    if (stored === null) return { tips: [], nextId: 1 };
    const parsed = TipsSchema.safeParse(parseStoredJson(this.key, stored.text));
    if (!parsed.success) throw new CorruptDocumentError(this.key, describeIssues(parsed.error.issues));
    const kept = Number(stored.metadata[TIPS_NEXT_ID_METADATA]);
    const nextId = Math.max(Number.isSafeInteger(kept) && kept > 0 ? kept : 1, highestId(parsed.data) + 1);
    return { tips: parsed.data, nextId };
  }
}
