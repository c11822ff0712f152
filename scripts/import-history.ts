/**
 * Imports a trade-history CSV (the original bot's `history/operations_full.csv`, a broker export)
 * into a portfolio's ledger on the local stack (`.local/`). Idempotent: a second run adds nothing.
 *
 *   pnpm import-trades --file history.csv --portfolio 123456789 [--dry-run] [--currency EUR] [--data-dir DIR]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openLocalData, parseCli, printUsageOutcome, runCli } from '@tradebot/local-stack';
import { DynamoTradeLedger } from '@tradebot/storage-dynamodb';
import { importTradeHistory, type ImportReport } from '@tradebot/storage-s3';

const USAGE = `Usage: pnpm import-trades --file <history.csv> --portfolio <chat id> [--dry-run] [--currency USD] [--data-dir DIR]

Imports a trade-history CSV into the portfolio's ledger on the local stack (through pnpm start's
servers while it runs on the same data directory).
Headers are matched in English or Spanish (date/fecha, ticker/symbol/simbolo, side/action/tipo,
quantity/qty/cantidad, price/precio, fees/commission/comision, currency/moneda).
Rows already imported are skipped, so running it twice adds nothing.

  --file       CSV file to import
  --portfolio  portfolio id (the Telegram chat id)
  --dry-run    print what would be imported, write nothing
  --currency   currency of rows without a currency column (default USD)
  --data-dir   local data directory (default: .local)
  --help       show this text

Example: pnpm import-trades --file operations_full.csv --portfolio 123456789 --dry-run`;

/** Formats an import report for a person. */
export function formatReport(report: ImportReport): string {
  const lines: string[] = [];
  const verb = report.dryRun ? 'Would import' : 'Imported';
  if (report.missingColumns.length > 0) {
    lines.push(`Nothing imported: no column for ${report.missingColumns.join(', ')}. Rename the headers (see --help).`);
  }
  lines.push(`${verb} ${report.imported.length} row(s); skipped ${report.skipped.length} already in the ledger; refused ${report.refused.length}; unreadable ${report.rowErrors.length}.`);
  for (const row of report.imported) lines.push(`  line ${row.line}: #${row.seq} ${row.summary}`);
  for (const row of report.refused) lines.push(`  line ${row.line}: refused: ${row.reason}`);
  for (const row of report.rowErrors) lines.push(`  line ${row.line}: unreadable: ${row.reason}`);
  if (report.voidedLines.length > 0) lines.push(`Left out ${report.voidedLines.length} undone trade(s) and their undo rows: lines ${report.voidedLines.join(', ')}.`);
  if (report.unmappedColumns.length > 0) lines.push(`Ignored columns: ${report.unmappedColumns.join(', ')}.`);
  if (report.dryRun) lines.push('Dry run: nothing was written. Run again without --dry-run to import.');
  return lines.join('\n');
}

/** Runs the CLI; returns the exit code. `io.dataDir` stands in for `--data-dir` (tests). */
export async function runImportCli(argv: readonly string[], io: { out: (text: string) => void; dataDir?: string }): Promise<number> {
  const parsed = parseCli(argv, {
    usage: USAGE,
    options: {
      file: { type: 'string' },
      portfolio: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      currency: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  if (!parsed.ok) return printUsageOutcome(parsed, { out: io.out, err: io.out });
  const { values } = parsed;
  if (!values.file || !values.portfolio) {
    io.out(`Both --file and --portfolio are required.\n\n${USAGE}`);
    return 2;
  }
  let csvText: string;
  try {
    csvText = readFileSync(resolve(values.file), 'utf8');
  } catch (error) {
    io.out(`Cannot read ${values.file}: ${(error as Error).message}`);
    return 1;
  }
  const dataDir = values['data-dir'] ?? io.dataDir;
  const opened = await openLocalData({ command: 'pnpm import-trades', ...(dataDir ? { dataDir } : {}) });
  if (!opened.ok) {
    io.out(opened.message);
    return 1;
  }
  const { aws } = opened.data;
  try {
    const ledger = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName });
    const report = await importTradeHistory({
      ledger,
      portfolioId: values.portfolio,
      csvText,
      dryRun: values['dry-run'],
      ...(values.currency ? { defaultCurrency: values.currency } : {}),
    });
    io.out(formatReport(report));
    return report.missingColumns.length > 0 ? 1 : 0;
  } finally {
    await opened.data.close();
  }
}

runCli(module, (argv) => runImportCli(argv, { out: (text) => console.log(text) }));
