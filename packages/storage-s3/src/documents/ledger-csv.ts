import { plainTrade, toPlain, type LedgerEntry } from '@tradebot/core-domain';
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
  'withholding',
  'split_ratio',
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
  const empty = { side: '', symbol: '', quantity: '', price: '', fees: '', currency: '', executed_at: '', voids: '', withholding: '', split_ratio: '' };
  switch (entry.kind) {
    case 'trade': {
      const { executedAt, ...fields } = plainTrade(entry.trade);
      return { ...common, ...empty, ...fields, executed_at: executedAt };
    }
    case 'dividend': {
      // The net amount received goes in `price` (the cash of the row), the tax withheld in its own column.
      const d = entry.dividend;
      return { ...common, ...empty, symbol: d.symbol, price: toPlain(d.amount), currency: d.currency, executed_at: d.paidAt, withholding: toPlain(d.withholding) };
    }
    case 'split':
      return { ...common, ...empty, symbol: entry.split.symbol, executed_at: entry.split.effectiveDate, split_ratio: `${entry.split.numerator}:${entry.split.denominator}` };
    case 'void':
      return { ...common, ...empty, voids: String(entry.voids) };
  }
}

/**
 * The full ledger as CSV: one row per entry in `seq` order, `LEDGER_CSV_COLUMNS` in that order,
 * ISO dates and plain decimals (`toFixed()`, never an exponent). Use it for `/export` and backups.
 */
export function ledgerToCsv(entries: readonly LedgerEntry[]): string {
  const rows = [...entries].sort((a, b) => a.seq - b.seq).map(toRow);
  return `${Papa.unparse({ fields: [...LEDGER_CSV_COLUMNS], data: rows.map((r) => LEDGER_CSV_COLUMNS.map((c) => r[c])) }, { newline: '\n' })}\n`;
}
