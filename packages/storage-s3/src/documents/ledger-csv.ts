import { plainTrade, type LedgerEntry } from '@tradebot/core-domain';
import Papa from 'papaparse';

/** Column order of `history/operations_full.csv`. Stable: readers (and the import) rely on it. */
export const LEDGER_CSV_COLUMNS = [
  'seq',
  'recorded_at',
  'kind',
  'side',
  'symbol',
  'quantity',
  'price',
  'fees',
  'currency',
  'executed_at',
  'voids',
  'update_id',
  'import_id',
] as const;

type LedgerCsvRow = Record<(typeof LEDGER_CSV_COLUMNS)[number], string>;

function toRow(entry: LedgerEntry): LedgerCsvRow {
  const common = {
    seq: String(entry.seq),
    recorded_at: entry.recordedAt,
    kind: entry.kind,
    update_id: entry.updateId === undefined ? '' : String(entry.updateId),
    import_id: entry.importId ?? '',
  };
  if (entry.kind === 'trade') {
    const { executedAt, ...fields } = plainTrade(entry.trade);
    return { ...common, ...fields, executed_at: executedAt, voids: '' };
  }
  return { ...common, side: '', symbol: '', quantity: '', price: '', fees: '', currency: '', executed_at: '', voids: String(entry.voids) };
}

/**
 * The full ledger as CSV: one row per entry in `seq` order, `LEDGER_CSV_COLUMNS` in that order,
 * ISO dates and plain decimals (`toFixed()`, never an exponent). Use it for `/export` and backups.
 */
export function ledgerToCsv(entries: readonly LedgerEntry[]): string {
  const rows = [...entries].sort((a, b) => a.seq - b.seq).map(toRow);
  return `${Papa.unparse({ fields: [...LEDGER_CSV_COLUMNS], data: rows.map((r) => LEDGER_CSV_COLUMNS.map((c) => r[c])) }, { newline: '\n' })}\n`;
}
