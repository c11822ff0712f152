/**
 * Refreshes the universe shipped with market-data from an iShares IWB holdings export:
 *   pnpm universe:refresh path/to/IWB_holdings.csv [--out packages/market-data/data/russell1000.json]
 * Download the CSV from the IWB fund page ("Detailed Holdings and Analytics"). Class shares become
 * Yahoo style (BRKB -> BRK-B); cash, futures and unlisted rows are dropped and listed.
 * Review the warnings: a new class share must be added to ISHARES_CLASS_SHARES by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { convertIsharesHoldings, UniverseFormatError } from '@tradebot/market-data';

function main(argv: readonly string[]): number {
  const args = [...argv];
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? args.splice(outIndex, 2)[1] : 'packages/market-data/data/russell1000.json';
  const input = args[0];
  if (!input || input === '--help' || !out) {
    console.error('Usage: pnpm universe:refresh <IWB_holdings.csv> [--out packages/market-data/data/russell1000.json]');
    return input === '--help' ? 0 : 2;
  }
  let text: string;
  try {
    text = readFileSync(input, 'utf8');
  } catch (error) {
    console.error(`Cannot read ${input}: ${(error as Error).message}`);
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
    console.log(`Wrote ${result.members.length} members to ${out} (as of ${document.asOf}).`);
    for (const d of result.dropped) console.log(`dropped ${d.ticker}: ${d.reason}`);
    for (const w of result.warnings) console.warn(`warning: ${w}`);
    return 0;
  } catch (error) {
    if (error instanceof UniverseFormatError) {
      console.error(`${error.message}. Nothing was written.`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
