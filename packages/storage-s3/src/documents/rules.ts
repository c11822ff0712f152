import { CorruptDocumentError, DEFAULT_RULES, OptionalDocument, parseRules, readOptionalDocument, type DocumentRead, type Rules, type RulesRepository } from '@tradebot/core-domain';
import { InvalidDocumentInputError } from '../errors';
import { DOCUMENT_KEYS } from './keys';
import { getText, parseStoredJson, putJson, type S3Location } from './object-store';

/**
 * `config/rules.json`. Use it wherever rules are read or changed. A missing object yields
 * `DEFAULT_RULES`; a partial one is completed with defaults; bad JSON or a rule out of range throws
 * `CorruptDocumentError` naming the key and the field, and `update` then writes nothing.
 */
export class S3RulesRepository implements RulesRepository {
  readonly key = DOCUMENT_KEYS.rules;

  constructor(private readonly location: S3Location) {}

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

  /** Replaces the rules (validated again, so an invalid value is never stored). */
  async put(rules: Rules): Promise<void> {
    const parsed = parseRules(rules);
    if (!parsed.ok) throw new InvalidDocumentInputError(`Refusing to store invalid rules in ${this.key}: ${parsed.error}. Nothing was written.`);
    await putJson(this.location, this.key, parsed.value);
  }

  /** Read-modify-write: reads (throws on a corrupt object, writing nothing), applies `change`, stores. */
  async update(change: (current: Rules) => Rules): Promise<Rules> {
    const next = change(await this.get());
    await this.put(next);
    return next;
  }
}
