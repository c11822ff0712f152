import { OptionalDocument, type DocumentRead } from '@tradebot/core-domain';
import { CachedDocument } from '../../src/document-cache';
import { ManualClock, MemoryLogger } from '../helpers/bot-stack';

const KEY = 'external/tickers_blacklist.txt';

/** An optional document whose next answers the test sets, counting the reads that reach it. */
function scriptedDocument(first: DocumentRead<readonly string[]>) {
  let next = first;
  let pending: ((read: DocumentRead<readonly string[]>) => void) | null = null;
  const source = {
    reads: 0,
    /** Holds the next read until `release()`, to change the document while a read is in flight. */
    hold: false,
    set(read: DocumentRead<readonly string[]>) {
      next = read;
    },
    release() {
      pending?.(next);
      pending = null;
    },
    read(): Promise<DocumentRead<readonly string[]>> {
      source.reads += 1;
      if (source.hold) return new Promise((resolve) => (pending = resolve));
      return Promise.resolve(next);
    },
  };
  return source;
}

const ok = (value: readonly string[]): DocumentRead<readonly string[]> => ({ ok: true, value });
const problem = (kind: 'corrupt' | 'unavailable'): DocumentRead<readonly string[]> => ({
  ok: false,
  value: [],
  problem: { document: OptionalDocument.Blacklist, key: KEY, kind, reason: kind === 'corrupt' ? 'line 1 is not a ticker: "??"' : 'S3 GetObject failed', cause: new Error(kind) },
});

describe('Class: CachedDocument', () => {
  let clock: ManualClock;
  let logger: MemoryLogger;
  const cached = (source: ReturnType<typeof scriptedDocument>, ttlMs = 60_000) => new CachedDocument(source, { ttlMs, clock, logger, name: 'blacklist' });

  beforeEach(() => {
    clock = new ManualClock(new Date('2026-03-10T15:00:00Z'));
    logger = new MemoryLogger();
  });

  it('reuses a read for ttlMs, then reads again', async () => {
    // Prepare
    const source = scriptedDocument(ok(['TSLA']));
    const document = cached(source);
    // Act
    const first = await document.read();
    source.set(ok(['TSLA', 'GME']));
    clock.advance(59_999);
    const within = await document.read();
    clock.advance(1);
    const after = await document.read();
    // Assess
    expect(first).toEqual(ok(['TSLA']));
    expect(within).toEqual(ok(['TSLA']));
    expect(after).toEqual(ok(['TSLA', 'GME']));
    expect(source.reads).toBe(2);
  });

  it('reads again on the next call after forget()', async () => {
    // Prepare
    const source = scriptedDocument(ok(['TSLA']));
    const document = cached(source);
    await document.read();
    source.set(ok([]));
    // Act
    document.forget();
    const read = await document.read();
    // Assess
    expect(read).toEqual(ok([]));
    expect(source.reads).toBe(2);
  });

  it('does not cache a read that was in flight when forget() was called', async () => {
    // Prepare: a read starts, the document changes and is forgotten before that read answers.
    const source = scriptedDocument(ok(['TSLA']));
    const document = cached(source);
    source.hold = true;
    const inFlight = document.read();
    document.forget();
    source.release();
    await inFlight;
    source.hold = false;
    source.set(ok(['TSLA', 'GME']));
    // Act
    const next = await document.read();
    // Assess: the next read asked the store, not the copy read before the change.
    expect(next).toEqual(ok(['TSLA', 'GME']));
    expect(source.reads).toBe(2);
  });

  it('gives the last document read, and logs it, while the store does not answer, and asks again each time', async () => {
    // Prepare
    const source = scriptedDocument(ok(['TSLA']));
    const document = cached(source);
    await document.read();
    clock.advance(60_000);
    source.set(problem('unavailable'));
    // Act
    const first = await document.read();
    const second = await document.read();
    // Assess
    expect(first).toEqual(ok(['TSLA']));
    expect(second).toEqual(ok(['TSLA']));
    expect(source.reads).toBe(3);
    expect(logger.lines.filter((l) => l.msg === 'blacklist unavailable, using the last blacklist read')).toHaveLength(2);
  });

  it('passes an unavailable store on when nothing was read before, without caching it', async () => {
    // Prepare
    const source = scriptedDocument(problem('unavailable'));
    const document = cached(source);
    // Act
    const down = await document.read();
    source.set(ok(['TSLA']));
    const up = await document.read();
    // Assess
    expect(down).toEqual(problem('unavailable'));
    expect(up).toEqual(ok(['TSLA']));
  });

  it('reuses a corrupt read for ttlMs: the problem stays until someone fixes the file', async () => {
    // Prepare
    const source = scriptedDocument(problem('corrupt'));
    const document = cached(source);
    // Act
    const first = await document.read();
    const second = await document.read();
    // Assess
    expect(first).toEqual(problem('corrupt'));
    expect(second).toEqual(problem('corrupt'));
    expect(source.reads).toBe(1);
  });

  it('asks the store every time with ttlMs 0', async () => {
    // Prepare
    const source = scriptedDocument(ok(['TSLA']));
    const document = cached(source, 0);
    // Act
    await document.read();
    await document.read();
    // Assess
    expect(source.reads).toBe(2);
  });
});
