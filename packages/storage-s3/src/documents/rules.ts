import {
  CorruptDocumentError,
  DEFAULT_RULES,
  OptionalDocument,
  parseRules,
  readOptionalDocument,
  type DocumentLock,
  type DocumentRead,
  type Rules,
  type RulesDocument,
  type RulesRepository,
} from '@tradebot/core-domain';
import { InvalidDocumentInputError } from '../errors';
import { exclusively } from './exclusive';
import { DOCUMENT_KEYS } from './keys';
import { getText, parseStoredJson, putJson, type S3Location } from './object-store';

/**
 * `config/rules.json`. Use it wherever rules are read or changed. A missing object yields
 * `DEFAULT_RULES`; a partial one is completed with defaults; bad JSON or a rule out of range throws
 * `CorruptDocumentError` naming the key and the field, and `update` then writes nothing.
 */
export class S3RulesRepository implements RulesRepository {
  readonly key = DOCUMENT_KEYS.rules;

  constructor(
    private readonly location: S3Location,
    private readonly lock?: DocumentLock,
  ) {}

  async get(): Promise<Rules> {
    const text = await getText(this.location, this.key);
    if (text === null) return DEFAULT_RULES;
    const parsed = parseRules(parseStoredJson(this.key, text));
    if (!parsed.ok) throw new CorruptDocumentError(this.key, parsed.error);
    return parsed.value;
  }

  /** The rules, or `DEFAULT_RULES` and the problem when the file is invalid or S3 does not answer. */
  read(): Promise<DocumentRead<Rules>> {
    return readOptionalDocument({ document: OptionalDocument.Rules, key: this.key }, () => this.get(), DEFAULT_RULES);
  }

  /** The object as written, not validated; `null` when absent. Throws `CorruptDocumentError` when it is not a JSON object. */
  async getDocument(): Promise<RulesDocument | null> {
    const text = await getText(this.location, this.key);
    if (text === null) return null;
    const parsed = parseStoredJson(this.key, text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CorruptDocumentError(this.key, 'not a JSON object');
    return parsed as RulesDocument;
  }

  /**
   * Stores `document` as given (only the rules it names: the others keep following the defaults),
   * after validating it, so an invalid value is never stored.
   */
  async put(document: RulesDocument): Promise<void> {
    const parsed = parseRules(document);
    if (!parsed.ok) throw new InvalidDocumentInputError(`Refusing to store invalid rules in ${this.key}: ${parsed.error}. Nothing was written.`);
    await putJson(this.location, this.key, document);
  }

  /** Read-modify-write of the document as written, under the document's lease when there is a lock. */
  async editDocument(edit: (current: RulesDocument | null) => RulesDocument): Promise<RulesDocument> {
    return exclusively(this.lock, this.key, async (beforeWrite) => {
      const next = edit(await this.getDocument());
      beforeWrite();
      await this.put(next);
      return next;
    });
  }

  /** Read-modify-write: reads (throws on a corrupt object, writing nothing), applies `change`, stores. */
  async update(change: (current: Rules) => Rules): Promise<Rules> {
    const next = change(await this.get());
    await this.put(next);
    return next;
  }
}
