/**
 * The optional documents a warm instance reuses between messages (the rules, the blacklist), so a
 * message does not pay an S3 read for a document that changes a few times a year.
 */
import type { Clock, DocumentRead, Logger, ReadableDocument } from '@tradebot/core-domain';

/** How a `CachedDocument` keeps what it read. */
export interface DocumentCacheOptions {
  /** How long a read is reused (a corrupt document's too: it stays corrupt until someone fixes it). */
  readonly ttlMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The document's name in the log (`rules`, `blacklist`). */
  readonly name: string;
}

/**
 * An optional document read through a per-instance cache. Use it for the documents a message only
 * consults (the rules word a reply, the blacklist refuses a buy) and call `forget()` after this
 * instance changes the document, so its next message reads the new one. Another instance sees the
 * change once its own copy is `ttlMs` old.
 *
 * - A document read (ok or corrupt) is reused for `ttlMs`.
 * - A store that does not answer gives the last document read, if there is one (logged, not cached:
 *   the next message asks again); otherwise the read's fallback and its problem.
 */
export class CachedDocument<T> implements ReadableDocument<T> {
  private cached: { readonly read: DocumentRead<T>; readonly until: number } | null = null;
  private lastGood: { readonly value: T } | null = null;
  /** Bumped by `forget()`: a read that started before it must not cache what it found. */
  private generation = 0;

  constructor(
    private readonly source: ReadableDocument<T>,
    private readonly options: DocumentCacheOptions,
  ) {}

  async read(): Promise<DocumentRead<T>> {
    const now = this.options.clock.now().getTime();
    if (this.cached && this.cached.until > now) return this.cached.read;
    const generation = this.generation;
    const read = await this.source.read();
    const current = generation === this.generation;
    if (read.ok) {
      if (current) {
        this.lastGood = { value: read.value };
        this.cached = { read, until: now + this.options.ttlMs };
      }
      return read;
    }
    if (read.problem.kind === 'unavailable' && this.lastGood) {
      this.options.logger.warn({ err: read.problem.reason }, `${this.options.name} unavailable, using the last ${this.options.name} read`);
      return { ok: true, value: this.lastGood.value };
    }
    if (read.problem.kind === 'corrupt' && current) this.cached = { read, until: now + this.options.ttlMs };
    return read;
  }

  /** Drops the cached read (after this instance changed the document); the last good one stays as the fallback. */
  forget(): void {
    this.generation += 1;
    this.cached = null;
  }
}
