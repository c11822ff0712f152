/**
 * Refreshes the universe shipped with market-data from an iShares IWB holdings export:
 *   pnpm universe:refresh path/to/IWB_holdings.csv [--out packages/market-data/data/russell1000.json] [--help]
 * Download the CSV from the IWB fund page ("Detailed Holdings and Analytics"). Class shares become
 * Yahoo style (BRKB -> BRK-B); cash, futures and unlisted rows are dropped and listed.
 * Review the warnings: a new class share must be added to ISHARES_CLASS_SHARES by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseCli, printUsageOutcome, processIo, runCli, type CliIo } from '@tradebot/local-stack';
import { convertIsharesHoldings, UniverseFormatError } from '@tradebot/market-data';

const DEFAULT_OUT = 'packages/market-data/data/russell1000.json';

const USAGE = `Usage: pnpm universe:refresh <IWB_holdings.csv> [--out FILE] [--help]

Rebuilds the Russell 1000 list shipped with market-data from an iShares Russell 1000 ETF (IWB)
holdings export ("Detailed Holdings and Analytics" on the fund page). Tickers become Yahoo style
(BRKB -> BRK-B); cash, futures and untraded rows are dropped and listed.

  --out FILE  where to write the list (default ${DEFAULT_OUT})
  --help      this text

Example: pnpm universe:refresh ~/Downloads/IWB_holdings.csv`;

/** Runs the command; returns the exit code. */
export function refreshUniverse(argv: readonly string[], io: CliIo = processIo): number {
  const parsed = parseCli(argv, { usage: USAGE, options: { out: { type: 'string' } }, allowPositionals: true });
  if (!parsed.ok) return printUsageOutcome(parsed, io);
  const [input, ...extra] = parsed.positionals;
  const out = parsed.values.out ?? DEFAULT_OUT;
  if (!input || extra.length > 0 || out === '') {
    io.err(`${!input ? 'Name the holdings CSV to read.' : extra.length > 0 ? `One CSV at a time; unexpected ${extra[0]}.` : '--out needs a file name.'}\n\n${USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(input, 'utf8');
  } catch (error) {
    io.err(`Cannot read ${input}: ${(error as Error).message}`);
    return 2;
  }
  try {
    const result = convertIsharesHoldings(text);
    const document = {
      source: `iShares Russell 1000 ETF (IWB) holdings, ${basename(input)}; tickers converted to Yahoo style`,
      asOf: result.asOf ?? 'unknown',
      members: result.members,
    };
    // One member per line keeps diffs of a refresh readable.
    const members = document.members.map((m) => `  ${JSON.stringify(m)}`).join(',\n');
    writeFileSync(
      resolve(out),
      `{\n "source": ${JSON.stringify(document.source)},\n "asOf": ${JSON.stringify(document.asOf)},\n "members": [\n${members}\n ]\n}\n`,
    );
    io.out(`Wrote ${result.members.length} members to ${out} (as of ${document.asOf}).`);
    for (const d of result.dropped) io.out(`dropped ${d.ticker}: ${d.reason}`);
    for (const w of result.warnings) io.err(`warning: ${w}`);
    return 0;
  } catch (error) {
    if (error instanceof UniverseFormatError) {
      io.err(`${error.message}. Nothing was written.`);
      return 1;
    }
    throw error;
  }
}

runCli(module, (argv) => refreshUniverse(argv));
