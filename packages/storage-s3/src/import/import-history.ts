import { validateDraft, type LedgerEntry, type TradeLedger } from '@tradebot/core-domain';
import { parseTradeHistoryCsv, type ImportField, type ParsedTradeRow, type RowError } from './parse-csv';

/** A row the import added (or, in a dry run, would add). */
export interface ImportedRow {
  readonly line: number;
  /** The ledger seq it got; in a dry run, the seq it would get if nobody else writes meanwhile. */
  readonly seq: number;
  readonly summary: string;
}

/** What `importTradeHistory` did, row by row. */
export interface ImportReport {
  readonly dryRun: boolean;
  readonly imported: readonly ImportedRow[];
  /** Rows already in the ledger (same `importId`): a re-run adds nothing. */
  readonly skipped: readonly { readonly line: number; readonly importId: string }[];
  /** Readable rows the ledger refused (e.g. a sale of shares not held at that point). */
  readonly refused: readonly RowError[];
  /** Unreadable rows. */
  readonly rowErrors: readonly RowError[];
  readonly unmappedColumns: readonly string[];
  readonly missingColumns: readonly ImportField[];
  /** Lines of void rows and of the trades they cancel (tradebot's own export), left out. */
  readonly voidedLines: readonly number[];
}

const describeRow = (row: ParsedTradeRow): string => {
  const t = row.draft.trade;
  return `${t.executedAt.slice(0, 10)} ${t.side} ${t.quantity.toFixed()} ${t.symbol} at ${t.price.toFixed()} ${t.currency} (fees ${t.fees.toFixed()})`;
};

/**
 * Imports a trade-history CSV into a portfolio's ledger. Use it from `scripts/import-history.ts` and,
 * later, from the bot. Rows whose `importId` is already in the ledger are skipped, so running it twice
 * imports nothing new; the rest are appended oldest first, each validated like any other entry (a sale
 * needs the shares). With `dryRun` nothing is written and the report says what would happen.
 */
export async function importTradeHistory(options: {
  readonly ledger: TradeLedger;
  readonly portfolioId: string;
  readonly csvText: string;
  readonly dryRun?: boolean;
  readonly defaultCurrency?: string;
}): Promise<ImportReport> {
  const dryRun = options.dryRun ?? false;
  const parsed = parseTradeHistoryCsv(options.csvText, options.defaultCurrency ? { defaultCurrency: options.defaultCurrency } : {});
  const existing = await options.ledger.list(options.portfolioId);
  const known = new Set(existing.map((e) => e.importId).filter((id): id is string => id !== undefined));

  // Oldest first; rows of the same instant keep file order (Array.prototype.sort is stable).
  const ordered = [...parsed.rows].sort((a, b) => a.draft.trade.executedAt.localeCompare(b.draft.trade.executedAt));
  const imported: ImportedRow[] = [];
  const skipped: { line: number; importId: string }[] = [];
  const refused: RowError[] = [];
  let simulated: LedgerEntry[] = [...existing];

  for (const row of ordered) {
    if (known.has(row.draft.importId)) {
      skipped.push({ line: row.line, importId: row.draft.importId });
      continue;
    }
    if (dryRun) {
      const verdict = validateDraft(simulated, row.draft);
      if (!verdict.ok) {
        refused.push({ line: row.line, reason: verdict.error.message });
        continue;
      }
      const seq = (simulated[simulated.length - 1]?.seq ?? 0) + 1;
      simulated = [...simulated, { ...row.draft, seq, recordedAt: row.draft.trade.executedAt }];
      imported.push({ line: row.line, seq, summary: describeRow(row) });
      continue;
    }
    const result = await options.ledger.append(options.portfolioId, row.draft);
    if (!result.ok) {
      refused.push({ line: row.line, reason: result.error.message });
      continue;
    }
    known.add(row.draft.importId);
    imported.push({ line: row.line, seq: result.value.entry.seq, summary: describeRow(row) });
  }
  return { dryRun, imported, skipped, refused, rowErrors: parsed.rowErrors, unmappedColumns: parsed.unmappedColumns, missingColumns: parsed.missingColumns, voidedLines: parsed.voidedLines };
}
