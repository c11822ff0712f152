/**
 * `config/notifications.json` (each chat's `/notify` settings) and `learning/patterns_learned.json`
 * (each chat's monthly lessons): small JSON documents validated with zod, changed by
 * read-modify-write under the document's lease when a lock is given (fn-webhook).
 */
import {
  CorruptDocumentError,
  DEFAULT_NOTIFICATION_SETTINGS,
  EMPTY_LESSONS,
  lessonsDocumentSchema,
  NotificationSettingsSchema,
  OptionalDocument,
  readOptionalDocument,
  type DocumentLock,
  type DocumentRead,
  type LessonsDocument,
  type LessonsRepository,
  type NotificationSettings,
  type NotificationSettingsRepository,
} from '@tradebot/core-domain';
import type * as z from '@tradebot/core-domain/zod';
import { InvalidDocumentInputError } from '../errors';
import { exclusively } from './exclusive';
import { DOCUMENT_KEYS } from './keys';
import { describeIssues, getText, parseStoredJson, putJson, type S3Location } from './object-store';

/**
 * A JSON document with a schema (a function, so that a schema built on first use, such as
 * `lessonsDocumentSchema`, is built at the first read) and a value when absent; `read` degrades,
 * `edit` never writes over a corrupt object.
 */
abstract class S3JsonDocument<T> {
  constructor(
    readonly key: string,
    private readonly document: OptionalDocument,
    private readonly schema: () => z.ZodMiniType<T>,
    private readonly absent: T,
    private readonly location: S3Location,
    private readonly lock?: DocumentLock,
  ) {}

  async get(): Promise<T> {
    const text = await getText(this.location, this.key);
    if (text === null) return this.absent;
    const parsed = this.schema().safeParse(parseStoredJson(this.key, text));
    if (!parsed.success) throw new CorruptDocumentError(this.key, describeIssues(parsed.error.issues));
    return parsed.data;
  }

  /** The document, or its absent value and the problem when it is corrupt or S3 does not answer. */
  read(): Promise<DocumentRead<T>> {
    return readOptionalDocument({ document: this.document, key: this.key }, () => this.get(), this.absent);
  }

  /** Reads (a corrupt object throws and is left as it is), applies `change`, validates, writes under the lease. */
  edit(change: (current: T) => T): Promise<T> {
    return exclusively(this.lock, this.key, async (beforeWrite) => {
      const parsed = this.schema().safeParse(change(await this.get()));
      if (!parsed.success) throw new InvalidDocumentInputError(`Refusing to store an invalid ${this.key}: ${describeIssues(parsed.error.issues)}. Nothing was written.`);
      beforeWrite();
      await putJson(this.location, this.key, parsed.data);
      return parsed.data;
    });
  }
}

/**
 * `config/notifications.json`. Use it wherever a job sends something unprompted (ask
 * `deliveryFor`) and for `/notify`. Missing -> everything on.
 */
export class S3NotificationSettingsRepository extends S3JsonDocument<NotificationSettings> implements NotificationSettingsRepository {
  constructor(location: S3Location, lock?: DocumentLock) {
    super(DOCUMENT_KEYS.notifications, OptionalDocument.Notifications, () => NotificationSettingsSchema as z.ZodMiniType<NotificationSettings>, DEFAULT_NOTIFICATION_SETTINGS, location, lock);
  }
}

/** `learning/patterns_learned.json`: each chat's latest monthly review. Missing -> no lessons. */
export class S3LessonsRepository extends S3JsonDocument<LessonsDocument> implements LessonsRepository {
  constructor(location: S3Location, lock?: DocumentLock) {
    super(DOCUMENT_KEYS.lessons, OptionalDocument.Lessons, lessonsDocumentSchema as () => z.ZodMiniType<LessonsDocument>, EMPTY_LESSONS, location, lock);
  }
}
