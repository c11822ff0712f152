import type { LedgerEntry } from '@tradebot/core-domain';
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
    const t = entry.trade;
    return {
      ...common,
      side: t.side,
      symbol: t.symbol,
      quantity: t.quantity.toFixed(),
      price: t.price.toFixed(),
      fees: t.fees.toFixed(),
      currency: t.currency,
      executed_at: t.executedAt,
      voids: '',
    };
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
