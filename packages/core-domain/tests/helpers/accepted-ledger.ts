import { replay, validateDraft } from '../../src/ledger';
import type { LedgerEntry } from '../../src/types/trading';
import { toDraft, type Attempt } from './arbitraries';

/** What `entries` hold of a symbol, for attempts that sell what is held. */
export const heldIn = (entries: readonly LedgerEntry[]) => (symbol: string) => replay(entries).positions.get(symbol)?.quantity;

/** Feeds attempts through validateDraft like a ledger writer; keeps only the accepted ones. Use it to build random valid ledgers. */
export function acceptedLedger(stream: readonly Attempt[]): { entries: LedgerEntry[]; refused: number } {
  const entries: LedgerEntry[] = [];
  let refused = 0;
  for (const attempt of stream) {
    const draft = toDraft(entries, heldIn(entries), attempt);
    if (!draft) continue;
    const verdict = validateDraft(entries, draft);
    if (!verdict.ok) {
      refused += 1;
      continue;
    }
    const recordedAt = draft.kind === 'trade' ? draft.trade.executedAt : '2030-01-01T00:00:00.000Z';
    entries.push({ ...draft, seq: entries.length + 1, recordedAt });
  }
  return { entries, refused };
}
