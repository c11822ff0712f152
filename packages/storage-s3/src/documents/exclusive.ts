import type { DocumentLock } from '@tradebot/core-domain';
import { DocumentLeaseLostError } from '../errors';

/**
 * Runs a read-modify-write of `key` under `lock` (when one is given), so concurrent changes are
 * applied one after the other instead of overwriting each other. `work` calls `beforeWrite()`
 * right before it writes: it throws `DocumentLeaseLostError` when the lease has run out, so a
 * change that took too long never overwrites a newer holder's write. Without a lock the change is
 * unguarded (fine for seeding and single-writer tools; fn-webhook always passes one).
 */
export async function exclusively<T>(lock: DocumentLock | undefined, key: string, work: (beforeWrite: () => void) => Promise<T>): Promise<T> {
  if (!lock) return work(() => undefined);
  return lock.withLock(key, (lease) =>
    work(() => {
      if (!lease.held()) throw new DocumentLeaseLostError(key);
    }),
  );
}
