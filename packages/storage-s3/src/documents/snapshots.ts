import type { Json, LedgerEntry, SnapshotRepository } from '@tradebot/core-domain';
import { DOCUMENT_KEYS } from './keys';
import { ledgerToCsv } from './ledger-csv';
import { getText, parseStoredJson, putJson, putText, type S3Location } from './object-store';

/**
 * The documents derived from the ledger (positions, full CSV export, monthly performance).
 * Rewrite them after a ledger change; they are never read back as the source of truth.
 */
export class S3SnapshotRepository implements SnapshotRepository {
  constructor(private readonly location: S3Location) {}

  async putPositions(snapshot: Json): Promise<void> {
    await putJson(this.location, DOCUMENT_KEYS.positions, snapshot);
  }

  /** The stored positions snapshot, or null when none was written (for migration checks and tools). */
  async getPositions(): Promise<Json | null> {
    const text = await getText(this.location, DOCUMENT_KEYS.positions);
    return text === null ? null : (parseStoredJson(DOCUMENT_KEYS.positions, text) as Json);
  }

  async putLedgerCsv(entries: readonly LedgerEntry[]): Promise<string> {
    await putText(this.location, DOCUMENT_KEYS.ledgerCsv, ledgerToCsv(entries), 'text/csv; charset=utf-8');
    return DOCUMENT_KEYS.ledgerCsv;
  }

  async putMonthlyPerformance(rows: Json): Promise<void> {
    await putJson(this.location, DOCUMENT_KEYS.monthlyPerformance, rows);
  }
}
