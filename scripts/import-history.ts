/**
 * Imports a trade-history CSV (the original bot's `history/operations_full.csv`, a broker export)
 * into a portfolio's ledger: on the local stack (`.local/`, through pnpm start's servers while it
 * runs there) by default, or in a deployed stage (`--stage prod`, or `--table`/`--bucket`), then
 * rewrites the positions snapshot there. Idempotent: a second run adds nothing.
 *
 *   pnpm import-trades --file history.csv --portfolio 123456789 [--dry-run] [--currency EUR] [--data-dir DIR | --stage prod]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeError, replay } from '@tradebot/core-domain';
import { parseCli, printUsageOutcome, runCli } from '@tradebot/local-stack';
import { importTradeHistory, type ImportReport } from '@tradebot/storage-s3';
import { positionsSnapshot } from '@tradebot/telegram-bot';
import { openImportTarget, TARGET_USAGE, type TargetDeps } from './lib/import-target';

const USAGE = `Usage: pnpm import-trades --file <history.csv> --portfolio <chat id> [--dry-run] [--currency USD] [--data-dir DIR | --stage prod]

Imports a trade-history CSV into the portfolio's ledger and rewrites the positions snapshot
(portfolio/current_positions.json), on the local stack or in a deployed stage.
Headers are matched in English or Spanish (date/fecha, ticker/symbol/simbolo, side/action/tipo,
quantity/qty/cantidad, price/precio, fees/commission/comision, currency/moneda); columns may be
separated by commas, semicolons or tabs. Tickers are written as the chat writes them (BRK.B ->
BRK-B). Rows already imported are skipped, so running it twice adds nothing.
Exit code: 0 when rows were imported or there was nothing new, 1 when the file could not be read,
a required column is missing, or every row was refused or unreadable, 2 on bad arguments.

  --file       CSV file to import
  --portfolio  portfolio id (the Telegram chat id)
  --dry-run    print what would be imported, write nothing
  --currency   currency of rows without a currency column (default USD)
  --help       show this text

${TARGET_USAGE}

Example: pnpm import-trades --file operations_full.csv --portfolio 123456789 --dry-run
         pnpm import-trades --file operations_full.csv --portfolio 123456789 --stage prod --region eu-west-1`;

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
  if (nothingImportedWithErrors(report)) lines.push('Nothing was imported: every row was refused or unreadable.');
  if (report.dryRun) lines.push('Dry run: nothing was written. Run again without --dry-run to import.');
  return lines.join('\n');
}

/** Rows were refused or unreadable and none was (or, in a dry run, would be) imported: a failed run. */
function nothingImportedWithErrors(report: ImportReport): boolean {
  return report.imported.length === 0 && report.refused.length + report.rowErrors.length > 0;
}

/**
 * Runs the CLI; returns the exit code. `dataDir` stands in for `--data-dir`, `clients` the AWS
 * clients of a deployed target, `env` the environment (tests).
 */
export async function runImportCli(
  argv: readonly string[],
  io: { out: (text: string) => void; dataDir?: string; env?: NodeJS.ProcessEnv; clients?: TargetDeps['clients']; run?: TargetDeps['run'] },
): Promise<number> {
  const parsed = parseCli(argv, {
    usage: USAGE,
    options: {
      file: { type: 'string' },
      portfolio: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      currency: { type: 'string' },
      'data-dir': { type: 'string' },
      stage: { type: 'string' },
      outputs: { type: 'string' },
      table: { type: 'string' },
      bucket: { type: 'string' },
      region: { type: 'string' },
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
  const target = await openImportTarget(
    { stage: values.stage, outputs: values.outputs, table: values.table, bucket: values.bucket, region: values.region, dataDir: values['data-dir'] ?? io.dataDir },
    { env: io.env ?? process.env, ...(io.clients ? { clients: io.clients } : {}), ...(io.run ? { run: io.run } : {}) },
  );
  if ('error' in target) {
    io.out(`${target.error}\n\n${USAGE}`);
    return 2;
  }
  try {
    io.out(`Importing into ${target.description}.`);
    const ledger = target.ledger;
    const report = await importTradeHistory({
      ledger,
      portfolioId: values.portfolio,
      csvText,
      dryRun: values['dry-run'],
      ...(values.currency ? { defaultCurrency: values.currency } : {}),
    });
    io.out(formatReport(report));
    if (!report.dryRun && report.imported.length > 0) {
      // The snapshot is derived from the ledger, which already holds the rows: a failure here loses nothing.
      try {
        const entries = await ledger.list(values.portfolio);
        await target.snapshots.putPositions(positionsSnapshot(values.portfolio, replay(entries), new Date()));
        io.out('Positions snapshot rewritten (portfolio/current_positions.json).');
      } catch (error) {
        io.out(`The positions snapshot was not rewritten (${describeError(error, { withName: true })}); the next trade or /export rewrites it. The imported rows are saved.`);
      }
    }
    // Non-zero when the run failed, so a script can tell: a re-run that finds everything already
    // imported is a success (0), a file whose every row was refused is not (1).
    return report.missingColumns.length > 0 || nothingImportedWithErrors(report) ? 1 : 0;
  } finally {
    await target.close();
  }
}

runCli(module, (argv) => runImportCli(argv, { out: (text) => console.log(text) }));
